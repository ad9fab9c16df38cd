// Exponential backoff with full jitter: the ceiling doubles per failure, the wait is uniform below it.
#include "net/backoff.h"

#include <algorithm>

namespace fl::net {

Backoff::Backoff(uint64_t min_ms, uint64_t max_ms, uint64_t seed)
    : min_ms_(std::max<uint64_t>(min_ms, 1)), max_ms_(std::max(max_ms, min_ms)), random_(seed) {}

uint64_t Backoff::uniform_ms(uint64_t range_ms) {
    return std::uniform_int_distribution<uint64_t>(0, range_ms)(random_);
}

uint64_t Backoff::next_delay_ms(std::optional<int64_t> retry_after_s) {
    uint64_t ceiling = min_ms_;
    for (int i = 0; i < failures_ && ceiling < max_ms_; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, max_ms_);
    ++failures_;
    uint64_t delay = uniform_ms(ceiling);
    if (retry_after_s && *retry_after_s > 0) {
        const uint64_t asked = std::min<uint64_t>(static_cast<uint64_t>(*retry_after_s) * 1000, max_ms_);
        delay = std::max(delay, asked);
    }
    return delay;
}

}  // namespace fl::net
