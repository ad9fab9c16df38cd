// libFuzzer target: the WebVTT and SRT subtitle parsers (src/media/subtitles) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/subtitles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto track : {fl::media::parse_webvtt(text, "fuzz.vtt"), fl::media::parse_srt(text, "fuzz.srt")}) {
        if (!track.ok()) continue;
        if (track.value().cues.size() > fl::media::kMaxCues) __builtin_trap();
        for (double t : {0.0, 1.5, 3600.0}) (void)track.value().active_at(t);
    }
    return 0;
}
