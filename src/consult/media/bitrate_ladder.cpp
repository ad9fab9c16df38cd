// The bitrate ladder's steps and its step-down / step-up rule.
#include "consult/media/bitrate_ladder.h"

#include <algorithm>
#include <array>

namespace fl::consult {
namespace {

constexpr std::array<LadderStep, 6> kLadder{{
    {1280, 720, 30, 1500, "720p"},
    {960, 540, 30, 900, "540p"},
    {640, 360, 30, 500, "360p"},
    {640, 360, 15, 300, "360p15"},
    {426, 240, 15, 150, "240p15"},
    {0, 0, 0, 0, "audio"},
}};

}  // namespace

std::span<const LadderStep> bitrate_ladder() { return kLadder; }

int top_step_for(int height, int fps) {
    for (size_t step = 0; step + 1 < kLadder.size(); ++step)
        if (kLadder[step].height <= height && kLadder[step].fps <= fps) return static_cast<int>(step);
    return static_cast<int>(kLadder.size()) - 2;
}

int top_step_for_cap(int kbps) {
    if (kbps <= 0) return 0;
    for (size_t step = 0; step + 1 < kLadder.size(); ++step)
        if (kLadder[step].video_kbps + kVoiceKbps <= kbps) return static_cast<int>(step);
    return static_cast<int>(kLadder.size()) - 1;
}

bool BitrateLadder::set_top_step(int top_step) {
    top_step_ = std::clamp(top_step, 0, static_cast<int>(kLadder.size()) - 1);
    if (step_ >= top_step_) return false;
    step_ = top_step_;
    quiet_run_ = troubled_run_ = 0;
    hold_ = 2;
    return true;
}

BitrateLadder::BitrateLadder(int start_step, int latency_ms, int top_step)
    : step_(std::clamp(std::max(start_step, top_step), 0, static_cast<int>(kLadder.size()) - 1)),
      latency_ms_(latency_ms),
      top_step_(std::clamp(top_step, 0, static_cast<int>(kLadder.size()) - 1)) {}

const LadderStep& BitrateLadder::current() const { return kLadder[static_cast<size_t>(step_)]; }

bool BitrateLadder::troubled(const LinkSecond& second, int latency_ms) {
    const double sent = static_cast<double>(std::max(second.packets_sent, 1L));
    return second.dropped > 0 || second.lost / sent > 0.08 || second.retransmits / sent > 0.08 ||
           second.send_buffer_ms * 2 > latency_ms;
}

bool BitrateLadder::on_second(const LinkSecond& second) {
    ++since_step_up_;
    if (hold_ > 0) {  // the send buffer drains for a moment after a change: do not judge it yet
        --hold_;
        return false;
    }
    const int last = static_cast<int>(kLadder.size()) - 1;
    const bool severe = second.dropped > 0;  // a single slow second of the send buffer can be a scheduling hiccup
    if (troubled(second, latency_ms_)) {
        quiet_run_ = 0;
        ++troubled_run_;
        if ((severe || troubled_run_ >= 2) && step_ < last) {
            if (since_step_up_ <= 10) quiet_needed_ = std::min(quiet_needed_ * 2, 64);
            ++step_;
            troubled_run_ = 0;
            hold_ = 2;
            return true;
        }
        return false;
    }
    troubled_run_ = 0;
    ++quiet_run_;
    if (quiet_run_ >= quiet_needed_ && step_ > top_step_) {
        --step_;
        quiet_run_ = 0;
        since_step_up_ = 0;
        hold_ = 2;
        return true;
    }
    return false;
}

}  // namespace fl::consult
