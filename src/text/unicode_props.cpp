// Character property lookups: ICU for script and UAX #50 orientation, small tables for Mongolian specifics.
#include "text/unicode_props.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace fl::text {

ScriptClass script_class(char32_t cp) {
    if ((cp >= 0x180A && cp <= 0x180F) || cp == 0x202F || cp == 0x200C || cp == 0x200D) {
        return ScriptClass::MongolianControl;
    }
    if (cp >= 0x1800 && cp <= 0x18AF) return ScriptClass::Mongolian;
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0xFE10 && cp <= 0xFE1F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F)) {
        return ScriptClass::Han;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (U_FAILURE(status)) return ScriptClass::Common;
    switch (script) {
        case USCRIPT_HAN:
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_BOPOMOFO:
        case USCRIPT_HANGUL:
            return ScriptClass::Han;
        case USCRIPT_COMMON:
        case USCRIPT_INHERITED:
        case USCRIPT_UNKNOWN:
            return ScriptClass::Common;
        default:
            return ScriptClass::Other;
    }
}

VerticalOrientation vertical_orientation(char32_t cp) {
    // UTN #57: Mongolian punctuation always turns with the Mongolian text.
    if (cp >= 0x1800 && cp <= 0x18AF) return VerticalOrientation::Rotated;
    switch (u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_VERTICAL_ORIENTATION)) {
        case U_VO_UPRIGHT:
        case U_VO_TRANSFORMED_UPRIGHT:
            return VerticalOrientation::Upright;
        case U_VO_TRANSFORMED_ROTATED:
            return VerticalOrientation::UprightIfHanRun;
        default:
            return VerticalOrientation::Rotated;
    }
}

bool forbids_line_start(char32_t cp) {
    switch (cp) {
        case ',': case '.': case '!': case '?': case ';': case ':': case ')': case ']': case '}':
        case 0x1802: case 0x1803: case 0x1808: case 0x1809:  // Mongolian comma, full stop, Manchu comma/stop
        case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A:
        case 0xFF09: case 0x300B: case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3009: case 0x2026:
        case 0x1801:  // Mongolian ellipsis
            return true;
        default:
            return false;
    }
}

bool forbids_line_end(char32_t cp) {
    switch (cp) {
        case '(': case '[': case '{':
        case 0xFF08: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3008:
            return true;
        default:
            return false;
    }
}

bool is_line_separator(char32_t cp) {
    return cp == 0x0A || cp == 0x0B || cp == 0x0C || cp == 0x0D || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

bool is_stretchable_space(char32_t cp) { return cp == 0x20; }

}  // namespace fl::text
