// Itemization: script runs, font fallback that keeps Mongolian words whole, UAX #50 orientation.
#include <doctest/doctest.h>

#include "test_support.h"
#include "text/itemizer.h"
#include "core/utf8.h"

namespace fl::test {
namespace {

std::vector<text::Item> items_of(const std::string& utf8, text::LayoutMode mode, const text::FontSet& fonts) {
    return text::itemize(decode_utf8(utf8).code_points, mode, fonts).items;
}

size_t font_index(const text::FontSet& fonts, text::FontRole role) {
    for (size_t f = 0; f < fonts.size(); ++f) {
        if (fonts.at(f).role() == role) return f;
    }
    FAIL("no font with that role");
    return 0;
}

}  // namespace

TEST_CASE("the mixed hotline line splits into Mongolian, digits and upright Han") {
    const auto& fonts = *shipped_fonts();
    // ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线
    const auto items = items_of("ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线", text::LayoutMode::Vertical, fonts);
    REQUIRE(items.size() == 3);
    CHECK(items[0].font == font_index(fonts, text::FontRole::Mongolian));
    CHECK_FALSE(items[0].upright);
    CHECK(items[0].start == 0);
    CHECK(items[0].end == 7);  // 5 letters, the colon and the space
    CHECK(items[1].font == font_index(fonts, text::FontRole::Latin));
    CHECK_FALSE(items[1].upright);
    CHECK(items[2].font == font_index(fonts, text::FontRole::Han));
    CHECK(items[2].upright);
    CHECK(items[2].end == 19);
}

TEST_CASE("format controls stay in their word's run and font, whatever the fallback order") {
    for (const auto& fonts : {shipped_fonts(), latin_first_fonts()}) {
        // ᠮᠣᠩᠭᠣᠯ + NNBSP + ᠤᠨ, and ᠠᠨᠠ + MVS + ᠠ, and a FVS1
        const auto items = items_of("ᠮᠣᠩᠭᠣᠯ\u202Fᠤᠨ ᠠᠨᠠ\u180Eᠠ ᠠ\u180B", text::LayoutMode::Vertical, *fonts);
        REQUIRE(items.size() == 1);
        CHECK(fonts->at(items[0].font).role() == text::FontRole::Mongolian);
    }
}

TEST_CASE("horizontal mode never stands glyphs upright for vertical shaping") {
    for (const auto& item : items_of("法律 ᠮᠣᠩᠭᠣᠯ abc", text::LayoutMode::Horizontal, *shipped_fonts())) {
        CHECK_FALSE(item.upright);
    }
}

TEST_CASE("brackets stand upright among Han and turn with Mongolian (UTN #57)") {
    const auto& fonts = *shipped_fonts();
    const auto han = items_of("《法律》", text::LayoutMode::Vertical, fonts);
    REQUIRE(han.size() == 1);
    CHECK(han[0].upright);
    const auto mongolian = items_of("ᠮᠣᠩᠭᠣᠯ《ᠬᠡᠯᠡ》", text::LayoutMode::Vertical, fonts);
    for (const auto& item : mongolian) CHECK_FALSE(item.upright);
}

TEST_CASE("Chinese punctuation comes from the CJK face, not the Mongolian face that also has it") {
    const auto& fonts = *shipped_fonts();
    REQUIRE(fonts.at(font_index(fonts, text::FontRole::Mongolian)).covers(0x3001));
    const auto items = items_of("法律、援助", text::LayoutMode::Vertical, fonts);
    REQUIRE(items.size() == 1);
    CHECK(items[0].font == font_index(fonts, text::FontRole::Han));
}

TEST_CASE("characters no font has are counted") {
    const auto result = text::itemize(decode_utf8("ab\U0001F600c").code_points, text::LayoutMode::Horizontal,
                                      *shipped_fonts());
    CHECK(result.missing_glyphs == 1);
    CHECK(result.first_missing_index == 2);
}

TEST_CASE("line separators are left out of every item") {
    const auto items = items_of("ab\ncd", text::LayoutMode::Horizontal, *shipped_fonts());
    REQUIRE(items.size() == 2);
    CHECK(items[0].end == 2);
    CHECK(items[1].start == 3);
}

}  // namespace fl::test
