// Retry timing: exponential backoff with full jitter, Retry-After honoured, and a random phase for periodic polls.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

namespace fl::net {

class Backoff {
public:
    // Delays grow from min_ms doubling per consecutive failure up to max_ms (defaults: 1 s .. 10 min).
    explicit Backoff(uint64_t min_ms = 1'000, uint64_t max_ms = 600'000, uint64_t seed = std::random_device{}());

    // The wait before the next try after one more transient failure: uniform in [0, min(max, min * 2^failures)]
    // ("full jitter"), but never shorter than the server's Retry-After; a Retry-After longer than max_ms is cut
    // to max_ms so that a hostile server cannot silence the box.
    uint64_t next_delay_ms(std::optional<int64_t> retry_after_s = std::nullopt);

    // After a success: the next failure starts from min_ms again.
    void reset() { failures_ = 0; }

    int failures() const { return failures_; }

    // Uniform in [0, range_ms]: the random phase that spreads a village's boxes over the poll interval.
    uint64_t uniform_ms(uint64_t range_ms);

private:
    uint64_t min_ms_, max_ms_;
    int failures_ = 0;
    std::mt19937_64 random_;
};

}  // namespace fl::net
