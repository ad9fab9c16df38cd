// The variants of an HLS input (FFmpeg's hls demuxer makes one AVProgram per variant) and which one is fetched:
// streams of the others are discarded, so the demuxer does not download their segments.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "media/ffmpeg_support.h"
#include "media/variant_choice.h"

namespace fl::media {

class HlsVariants {
public:
    struct Variant {
        int64_t bandwidth_bps = 0;
        int width = 0, height = 0;
        int video_stream = -1;
        int audio_stream = -1;  // -1: none
    };

    // The variants of format, lowest bandwidth first; nullopt unless there are at least two with a video stream
    // (then the input is played like any other). Only variants with sound are kept when the first one has it.
    static std::optional<HlsVariants> find(const AVFormatContext& format);

    const Variant& current() const { return variants_[chooser_.current()]; }
    // Starts on the lowest variant; the `variant` event's fields.
    nlohmann::json start();
    // A read of bytes that took busy_s; when the choice changes, the new variant's event fields.
    std::optional<nlohmann::json> on_read(int64_t bytes, double busy_s, double now_s);
    std::optional<nlohmann::json> on_stall(double now_s);

    // Discards every stream of every variant but the current one (keep: streams wanted whatever the variant).
    void apply(AVFormatContext& format, const std::vector<int>& keep) const;

private:
    explicit HlsVariants(std::vector<Variant> variants);
    nlohmann::json describe(const VariantSwitch& change) const;

    std::vector<Variant> variants_;
    VariantChooser chooser_;
};

}  // namespace fl::media
