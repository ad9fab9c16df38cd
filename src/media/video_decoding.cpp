// Video decoder factory with hardware attempts and a software fallback; pictures shared by reference or converted.
#include "media/video_decoding.h"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "core/log.h"

extern "C" {
#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>
}

namespace fl::media {
namespace {

// Hardware device types tried in order, each only when FFmpeg was built with it and the decoder supports it.
constexpr std::array kHardwareDeviceTypes = {AV_HWDEVICE_TYPE_VAAPI, AV_HWDEVICE_TYPE_DRM};

bool device_type_built_in(AVHWDeviceType wanted) {
    for (AVHWDeviceType type = av_hwdevice_iterate_types(AV_HWDEVICE_TYPE_NONE); type != AV_HWDEVICE_TYPE_NONE;
         type = av_hwdevice_iterate_types(type)) {
        if (type == wanted) return true;
    }
    return false;
}

AVPixelFormat hardware_pixel_format(const AVCodec& codec, AVHWDeviceType type) {
    for (int index = 0;; ++index) {
        const AVCodecHWConfig* config = avcodec_get_hw_config(&codec, index);
        if (config == nullptr) return AV_PIX_FMT_NONE;
        if ((config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0 && config->device_type == type) {
            return config->pix_fmt;
        }
    }
}

AVPixelFormat choose_hardware_format(AVCodecContext* context, const AVPixelFormat* offered) {
    const AVPixelFormat wanted = *static_cast<const AVPixelFormat*>(context->opaque);
    for (const AVPixelFormat* format = offered; *format != AV_PIX_FMT_NONE; ++format) {
        if (*format == wanted) return wanted;
    }
    // The hardware cannot take this stream (profile, size): decode in software within the same context.
    for (const AVPixelFormat* format = offered; *format != AV_PIX_FMT_NONE; ++format) {
        const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(*format);
        if (descriptor != nullptr && (descriptor->flags & AV_PIX_FMT_FLAG_HWACCEL) == 0) return *format;
    }
    return AV_PIX_FMT_NONE;
}

CodecContextPtr make_context(const AVCodec& codec, const AVStream& stream, bool software_threads) {
    CodecContextPtr context(avcodec_alloc_context3(&codec));
    if (!context) return nullptr;
    if (avcodec_parameters_to_context(context.get(), stream.codecpar) < 0) return nullptr;
    context->pkt_timebase = stream.time_base;
    context->thread_count = software_threads ? 0 : 1;  // 0: as many as the CPU has
    return context;
}

std::optional<OpenedVideoDecoder> try_hardware_device(const AVCodec& codec, const AVStream& stream,
                                                      AVHWDeviceType type) {
    if (!device_type_built_in(type)) return std::nullopt;
    const AVPixelFormat format = hardware_pixel_format(codec, type);
    if (format == AV_PIX_FMT_NONE) return std::nullopt;
    AVBufferRef* device = nullptr;
    if (av_hwdevice_ctx_create(&device, type, nullptr, nullptr, 0) < 0) return std::nullopt;
    BufferRefPtr device_owner(device);
    OpenedVideoDecoder opened;
    opened.context = make_context(codec, stream, false);
    if (!opened.context) return std::nullopt;
    opened.context->hw_device_ctx = av_buffer_ref(device_owner.get());
    opened.hardware_format = std::make_unique<AVPixelFormat>(format);
    opened.context->opaque = opened.hardware_format.get();
    opened.context->get_format = &choose_hardware_format;
    if (avcodec_open2(opened.context.get(), &codec, nullptr) < 0) return std::nullopt;
    opened.name = av_hwdevice_get_type_name(type);
    return opened;
}

// V4L2 mem2mem decoders live behind /dev/video* nodes; without any, trying only fills the log.
bool has_video4linux_nodes() {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator("/dev", ignored)) {
        if (entry.path().filename().string().rfind("video", 0) == 0) return true;
    }
    return false;
}

std::optional<OpenedVideoDecoder> try_mem2mem_decoder(const AVCodec& software, const AVStream& stream) {
    if (!has_video4linux_nodes()) return std::nullopt;
    const std::string name = std::string(software.name) + "_v4l2m2m";
    const AVCodec* codec = avcodec_find_decoder_by_name(name.c_str());
    if (codec == nullptr) return std::nullopt;
    OpenedVideoDecoder opened;
    opened.context = make_context(*codec, stream, false);
    if (!opened.context || avcodec_open2(opened.context.get(), codec, nullptr) < 0) return std::nullopt;
    opened.name = "v4l2m2m";
    return opened;
}

// A new reference to the picture's buffers, freed when the last VideoFrame pointing into them goes.
std::shared_ptr<const AVFrame> share_buffers(const AVFrame& picture) {
    AVFrame* reference = av_frame_alloc();
    if (reference == nullptr || av_frame_ref(reference, &picture) < 0) {
        av_frame_free(&reference);
        return nullptr;
    }
    return std::shared_ptr<const AVFrame>(reference, [](const AVFrame* frame) {
        auto* owned = const_cast<AVFrame*>(frame);
        av_frame_free(&owned);
    });
}

}  // namespace

Result<OpenedVideoDecoder> open_video_decoder(const AVStream& stream) {
    const AVCodec* software = avcodec_find_decoder(stream.codecpar->codec_id);
    if (software == nullptr) {
        return Error{std::string("no decoder for video codec ") + avcodec_get_name(stream.codecpar->codec_id)};
    }
    for (const AVHWDeviceType type : kHardwareDeviceTypes) {
        if (auto opened = try_hardware_device(*software, stream, type)) return std::move(*opened);
    }
    if (auto opened = try_mem2mem_decoder(*software, stream)) return std::move(*opened);

    OpenedVideoDecoder opened;
    opened.context = make_context(*software, stream, true);
    if (!opened.context) return Error{"cannot set up the video decoder"};
    const int status = avcodec_open2(opened.context.get(), software, nullptr);
    if (status < 0) {
        return Error{std::string("cannot open the ") + software->name + " decoder: " + describe_av_error(status)};
    }
    opened.name = "software";
    return opened;
}

std::shared_ptr<VideoFrame> VideoFrameConverter::convert(const AVFrame& decoded) {
    if (decoded.hw_frames_ctx == nullptr) return convert_software(decoded);
    if (!downloaded_) downloaded_.reset(av_frame_alloc());
    if (downloaded_) av_frame_unref(downloaded_.get());
    if (!downloaded_ || av_hwframe_transfer_data(downloaded_.get(), &decoded, 0) < 0) {
        if (!reported_failure_) log::warning("player", "cannot download a hardware-decoded picture");
        reported_failure_ = true;
        return nullptr;
    }
    return convert_software(*downloaded_);
}

std::shared_ptr<VideoFrame> VideoFrameConverter::convert_software(const AVFrame& picture) {
    const int width = picture.width;
    const int height = picture.height;
    if (width <= 0 || height <= 0) return nullptr;
    const int chroma_width = (width + 1) / 2;
    const int chroma_height = (height + 1) / 2;
    auto frame = std::make_shared<VideoFrame>();
    frame->width = width;
    frame->height = height;
    const auto format = static_cast<AVPixelFormat>(picture.format);
    if ((format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P) && picture.linesize[0] > 0 &&
        picture.linesize[1] > 0 && picture.linesize[2] > 0) {
        // The screen takes these planes as they are: keep a reference instead of copying them.
        auto buffers = share_buffers(picture);
        if (buffers) {
            for (size_t index = 0; index < 3; ++index) {
                frame->borrowed_planes[index] = buffers->data[index];
                frame->borrowed_pitches[index] = buffers->linesize[index];
            }
            frame->buffers = std::move(buffers);
            return frame;
        }
    }
    scaler_.reset(sws_getCachedContext(scaler_.release(), width, height, format, width, height, AV_PIX_FMT_YUV420P,
                                       SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!scaler_) {
        if (!reported_failure_) {
            const char* name = av_get_pix_fmt_name(format);
            log::warning("player", std::string("cannot convert pictures from ") + (name != nullptr ? name : "?"));
        }
        reported_failure_ = true;
        return nullptr;
    }
    frame->y.resize(static_cast<size_t>(width) * static_cast<size_t>(height));
    frame->u.resize(static_cast<size_t>(chroma_width) * static_cast<size_t>(chroma_height));
    frame->v.resize(frame->u.size());
    uint8_t* const planes[4] = {frame->y.data(), frame->u.data(), frame->v.data(), nullptr};
    const int pitches[4] = {width, chroma_width, chroma_width, 0};
    sws_scale(scaler_.get(), picture.data, picture.linesize, 0, height, planes, pitches);
    return frame;
}

}  // namespace fl::media
