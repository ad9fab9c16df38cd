// The uplink's MPEG-TS muxer over a custom AVIOContext of SRT-message size; flushed after every packet.
#include "consult/media/ts_muxer.h"

#include <utility>

extern "C" {
#include <libavutil/opt.h>
}

#include "consult/media/srt_link.h"

namespace fl::consult {

int TsMuxer::write_bytes(void* self, uint8_t* data, int size) {
    static_cast<TsMuxer*>(self)->sink_(data, size);
    return size;
}

Result<std::unique_ptr<TsMuxer>> TsMuxer::open(const AVCodecContext* video, const AVCodecContext* audio, Sink sink) {
    if (video == nullptr && audio == nullptr) return Error{"codec_failed: nothing to send"};
    std::unique_ptr<TsMuxer> muxer(new TsMuxer());
    muxer->sink_ = std::move(sink);
    int result = avformat_alloc_output_context2(&muxer->context_, nullptr, "mpegts", nullptr);
    if (result < 0 || muxer->context_ == nullptr) return Error{"codec_failed: no MPEG-TS muxer"};
    auto add_stream = [&](const AVCodecContext* encoder) {
        AVStream* stream = avformat_new_stream(muxer->context_, nullptr);
        avcodec_parameters_from_context(stream->codecpar, encoder);
        stream->time_base = encoder->time_base;
        return stream->index;
    };
    if (video != nullptr) muxer->video_stream_ = add_stream(video);
    if (audio != nullptr) muxer->audio_stream_ = add_stream(audio);
    muxer->last_dts_.assign(muxer->context_->nb_streams, AV_NOPTS_VALUE);

    muxer->io_buffer_ = static_cast<unsigned char*>(av_malloc(SrtLink::kMessageSize));
    muxer->context_->pb = avio_alloc_context(muxer->io_buffer_, SrtLink::kMessageSize, 1, muxer.get(), nullptr,
                                             &TsMuxer::write_bytes, nullptr);
    if (muxer->context_->pb == nullptr) return Error{"codec_failed: no muxer I/O context"};
    muxer->context_->flags |= AVFMT_FLAG_FLUSH_PACKETS;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "omit_video_pes_length", "0", 0);
    av_dict_set(&options, "pes_payload_size", "0", 0);
    result = avformat_write_header(muxer->context_, &options);
    av_dict_free(&options);
    if (result < 0) return Error{"codec_failed: MPEG-TS header: " + media::describe_av_error(result)};
    muxer->header_written_ = true;
    return muxer;
}

TsMuxer::~TsMuxer() {
    if (context_ == nullptr) return;
    if (header_written_) av_write_trailer(context_);
    if (context_->pb != nullptr) {
        av_freep(&context_->pb->buffer);  // may have been replaced by FFmpeg; io_buffer_ is not used after this
        avio_context_free(&context_->pb);
    } else {
        av_free(io_buffer_);
    }
    avformat_free_context(context_);
}

void TsMuxer::write(AVPacket* packet, AVRational time_base, int stream) {
    if (stream < 0) return;
    std::lock_guard lock(mutex_);
    AVStream* target = context_->streams[stream];
    packet->stream_index = stream;
    av_packet_rescale_ts(packet, time_base, target->time_base);
    // The muxer refuses timestamps that go backwards (e.g. across an encoder re-open): nudge them forward.
    int64_t& last = last_dts_[static_cast<size_t>(stream)];
    if (packet->dts != AV_NOPTS_VALUE && last != AV_NOPTS_VALUE && packet->dts <= last) {
        const int64_t shift = last + 1 - packet->dts;
        packet->dts += shift;
        if (packet->pts != AV_NOPTS_VALUE) packet->pts += shift;
    }
    if (packet->dts != AV_NOPTS_VALUE) last = packet->dts;
    if (av_write_frame(context_, packet) >= 0) {
        av_write_frame(context_, nullptr);  // pushes out audio the muxer would otherwise hold back for a bigger PES
        avio_flush(context_->pb);
    }
}

void TsMuxer::write_video(AVPacket* packet, AVRational time_base) { write(packet, time_base, video_stream_); }
void TsMuxer::write_audio(AVPacket* packet, AVRational time_base) { write(packet, time_base, audio_stream_); }

}  // namespace fl::consult
