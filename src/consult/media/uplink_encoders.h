// The uplink's encoders: H.264 constrained baseline for live calls (x264 ultrafast, zerolatency) and Opus for voice.
#pragma once

#include "core/result.h"
#include "media/ffmpeg_support.h"

namespace fl::consult {

// H.264 constrained baseline, no B-frames, a keyframe every 2 s, CBR-like (max rate = target, half-second VBV),
// in-band SPS/PPS on every keyframe (so a receiver can join or recover at any keyframe). Time base 1/1000.
Result<media::CodecContextPtr> open_h264_encoder(int width, int height, int fps, int kbps);

// Opus, 48 kHz mono, 20 ms frames (960 samples, signed 16-bit), tuned for speech: voip, in-band FEC for 10 % loss.
// Time base 1/48000.
Result<media::CodecContextPtr> open_opus_encoder();

constexpr int kOpusFrameSamples = 960;
constexpr int kVoiceSampleRate = 48000;

}  // namespace fl::consult
