// Text layout into a box: vertical Mongolian columns (left to right) or horizontal lines, with measurement.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/itemizer.h"

namespace fl::text {

class FontSet;
class Shaper;

enum class Align : uint8_t { Start, Center, End, Justify };

struct TextStyle {
    float size_px = 32.0f;
    LayoutMode mode = LayoutMode::Vertical;
    float box_width = 0.0f;   // 0 = unbounded
    float box_height = 0.0f;  // 0 = unbounded
    Align align = Align::Start;
    int max_lines = 0;         // lines (horizontal) or columns (vertical); 0 = as many as the box holds
    float line_spacing = 1.0f;  // multiplies the natural line pitch

    bool operator==(const TextStyle&) const = default;
};

struct PositionedGlyph {
    uint32_t glyph_id = 0;
    uint16_t font = 0;       // index into the FontSet
    bool upright = false;    // vertical mode: upright (not rotated); sideways glyphs are turned 90° clockwise
    uint32_t cluster = 0;    // byte offset of the glyph's first character in the input text
    uint32_t line = 0;       // line (horizontal) or column (vertical) index
    float x = 0.0f;          // glyph origin in pixels, top-left of the box is 0,0
    float y = 0.0f;
};

struct LayoutLine {
    uint32_t first_glyph = 0;
    uint32_t glyph_count = 0;
    float length = 0.0f;  // along the line, trailing spaces excluded
};

struct LayoutWarnings {
    uint32_t invalid_utf8 = 0;          // ill-formed sequences replaced by U+FFFD
    uint32_t first_invalid_byte = 0;
    uint32_t private_use = 0;           // U+E000-F8FF etc.: Menksoft/Delehi shape codes, not Unicode Mongolian
    uint32_t first_private_use_byte = 0;
    uint32_t missing_glyphs = 0;        // characters no shipped font has
    uint32_t first_missing_byte = 0;
    bool truncated = false;             // text did not fit the box: cut with an ellipsis
};

struct Layout {
    std::vector<PositionedGlyph> glyphs;
    std::vector<LayoutLine> lines;
    float width = 0.0f;        // extent of what was laid out, in pixels
    float height = 0.0f;
    float line_pitch = 0.0f;   // distance between lines or columns
    float size_px = 0.0f;
    LayoutMode mode = LayoutMode::Vertical;
    LayoutWarnings warnings;
};

// Lays out text with the given fonts; shaping goes through (and fills) the shaper's cache.
Layout lay_out(std::string_view text, const TextStyle& style, const FontSet& fonts, Shaper& shaper);

// Human-readable warnings, in English, for logs and the fl-text tool's stderr.
std::vector<std::string> describe_warnings(const LayoutWarnings& warnings);

}  // namespace fl::text
