// Encoder set-up for the uplink: libx264 and libopus through libavcodec, with the settings a live call needs.
#include "consult/media/uplink_encoders.h"

#include <string>

extern "C" {
#include <libavutil/opt.h>
}

namespace fl::consult {

Result<media::CodecContextPtr> open_h264_encoder(int width, int height, int fps, int kbps) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (codec == nullptr) return Error{"codec_failed: this FFmpeg has no libx264 encoder"};
    media::CodecContextPtr encoder(avcodec_alloc_context3(codec));
    encoder->width = width;
    encoder->height = height;
    encoder->pix_fmt = AV_PIX_FMT_YUV420P;
    encoder->time_base = AVRational{1, 1000};
    encoder->framerate = AVRational{fps, 1};
    encoder->gop_size = fps * 2;
    encoder->keyint_min = fps;
    encoder->max_b_frames = 0;
    encoder->bit_rate = int64_t{kbps} * 1000;
    encoder->rc_max_rate = encoder->bit_rate;
    encoder->rc_buffer_size = static_cast<int>(encoder->bit_rate / 2);
    encoder->thread_count = 1;
    encoder->profile = FF_PROFILE_H264_CONSTRAINED_BASELINE;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "preset", "ultrafast", 0);
    av_dict_set(&options, "tune", "zerolatency", 0);
    av_dict_set(&options, "profile", "baseline", 0);
    const int result = avcodec_open2(encoder.get(), codec, &options);
    av_dict_free(&options);
    if (result < 0) return Error{"codec_failed: cannot open the H.264 encoder: " + media::describe_av_error(result)};
    return encoder;
}

Result<media::CodecContextPtr> open_opus_encoder() {
    const AVCodec* codec = avcodec_find_encoder_by_name("libopus");
    if (codec == nullptr) return Error{"codec_failed: this FFmpeg has no libopus encoder"};
    media::CodecContextPtr encoder(avcodec_alloc_context3(codec));
    encoder->sample_rate = kVoiceSampleRate;
    encoder->sample_fmt = AV_SAMPLE_FMT_S16;
    av_channel_layout_default(&encoder->ch_layout, 1);
    encoder->time_base = AVRational{1, kVoiceSampleRate};
    encoder->bit_rate = 32000;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "application", "voip", 0);
    av_dict_set(&options, "frame_duration", "20", 0);
    av_dict_set(&options, "fec", "1", 0);
    av_dict_set(&options, "packet_loss", "10", 0);
    const int result = avcodec_open2(encoder.get(), codec, &options);
    av_dict_free(&options);
    if (result < 0) return Error{"codec_failed: cannot open the Opus encoder: " + media::describe_av_error(result)};
    return encoder;
}

}  // namespace fl::consult
