// Subtitle overlay: Mongolian columns left, Chinese centred at the bottom, inside the safe area, apart.
#include "ui/widgets/subtitle_overlay.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <variant>

#include "feed/catalog.h"
#include "text/font.h"
#include "text/text_engine.h"
#include "ui/theme/theme.h"

namespace fl::ui {
namespace {

// Written for these tests: "family law: divorce, property and the raising of children" and the like.
const std::string kMongolian1 = "ᠭᠡᠷ ᠪᠦᠯᠢ ᠶᠢᠨ ᠬᠠᠤᠯᠢ";
const std::string kMongolian3 = "ᠡᠳ ᠬᠥᠷᠦᠩᠭᠡ ᠬᠤᠪᠢᠶᠠᠬᠤ";
const std::string kMongolian2 = "ᠭᠡᠷᠡᠯᠲᠡ ᠡᠴᠡ ᠰᠠᠯᠬᠤ ᠳᠤ ᠡᠳ ᠬᠥᠷᠦᠩᠭᠡ ᠶᠢ ᠬᠡᠷᠬᠢᠨ ᠬᠤᠪᠢᠶᠠᠬᠤ ᠪᠤᠢ";
const std::string kChinese1 = "离婚时财产怎么分";
const std::string kChineseLong =
    "夫妻共同财产原则上平均分割，子女由谁抚养，以最有利于未成年子女的原则确定，"
    "当事人可以向人民法院起诉，也可以申请法律援助，还可以拨打一二三四八热线咨询律师，"
    "法院会依法保护妇女和儿童的合法权益。";

struct OverlayFixture {
    std::unique_ptr<text::TextEngine> engine = std::move(text::TextEngine::with_default_fonts()).value();
    Strings strings = std::move(Strings::load(FL_UI_SOURCE_DIR "/i18n")).value();
    feed::Catalog catalog = std::move(feed::load_catalog(FL_DEMO_SOURCE_DIR "/catalog.json")).value();
    Settings settings;
    UiContext context{*engine, strings, catalog, settings, 1.0f, 1920.0f, 1080.0f, "test"};

    DrawList draw(std::vector<std::string> mongolian, std::vector<std::string> chinese, SubtitleMode mode) {
        DrawList list;
        draw_subtitles(list, context, SubtitleOverlayInput{std::move(mongolian), std::move(chinese), mode});
        return list;
    }
    text::FontRole role(const text::PositionedGlyph& glyph) const { return context.text.fonts().at(glyph.font).role(); }
};

std::vector<DrawText> texts_in(const DrawList& list, text::LayoutMode mode) {
    std::vector<DrawText> out;
    for (const auto& command : list.commands) {
        if (const auto* text = std::get_if<DrawText>(&command); text != nullptr && text->layout->mode == mode) {
            out.push_back(*text);
        }
    }
    return out;
}

std::vector<FillRect> fills_in(const DrawList& list) {
    std::vector<FillRect> out;
    for (const auto& command : list.commands) {
        if (const auto* fill = std::get_if<FillRect>(&command)) out.push_back(*fill);
    }
    return out;
}

struct Bounds {
    float left = std::numeric_limits<float>::max(), top = std::numeric_limits<float>::max();
    float right = std::numeric_limits<float>::lowest(), bottom = std::numeric_limits<float>::lowest();
};

// Where the glyph origins of a drawn text fall on the screen.
Bounds glyph_origins(const DrawText& text) {
    Bounds b;
    for (const auto& glyph : text.layout->glyphs) {
        b.left = std::min(b.left, text.x + glyph.x);
        b.right = std::max(b.right, text.x + glyph.x);
        b.top = std::min(b.top, text.y + glyph.y);
        b.bottom = std::max(b.bottom, text.y + glyph.y);
    }
    return b;
}

bool inside(const Rect& inner, const Rect& outer, float slack = 0.5f) {
    return inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.right() <= outer.right() + slack &&
           inner.bottom() <= outer.bottom() + slack;
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

const Rect kSafe{theme::kSafeX, theme::kSafeY, theme::kDesignWidth - 2 * theme::kSafeX,
                 theme::kDesignHeight - 2 * theme::kSafeY};

}  // namespace

TEST_CASE("mode Both: Mongolian columns at the left of the safe area, Chinese centred at its bottom, apart") {
    OverlayFixture f;
    const DrawList list = f.draw({kMongolian1, kMongolian3}, {kChinese1}, SubtitleMode::Both);

    const auto vertical = texts_in(list, text::LayoutMode::Vertical);
    const auto horizontal = texts_in(list, text::LayoutMode::Horizontal);
    REQUIRE(vertical.size() == 1);
    REQUIRE(horizontal.size() == 1);
    const auto fills = fills_in(list);
    REQUIRE(fills.size() == 2);
    const DrawText& mongolian = vertical[0];
    const DrawText& chinese = horizontal[0];

    // The bands: translucent, dark, inside the safe area; which is which by position.
    const Rect zh_band = fills[0].rect.y > fills[1].rect.y ? fills[0].rect : fills[1].rect;
    const Rect mn_band = fills[0].rect.y > fills[1].rect.y ? fills[1].rect : fills[0].rect;
    for (const FillRect& fill : fills) {
        CHECK(fill.color.a > 0);
        CHECK(fill.color.a < 255);
        CHECK(int{fill.color.r} + fill.color.g + fill.color.b < 3 * 64);
        CHECK(inside(fill.rect, kSafe));
    }
    CHECK_FALSE(overlap(mn_band, zh_band));
    CHECK(mn_band.bottom() < zh_band.y);
    CHECK(mongolian.color.r > 200);
    CHECK(chinese.color.r > 200);

    // Mongolian: vertical glyphs from the Mongolian font, in columns left to right, in the left part, above Chinese.
    REQUIRE_FALSE(mongolian.layout->glyphs.empty());
    REQUIRE(mongolian.layout->lines.size() == 2);  // one column per cue line
    std::vector<Bounds> columns(mongolian.layout->lines.size());
    for (const auto& glyph : mongolian.layout->glyphs) {
        CHECK(f.role(glyph) == text::FontRole::Mongolian);
        REQUIRE(glyph.line < columns.size());
        Bounds& c = columns[glyph.line];
        const float x = mongolian.x + glyph.x, y = mongolian.y + glyph.y;
        c.left = std::min(c.left, x);
        c.right = std::max(c.right, x);
        c.top = std::min(c.top, y);
        c.bottom = std::max(c.bottom, y);
    }
    for (size_t i = 0; i < columns.size(); ++i) {
        CAPTURE(i);
        CHECK(columns[i].right - columns[i].left < mongolian.layout->line_pitch);      // a column is narrow ...
        CHECK(columns[i].bottom - columns[i].top > 3 * mongolian.layout->line_pitch);  // ... and runs down
        if (i > 0) CHECK(columns[i].left > columns[i - 1].right);                      // left to right
    }
    const Bounds mn = glyph_origins(mongolian);
    CHECK(mn.left >= theme::kSafeX);
    CHECK(mn.right < theme::kSafeX + 300.0f);  // the left part of the picture
    CHECK(mn.top >= theme::kSafeY);
    CHECK(mn.bottom < zh_band.y);
    CHECK(inside(Rect{mongolian.x, mongolian.y, mongolian.layout->width, mongolian.layout->height}, mn_band));

    // Chinese: horizontal, at the bottom, above the bottom safe margin, centred (equal margins).
    REQUIRE_FALSE(chinese.layout->glyphs.empty());
    CHECK(chinese.layout->lines.size() == 1);
    for (const auto& glyph : chinese.layout->glyphs) CHECK(f.role(glyph) == text::FontRole::Han);
    const Bounds zh = glyph_origins(chinese);
    const float ink_right = zh.right + chinese.layout->size_px;  // Han glyphs are one em wide
    CHECK(zh.bottom < theme::kDesignHeight - theme::kSafeY);
    CHECK(zh.top > theme::kDesignHeight * 0.8f);
    CHECK(std::abs(zh.left - (theme::kDesignWidth - ink_right)) <= 3.0f);
    CHECK(std::abs(zh_band.x - (theme::kDesignWidth - zh_band.right())) <= 1.0f);
    CHECK(zh_band.bottom() == doctest::Approx(theme::kDesignHeight - theme::kSafeY));
    CHECK(zh.left > zh_band.x);
    CHECK(ink_right < zh_band.right());
    CHECK(zh.top > zh_band.y);
    CHECK(zh.bottom < zh_band.bottom());
}

TEST_CASE("long Chinese wraps to 2 centred lines and is cut with an ellipsis, Mongolian stays above its band") {
    OverlayFixture f;
    const DrawList list =
        f.draw({kMongolian2 + " " + kMongolian2 + " " + kMongolian2, kMongolian1, kMongolian1, kMongolian1},
               {kChineseLong}, SubtitleMode::Both);
    const auto horizontal = texts_in(list, text::LayoutMode::Horizontal);
    const auto vertical = texts_in(list, text::LayoutMode::Vertical);
    REQUIRE(horizontal.size() == 1);
    REQUIRE(vertical.size() == 1);
    const DrawText& chinese = horizontal[0];
    const DrawText& mongolian = vertical[0];

    CHECK(chinese.layout->lines.size() == 2);
    CHECK(chinese.layout->warnings.truncated);
    const Bounds zh = glyph_origins(chinese);
    CHECK(zh.left >= theme::kSafeX);
    CHECK(zh.right + chinese.layout->size_px <= theme::kDesignWidth - theme::kSafeX);
    CHECK(zh.bottom < theme::kDesignHeight - theme::kSafeY);
    // Each line centred on its own.
    for (const auto& line : chinese.layout->lines) {
        const auto& first = chinese.layout->glyphs[line.first_glyph];
        const float left = chinese.x + first.x;
        const float right = left + line.length;
        CHECK(std::abs(left - (theme::kDesignWidth - right)) <= 3.0f);
    }

    // 4 lines of Mongolian, the first longer than a column: 3 columns and an ellipsis.
    CHECK(mongolian.layout->lines.size() == 3);
    CHECK(mongolian.layout->warnings.truncated);
    const auto fills = fills_in(list);
    REQUIRE(fills.size() == 2);
    const Rect zh_band = fills[0].rect.y > fills[1].rect.y ? fills[0].rect : fills[1].rect;
    const Rect mn_band = fills[0].rect.y > fills[1].rect.y ? fills[1].rect : fills[0].rect;
    CHECK_FALSE(overlap(mn_band, zh_band));
    CHECK(glyph_origins(mongolian).bottom < zh_band.y);
    CHECK(mongolian.y + mongolian.layout->height < zh_band.y);
    CHECK(inside(mn_band, kSafe));
    CHECK(inside(zh_band, kSafe));
}

TEST_CASE("the Mongolian column height is the same for 1 and 2 Chinese lines, and longer without Chinese") {
    OverlayFixture f;
    const std::string long_mongolian = kMongolian2 + " " + kMongolian2 + " " + kMongolian2 + " " + kMongolian2;
    auto column_height = [&](std::vector<std::string> chinese, SubtitleMode mode) {
        const DrawList list = f.draw({long_mongolian}, std::move(chinese), mode);
        const auto vertical = texts_in(list, text::LayoutMode::Vertical);
        REQUIRE(vertical.size() == 1);
        return vertical[0].layout->height;
    };
    const float one_line = column_height({kChinese1}, SubtitleMode::Both);
    const float two_lines = column_height({kChineseLong}, SubtitleMode::Both);
    const float alone = column_height({}, SubtitleMode::Mongolian);
    CHECK(one_line == two_lines);
    CHECK(alone > one_line + 100.0f);
    CHECK(theme::kSafeY + alone < theme::kDesignHeight - theme::kSafeY);
}

TEST_CASE("mode Off draws nothing, no lines or blank lines draw nothing") {
    OverlayFixture f;
    CHECK(f.draw({kMongolian1}, {kChinese1}, SubtitleMode::Off).commands.empty());
    CHECK(f.draw({}, {}, SubtitleMode::Both).commands.empty());
    CHECK(f.draw({"", "  "}, {" "}, SubtitleMode::Both).commands.empty());
    CHECK(f.draw({kMongolian1}, {}, SubtitleMode::Chinese).commands.empty());
    CHECK(f.draw({}, {kChinese1}, SubtitleMode::Mongolian).commands.empty());
}

TEST_CASE("mode Chinese draws no Mongolian glyphs, mode Mongolian no Chinese") {
    OverlayFixture f;
    const DrawList chinese_only = f.draw({kMongolian1}, {kChinese1}, SubtitleMode::Chinese);
    CHECK(texts_in(chinese_only, text::LayoutMode::Vertical).empty());
    REQUIRE(texts_in(chinese_only, text::LayoutMode::Horizontal).size() == 1);
    CHECK(fills_in(chinese_only).size() == 1);
    size_t han = 0;
    for (const auto& command : chinese_only.commands) {
        if (const auto* text = std::get_if<DrawText>(&command)) {
            for (const auto& glyph : text->layout->glyphs) {
                CHECK(f.role(glyph) != text::FontRole::Mongolian);
                han += f.role(glyph) == text::FontRole::Han ? 1 : 0;
            }
        }
    }
    CHECK(han > 0);

    const DrawList mongolian_only = f.draw({kMongolian1}, {kChinese1}, SubtitleMode::Mongolian);
    CHECK(texts_in(mongolian_only, text::LayoutMode::Horizontal).empty());
    REQUIRE(texts_in(mongolian_only, text::LayoutMode::Vertical).size() == 1);
    for (const auto& command : mongolian_only.commands) {
        if (const auto* text = std::get_if<DrawText>(&command)) {
            for (const auto& glyph : text->layout->glyphs) CHECK(f.role(glyph) != text::FontRole::Han);
        }
    }
}

TEST_CASE("at 4K the overlay scales: same places, twice the pixels") {
    OverlayFixture f;
    f.context.scale = 2.0f;
    f.context.screen_width = 3840.0f;
    f.context.screen_height = 2160.0f;
    const DrawList list = f.draw({kMongolian1}, {kChinese1}, SubtitleMode::Both);
    const auto fills = fills_in(list);
    REQUIRE(fills.size() == 2);
    const Rect zh_band = fills[0].rect.y > fills[1].rect.y ? fills[0].rect : fills[1].rect;
    const Rect mn_band = fills[0].rect.y > fills[1].rect.y ? fills[1].rect : fills[0].rect;
    CHECK(zh_band.bottom() == doctest::Approx(2 * (theme::kDesignHeight - theme::kSafeY)));
    CHECK(std::abs(zh_band.x - (3840.0f - zh_band.right())) <= 2.0f);
    CHECK(mn_band.x == doctest::Approx(2 * theme::kSafeX));
    CHECK(mn_band.y == doctest::Approx(2 * theme::kSafeY));
    const auto horizontal = texts_in(list, text::LayoutMode::Horizontal);
    REQUIRE(horizontal.size() == 1);
    CHECK(horizontal[0].layout->size_px == doctest::Approx(2 * kSubtitleChineseSize));
}

}  // namespace fl::ui
