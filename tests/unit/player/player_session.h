// Test helper: drives a Player the way the app's main loop does and records its events and shown frames.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "media/player.h"

namespace fl::test {

using fl::media::Player;
using fl::media::PlayerOptions;
using fl::media::PlayerState;

inline constexpr uint64_t kHangGuardMs = 30000;  // bounded waits only guard against hangs; real runs take seconds

struct RecordedEvent {
    std::string name;
    nlohmann::json fields;
};

struct ShownFrame {
    double pts_s = 0;
    uint64_t serial = 0;
};

inline bool is_final(PlayerState state) {
    return state == PlayerState::Ended || state == PlayerState::Failed;
}

// Drives a player the way the app's main loop does: take_due_frame, then sleep until next_call_ms or a wake.
class Session {
public:
    explicit Session(const std::string& url, const std::function<void(PlayerOptions&)>& adjust = {}) {
        PlayerOptions options;
        options.wake = [this] {
            {
                std::lock_guard lock(wake_mutex_);
                woken_ = true;
            }
            wake_cv_.notify_all();
        };
        options.events = [this](std::string_view name, nlohmann::json fields) {
            std::lock_guard lock(events_mutex_);
            events_.push_back({std::string(name), std::move(fields)});
        };
        if (adjust) adjust(options);
        player = Player::open(url, std::move(options));
    }

    // Calls take_due_frame until done() holds; false when the guard deadline passed first.
    bool pump_until(const std::function<bool()>& done, uint64_t guard_ms = kHangGuardMs) {
        const uint64_t deadline = fl::monotonic_ms() + guard_ms;
        while (!done()) {
            const uint64_t now = fl::monotonic_ms();
            if (now >= deadline) return false;
            pump_once(now, std::min<uint64_t>(20, deadline - now));
        }
        return true;
    }

    // Keeps the loop going for a while (for checks that something does NOT happen).
    void pump_for(uint64_t ms) {
        const uint64_t until = fl::monotonic_ms() + ms;
        pump_until([&] { return fl::monotonic_ms() >= until; }, ms + 1000);
    }

    bool play_to_the_end() {
        return pump_until([&] { return is_final(player->state()); });
    }

    std::vector<RecordedEvent> events(const std::string& name) const {
        std::lock_guard lock(events_mutex_);
        std::vector<RecordedEvent> found;
        for (const auto& event : events_) {
            if (event.name == name) found.push_back(event);
        }
        return found;
    }

    std::vector<ShownFrame> shown;
    std::shared_ptr<const fl::media::VideoFrame> last_frame;

private:
    void pump_once(uint64_t now, uint64_t max_sleep_ms) {
        std::optional<uint64_t> next_call_ms;
        auto frame = player->take_due_frame(now, next_call_ms);
        if (frame) {
            shown.push_back({frame->pts_s, frame->serial});
            last_frame = frame;
        }
        uint64_t sleep_ms = max_sleep_ms;
        if (next_call_ms) sleep_ms = std::min(sleep_ms, *next_call_ms > now ? *next_call_ms - now : 0);
        std::unique_lock lock(wake_mutex_);
        wake_cv_.wait_for(lock, std::chrono::milliseconds(sleep_ms), [&] { return woken_; });
        woken_ = false;
    }

    mutable std::mutex events_mutex_;
    std::vector<RecordedEvent> events_;
    std::mutex wake_mutex_;
    std::condition_variable wake_cv_;
    bool woken_ = false;

public:
    std::unique_ptr<Player> player;  // last: destroyed first, while the sinks above still exist
};

inline void check_strictly_increasing(const std::vector<ShownFrame>& frames, size_t from = 0) {
    for (size_t index = from + 1; index < frames.size(); ++index) {
        CAPTURE(index);
        CHECK(frames[index].pts_s > frames[index - 1].pts_s);
    }
}

}  // namespace fl::test
