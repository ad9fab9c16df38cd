// HarfBuzz shaping: Mongolian and other sideways runs left to right, upright CJK top to bottom with vertical forms.
#include "text/shaper.h"

#include <hb.h>

#include <algorithm>

#include "text/font.h"

namespace fl::text {
namespace {

// HarfBuzz looks at most this many characters of context on each side.
constexpr uint32_t kContextLength = 5;

hb_script_t hb_script_for(ScriptClass script) {
    switch (script) {
        case ScriptClass::Mongolian:
        case ScriptClass::MongolianControl:
            return HB_SCRIPT_MONGOLIAN;
        case ScriptClass::Han:
            return HB_SCRIPT_HAN;
        default:
            return HB_SCRIPT_INVALID;
    }
}

const char* language_for(ScriptClass script) {
    switch (script) {
        case ScriptClass::Mongolian:
        case ScriptClass::MongolianControl:
            return "mn-Mong";
        case ScriptClass::Han:
            return "zh-Hans";
        default:
            return nullptr;
    }
}

}  // namespace

Shaper::Shaper(size_t byte_budget) : cache_(byte_budget), buffer_(hb_buffer_create(), hb_buffer_destroy) {}

std::shared_ptr<ShapedRun> Shaper::shape_uncached(const FontSet& fonts, const std::vector<char32_t>& paragraph,
                                                  const Item& item) const {
    hb_buffer_t* buffer = buffer_.get();
    hb_buffer_clear_contents(buffer);
    const uint32_t context_start = item.start > kContextLength ? item.start - kContextLength : 0;
    const auto context_end = std::min<uint32_t>(static_cast<uint32_t>(paragraph.size()), item.end + kContextLength);
    hb_buffer_add_codepoints(buffer, reinterpret_cast<const hb_codepoint_t*>(paragraph.data() + context_start),
                             static_cast<int>(context_end - context_start), item.start - context_start,
                             static_cast<int>(item.end - item.start));
    hb_buffer_set_direction(buffer, item.upright ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
    const hb_script_t script = hb_script_for(item.script);
    if (script != HB_SCRIPT_INVALID) hb_buffer_set_script(buffer, script);
    if (const char* language = language_for(item.script)) {
        hb_buffer_set_language(buffer, hb_language_from_string(language, -1));
    }
    hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(fonts.at(item.font).hb_font(), buffer, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    auto run = std::make_shared<ShapedRun>();
    run->glyphs.resize(count);
    for (unsigned g = 0; g < count; ++g) {
        ShapedGlyph& out = run->glyphs[g];
        out.glyph_id = infos[g].codepoint;
        out.cluster = infos[g].cluster - (item.start - context_start);
        out.advance = item.upright ? -positions[g].y_advance : positions[g].x_advance;
        out.offset_x = positions[g].x_offset;
        out.offset_y = positions[g].y_offset;
    }
    return run;
}

std::shared_ptr<const ShapedRun> Shaper::shape(const FontSet& fonts, const std::vector<char32_t>& paragraph,
                                               const Item& item) {
    const uint32_t context_start = item.start > kContextLength ? item.start - kContextLength : 0;
    const auto context_end = std::min<uint32_t>(static_cast<uint32_t>(paragraph.size()), item.end + kContextLength);
    std::u32string key;
    key.reserve(8 + context_end - context_start);
    key.push_back(static_cast<char32_t>(fonts.id() & 0xFFFFFFFF));
    key.push_back(static_cast<char32_t>(fonts.id() >> 32));
    key.push_back(static_cast<char32_t>(item.font));
    key.push_back(static_cast<char32_t>((item.upright ? 1u : 0u) | (static_cast<unsigned>(item.script) << 1)));
    key.push_back(static_cast<char32_t>(item.start - context_start));
    key.push_back(static_cast<char32_t>(context_end - item.end));
    key.append(paragraph.data() + context_start, paragraph.data() + context_end);

    if (const auto* cached = cache_.find(key)) return *cached;
    auto run = shape_uncached(fonts, paragraph, item);
    const size_t bytes = key.size() * sizeof(char32_t) * 2 + run->glyphs.size() * sizeof(ShapedGlyph) + 128;
    cache_.insert(std::move(key), run, bytes);
    return run;
}

}  // namespace fl::text
