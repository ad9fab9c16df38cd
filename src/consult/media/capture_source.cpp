// Capture through libavformat/libavdevice: opening by spec, decoding, real-time pacing and looping of stand-ins.
#include "consult/media/capture_source.h"

#include <chrono>
#include <mutex>
#include <thread>

extern "C" {
#include <libavdevice/avdevice.h>
}

#include "core/clock.h"

namespace fl::consult {
namespace {

void register_devices_once() {
    static std::once_flag once;
    std::call_once(once, [] { avdevice_register_all(); });
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

CaptureInput parse_capture_spec(const std::string& spec) {
    if (starts_with(spec, "lavfi:")) return {"lavfi", spec.substr(6), false};
    if (starts_with(spec, "v4l2:")) return {"video4linux2", spec.substr(5), true};
    if (starts_with(spec, "/dev/video")) return {"video4linux2", spec, true};
    if (starts_with(spec, "alsa:")) return {"alsa", spec.substr(5), true};
    if (starts_with(spec, "pulse:")) return {"pulse", spec.substr(6), true};
    return {"", spec, false};
}

Result<std::unique_ptr<CaptureSource>> CaptureSource::open(const std::string& spec, Kind kind, int width, int height,
                                                           int fps) {
    register_devices_once();
    media::route_ffmpeg_log_once();
    const std::string code = kind == Kind::Video ? "camera_failed: " : "microphone_failed: ";
    std::unique_ptr<CaptureSource> source(new CaptureSource());
    source->kind_ = kind;
    source->input_ = parse_capture_spec(spec);

    const AVInputFormat* format = nullptr;
    if (!source->input_.format.empty()) {
        format = av_find_input_format(source->input_.format.c_str());
        if (format == nullptr) return Error{code + "this FFmpeg has no " + source->input_.format + " input"};
    }
    AVDictionary* options = nullptr;
    if (kind == Kind::Video && source->input_.format == "video4linux2") {
        av_dict_set(&options, "video_size", (std::to_string(width) + "x" + std::to_string(height)).c_str(), 0);
        av_dict_set(&options, "framerate", std::to_string(fps).c_str(), 0);
    }
    AVFormatContext* raw = avformat_alloc_context();
    raw->interrupt_callback = source->interrupt_.callback();
    source->interrupt_.arm(5000);
    int result = avformat_open_input(&raw, source->input_.url.c_str(), format, &options);
    av_dict_free(&options);
    if (result < 0) return Error{code + "cannot open " + spec + ": " + media::describe_av_error(result)};
    source->format_.reset(raw);
    if (!source->input_.device) {
        result = avformat_find_stream_info(raw, nullptr);
        if (result < 0) return Error{code + "cannot read " + spec + ": " + media::describe_av_error(result)};
    }
    source->interrupt_.disarm();

    const AVMediaType type = kind == Kind::Video ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
    const AVCodec* codec = nullptr;
    source->stream_ = av_find_best_stream(raw, type, -1, -1, &codec, 0);
    if (source->stream_ < 0 || codec == nullptr)
        return Error{code + spec + " has no " + (kind == Kind::Video ? "video" : "audio")};
    source->decoder_.reset(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(source->decoder_.get(), raw->streams[source->stream_]->codecpar);
    source->decoder_->pkt_timebase = raw->streams[source->stream_]->time_base;
    source->decoder_->thread_count = 1;
    result = avcodec_open2(source->decoder_.get(), codec, nullptr);
    if (result < 0) return Error{code + "cannot decode " + spec + ": " + media::describe_av_error(result)};
    source->packet_.reset(av_packet_alloc());
    return source;
}

CaptureSource::~CaptureSource() = default;

void CaptureSource::abort() { interrupt_.abort(); }

bool CaptureSource::wait_until_due(double stream_s) {
    if (input_.device) return !interrupt_.aborted();
    if (!have_base_) {
        have_base_ = true;
        base_ms_ = monotonic_ms();
        base_stream_s_ = stream_s;
    }
    const double due_ms = static_cast<double>(base_ms_) + (stream_s - base_stream_s_) * 1000.0;
    while (!interrupt_.aborted()) {
        const double now = static_cast<double>(monotonic_ms());
        if (now >= due_ms) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int>(10, static_cast<int>(due_ms - now) + 1)));
    }
    return false;
}

Result<media::FramePtr> CaptureSource::next() {
    const std::string code = kind_ == Kind::Video ? "camera_failed: " : "microphone_failed: ";
    media::FramePtr frame(av_frame_alloc());
    const AVStream* stream = format_->streams[stream_];
    while (!interrupt_.aborted()) {
        int result = avcodec_receive_frame(decoder_.get(), frame.get());
        if (result == 0) {
            int64_t timestamp = frame->best_effort_timestamp;
            if (timestamp == AV_NOPTS_VALUE) timestamp = frame->pts;
            double stream_s = timestamp == AV_NOPTS_VALUE ? last_stream_s_ : media::seconds_from_timestamp(timestamp, stream->time_base);
            if (kind_ == Kind::Audio && frame->sample_rate > 0)
                frame_span_s_ = static_cast<double>(frame->nb_samples) / frame->sample_rate;
            else if (stream->avg_frame_rate.num > 0)
                frame_span_s_ = av_q2d(av_inv_q(stream->avg_frame_rate));
            last_stream_s_ = stream_s;
            if (!wait_until_due(stream_s + loop_offset_s_)) break;
            return frame;
        }
        if (result == AVERROR_EOF) {
            if (input_.device) return Error{code + "the device stopped delivering"};
            // A file stand-in loops: start again, continuing its clock.
            loop_offset_s_ += last_stream_s_ + frame_span_s_;
            if (av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BACKWARD) < 0) return Error{code + "cannot loop " + input_.url};
            avcodec_flush_buffers(decoder_.get());
            draining_ = false;
            const double first = stream->start_time != AV_NOPTS_VALUE ? media::seconds_from_timestamp(stream->start_time, stream->time_base) : 0;
            loop_offset_s_ -= first;
            continue;
        }
        if (result != AVERROR(EAGAIN)) return Error{code + "decoding failed: " + media::describe_av_error(result)};
        if (draining_) continue;
        result = av_read_frame(format_.get(), packet_.get());
        if (result == AVERROR_EOF) {
            draining_ = true;
            avcodec_send_packet(decoder_.get(), nullptr);
            continue;
        }
        if (result == AVERROR(EAGAIN)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        if (result < 0) return Error{code + "reading failed: " + media::describe_av_error(result)};
        if (packet_->stream_index == stream_) avcodec_send_packet(decoder_.get(), packet_.get());
        av_packet_unref(packet_.get());
    }
    return Error{code + "stopped"};
}

}  // namespace fl::consult
