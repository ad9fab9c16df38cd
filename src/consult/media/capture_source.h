// A camera or microphone as decoded FFmpeg frames: a libavdevice device, a lavfi stand-in, or a looped file.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/result.h"
#include "media/ffmpeg_support.h"

namespace fl::consult {

// How a capture spec string is opened (see CaptureSpec in consult_media.h).
struct CaptureInput {
    std::string format;  // FFmpeg input format ("lavfi", "video4linux2", "alsa", "pulse"), "" for a file
    std::string url;
    bool device = false;  // paced by the hardware; generated and file sources are paced here in real time
};
CaptureInput parse_capture_spec(const std::string& spec);

class CaptureSource {
public:
    enum class Kind { Video, Audio };

    // Opens the spec and its decoder. The Error message starts with camera_failed / microphone_failed.
    // For video devices, width/height/fps are asked of the device (it may pick something else).
    static Result<std::unique_ptr<CaptureSource>> open(const std::string& spec, Kind kind, int width, int height, int fps);
    ~CaptureSource();
    CaptureSource(const CaptureSource&) = delete;
    CaptureSource& operator=(const CaptureSource&) = delete;

    // The next frame, in real time (blocks until it is due). Error: the source failed (or abort() was called).
    Result<media::FramePtr> next();
    // Makes a blocked next() return soon; thread-safe.
    void abort();

private:
    CaptureSource() = default;
    bool wait_until_due(double stream_s);

    Kind kind_ = Kind::Video;
    CaptureInput input_;
    media::InterruptDeadline interrupt_;
    media::FormatContextPtr format_;
    media::CodecContextPtr decoder_;
    media::PacketPtr packet_;
    int stream_ = -1;
    double loop_offset_s_ = 0;
    double last_stream_s_ = 0;
    double frame_span_s_ = 0;
    bool draining_ = false;
    bool have_base_ = false;
    uint64_t base_ms_ = 0;
    double base_stream_s_ = 0;
};

}  // namespace fl::consult
