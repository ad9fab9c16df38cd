// Downlink thread: a custom AVIOContext over the SRT leg, the MPEG-TS demuxer tuned for latency, lazy decoders.
#include "consult/media/downlink.h"

#include <array>
#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/imgutils.h>
}

#include "consult/media/echo_canceller.h"
#include "consult/media/frame_stamp.h"
#include "consult/media/opus_ts_framing.h"
#include "consult/media/srt_link.h"
#include "consult/media/voice_playback.h"
#include "core/log.h"
#include "media/audio_output.h"
#include "media/ffmpeg_support.h"

namespace fl::consult {

// Per-run decoding state, owned by the thread.
struct Downlink::Decoding {
    explicit Decoding(Downlink& downlink) : owner(downlink) {}
    Downlink& owner;
    std::array<uint8_t, 1500> message{};
    int message_size = 0;
    int message_read = 0;
    media::FormatContextPtr format;
    std::vector<media::CodecContextPtr> decoders;  // by stream index; null until the stream's first packet
    std::vector<bool> decoder_failed;
    media::ScalerPtr scaler;
    media::ResamplerPtr resampler;
    std::unique_ptr<VoicePlayback> voice;
    bool first_picture = false;
    bool first_sound = false;

    static int read(void* self, uint8_t* buffer, int size) {
        auto& state = *static_cast<Decoding*>(self);
        while (state.message_read >= state.message_size) {
            if (state.owner.stopping_) return AVERROR_EXIT;
            const int got = state.owner.link_.receive(state.message.data(), static_cast<int>(state.message.size()));
            if (got > 0) {
                state.message_size = got;
                state.message_read = 0;
            } else if (got < 0) {
                // Not connected (the session is reconnecting the leg): wait; the demuxer resynchronises after.
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        const int take = std::min(size, state.message_size - state.message_read);
        std::memcpy(buffer, state.message.data() + state.message_read, static_cast<size_t>(take));
        state.message_read += take;
        return take;
    }
};

Downlink::Downlink(SrtLink& link, std::string video_decoder, std::string audio_decoder, bool play_on_device,
                   EchoCanceller* echo, DownlinkHooks hooks)
    : link_(link),
      video_decoder_(std::move(video_decoder)),
      audio_decoder_(std::move(audio_decoder)),
      play_on_device_(play_on_device),
      echo_(echo),
      hooks_(std::move(hooks)) {}

Downlink::~Downlink() { stop(); }

void Downlink::start() { thread_ = std::thread([this] { run(); }); }

void Downlink::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void Downlink::observe(std::function<void(const media::VideoFrame&, uint64_t)> observer) {
    std::lock_guard lock(observer_mutex_);
    observer_ = std::move(observer);
}

namespace {

// The decoder's picture for the screen: 4:2:0 planes are borrowed (the frame keeps the decoder's buffers alive),
// anything else is converted into planes the picture owns.
std::shared_ptr<media::VideoFrame> picture_from(const AVFrame* frame, media::ScalerPtr& scaler) {
    auto picture = std::make_shared<media::VideoFrame>();
    const int width = frame->width, height = frame->height;
    picture->width = width;
    picture->height = height;
    const auto format = static_cast<AVPixelFormat>(frame->format);
    if (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P) {
        AVFrame* reference = av_frame_clone(frame);
        if (reference == nullptr) return nullptr;
        picture->buffers = std::shared_ptr<const void>(reference, [](const void* held) {
            AVFrame* owned = const_cast<AVFrame*>(static_cast<const AVFrame*>(held));
            av_frame_free(&owned);
        });
        for (size_t plane = 0; plane < 3; ++plane) {
            picture->borrowed_planes[plane] = reference->data[plane];
            picture->borrowed_pitches[plane] = reference->linesize[plane];
        }
        return picture;
    }
    const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
    picture->y.resize(static_cast<size_t>(width) * height);
    picture->u.resize(static_cast<size_t>(chroma_width) * chroma_height);
    picture->v.resize(picture->u.size());
    uint8_t* planes[4] = {picture->y.data(), picture->u.data(), picture->v.data(), nullptr};
    int pitches[4] = {width, chroma_width, chroma_width, 0};
    scaler.reset(sws_getCachedContext(scaler.release(), width, height, format, width, height, AV_PIX_FMT_YUV420P,
                                      SWS_FAST_BILINEAR, nullptr, nullptr, nullptr));
    if (!scaler) return nullptr;
    sws_scale(scaler.get(), frame->data, frame->linesize, 0, height, planes, pitches);
    return picture;
}

}  // namespace

void Downlink::run() {
    media::route_ffmpeg_log_once();
    Decoding state(*this);
    constexpr int kIoBufferSize = 4 * 1456;
    auto* io_buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
    AVIOContext* io = avio_alloc_context(io_buffer, kIoBufferSize, 0, &state, &Decoding::read, nullptr, nullptr);
    io->max_packet_size = 1456;
    AVFormatContext* raw = avformat_alloc_context();
    raw->pb = io;
    raw->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_NOPARSE | AVFMT_FLAG_NOFILLIN;
    raw->probesize = 32;  // streams appear from the PMT as it arrives; nothing to probe
    raw->max_analyze_duration = 0;
    int result = avformat_open_input(&raw, nullptr, av_find_input_format("mpegts"), nullptr);
    auto free_io = [&io] {
        if (io != nullptr) av_freep(&io->buffer);
        avio_context_free(&io);
    };
    if (result < 0) {
        free_io();
        if (!stopping_) hooks_.error("codec_failed: the lawyer's stream cannot be read: " + media::describe_av_error(result));
        return;
    }
    state.format.reset(raw);
    media::PacketPtr packet(av_packet_alloc());
    media::PacketPtr piece(av_packet_alloc());
    media::FramePtr frame(av_frame_alloc());

    auto open_decoder = [&](int index) -> AVCodecContext* {
        if (static_cast<size_t>(index) >= state.decoders.size()) {
            state.decoders.resize(static_cast<size_t>(index) + 1);
            state.decoder_failed.resize(static_cast<size_t>(index) + 1, false);
        }
        auto& decoder = state.decoders[static_cast<size_t>(index)];
        if (decoder || state.decoder_failed[static_cast<size_t>(index)]) return decoder.get();
        const AVCodecParameters* parameters = raw->streams[index]->codecpar;
        const bool video = parameters->codec_type == AVMEDIA_TYPE_VIDEO;
        if (!video && parameters->codec_type != AVMEDIA_TYPE_AUDIO) {
            state.decoder_failed[static_cast<size_t>(index)] = true;
            return nullptr;
        }
        const std::string& wanted = video ? video_decoder_ : audio_decoder_;
        const AVCodec* codec = nullptr;
        if (!wanted.empty()) {
            codec = avcodec_find_decoder_by_name(wanted.c_str());
            if (codec != nullptr && codec->id != parameters->codec_id) codec = nullptr;  // signalled wrongly
        }
        if (codec == nullptr) codec = avcodec_find_decoder(parameters->codec_id);
        media::CodecContextPtr context(codec != nullptr ? avcodec_alloc_context3(codec) : nullptr);
        if (context) {
            avcodec_parameters_to_context(context.get(), parameters);
            context->pkt_timebase = raw->streams[index]->time_base;
            context->flags |= AV_CODEC_FLAG_LOW_DELAY;
            context->thread_count = 1;
            if (!video) {
                if (context->sample_rate <= 0) context->sample_rate = 48000;
                if (context->ch_layout.nb_channels <= 0) av_channel_layout_default(&context->ch_layout, 2);
            }
        }
        if (!context || avcodec_open2(context.get(), codec, nullptr) < 0) {
            state.decoder_failed[static_cast<size_t>(index)] = true;
            hooks_.error(std::string("codec_failed: cannot decode the lawyer's ") + (video ? "video" : "audio"));
            return nullptr;
        }
        decoder = std::move(context);
        return decoder.get();
    };

    auto deliver_video = [&](AVCodecContext* decoder) {
        while (avcodec_receive_frame(decoder, frame.get()) == 0) {
            if (frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0) ++decode_errors_;
            const uint64_t decoded_at = machine_monotonic_ms();
            auto picture = picture_from(frame.get(), state.scaler);
            av_frame_unref(frame.get());
            if (!picture) continue;
            width_ = picture->width;
            height_ = picture->height;
            ++pictures_;
            {
                std::lock_guard lock(observer_mutex_);
                if (observer_) observer_(*picture, decoded_at);
            }
            hooks_.picture(std::move(picture));
            if (!state.first_picture) {
                state.first_picture = true;
                hooks_.first_picture();
            }
        }
    };

    auto deliver_audio = [&](AVCodecContext* decoder) {
        while (avcodec_receive_frame(decoder, frame.get()) == 0) {
            if (!state.voice) state.voice = std::make_unique<VoicePlayback>(play_on_device_, echo_);
            if (!state.resampler) {
                AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
                SwrContext* resampler = nullptr;
                if (swr_alloc_set_opts2(&resampler, &stereo, AV_SAMPLE_FMT_FLT, media::AudioOutput::kSampleRate,
                                        &frame->ch_layout, static_cast<AVSampleFormat>(frame->format),
                                        frame->sample_rate, 0, nullptr) < 0 ||
                    swr_init(resampler) < 0) {
                    swr_free(&resampler);
                    av_frame_unref(frame.get());
                    continue;
                }
                state.resampler.reset(resampler);
            }
            const int capacity = swr_get_out_samples(state.resampler.get(), frame->nb_samples);
            std::vector<float> samples(static_cast<size_t>(std::max(capacity, 0)) * 2);
            uint8_t* out[1] = {reinterpret_cast<uint8_t*>(samples.data())};
            const int converted = swr_convert(state.resampler.get(), out, capacity,
                                              const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
            av_frame_unref(frame.get());
            if (converted > 0) state.voice->push(samples.data(), converted);
            if (!state.first_sound) {
                state.first_sound = true;
                hooks_.first_sound();
            }
        }
    };

    while (!stopping_) {
        result = av_read_frame(raw, packet.get());
        if (result < 0) {
            if (stopping_ || result == AVERROR_EXIT) break;
            if (result == AVERROR(EAGAIN)) continue;
            // Damaged or ended input: keep reading; the leg's supervisor decides when the call is over.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        AVCodecContext* decoder = open_decoder(packet->stream_index);
        if (decoder == nullptr) {
            av_packet_unref(packet.get());
            continue;
        }
        if (decoder->codec_type == AVMEDIA_TYPE_VIDEO) {
            if (packet->flags & AV_PKT_FLAG_CORRUPT) ++decode_errors_;
            if (avcodec_send_packet(decoder, packet.get()) < 0) ++decode_errors_;
            deliver_video(decoder);
        } else if (decoder->codec_id == AV_CODEC_ID_OPUS) {
            for (const auto opus : split_opus_ts_payload({packet->data, static_cast<size_t>(packet->size)})) {
                if (av_new_packet(piece.get(), static_cast<int>(opus.size())) < 0) break;
                std::memcpy(piece->data, opus.data(), opus.size());
                piece->pts = piece->dts = AV_NOPTS_VALUE;
                avcodec_send_packet(decoder, piece.get());
                av_packet_unref(piece.get());
                deliver_audio(decoder);
            }
        } else {
            avcodec_send_packet(decoder, packet.get());
            deliver_audio(decoder);
        }
        av_packet_unref(packet.get());
    }
    state.voice.reset();
    state.decoders.clear();
    state.format.reset();  // avformat_close_input leaves a custom pb alone
    free_io();
}

}  // namespace fl::consult
