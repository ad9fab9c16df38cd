// Character properties the layout needs: script class for itemization, UAX #50 orientation, break rules.
#pragma once

#include <cstdint>

namespace fl::text {

enum class ScriptClass : uint8_t {
    Mongolian,         // U+1800-18AF letters, digits and punctuation
    MongolianControl,  // FVS1-4, MVS, nirugu, NNBSP, ZWJ, ZWNJ: always stay with the neighbouring word
    Han,               // ideographs, kana, hangul, CJK punctuation and fullwidth forms
    Other,             // letters of any other script (Latin, Cyrillic ...)
    Common,            // spaces, ASCII digits and punctuation, symbols, combining marks
};

ScriptClass script_class(char32_t cp);

// Unicode Vertical_Orientation (UAX #50), folded to what layout decides.
enum class VerticalOrientation : uint8_t {
    Upright,           // U, Tu: Han, kana, 、。！？
    Rotated,           // R: Mongolian, Latin, digits, spaces
    UprightIfHanRun,   // Tr: brackets; vertical alternates inside Chinese, rotated with Mongolian (UTN #57)
};
VerticalOrientation vertical_orientation(char32_t cp);

// Mongolian line-breaking rules (W3C mlreq) on top of UAX #14.
bool forbids_line_start(char32_t cp);  // closing punctuation, commas, full stops, ! ?
bool forbids_line_end(char32_t cp);    // opening brackets

bool is_line_separator(char32_t cp);   // LF, CR, VT, FF, NEL, LS, PS: mandatory break after
bool is_stretchable_space(char32_t cp);  // only U+0020 stretches when justifying

}  // namespace fl::text
