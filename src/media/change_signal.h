// A wake-up between threads: waiters sleep until something changed (a generation counter moved) or a timeout.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace fl::media {

class ChangeSignal {
public:
    uint64_t generation() const {
        std::lock_guard lock(mutex_);
        return generation_;
    }
    void notify() {
        {
            std::lock_guard lock(mutex_);
            ++generation_;
        }
        changed_.notify_all();
    }
    // Returns when the generation differs from seen_generation, or after the timeout.
    void wait_for_change(uint64_t seen_generation, std::chrono::milliseconds timeout) const {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return generation_ != seen_generation; });
    }

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    uint64_t generation_ = 0;
};

}  // namespace fl::media
