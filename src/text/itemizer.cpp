// Itemization rules: Mongolian words pick one font for the whole word; Han prefers the CJK face; spaces and
// punctuation join their neighbours; in vertical mode UAX #50 decides which runs stand upright.
#include "text/itemizer.h"

#include <limits>
#include <optional>

#include "text/font.h"

namespace fl::text {
namespace {

constexpr uint16_t kUnassigned = std::numeric_limits<uint16_t>::max();

bool is_strong(ScriptClass c) { return c == ScriptClass::Mongolian || c == ScriptClass::Han || c == ScriptClass::Other; }

ScriptClass classify(char32_t cp) {
    if (cp >= '0' && cp <= '9') return ScriptClass::Other;  // digits read as Latin, not as glue
    // Brackets belong to whichever text they enclose: CJK forms among Han, rotated Mongolian forms otherwise.
    if (vertical_orientation(cp) == VerticalOrientation::UprightIfHanRun) return ScriptClass::Common;
    return script_class(cp);
}

// First font of the given role that covers cp, else the first font that covers it at all.
std::optional<uint16_t> font_covering(const FontSet& fonts, char32_t cp, std::optional<FontRole> preferred) {
    if (preferred) {
        for (size_t f = 0; f < fonts.size(); ++f) {
            if (fonts.at(f).role() == *preferred && fonts.at(f).covers(cp)) return static_cast<uint16_t>(f);
        }
    }
    for (size_t f = 0; f < fonts.size(); ++f) {
        if (fonts.at(f).covers(cp)) return static_cast<uint16_t>(f);
    }
    return std::nullopt;
}

// The font that covers the most letters of a Mongolian word, earliest in the chain on ties. Format controls are
// not counted: HarfBuzz fakes them in any font, which is exactly how fallback breaks words.
uint16_t font_for_mongolian_word(const FontSet& fonts, const std::vector<char32_t>& text,
                                 const std::vector<ScriptClass>& classes, uint32_t begin, uint32_t end) {
    uint16_t best = 0;
    uint32_t best_count = 0;
    for (size_t f = 0; f < fonts.size(); ++f) {
        uint32_t count = 0;
        for (uint32_t i = begin; i < end; ++i) {
            if (classes[i] == ScriptClass::Mongolian && fonts.at(f).covers(text[i])) ++count;
        }
        if (count > best_count) {
            best = static_cast<uint16_t>(f);
            best_count = count;
        }
    }
    return best;
}

// Marks Mongolian words (letters with their FVS/MVS/NNBSP/ZWJ) with one font; stray controls become glue.
void assign_mongolian_words(const FontSet& fonts, const std::vector<char32_t>& text, std::vector<ScriptClass>& classes,
                            std::vector<uint16_t>& font_of) {
    const auto n = static_cast<uint32_t>(text.size());
    uint32_t i = 0;
    while (i < n) {
        if (classes[i] != ScriptClass::Mongolian && classes[i] != ScriptClass::MongolianControl) {
            ++i;
            continue;
        }
        uint32_t end = i;
        bool has_letter = false;
        while (end < n && (classes[end] == ScriptClass::Mongolian || classes[end] == ScriptClass::MongolianControl)) {
            has_letter = has_letter || classes[end] == ScriptClass::Mongolian;
            ++end;
        }
        if (has_letter) {
            const uint16_t font = font_for_mongolian_word(fonts, text, classes, i, end);
            for (uint32_t k = i; k < end; ++k) font_of[k] = font;
        } else {
            for (uint32_t k = i; k < end; ++k) classes[k] = ScriptClass::Common;
        }
        i = end;
    }
}

}  // namespace

Itemization itemize(const std::vector<char32_t>& text, LayoutMode mode, const FontSet& fonts) {
    Itemization result;
    const auto n = static_cast<uint32_t>(text.size());
    if (n == 0 || fonts.size() == 0) return result;

    std::vector<ScriptClass> classes(n);
    for (uint32_t i = 0; i < n; ++i) classes[i] = classify(text[i]);
    std::vector<uint16_t> font_of(n, kUnassigned);
    assign_mongolian_words(fonts, text, classes, font_of);

    auto note_missing = [&](uint32_t i) {
        if (result.missing_glyphs++ == 0) result.first_missing_index = i;
    };
    // Strong characters first, so that glue can look at both neighbours.
    for (uint32_t i = 0; i < n; ++i) {
        if (font_of[i] != kUnassigned || is_line_separator(text[i])) continue;
        if (classes[i] == ScriptClass::Han || classes[i] == ScriptClass::Other) {
            const auto role = classes[i] == ScriptClass::Han ? FontRole::Han : FontRole::Latin;
            const auto font = font_covering(fonts, text[i], role);
            if (!font) note_missing(i);
            font_of[i] = font.value_or(0);
        }
    }
    // Glue (spaces, punctuation, symbols): keep the previous character's font if it has the glyph.
    for (uint32_t i = 0; i < n; ++i) {
        if (font_of[i] != kUnassigned || is_line_separator(text[i])) continue;
        std::optional<uint16_t> font;
        if (i > 0 && font_of[i - 1] != kUnassigned && fonts.at(font_of[i - 1]).covers(text[i])) font = font_of[i - 1];
        for (uint32_t k = i + 1; !font && k < n && !is_line_separator(text[k]); ++k) {
            if (font_of[k] == kUnassigned) continue;
            if (fonts.at(font_of[k]).covers(text[i])) font = font_of[k];
            break;
        }
        if (!font) font = font_covering(fonts, text[i], FontRole::Latin);
        if (!font) note_missing(i);
        font_of[i] = font.value_or(0);
    }

    // Script of glue: the previous strong script, else the next one.
    std::vector<ScriptClass> run_script(n, ScriptClass::Common);
    ScriptClass last_strong = ScriptClass::Common;
    for (uint32_t i = 0; i < n; ++i) {
        if (is_strong(classes[i])) last_strong = classes[i];
        run_script[i] = classes[i] == ScriptClass::MongolianControl ? ScriptClass::Mongolian : last_strong;
    }
    ScriptClass next_strong = ScriptClass::Common;
    for (uint32_t i = n; i-- > 0;) {
        if (is_strong(classes[i])) next_strong = classes[i];
        if (run_script[i] == ScriptClass::Common) run_script[i] = next_strong;
    }

    auto upright_at = [&](uint32_t i) {
        if (mode == LayoutMode::Horizontal) return false;
        switch (vertical_orientation(text[i])) {
            case VerticalOrientation::Upright: return true;
            case VerticalOrientation::Rotated: return false;
            case VerticalOrientation::UprightIfHanRun: return run_script[i] == ScriptClass::Han;
        }
        return false;
    };

    for (uint32_t i = 0; i < n; ++i) {
        if (is_line_separator(text[i])) continue;
        const bool upright = upright_at(i);
        Item* last = result.items.empty() ? nullptr : &result.items.back();
        if (last != nullptr && last->end == i && last->font == font_of[i] && last->upright == upright &&
            last->script == run_script[i]) {
            last->end = i + 1;
        } else {
            result.items.push_back(Item{i, i + 1, font_of[i], upright, run_script[i]});
        }
    }
    return result;
}

}  // namespace fl::text
