// Video decoders (VAAPI, DRM, V4L2 mem2mem, else software) and decoded pictures to packed YUV 4:2:0 frames.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "media/ffmpeg_support.h"
#include "media/video_frame.h"

namespace fl::media {

struct OpenedVideoDecoder {
    CodecContextPtr context;
    std::string name;                                // "software", or the hardware path: "vaapi", "drm", "v4l2m2m"
    std::unique_ptr<AVPixelFormat> hardware_format;  // read by the decoder's get_format callback; lives as long
};

// Tries the hardware paths this build and machine offer, then software. Fails only when the codec has no usable
// decoder at all (the player reports unsupported_codec).
Result<OpenedVideoDecoder> open_video_decoder(const AVStream& stream);

// Decoded pictures as VideoFrames: YUV 4:2:0 ones by a reference to the decoder's buffers (no copy), others
// converted with swscale; hardware surfaces are downloaded first. One per decoding thread.
class VideoFrameConverter {
public:
    // Null when the picture cannot be converted (the reason is logged once).
    std::shared_ptr<VideoFrame> convert(const AVFrame& decoded);

private:
    std::shared_ptr<VideoFrame> convert_software(const AVFrame& picture);

    FramePtr downloaded_;
    ScalerPtr scaler_;
    bool reported_failure_ = false;
};

}  // namespace fl::media
