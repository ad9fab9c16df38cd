// Monotonic time since the process started, in milliseconds: the time base of events and timers.
#pragma once

#include <cstdint>

namespace fl {

uint64_t monotonic_ms();

}  // namespace fl
