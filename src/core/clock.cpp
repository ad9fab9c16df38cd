// Monotonic clock measured from static initialisation, which runs before main.
#include "core/clock.h"

#include <chrono>

namespace fl {
namespace {
const auto process_start = std::chrono::steady_clock::now();
}

uint64_t monotonic_ms() {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - process_start).count());
}

}  // namespace fl
