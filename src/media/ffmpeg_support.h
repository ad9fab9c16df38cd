// FFmpeg plumbing for the player: owning pointers, error text and codes, deadlines for blocking calls, log routing.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace fl::media {

struct FormatContextCloser {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct CodecContextFreer {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameFreer {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketFreer {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct ResamplerFreer {
    void operator()(SwrContext* context) const { swr_free(&context); }
};
struct ScalerFreer {
    void operator()(SwsContext* context) const { sws_freeContext(context); }
};
struct BufferUnreffer {
    void operator()(AVBufferRef* buffer) const { av_buffer_unref(&buffer); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using ResamplerPtr = std::unique_ptr<SwrContext, ResamplerFreer>;
using ScalerPtr = std::unique_ptr<SwsContext, ScalerFreer>;
using BufferRefPtr = std::unique_ptr<AVBufferRef, BufferUnreffer>;

// FFmpeg's description of an error code (av_strerror), for log lines and error messages.
std::string describe_av_error(int av_error);

// The player's error code for a failed open: not_found, io_timeout, network or open_failed.
// timed_out: the interrupt callback gave up on a deadline; remote: the URL is not a local file.
std::string_view open_error_code(int av_error, bool timed_out, bool remote);

// The player's error code for a failed read during playback: io_timeout or network, or an empty view when the
// error is the end of the input (EOF, or a damaged local file that cannot be read further).
std::string_view read_error_code(int av_error, bool timed_out, bool remote);

// Whether a URL goes over the network (anything with a scheme other than file:).
bool is_remote_url(std::string_view url);

// Seconds from a timestamp in a stream time base; NaN for AV_NOPTS_VALUE.
double seconds_from_timestamp(int64_t timestamp, AVRational time_base);

// Deadlines for FFmpeg's blocking calls through AVIOInterruptCB: arm() before a call, disarm() after it;
// abort() makes every call (now and later) return at once. Polled by FFmpeg from the thread that blocks.
class InterruptDeadline {
public:
    AVIOInterruptCB callback();
    void arm(int timeout_ms);
    void disarm();
    void abort() { aborted_ = true; }
    bool aborted() const { return aborted_; }
    // Whether a call ever gave up because its deadline passed. Sticky: FFmpeg keeps the error in the I/O context,
    // so a later call may fail with it without asking the callback again.
    bool timed_out() const { return timed_out_; }

private:
    static int poll(void* self);
    std::atomic<bool> aborted_{false};
    std::atomic<bool> timed_out_{false};
    std::atomic<uint64_t> deadline_ms_{0};  // 0: no deadline
};

// Routes FFmpeg's own log lines of level error and worse to fl::log (a few per second at most); the rest is dropped.
void route_ffmpeg_log_once();

}  // namespace fl::media
