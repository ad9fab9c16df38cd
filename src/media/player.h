// The playback core: opens on worker threads, decodes, syncs video to the audio clock, hands out the due picture.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/player_state.h"
#include "media/video_frame.h"

namespace fl::media {

// Receives the player's events; called from several threads, so it must be thread-safe. Names and fields:
//   playback_open      url, duration_s, width, height, fps, audio (bool), audio_output ("sdl:<driver>", "null",
//                      "none"), subtitles (languages of the file's own text subtitle tracks: "mn-Mong", "zh-Hans")
//   variant            HLS only: bandwidth, width, height, index (0 = lowest), count, reason ("start",
//                      "throughput_up", "throughput_down", "stall"), measured_bps (when known)
//   decoder            name ("software", "vaapi", "drm", "v4l2m2m"), codec
//   first_video_frame  pts_s, ms_since_open          first_audio  ms_since_open
//   stall_start / stall_end  position_s (the master stream ran dry while playing / came back)
//   seek_done          position_s (of the first picture shown after the seek)
//   av_sync            max_ms: the largest |master clock - picture pts| at display in the last second of playing
//   error              code, message
//   playback_end       reason ("ended", "stopped", "failed"), frames_shown, frames_dropped, av_sync_p99_ms
using EventSink = std::function<void(std::string_view name, nlohmann::json fields)>;

struct PlayerOptions {
    double start_at_s = 0;       // resume point
    bool audio = true;           // open an SDL audio device; without one a null sink plays the audio silently in
                                 // real time so the audio clock still runs
    int open_timeout_ms = 8000;  // deadline for opening (connect, headers, probing)
    int read_timeout_ms = 8000;  // deadline for any single blocking read afterwards (a stalled server)
    std::function<void()> wake;  // called from worker threads when the main thread should call take_due_frame
    EventSink events;
};

class Player {
public:
    // Returns at once; opening happens on a worker thread (state Opening until it is done).
    static std::unique_ptr<Player> open(std::string url, PlayerOptions options);
    // Stops every thread promptly, interrupting blocked FFmpeg calls (even mid-open on a hung server).
    ~Player();
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    PlayerState state() const;
    // When Failed: open_failed | not_found | no_video | unsupported_codec | io_timeout | corrupt | network.
    std::string error_code() const;
    std::string error_message() const;  // English, for logs
    double duration_s() const;          // 0 while opening or when unknown (live)
    double position_s() const;          // the master clock; the seek target while a seek is on its way

    void toggle_pause();           // Playing <-> Paused; ignored while Opening, Ended or Failed
    void seek_to(double seconds);  // clamped to [0, duration]; from Ended it plays again; exactly there
    // From the current position; of 2 s and more it lands on a key frame at or past the target (the next one
    // forward, the one before backward) so that the picture comes at once.
    void seek_by(double delta_seconds);
    void set_volume(float volume);  // 0..1
    void set_muted(bool muted);

    // Main thread, every loop iteration: the newest frame that is due now (older due frames are dropped and
    // counted), or null when nothing new is due. next_call_ms says when to call again (absolute fl::monotonic_ms)
    // or nullopt when there is nothing to time (opening, paused, waiting for the decoder: options.wake comes then).
    std::shared_ptr<const VideoFrame> take_due_frame(uint64_t now_ms, std::optional<uint64_t>& next_call_ms);

    // The texts of the file's own subtitle track in that language ("mn-Mong", "zh-Hans") showing at at_s, in
    // start order; empty when the file has none. Any thread.
    std::vector<std::string> subtitle_texts(std::string_view language, double at_s) const;

    struct Stats {
        uint64_t frames_shown = 0;
        uint64_t frames_dropped = 0;
        double av_sync_p99_ms = 0;
    };
    Stats stats() const;

private:
    struct Impl;
    explicit Player(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace fl::media
