// Layout: column order and orientation, breaking, alignment, truncation, measurement, caching, hostile input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "test_support.h"
#include "text/shaper.h"
#include "text/text_engine.h"
#include "core/utf8.h"

namespace fl::test {
namespace {

constexpr const char* kHotline = "ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线";

text::Layout lay(const std::string& utf8, const text::TextStyle& style,
                 const text::FontSet& fonts = *shipped_fonts()) {
    text::Shaper shaper;
    return text::lay_out(utf8, style, fonts, shaper);
}

text::TextStyle vertical(float box_width = 0, float box_height = 0) {
    text::TextStyle style;
    style.size_px = 48;
    style.mode = text::LayoutMode::Vertical;
    style.box_width = box_width;
    style.box_height = box_height;
    return style;
}

text::TextStyle horizontal(float box_width = 0, float box_height = 0) {
    auto style = vertical(box_width, box_height);
    style.mode = text::LayoutMode::Horizontal;
    return style;
}

// Byte offset of the first character of each line in the text.
std::vector<uint32_t> line_starts(const text::Layout& layout) {
    std::vector<uint32_t> starts;
    for (const auto& line : layout.lines) {
        if (line.glyph_count > 0) starts.push_back(layout.glyphs[line.first_glyph].cluster);
    }
    return starts;
}

}  // namespace

TEST_CASE("hotline line: Mongolian and digits sideways, Han upright, all in one column top to bottom") {
    const auto layout = lay(kHotline, vertical());
    REQUIRE(layout.lines.size() == 1);
    const std::string text = kHotline;
    const auto digits_at = static_cast<uint32_t>(text.find("12348"));
    const auto han_at = static_cast<uint32_t>(text.find("法"));
    float last_y = -1;
    for (const auto& glyph : layout.glyphs) {
        CHECK(glyph.y > last_y);  // top to bottom in logical order
        last_y = glyph.y;
        CHECK(glyph.upright == (glyph.cluster >= han_at));
        if (glyph.cluster >= digits_at && glyph.cluster < digits_at + 5) CHECK_FALSE(glyph.upright);
    }
    CHECK(layout.width == doctest::Approx(layout.line_pitch));
}

TEST_CASE("columns advance left to right and each column runs top to bottom") {
    const auto layout = lay(std::string(kHotline) + " " + kHotline + " " + kHotline, vertical(0, 300));
    REQUIRE(layout.lines.size() >= 4);
    for (size_t c = 0; c < layout.lines.size(); ++c) {
        const auto& line = layout.lines[c];
        for (uint32_t g = line.first_glyph; g < line.first_glyph + line.glyph_count; ++g) {
            const auto& glyph = layout.glyphs[g];
            CHECK(glyph.line == c);
            CHECK(glyph.x >= static_cast<float>(c) * layout.line_pitch - 1);
            CHECK(glyph.x < static_cast<float>(c + 1) * layout.line_pitch);
            CHECK(glyph.y <= 300.0f);
            if (g > line.first_glyph) CHECK(glyph.y > layout.glyphs[g - 1].y);
            if (g > 0) CHECK(glyph.cluster >= layout.glyphs[g - 1].cluster);
        }
    }
}

TEST_CASE("upright Han is centred on the Mongolian stem, sideways digits sit on it") {
    const auto layout = lay(kHotline, vertical());
    const auto& fonts = *shipped_fonts();
    const text::PositionedGlyph* han = nullptr;
    const text::PositionedGlyph* mongolian = nullptr;
    for (const auto& glyph : layout.glyphs) {
        if (glyph.upright && han == nullptr) han = &glyph;
        if (!glyph.upright && fonts.at(glyph.font).role() == text::FontRole::Mongolian && mongolian == nullptr) {
            mongolian = &glyph;
        }
    }
    REQUIRE(han != nullptr);
    REQUIRE(mongolian != nullptr);
    // Han: origin is half an em left of the stem. Mongolian: the stem is 0.40 em right of its baseline.
    const float stem_from_han = han->x + 0.5f * 48;
    const float stem_from_mongolian = mongolian->x + 0.40f * 48;
    CHECK(std::abs(stem_from_han - stem_from_mongolian) <= 1.0f);
}

TEST_CASE("line breaks never fall inside a Mongolian word, nor before an NNBSP suffix") {
    std::string text;
    std::vector<std::string> words;
    for (const auto& word : core_hud_words()) {
        // Particles that begin with MVS attach to the word before them; as free-standing words they are not text.
        if (word.text.rfind("\u180E", 0) != 0) words.push_back(word.text);
    }
    words.push_back("ᠮᠣᠩᠭᠣᠯ\u202Fᠤᠨ");
    words.push_back("ᠬᠡᠯᠡ\u202Fᠶᠢ");
    for (size_t i = 0; i < words.size(); ++i) text += (i > 0 ? " " : "") + words[(i * 7) % words.size()];
    float longest_word = 0;
    for (const auto& word : words) longest_word = std::max(longest_word, lay(word, vertical()).height);
    for (const float column_height : {longest_word + 1, longest_word * 1.5f, longest_word * 3}) {
        const auto layout = lay(text, vertical(0, column_height));
        REQUIRE(layout.lines.size() > 5);
        const auto starts = line_starts(layout);
        for (size_t line = 1; line < starts.size(); ++line) {
            const uint32_t start = starts[line];
            REQUIRE(start > 0);
            CHECK_MESSAGE(text[start - 1] == ' ', "column starts mid-word at byte " << start);
        }
    }
}

TEST_CASE("a word longer than the column is cut between clusters, never before MVS or NNBSP, nothing lost") {
    const std::string word = "ᠮᠣᠩᠭᠣᠯᠮᠣᠩᠭᠣᠯ ᠤᠨᠮᠣᠩᠭᠣᠯᠮᠣᠩᠭᠣᠯ᠎ᠠ";
    const auto unbroken = lay(word, vertical());
    for (const float column_height : {60.0f, 80.0f, 100.0f, 120.0f, 150.0f}) {
        const auto broken = lay(word, vertical(0, column_height));
        CHECK(broken.lines.size() > 1);
        CHECK(broken.glyphs.size() == unbroken.glyphs.size());
        CHECK_FALSE(broken.warnings.truncated);
        for (const uint32_t start : line_starts(broken)) {
            CHECK(word.compare(start, 3, "\u202F") != 0);
            CHECK(word.compare(start, 3, "\u180E") != 0);
        }
    }
}

TEST_CASE("a newline starts a new column, blank lines keep their column") {
    const auto layout = lay("ᠮᠣᠩᠭᠣᠯ\n\nᠬᠡᠯᠡ", vertical());
    REQUIRE(layout.lines.size() == 3);
    CHECK(layout.lines[1].glyph_count == 0);
    CHECK(layout.glyphs.back().x > layout.line_pitch * 2 - 1);
}

TEST_CASE("alignment: centre and end shift the line, justify stretches only spaces") {
    const std::string text = "法律援助 热线 电话 服务 群众 草原 承包 合同 纠纷 调解";
    auto style = horizontal(700, 0);
    const auto start = lay(text, style);
    style.align = text::Align::Center;
    const auto centre = lay(text, style);
    style.align = text::Align::End;
    const auto end = lay(text, style);
    style.align = text::Align::Justify;
    const auto justified = lay(text, style);
    REQUIRE(start.lines.size() >= 2);
    const auto& last = start.lines.back();
    const float room = 700 - last.length;
    CHECK(centre.glyphs[last.first_glyph].x == doctest::Approx(start.glyphs[last.first_glyph].x + room / 2));
    CHECK(end.glyphs[last.first_glyph].x == doctest::Approx(start.glyphs[last.first_glyph].x + room));

    // First line of the justified text ends at the box's edge; gaps inside words do not change.
    const auto& first = justified.lines.front();
    const auto& first_glyph_after_last = justified.glyphs[first.first_glyph + first.glyph_count - 1];
    CHECK(first_glyph_after_last.x + 48 == doctest::Approx(700).epsilon(0.02));
    CHECK(justified.glyphs[1].x - justified.glyphs[0].x == doctest::Approx(start.glyphs[1].x - start.glyphs[0].x));
    CHECK(justified.glyphs[4].x - justified.glyphs[3].x == doctest::Approx(start.glyphs[4].x - start.glyphs[3].x));
    CHECK(justified.glyphs[5].x - justified.glyphs[4].x > start.glyphs[5].x - start.glyphs[4].x + 1);  // after the space
    // The last line is not justified.
    CHECK(justified.glyphs[justified.lines.back().first_glyph].x ==
          doctest::Approx(start.glyphs[start.lines.back().first_glyph].x));
}

TEST_CASE("max lines: Mongolian columns end with the Mongolian ellipsis") {
    auto style = vertical(0, 300);
    style.max_lines = 2;
    const auto layout = lay("ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ", style);
    CHECK(layout.lines.size() == 2);
    CHECK(layout.warnings.truncated);
    const auto& fonts = *shipped_fonts();
    CHECK(fonts.at(layout.glyphs.back().font).glyph_name(layout.glyphs.back().glyph_id) == "uni1801");
    CHECK(layout.lines.back().length <= 300.0f);
}

TEST_CASE("the box's width limits the columns, Chinese lines end with …") {
    const auto columns = lay(std::string(kHotline) + " " + kHotline + " " + kHotline, vertical(130, 300));
    CHECK(columns.lines.size() == 1);
    CHECK(columns.warnings.truncated);

    auto style = horizontal(300, 0);
    style.max_lines = 1;
    const auto line = lay("法律援助热线为群众提供免费法律咨询服务", style);
    REQUIRE(line.lines.size() == 1);
    const auto& last = line.glyphs.back();
    const auto& fonts = *shipped_fonts();
    CHECK(fonts.at(last.font).role() == text::FontRole::Han);
    CHECK(line.lines[0].length <= 300.0f);
    CHECK(line.glyphs.size() < 10);
}

TEST_CASE("measurement answers how big a text is without drawing") {
    text::TextEngine engine(shipped_fonts());
    const auto one_column = engine.measure(kHotline, vertical());
    const auto wrapped = engine.measure(kHotline, vertical(0, 300));
    CHECK(one_column.width > 0);
    CHECK(one_column.height > 300);
    CHECK(wrapped.height <= 300);
    CHECK(wrapped.width == doctest::Approx(one_column.width * 3).epsilon(0.01));
    const auto line = engine.measure("法律援助", horizontal());
    CHECK(line.width == doctest::Approx(4 * 48));
}

TEST_CASE("an unchanged request is answered from the cache without shaping") {
    text::TextEngine engine(shipped_fonts());
    const auto first = engine.layout(kHotline, vertical());
    const size_t shaped = engine.shaper().misses();
    const auto second = engine.layout(kHotline, vertical());
    CHECK(first.get() == second.get());
    CHECK(engine.shaper().misses() == shaped);
    CHECK(engine.layout_hits() == 1);
    // A different box re-lays out, but shaping comes from the run cache.
    engine.layout(kHotline, vertical(0, 300));
    CHECK(engine.shaper().misses() == shaped);
}

TEST_CASE("empty text lays out to nothing") {
    const auto layout = lay("", vertical(100, 100));
    CHECK(layout.glyphs.empty());
    CHECK(layout.lines.empty());
    CHECK(layout.width == 0);
    CHECK(layout.height == 0);
}

TEST_CASE("invalid UTF-8 is drawn as U+FFFD and reported, the rest survives") {
    const auto layout = lay("ᠮᠣᠩᠭᠣᠯ \xFF\xFE 法律", vertical());
    CHECK(layout.warnings.invalid_utf8 == 2);
    CHECK(layout.warnings.first_invalid_byte == 19);
    CHECK(layout.glyphs.size() >= 10);
    const auto warnings = text::describe_warnings(layout.warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("Menksoft private-use codes are reported in words an editor understands") {
    const auto layout = lay("\uE26A\uE2B1\uE27E", vertical());
    CHECK(layout.warnings.private_use == 3);
    const auto warnings = text::describe_warnings(layout.warnings);
    REQUIRE_FALSE(warnings.empty());
    CHECK(warnings[0].find("Menksoft") != std::string::npos);
    CHECK(warnings[0].find("Unicode Mongolian") != std::string::npos);
}

TEST_CASE("one megabyte of text lays out into a box without trouble") {
    std::string text;
    while (text.size() < (1u << 20)) text += "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ 法律援助热线 12348 ";
    const auto layout = lay(text, vertical(3840, 2160));
    CHECK(layout.warnings.truncated);
    CHECK(layout.width <= 3840.0f);
    CHECK_FALSE(layout.glyphs.empty());
    const auto unbounded = lay(text, vertical(0, 2160));
    CHECK(unbounded.lines.size() > 1000);
    CHECK(unbounded.glyphs.size() > text.size() / 4);
}

}  // namespace fl::test
