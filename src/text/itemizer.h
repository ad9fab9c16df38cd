// Itemization: splits a paragraph into runs of one font and one orientation, never splitting a Mongolian word.
#pragma once

#include <cstdint>
#include <vector>

#include "text/unicode_props.h"

namespace fl::text {

class FontSet;

enum class LayoutMode : uint8_t { Vertical, Horizontal };

struct Item {
    uint32_t start = 0;  // code point index in the paragraph
    uint32_t end = 0;    // one past the last code point
    uint16_t font = 0;   // index into the FontSet
    bool upright = false;  // vertical mode only: shaped top to bottom with vertical forms, not rotated
    ScriptClass script = ScriptClass::Common;  // the strong script of the run, for HarfBuzz's properties
};

struct Itemization {
    std::vector<Item> items;
    uint32_t missing_glyphs = 0;        // characters no font covers (drawn as .notdef)
    uint32_t first_missing_index = 0;   // code point index of the first one
};

// Line separators are left out of every item: they become mandatory breaks, not glyphs.
Itemization itemize(const std::vector<char32_t>& text, LayoutMode mode, const FontSet& fonts);

}  // namespace fl::text
