// Audio-master A/V sync maths as small pure pieces: show/wait/drop decisions, the playback clock, sync statistics.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace fl::media {

// A frame at most this far ahead of the master clock counts as due: the main loop wakes with millisecond
// granularity and presents at the next display refresh anyway.
inline constexpr double kEarlyShowTolerance_s = 0.005;
// Beyond this distance between a frame and the master clock the two are not comparable (a timestamp jump in a
// broadcast stream, broken timestamps): the frame is shown at once instead of waiting or dropping for minutes.
inline constexpr double kNoSyncThreshold_s = 10.0;
// The longest single wait handed back to the main loop, so that a clock that stops (stall, pause) is re-read soon.
inline constexpr double kMaxFrameWait_s = 0.1;
// The audio device holds about one buffer beyond the one being filled; the sound heard now was written that long ago.
inline constexpr int kAudioDeviceBuffersAhead = 1;
// After the start or a seek the first picture is shown at once and the rest wait for the audio clock; when no sound
// of the new position has played after this long (an audio track without packets there), video takes over the clock.
inline constexpr double kAudioClockGrace_s = 0.5;
// Video-only files: the stream counts as run dry when the clock is this many frame durations past the last frame.
inline constexpr double kStallFrameDurations = 2.0;

enum class FrameAction : uint8_t { Show, Wait, Drop };

struct FrameDecision {
    FrameAction action = FrameAction::Show;
    double wait_until_s = 0;  // with Wait: when the frame becomes due, on the caller's clock (now_s's base)
};

// What to do with the oldest queued frame. next_frame_pts_s is the frame queued behind it, if any: a due frame is
// dropped only when the one behind it is due as well (a newer picture is ready to replace it).
FrameDecision decide_frame(double frame_pts_s, std::optional<double> next_frame_pts_s, double master_clock_s,
                           double now_s);

// After an accurate seek the decoders discard whatever ends before the target (they started at the key frame
// before it). A frame covering [pts, pts + duration) is kept when it reaches past the target.
bool ends_before_seek_target(double pts_s, double duration_s, double seek_target_s);

// How far into the stream the listener is, given the timestamp of the first sample just handed to the device.
double audio_clock_from_callback(double first_sample_pts_s, double device_buffer_s);

// Video-only files: whether the stream has run dry (no frame queued and the clock well past the last one).
bool video_ran_dry(bool frame_queued, double master_clock_s, double last_frame_pts_s, double frame_duration_s);

// Seek targets stay inside the programme; an unknown duration (0, live) bounds only the start.
double clamp_seek_target(double target_s, double duration_s);

// The master clock: a stream time that advances with the system clock from the last time it was set.
// Each setting belongs to a seek serial; reading with another serial gives nothing (the clock is stale).
// Not thread-safe by itself: the player guards it.
class PlaybackClock {
public:
    void set(double pts_s, uint64_t serial, double now_s);
    std::optional<double> get(uint64_t serial, double now_s) const;
    void set_paused(bool paused, double now_s);
    bool paused() const { return paused_; }

private:
    bool valid_ = false;
    bool paused_ = false;
    uint64_t serial_ = 0;
    double pts_s_ = 0;
    double set_at_s_ = 0;
};

// Distribution of |audio clock - video pts| at display, in 1 ms bins, for percentiles over a whole programme.
class SyncErrorHistogram {
public:
    static constexpr int kBinCount = 1000;  // 0..999 ms; anything larger lands in the last bin
    void add(double abs_error_ms);
    uint64_t count() const { return count_; }
    // Nearest-rank percentile (0 < fraction <= 1), reported as the upper edge of its bin; 0 with no samples.
    double percentile_ms(double fraction) const;

private:
    std::array<uint64_t, kBinCount> bins_{};
    uint64_t count_ = 0;
};

// Once-per-second reporting of the largest sync error seen in that second.
class SyncWindow {
public:
    static constexpr double kWindow_s = 1.0;
    // Adds one sample; when the previous window has run its length, returns that window's maximum and starts anew.
    std::optional<double> add(double abs_error_ms, double now_s);
    void reset() { started_ = false; }

private:
    bool started_ = false;
    double window_start_s_ = 0;
    double max_ms_ = 0;
};

}  // namespace fl::media
