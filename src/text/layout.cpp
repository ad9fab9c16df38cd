// Layout pipeline: decode, itemize, shape, find breaks, fit lines, truncate with an ellipsis, position glyphs.
#include "text/layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "text/font.h"
#include "text/line_breaker.h"
#include "text/shaper.h"
#include "core/utf8.h"

namespace fl::text {
namespace {

// Noto Sans Mongolian draws its stem between 0.364 and 0.444 em above the baseline.
constexpr float kMongolianStemAboveBaseline = 0.40f;
// Chinese needs air between lines: its natural extent is only the em box.
constexpr float kHanLineFactor = 1.4f;

struct GlyphRef {
    uint32_t glyph_id;
    uint16_t font;
    bool upright;
    bool whitespace;
    bool glued;           // starts with NNBSP, MVS, FVS or ZWJ: an emergency break must not fall before it
    uint32_t code_point;  // index of the glyph's first character
    float advance;        // pixels along the line
    float offset_x;       // pixels, HarfBuzz orientation (y up)
    float offset_y;
};

struct Segment {
    uint32_t glyph_begin;
    uint32_t glyph_end;
    float advance;
    float trailing_space;
    bool hard_end;  // a mandatory break follows
};

struct LineRange {
    uint32_t glyph_begin;
    uint32_t glyph_end;
    float length;  // without trailing spaces
    float trailing_space;
    bool hard_end;
};

bool is_whitespace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0; }

float natural_extent(const Font& font) {
    const float extent = font.ascender() + font.descender();
    return font.role() == FontRole::Han ? std::max(extent, 1.0f) * kHanLineFactor : extent;
}

// How far the baseline of a sideways glyph sits from the column's stem line, in em.
float stem_above_baseline(const Font& font) {
    switch (font.role()) {
        case FontRole::Mongolian: return kMongolianStemAboveBaseline;
        case FontRole::Han: return (font.ascender() - font.descender()) / 2.0f;
        case FontRole::Latin: return font.cap_height() / 2.0f;
    }
    return 0.0f;
}

struct LineMetrics {
    float pitch = 0.0f;
    float ascender = 0.0f;   // horizontal: tallest ascender of the fonts used (px)
    float descender = 0.0f;
    float stem_offset = 0.0f;  // vertical: stem line from the column's left edge (px)
};

LineMetrics line_metrics(const FontSet& fonts, const std::vector<bool>& used, const TextStyle& style) {
    LineMetrics m;
    float extent = 0.0f;
    const Font* mongolian = nullptr;
    for (size_t f = 0; f < fonts.size(); ++f) {
        if (!used[f]) continue;
        const Font& font = fonts.at(f);
        extent = std::max(extent, natural_extent(font));
        m.ascender = std::max(m.ascender, font.ascender() * style.size_px);
        m.descender = std::max(m.descender, font.descender() * style.size_px);
        if (font.role() == FontRole::Mongolian && mongolian == nullptr) mongolian = &font;
    }
    if (extent <= 0.0f) extent = 1.2f;
    m.pitch = extent * style.size_px * std::max(style.line_spacing, 0.1f);
    if (mongolian != nullptr) {
        const float mongolian_extent = (mongolian->ascender() + mongolian->descender()) * style.size_px;
        m.stem_offset = (m.pitch - mongolian_extent) / 2.0f +
                        (mongolian->descender() + kMongolianStemAboveBaseline) * style.size_px;
    } else {
        m.stem_offset = m.pitch / 2.0f;
    }
    return m;
}

std::vector<Segment> split_segments(const std::vector<GlyphRef>& glyphs, const std::vector<BreakKind>& breaks) {
    std::vector<Segment> segments;
    uint32_t g = 0;
    const auto glyph_count = static_cast<uint32_t>(glyphs.size());
    for (uint32_t position = 1; position < breaks.size(); ++position) {
        if (breaks[position] == BreakKind::None) continue;
        Segment segment{g, g, 0.0f, 0.0f, breaks[position] == BreakKind::Mandatory};
        while (g < glyph_count && glyphs[g].code_point < position) {
            segment.advance += glyphs[g].advance;
            segment.trailing_space = glyphs[g].whitespace ? segment.trailing_space + glyphs[g].advance : 0.0f;
            ++g;
        }
        segment.glyph_end = g;
        segments.push_back(segment);
    }
    return segments;
}

// Greedy fitting; a segment longer than a whole line is cut between clusters.
std::vector<LineRange> fit_lines(const std::vector<GlyphRef>& glyphs, const std::vector<Segment>& segments,
                                 float limit) {
    std::vector<LineRange> lines;
    std::optional<LineRange> current;
    float current_full = 0.0f;  // length including trailing spaces
    auto close = [&](bool hard_end) {
        if (!current) current = LineRange{0, 0, 0.0f, 0.0f, false};
        current->hard_end = hard_end;
        lines.push_back(*current);
        current.reset();
        current_full = 0.0f;
    };
    auto open_at = [&](uint32_t glyph) {
        current = LineRange{glyph, glyph, 0.0f, 0.0f, false};
        current_full = 0.0f;
    };
    for (const Segment& segment : segments) {
        const float content = segment.advance - segment.trailing_space;
        if (current && current->glyph_end > current->glyph_begin && current_full + content > limit) close(false);
        if (!current) open_at(segment.glyph_begin);
        if (content > limit) {
            // Emergency: the segment alone is too long, break between clusters.
            for (uint32_t g = segment.glyph_begin; g < segment.glyph_end; ++g) {
                const bool new_cluster = g == segment.glyph_begin || glyphs[g].code_point != glyphs[g - 1].code_point;
                if (new_cluster && !glyphs[g].glued && current->glyph_end > current->glyph_begin &&
                    current_full + glyphs[g].advance > limit && !glyphs[g].whitespace) {
                    close(false);
                    open_at(g);
                }
                current->glyph_end = g + 1;
                current_full += glyphs[g].advance;
                current->trailing_space = glyphs[g].whitespace ? current->trailing_space + glyphs[g].advance : 0.0f;
                current->length = current_full - current->trailing_space;
            }
        } else {
            current->glyph_end = segment.glyph_end;
            current->length = current_full + content;
            current->trailing_space = segment.trailing_space;
            current_full += segment.advance;
        }
        if (segment.hard_end) close(true);
    }
    if (current) close(true);
    return lines;
}

GlyphRef make_ref(const FontSet& fonts, const Item& item, const ShapedGlyph& shaped, const std::vector<char32_t>& text,
                  float size_px) {
    const float scale = size_px / static_cast<float>(fonts.at(item.font).units_per_em());
    const uint32_t code_point = item.start + shaped.cluster;
    return GlyphRef{shaped.glyph_id,
                    item.font,
                    item.upright,
                    code_point < text.size() && is_whitespace(text[code_point]),
                    code_point < text.size() && script_class(text[code_point]) == ScriptClass::MongolianControl,
                    code_point,
                    static_cast<float>(shaped.advance) * scale,
                    static_cast<float>(shaped.offset_x) * scale,
                    static_cast<float>(shaped.offset_y) * scale};
}

// Cuts the last kept line so that an ellipsis fits, and appends the ellipsis glyphs.
void append_ellipsis(std::vector<GlyphRef>& glyphs, LineRange& line, float limit, const FontSet& fonts,
                     Shaper& shaper, float size_px) {
    const GlyphRef* last = line.glyph_end > line.glyph_begin ? &glyphs[line.glyph_end - 1] : nullptr;
    uint16_t font = last != nullptr ? last->font : 0;
    const bool upright = last != nullptr && last->upright;
    char32_t mark = 0x2026;
    if (fonts.at(font).role() == FontRole::Mongolian && fonts.at(font).covers(0x1801)) {
        mark = 0x1801;  // MONGOLIAN ELLIPSIS
    } else if (!fonts.at(font).covers(mark)) {
        for (size_t f = 0; f < fonts.size(); ++f) {
            if (fonts.at(f).covers(mark)) {
                font = static_cast<uint16_t>(f);
                break;
            }
        }
    }
    const std::vector<char32_t> text{mark};
    const Item item{0, 1, font, upright, mark == 0x1801 ? ScriptClass::Mongolian : ScriptClass::Common};
    const auto run = shaper.shape(fonts, text, item);
    std::vector<GlyphRef> mark_glyphs;
    float mark_length = 0.0f;
    for (const auto& shaped : run->glyphs) {
        mark_glyphs.push_back(make_ref(fonts, item, shaped, text, size_px));
        mark_length += mark_glyphs.back().advance;
    }
    const uint32_t cut_code_point = line.glyph_end < glyphs.size() ? glyphs[line.glyph_end].code_point
                                                                   : (last != nullptr ? last->code_point : 0);
    float length = 0.0f;
    for (uint32_t g = line.glyph_begin; g < line.glyph_end; ++g) length += glyphs[g].advance;
    uint32_t end = line.glyph_end;
    while (end > line.glyph_begin &&
           (length + mark_length > limit || glyphs[end - 1].whitespace ||
            (end < line.glyph_end && glyphs[end].code_point == glyphs[end - 1].code_point))) {
        length -= glyphs[end - 1].advance;
        --end;
    }
    glyphs.resize(end);
    for (auto& mark_glyph : mark_glyphs) {
        mark_glyph.code_point = cut_code_point;
        glyphs.push_back(mark_glyph);
    }
    line.glyph_end = static_cast<uint32_t>(glyphs.size());
    line.length = length + mark_length;
    line.trailing_space = 0.0f;
    line.hard_end = true;
}

}  // namespace

Layout lay_out(std::string_view text, const TextStyle& style, const FontSet& fonts, Shaper& shaper) {
    Layout out;
    out.mode = style.mode;
    out.size_px = style.size_px;
    const DecodedText decoded = decode_utf8(text);
    const auto& cps = decoded.code_points;
    out.warnings.invalid_utf8 = decoded.invalid_sequences;
    out.warnings.first_invalid_byte = decoded.first_invalid_offset;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (is_private_use(cps[i]) && out.warnings.private_use++ == 0) {
            out.warnings.first_private_use_byte = decoded.byte_offsets[i];
        }
    }
    if (cps.empty() || fonts.size() == 0) return out;

    const Itemization itemization = itemize(cps, style.mode, fonts);
    out.warnings.missing_glyphs = itemization.missing_glyphs;
    if (itemization.missing_glyphs > 0) {
        out.warnings.first_missing_byte = decoded.byte_offsets[itemization.first_missing_index];
    }

    std::vector<GlyphRef> glyphs;
    glyphs.reserve(cps.size());
    std::vector<bool> used(fonts.size(), false);
    for (const Item& item : itemization.items) {
        used[item.font] = true;
        const auto run = shaper.shape(fonts, cps, item);
        for (const auto& shaped : run->glyphs) glyphs.push_back(make_ref(fonts, item, shaped, cps, style.size_px));
    }
    const LineMetrics metrics = line_metrics(fonts, used, style);
    out.line_pitch = metrics.pitch;

    const bool vertical = style.mode == LayoutMode::Vertical;
    const float along_box = vertical ? style.box_height : style.box_width;
    const float across_box = vertical ? style.box_width : style.box_height;
    const float limit = along_box > 0.0f ? along_box : std::numeric_limits<float>::infinity();

    std::vector<LineRange> lines = fit_lines(glyphs, split_segments(glyphs, find_line_breaks(cps)), limit);

    size_t max_lines = style.max_lines > 0 ? static_cast<size_t>(style.max_lines) : lines.size();
    if (across_box > 0.0f) {
        const auto fitting = static_cast<size_t>(std::floor((across_box + 0.5f) / metrics.pitch));
        max_lines = std::min(max_lines, std::max<size_t>(fitting, 1));
    }
    if (lines.size() > max_lines) {
        out.warnings.truncated = true;
        lines.resize(max_lines);
        append_ellipsis(glyphs, lines.back(), limit, fonts, shaper, style.size_px);
    } else if (!lines.empty() && lines.back().length > limit) {
        out.warnings.truncated = true;
    }

    float longest = 0.0f;
    for (const auto& line : lines) longest = std::max(longest, line.length);
    const float align_length = along_box > 0.0f ? along_box : longest;

    out.glyphs.reserve(glyphs.size());
    for (size_t index = 0; index < lines.size(); ++index) {
        const LineRange& line = lines[index];
        const bool last_line = index + 1 == lines.size();
        uint32_t content_end = line.glyph_end;
        while (content_end > line.glyph_begin && glyphs[content_end - 1].whitespace) --content_end;
        float start = 0.0f;
        float stretch = 0.0f;
        const float room = std::max(align_length - line.length, 0.0f);
        switch (style.align) {
            case Align::Start: break;
            case Align::Center: start = room / 2.0f; break;
            case Align::End: start = room; break;
            case Align::Justify: {
                if (line.hard_end || last_line) break;
                uint32_t spaces = 0;
                for (uint32_t g = line.glyph_begin; g < content_end; ++g) {
                    if (is_stretchable_space(cps[glyphs[g].code_point])) ++spaces;
                }
                if (spaces > 0) stretch = room / static_cast<float>(spaces);
                break;
            }
        }
        const float line_origin = static_cast<float>(index) * metrics.pitch;
        const float stem = std::round(line_origin + metrics.stem_offset);
        const float baseline =
            std::round(line_origin + (metrics.pitch - metrics.ascender - metrics.descender) / 2.0f + metrics.ascender);
        float pen = start;
        LayoutLine laid{static_cast<uint32_t>(out.glyphs.size()), 0, line.length};
        for (uint32_t g = line.glyph_begin; g < line.glyph_end; ++g) {
            const GlyphRef& ref = glyphs[g];
            PositionedGlyph placed;
            placed.glyph_id = ref.glyph_id;
            placed.font = ref.font;
            placed.upright = ref.upright;
            placed.cluster = decoded.byte_offsets[std::min<size_t>(ref.code_point, cps.size())];
            placed.line = static_cast<uint32_t>(index);
            if (!vertical) {
                placed.x = pen + ref.offset_x;
                placed.y = baseline - ref.offset_y;
            } else if (ref.upright) {
                placed.x = stem + ref.offset_x;
                placed.y = pen - ref.offset_y;
            } else {
                const Font& font = fonts.at(ref.font);
                const float glyph_baseline = stem - std::round(stem_above_baseline(font) * style.size_px);
                placed.x = glyph_baseline + ref.offset_y;
                placed.y = pen + ref.offset_x;
            }
            out.glyphs.push_back(placed);
            pen += ref.advance;
            if (stretch > 0.0f && g < content_end && is_stretchable_space(cps[ref.code_point])) pen += stretch;
        }
        laid.glyph_count = static_cast<uint32_t>(out.glyphs.size()) - laid.first_glyph;
        out.lines.push_back(laid);
    }
    const float across = static_cast<float>(lines.size()) * metrics.pitch;
    out.width = vertical ? across : longest;
    out.height = vertical ? longest : across;
    return out;
}

std::vector<std::string> describe_warnings(const LayoutWarnings& warnings) {
    std::vector<std::string> lines;
    if (warnings.invalid_utf8 > 0) {
        lines.push_back("text is not valid UTF-8: " + std::to_string(warnings.invalid_utf8) +
                        " broken byte sequence(s), the first at byte " + std::to_string(warnings.first_invalid_byte) +
                        "; they are shown as the replacement character. Save the text as UTF-8 and publish again.");
    }
    if (warnings.private_use > 0) {
        lines.push_back("text contains " + std::to_string(warnings.private_use) +
                        " private-use character(s), the first at byte " +
                        std::to_string(warnings.first_private_use_byte) +
                        ": this looks like Menksoft or Delehi shape codes, which only display in their vendor's font. "
                        "Convert the text to standard Unicode Mongolian (GB/T 25914) before publishing.");
    }
    if (warnings.missing_glyphs > 0) {
        lines.push_back("no shipped font has " + std::to_string(warnings.missing_glyphs) +
                        " character(s), the first at byte " + std::to_string(warnings.first_missing_byte) +
                        "; they show as empty boxes.");
    }
    if (warnings.truncated) lines.push_back("text did not fit its box and was cut with an ellipsis.");
    return lines;
}

}  // namespace fl::text
