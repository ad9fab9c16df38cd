// The core-hud oracle: every active word gives its expected written units through our own pipeline.
#include <doctest/doctest.h>

#include "test_support.h"
#include "text/shaper.h"

namespace fl::test {
namespace {

// Lays out `before + word + after` and returns the written units of the word's own glyphs.
std::string units_in_context(const CoreHudWord& word, const text::FontSet& fonts, text::LayoutMode mode,
                             const std::string& before = "", const std::string& after = "") {
    text::Shaper shaper;
    text::TextStyle style;
    style.mode = mode;
    const std::string whole = before + word.text + after;
    const auto layout = text::lay_out(whole, style, fonts, shaper);
    const auto begin = static_cast<uint32_t>(before.size());
    return join(written_units_of(layout, fonts, begin, begin + static_cast<uint32_t>(word.text.size())));
}

void check_all_words(const text::FontSet& fonts, text::LayoutMode mode, const std::string& before = "",
                     const std::string& after = "") {
    const auto words = core_hud_words();
    REQUIRE(words.size() == 177);
    int failures = 0;
    for (const auto& word : words) {
        const std::string got = units_in_context(word, fonts, mode, before, after);
        const std::string expected = join(word.expected);
        if (got != expected) {
            ++failures;
            INFO(word.id << ": expected " << expected << ", got " << got);
            CHECK(got == expected);
        }
    }
    CHECK(failures == 0);
}

}  // namespace

TEST_CASE("core-hud: every word shapes to its written units in a vertical column") {
    check_all_words(*shipped_fonts(), text::LayoutMode::Vertical);
}

TEST_CASE("core-hud: every word shapes to its written units on a horizontal line") {
    check_all_words(*shipped_fonts(), text::LayoutMode::Horizontal);
}

TEST_CASE("core-hud: a Latin font first in the fallback chain does not split Mongolian words") {
    check_all_words(*latin_first_fonts(), text::LayoutMode::Vertical);
}

TEST_CASE("core-hud: words embedded in a Chinese sentence keep their forms") {
    check_all_words(*shipped_fonts(), text::LayoutMode::Vertical, "根据《法律援助法》，", "。请拨打12348。");
    check_all_words(*latin_first_fonts(), text::LayoutMode::Horizontal, "法律援助 ", " 热线");
}

TEST_CASE("written units follow the UTN #57 glyph naming") {
    CHECK(written_units("uni182E.M.init") == std::vector<std::string>{"M"});
    CHECK(written_units("AGHx.medi") == std::vector<std::string>{"A", "G", "Hx"});
    CHECK(written_units("mvs.narrow") == std::vector<std::string>{"_"});
    CHECK(written_units("space") == std::vector<std::string>{"-"});
    CHECK(written_units("uni180B").empty());
}

}  // namespace fl::test
