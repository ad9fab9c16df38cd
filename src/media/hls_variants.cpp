// HLS variants from the demuxer's programs (variant_bitrate), the choice among them, discard flags to switch.
#include "media/hls_variants.h"

#include <algorithm>
#include <cstdlib>
#include <string>

extern "C" {
#include <libavutil/dict.h>
}

namespace fl::media {
namespace {

int64_t program_bandwidth(const AVProgram& program) {
    const AVDictionaryEntry* entry = av_dict_get(program.metadata, "variant_bitrate", nullptr, 0);
    return entry != nullptr ? std::strtoll(entry->value, nullptr, 10) : 0;
}

std::vector<int64_t> bandwidths_of(const std::vector<HlsVariants::Variant>& variants) {
    std::vector<int64_t> out;
    for (const auto& variant : variants) out.push_back(variant.bandwidth_bps);
    return out;
}

}  // namespace

std::optional<HlsVariants> HlsVariants::find(const AVFormatContext& format) {
    if (format.iformat == nullptr || std::string(format.iformat->name) != "hls" || format.nb_programs < 2) {
        return std::nullopt;
    }
    std::vector<Variant> variants;
    for (unsigned p = 0; p < format.nb_programs; ++p) {
        const AVProgram& program = *format.programs[p];
        Variant variant;
        variant.bandwidth_bps = program_bandwidth(program);
        for (unsigned s = 0; s < program.nb_stream_indexes; ++s) {
            const int index = static_cast<int>(program.stream_index[s]);
            const AVCodecParameters& codec = *format.streams[index]->codecpar;
            if (codec.codec_type == AVMEDIA_TYPE_VIDEO && variant.video_stream < 0) {
                variant.video_stream = index;
                variant.width = codec.width;
                variant.height = codec.height;
            } else if (codec.codec_type == AVMEDIA_TYPE_AUDIO && variant.audio_stream < 0) {
                variant.audio_stream = index;
            }
        }
        if (variant.video_stream >= 0 && variant.bandwidth_bps > 0) variants.push_back(variant);
    }
    std::stable_sort(variants.begin(), variants.end(),
                     [](const Variant& a, const Variant& b) { return a.bandwidth_bps < b.bandwidth_bps; });
    if (!variants.empty() && variants.front().audio_stream >= 0) {
        std::erase_if(variants, [](const Variant& variant) { return variant.audio_stream < 0; });
    }
    if (variants.size() < 2) return std::nullopt;
    return HlsVariants(std::move(variants));
}

HlsVariants::HlsVariants(std::vector<Variant> variants)
    : variants_(std::move(variants)), chooser_(bandwidths_of(variants_)) {}

nlohmann::json HlsVariants::describe(const VariantSwitch& change) const {
    const Variant& variant = variants_[change.to];
    nlohmann::json fields{{"bandwidth", variant.bandwidth_bps},
                          {"width", variant.width},
                          {"height", variant.height},
                          {"index", change.to},
                          {"count", variants_.size()},
                          {"reason", change.reason}};
    if (const auto measured = chooser_.throughput_bps()) fields["measured_bps"] = static_cast<int64_t>(*measured);
    return fields;
}

nlohmann::json HlsVariants::start() { return describe(chooser_.start()); }

std::optional<nlohmann::json> HlsVariants::on_read(int64_t bytes, double busy_s, double now_s) {
    const auto change = chooser_.on_read(bytes, busy_s, now_s);
    if (!change) return std::nullopt;
    return describe(*change);
}

std::optional<nlohmann::json> HlsVariants::on_stall(double now_s) {
    const auto change = chooser_.on_stall(now_s);
    if (!change) return std::nullopt;
    return describe(*change);
}

void HlsVariants::apply(AVFormatContext& format, const std::vector<int>& keep) const {
    const Variant& chosen = current();
    for (unsigned index = 0; index < format.nb_streams; ++index) {
        const int as_int = static_cast<int>(index);
        const bool wanted = as_int == chosen.video_stream || as_int == chosen.audio_stream ||
                            std::find(keep.begin(), keep.end(), as_int) != keep.end();
        format.streams[index]->discard = wanted ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }
}

}  // namespace fl::media
