// The box's camera and microphone out: capture threads -> scaling, echo cancelling -> H.264 and Opus -> MPEG-TS -> SRT.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "consult/media/consult_media.h"
#include "core/result.h"

namespace fl::consult {

class SrtLink;
class EchoCanceller;
class TsMuxer;

struct UplinkHooks {
    std::function<void(const std::string& code_and_message)> error;
    std::function<void(std::shared_ptr<const media::VideoFrame>)> self_picture;
};

class Uplink {
public:
    // link and echo (may be null) must outlive the uplink. epoch_ms: fl::monotonic_ms() at the session's start,
    // the zero of both streams' timestamps.
    Uplink(const CaptureSpec& capture, bool stamp_frames, int start_step, SrtLink& link, EchoCanceller* echo,
           UplinkHooks hooks, uint64_t epoch_ms);
    ~Uplink();
    Uplink(const Uplink&) = delete;
    Uplink& operator=(const Uplink&) = delete;

    // Opens the encoders and the muxer and starts the capture threads (devices are opened on the threads).
    Result<void> start();
    void stop();

    void set_step(int step) { step_ = step; }
    void request_keyframe() { keyframe_wanted_ = true; }
    void set_muted(bool muted) { muted_ = muted; }
    bool muted() const { return muted_; }
    void set_camera_enabled(bool enabled) { camera_enabled_ = enabled; }
    bool camera_capturing() const { return camera_open_; }
    // Whether pictures are being encoded now (camera open and the ladder above audio only).
    bool sending_video() const { return sending_video_; }
    int sent_width() const { return sent_width_; }
    int sent_height() const { return sent_height_; }
    int sent_fps() const { return sent_fps_; }

private:
    void run_video();
    void run_audio();
    void send(const uint8_t* data, int size);

    CaptureSpec capture_;
    bool stamp_frames_;
    SrtLink& link_;
    EchoCanceller* echo_;
    UplinkHooks hooks_;
    uint64_t epoch_ms_;
    std::unique_ptr<TsMuxer> muxer_;
    std::atomic<int> step_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> keyframe_wanted_{true};
    std::atomic<bool> muted_{false};
    std::atomic<bool> camera_enabled_{true};
    std::atomic<bool> camera_open_{false};
    std::atomic<bool> sending_video_{false};
    std::atomic<int> sent_width_{0}, sent_height_{0}, sent_fps_{0};
    std::mutex sources_mutex_;  // guards the abort hooks below against the threads swapping their sources
    std::function<void()> abort_video_, abort_audio_;
    std::thread video_thread_, audio_thread_;
};

}  // namespace fl::consult
