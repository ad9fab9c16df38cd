// MPEG-TS muxing for the uplink into a byte sink (the SRT leg), packet by packet with no muxer-side buffering.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "media/ffmpeg_support.h"

namespace fl::consult {

class TsMuxer {
public:
    // Receives the muxed stream in chunks of at most 1316 bytes (seven TS packets: one SRT message).
    using Sink = std::function<void(const uint8_t* data, int size)>;

    // Streams are declared from the encoders (either may be null, not both). Video PES packets carry their length
    // (omit_video_pes_length=0), so a receiver can hand a picture on without waiting for the next one.
    static Result<std::unique_ptr<TsMuxer>> open(const AVCodecContext* video, const AVCodecContext* audio, Sink sink);
    ~TsMuxer();
    TsMuxer(const TsMuxer&) = delete;
    TsMuxer& operator=(const TsMuxer&) = delete;

    // Thread-safe. The packet's timestamps are in time_base; it is written and flushed to the sink at once.
    void write_video(AVPacket* packet, AVRational time_base);
    void write_audio(AVPacket* packet, AVRational time_base);

private:
    TsMuxer() = default;
    void write(AVPacket* packet, AVRational time_base, int stream);
    static int write_bytes(void* self, uint8_t* data, int size);

    std::mutex mutex_;
    Sink sink_;
    AVFormatContext* context_ = nullptr;
    unsigned char* io_buffer_ = nullptr;
    int video_stream_ = -1;
    int audio_stream_ = -1;
    std::vector<int64_t> last_dts_;
    bool header_written_ = false;
};

}  // namespace fl::consult
