// Uplink threads: camera frames scaled to the ladder step and encoded; microphone resampled, echo-cancelled, encoded.
#include "consult/media/uplink.h"

#include <chrono>
#include <cstring>
#include <vector>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/imgutils.h>
}

#include "consult/media/bitrate_ladder.h"
#include "consult/media/capture_source.h"
#include "consult/media/echo_canceller.h"
#include "consult/media/frame_stamp.h"
#include "consult/media/srt_link.h"
#include "consult/media/ts_muxer.h"
#include "consult/media/uplink_encoders.h"
#include "core/clock.h"
#include "core/log.h"

namespace fl::consult {
namespace {

std::shared_ptr<media::VideoFrame> copy_picture(const AVFrame* frame) {
    auto picture = std::make_shared<media::VideoFrame>();
    const int width = frame->width, height = frame->height;
    const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
    picture->width = width;
    picture->height = height;
    picture->y.resize(static_cast<size_t>(width) * height);
    picture->u.resize(static_cast<size_t>(chroma_width) * chroma_height);
    picture->v.resize(picture->u.size());
    uint8_t* planes[4] = {picture->y.data(), picture->u.data(), picture->v.data(), nullptr};
    int pitches[4] = {width, chroma_width, chroma_width, 0};
    av_image_copy(planes, pitches, const_cast<const uint8_t**>(frame->data), frame->linesize, AV_PIX_FMT_YUV420P, width,
                  height);
    return picture;
}

}  // namespace

Uplink::Uplink(const CaptureSpec& capture, bool stamp_frames, int start_step, SrtLink& link, EchoCanceller* echo,
               UplinkHooks hooks, uint64_t epoch_ms)
    : capture_(capture),
      stamp_frames_(stamp_frames),
      link_(link),
      echo_(echo),
      hooks_(std::move(hooks)),
      epoch_ms_(epoch_ms),
      step_(start_step) {}

Uplink::~Uplink() { stop(); }

void Uplink::send(const uint8_t* data, int size) { link_.send(data, size); }

Result<void> Uplink::start() {
    media::route_ffmpeg_log_once();
    media::CodecContextPtr video, audio;
    if (!capture_.camera.empty()) {
        auto opened = open_h264_encoder(capture_.width, capture_.height, capture_.fps, bitrate_ladder()[0].video_kbps);
        if (!opened) return opened.error();
        video = std::move(opened).value();
    }
    if (!capture_.microphone.empty()) {
        auto opened = open_opus_encoder();
        if (!opened) return opened.error();
        audio = std::move(opened).value();
    }
    auto muxer = TsMuxer::open(video.get(), audio.get(), [this](const uint8_t* data, int size) { send(data, size); });
    if (!muxer) return muxer.error();
    muxer_ = std::move(muxer).value();
    if (!capture_.camera.empty()) video_thread_ = std::thread([this] { run_video(); });
    if (!capture_.microphone.empty()) audio_thread_ = std::thread([this] { run_audio(); });
    return {};
}

void Uplink::stop() {
    stopping_ = true;
    {
        std::lock_guard lock(sources_mutex_);
        if (abort_video_) abort_video_();
        if (abort_audio_) abort_audio_();
    }
    if (video_thread_.joinable()) video_thread_.join();
    if (audio_thread_.joinable()) audio_thread_.join();
    muxer_.reset();
}

void Uplink::run_video() {
    std::unique_ptr<CaptureSource> camera;
    media::CodecContextPtr encoder;
    int encoder_step = -1;
    media::ScalerPtr scaler;
    media::FramePtr scaled(av_frame_alloc());
    media::PacketPtr packet(av_packet_alloc());
    bool failed = false;
    uint64_t next_due_ms = 0;
    int64_t last_pts = -1;
    unsigned encoded = 0;

    auto set_camera = [&](std::unique_ptr<CaptureSource> source) {
        std::lock_guard lock(sources_mutex_);
        camera = std::move(source);
        CaptureSource* raw = camera.get();
        abort_video_ = raw != nullptr ? std::function<void()>([raw] { raw->abort(); }) : std::function<void()>();
        camera_open_ = raw != nullptr;
    };

    while (!stopping_) {
        if (!camera_enabled_ || failed) {
            if (camera) set_camera(nullptr);
            sending_video_ = false;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        if (!camera) {
            auto opened = CaptureSource::open(capture_.camera, CaptureSource::Kind::Video, capture_.width,
                                              capture_.height, capture_.fps);
            if (!opened) {
                failed = true;
                hooks_.error(opened.error().message);
                continue;
            }
            set_camera(std::move(opened).value());
            if (stopping_) break;
            keyframe_wanted_ = true;
        }
        auto captured = camera->next();
        if (!captured) {
            if (stopping_) break;
            failed = true;
            hooks_.error(captured.error().message);
            continue;
        }
        const uint64_t now_ms = monotonic_ms();
        const uint64_t captured_at = machine_monotonic_ms();
        AVFrame* source = captured.value().get();
        const int step = step_;
        const LadderStep& rung = bitrate_ladder()[static_cast<size_t>(step)];
        // Audio only: the camera stays open and the self view goes on (small, 5 a second), but nothing is sent.
        const bool audio_only = rung.width == 0;
        if (audio_only) {
            sending_video_ = false;
            sent_width_ = sent_height_ = sent_fps_ = 0;
        }
        const int width = audio_only ? 426 : rung.width;
        const int height = audio_only ? 240 : rung.height;
        // The ladder's frame rate: drop pictures that come before the next one is due.
        const uint64_t interval = 1000 / static_cast<uint64_t>(audio_only ? 5 : rung.fps);
        if (now_ms + interval / 4 < next_due_ms) continue;
        next_due_ms = std::max(next_due_ms + interval, now_ms + interval / 2);

        if (!audio_only && (!encoder || encoder_step != step)) {
            auto opened = open_h264_encoder(rung.width, rung.height, rung.fps, rung.video_kbps);
            if (!opened) {
                hooks_.error(opened.error().message);
                failed = true;
                continue;
            }
            encoder = std::move(opened).value();
            encoder_step = step;
            keyframe_wanted_ = true;
        }
        scaler.reset(sws_getCachedContext(scaler.release(), source->width, source->height,
                                          static_cast<AVPixelFormat>(source->format), width, height,
                                          AV_PIX_FMT_YUV420P, SWS_FAST_BILINEAR, nullptr, nullptr, nullptr));
        if (!scaler) continue;
        av_frame_unref(scaled.get());
        scaled->width = width;
        scaled->height = height;
        scaled->format = AV_PIX_FMT_YUV420P;
        if (av_frame_get_buffer(scaled.get(), 0) < 0) continue;
        sws_scale(scaler.get(), source->data, source->linesize, 0, source->height, scaled->data, scaled->linesize);
        if (audio_only) {
            if (hooks_.self_picture) hooks_.self_picture(copy_picture(scaled.get()));
            continue;
        }
        if (stamp_frames_)
            burn_frame_stamp(scaled->data[0], scaled->linesize[0], scaled->data[1], scaled->data[2], scaled->linesize[1],
                             width, height, captured_at);
        if (encoded++ % 2 == 0 && hooks_.self_picture) hooks_.self_picture(copy_picture(scaled.get()));

        int64_t pts = static_cast<int64_t>(now_ms - epoch_ms_);
        if (pts <= last_pts) pts = last_pts + 1;
        last_pts = pts;
        scaled->pts = pts;
        scaled->pict_type = keyframe_wanted_.exchange(false) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
        sending_video_ = true;
        sent_width_ = rung.width;
        sent_height_ = rung.height;
        sent_fps_ = rung.fps;
        if (avcodec_send_frame(encoder.get(), scaled.get()) < 0) continue;
        while (avcodec_receive_packet(encoder.get(), packet.get()) == 0) {
            muxer_->write_video(packet.get(), encoder->time_base);
            av_packet_unref(packet.get());
        }
    }
    set_camera(nullptr);
    sending_video_ = false;
}

void Uplink::run_audio() {
    auto encoder_opened = open_opus_encoder();
    if (!encoder_opened) {
        hooks_.error(encoder_opened.error().message);
        return;
    }
    media::CodecContextPtr encoder = std::move(encoder_opened).value();
    auto opened = CaptureSource::open(capture_.microphone, CaptureSource::Kind::Audio, 0, 0, 0);
    if (!opened) {
        hooks_.error(opened.error().message);
        return;
    }
    std::unique_ptr<CaptureSource> microphone = std::move(opened).value();
    {
        std::lock_guard lock(sources_mutex_);
        CaptureSource* raw = microphone.get();
        abort_audio_ = [raw] { raw->abort(); };
    }
    media::ResamplerPtr resampler;
    media::FramePtr block(av_frame_alloc());
    media::PacketPtr packet(av_packet_alloc());
    std::vector<int16_t> pending;   // resampled, not yet echo-cancelled
    std::vector<int16_t> cleaned;   // echo-cancelled, not yet encoded
    std::vector<int16_t> converted;
    int64_t next_pts = -1;
    const int aec_frame = echo_ != nullptr ? echo_->frame_samples() : 480;

    while (!stopping_) {
        auto captured = microphone->next();
        if (!captured) {
            if (!stopping_) hooks_.error(captured.error().message);
            break;
        }
        AVFrame* frame = captured.value().get();
        if (!resampler) {
            AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
            SwrContext* raw = nullptr;
            if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_S16, kVoiceSampleRate, &frame->ch_layout,
                                    static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr) < 0 ||
                swr_init(raw) < 0) {
                swr_free(&raw);
                hooks_.error("microphone_failed: cannot convert the microphone's sound");
                break;
            }
            resampler.reset(raw);
        }
        if (next_pts < 0) next_pts = static_cast<int64_t>(monotonic_ms() - epoch_ms_) * (kVoiceSampleRate / 1000);
        const int capacity = swr_get_out_samples(resampler.get(), frame->nb_samples);
        converted.resize(static_cast<size_t>(std::max(capacity, 0)));
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(converted.data())};
        const int got = swr_convert(resampler.get(), out, capacity, const_cast<const uint8_t**>(frame->extended_data),
                                    frame->nb_samples);
        if (got <= 0) continue;
        pending.insert(pending.end(), converted.begin(), converted.begin() + got);
        size_t used = 0;
        while (pending.size() - used >= static_cast<size_t>(aec_frame)) {
            int16_t* chunk = pending.data() + used;
            if (echo_ != nullptr) echo_->process(chunk);
            cleaned.insert(cleaned.end(), chunk, chunk + aec_frame);
            used += static_cast<size_t>(aec_frame);
        }
        pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(used));

        size_t encoded_upto = 0;
        while (cleaned.size() - encoded_upto >= static_cast<size_t>(kOpusFrameSamples)) {
            av_frame_unref(block.get());
            block->nb_samples = kOpusFrameSamples;
            block->format = AV_SAMPLE_FMT_S16;
            block->sample_rate = kVoiceSampleRate;
            av_channel_layout_default(&block->ch_layout, 1);
            if (av_frame_get_buffer(block.get(), 0) < 0) break;
            if (muted_)
                std::memset(block->data[0], 0, sizeof(int16_t) * kOpusFrameSamples);
            else
                std::memcpy(block->data[0], cleaned.data() + encoded_upto, sizeof(int16_t) * kOpusFrameSamples);
            encoded_upto += kOpusFrameSamples;
            block->pts = next_pts;
            next_pts += kOpusFrameSamples;
            if (avcodec_send_frame(encoder.get(), block.get()) < 0) continue;
            while (avcodec_receive_packet(encoder.get(), packet.get()) == 0) {
                muxer_->write_audio(packet.get(), encoder->time_base);
                av_packet_unref(packet.get());
            }
        }
        cleaned.erase(cleaned.begin(), cleaned.begin() + static_cast<ptrdiff_t>(encoded_upto));
    }
    std::lock_guard lock(sources_mutex_);
    abort_audio_ = nullptr;
}

}  // namespace fl::consult
