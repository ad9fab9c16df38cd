// Shared helpers for the text tests: the shipped fonts, the core-hud word list, written units, running tools.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "process.h"
#include "text/font.h"
#include "text/layout.h"

namespace fl::test {

// The shipped fonts in manifest order (Mongolian, CJK, Latin).
std::shared_ptr<text::FontSet> shipped_fonts();
// The shipped fonts with the Latin face first: the order that breaks naive per-character fallback.
std::shared_ptr<text::FontSet> latin_first_fonts();

struct CoreHudWord {
    std::string id;
    std::string text;                     // UTF-8 built from the letter aliases
    std::vector<std::string> expected;    // written units, e.g. A N A Hx _ Aa
};
// The active (not commented out) entries of tests/data/mongolian/core-hud.tsv.
std::vector<CoreHudWord> core_hud_words();

// Written units of one glyph name after UTN #57 naming: "uni182E.M.init" -> M, "AGHx.medi" -> A G Hx,
// mvs.narrow -> _, mvs.wide and space -> -, FVS and nirugu glyphs -> nothing.
std::vector<std::string> written_units(const std::string& glyph_name);

// Written units of the glyphs of layout whose cluster lies in [begin, end) bytes of the text.
std::vector<std::string> written_units_of(const text::Layout& layout, const text::FontSet& fonts, uint32_t begin,
                                          uint32_t end);

std::string join(const std::vector<std::string>& parts, const std::string& separator = " ");

}  // namespace fl::test
