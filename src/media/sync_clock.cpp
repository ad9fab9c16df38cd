// Audio-master A/V sync maths: frame decisions, the playback clock and sync statistics.
#include "media/sync_clock.h"

#include <algorithm>
#include <cmath>

namespace fl::media {

FrameDecision decide_frame(double frame_pts_s, std::optional<double> next_frame_pts_s, double master_clock_s,
                           double now_s) {
    const double ahead_s = frame_pts_s - master_clock_s;
    if (!std::isfinite(ahead_s) || std::fabs(ahead_s) > kNoSyncThreshold_s) return {FrameAction::Show, 0};
    if (ahead_s > kEarlyShowTolerance_s) {
        return {FrameAction::Wait, now_s + std::min(ahead_s, kMaxFrameWait_s)};
    }
    if (next_frame_pts_s) {
        const double next_ahead_s = *next_frame_pts_s - master_clock_s;
        if (std::isfinite(next_ahead_s) && next_ahead_s <= kEarlyShowTolerance_s) return {FrameAction::Drop, 0};
    }
    return {FrameAction::Show, 0};
}

bool ends_before_seek_target(double pts_s, double duration_s, double seek_target_s) {
    constexpr double kRounding_s = 0.001;  // timestamps in stream time bases rarely add up exactly
    return pts_s + duration_s <= seek_target_s + kRounding_s;
}

double audio_clock_from_callback(double first_sample_pts_s, double device_buffer_s) {
    return first_sample_pts_s - kAudioDeviceBuffersAhead * device_buffer_s;
}

bool video_ran_dry(bool frame_queued, double master_clock_s, double last_frame_pts_s, double frame_duration_s) {
    if (frame_queued) return false;
    return master_clock_s > last_frame_pts_s + kStallFrameDurations * frame_duration_s;
}

double clamp_seek_target(double target_s, double duration_s) {
    if (!std::isfinite(target_s)) return 0;
    if (duration_s > 0) target_s = std::min(target_s, duration_s);
    return std::max(target_s, 0.0);
}

void PlaybackClock::set(double pts_s, uint64_t serial, double now_s) {
    valid_ = true;
    serial_ = serial;
    pts_s_ = pts_s;
    set_at_s_ = now_s;
}

std::optional<double> PlaybackClock::get(uint64_t serial, double now_s) const {
    if (!valid_ || serial != serial_) return std::nullopt;
    if (paused_) return pts_s_;
    return pts_s_ + (now_s - set_at_s_);
}

void PlaybackClock::set_paused(bool paused, double now_s) {
    if (paused == paused_) return;
    if (paused) pts_s_ += now_s - set_at_s_;  // freeze where it stands now
    set_at_s_ = now_s;
    paused_ = paused;
}

void SyncErrorHistogram::add(double abs_error_ms) {
    int bin = kBinCount - 1;
    if (std::isfinite(abs_error_ms) && abs_error_ms < kBinCount - 1) bin = std::max(0, static_cast<int>(abs_error_ms));
    ++bins_[static_cast<size_t>(bin)];
    ++count_;
}

double SyncErrorHistogram::percentile_ms(double fraction) const {
    if (count_ == 0) return 0;
    const double rank_real = std::ceil(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(count_));
    const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(rank_real));
    uint64_t seen = 0;
    for (int bin = 0; bin < kBinCount; ++bin) {
        seen += bins_[static_cast<size_t>(bin)];
        if (seen >= rank) return bin + 1;
    }
    return kBinCount;
}

std::optional<double> SyncWindow::add(double abs_error_ms, double now_s) {
    std::optional<double> finished;
    if (started_ && now_s - window_start_s_ >= kWindow_s) {
        finished = max_ms_;
        started_ = false;
    }
    if (!started_) {
        started_ = true;
        window_start_s_ = now_s;
        max_ms_ = 0;
    }
    max_ms_ = std::max(max_ms_, abs_error_ms);
    return finished;
}

}  // namespace fl::media
