// Drawing: golden images rendered with the shipped fonts only, and the atlas's rotation of sideways glyphs.
#include <doctest/doctest.h>

#include <string>

#include "image_compare.h"
#include "platform/sdl/text_image.h"
#include "test_support.h"
#include "text/glyph_atlas.h"
#include "text/shaper.h"

namespace fl::test {
namespace {

struct GoldenCase {
    const char* name;
    const char* text;
    text::TextStyle style;
};

text::TextStyle style_of(text::LayoutMode mode, float size, float width, float height,
                         text::Align align = text::Align::Start) {
    text::TextStyle style;
    style.mode = mode;
    style.size_px = size;
    style.box_width = width;
    style.box_height = height;
    style.align = align;
    return style;
}

const GoldenCase kGoldens[] = {
    {"hotline-vertical", "ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线", style_of(text::LayoutMode::Vertical, 48, 0, 0)},
    {"mixed-box-vertical", "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线 ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ",
     style_of(text::LayoutMode::Vertical, 48, 400, 300)},
    {"chinese-justified", "家庭律师为农牧民提供免费法律咨询 工资拖欠 草原承包 婚姻家庭 借贷纠纷 请拨打12348",
     style_of(text::LayoutMode::Horizontal, 40, 640, 200, text::Align::Justify)},
    {"mongolian-horizontal", "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠤᠲᠠᠰᠤ᠄ 12348", style_of(text::LayoutMode::Horizontal, 48, 0, 0)},
};

SDL_Surface* render(const GoldenCase& golden, const text::FontSet& fonts, std::unique_ptr<sdl::OffscreenCanvas>& keep) {
    text::Shaper shaper;
    const auto layout = text::lay_out(golden.text, golden.style, fonts, shaper);
    auto image = sdl::render_text_image(layout, golden.style, fonts);
    REQUIRE(image.ok());
    keep = std::move(image).value();
    SDL_RenderFlush(keep->renderer());
    return keep->surface();
}

}  // namespace

TEST_CASE("golden images: the shipped fonts draw what was checked by eye") {
    for (const auto& golden : kGoldens) {
        CAPTURE(golden.name);
        std::unique_ptr<sdl::OffscreenCanvas> canvas;
        SDL_Surface* drawn = render(golden, *shipped_fonts(), canvas);
        std::string report;
        const bool same = matches_golden(drawn, std::string(FL_GOLDEN_DIR) + "/" + golden.name + ".png", report);
        INFO(report);
        CHECK(same);
    }
}

TEST_CASE("the comparison tells a different rendering from the golden") {
    GoldenCase shifted = kGoldens[0];
    shifted.text = "ᠤᠲᠠᠰᠤ᠄ 12349 法律援助热线";  // one digit changed
    std::unique_ptr<sdl::OffscreenCanvas> canvas;
    SDL_Surface* drawn = render(shifted, *shipped_fonts(), canvas);
    auto golden = sdl::load_png(std::string(FL_GOLDEN_DIR) + "/hotline-vertical.png");
    REQUIRE(golden.ok());
    CHECK_FALSE(looks_the_same(compare_images(golden.value().get(), drawn)));

    GoldenCase horizontal = kGoldens[0];
    horizontal.style.mode = text::LayoutMode::Horizontal;
    drawn = render(horizontal, *shipped_fonts(), canvas);
    CHECK_FALSE(looks_the_same(compare_images(golden.value().get(), drawn)));
}

TEST_CASE("a sideways glyph in the atlas is the upright bitmap turned 90 degrees clockwise") {
    const auto& fonts = *shipped_fonts();
    text::GlyphAtlas atlas(fonts, 512);
    const uint32_t glyph_id = 39;  // uni1824.AO.init: asymmetric, so a wrong turn shows
    const auto upright = atlas.glyph({0, glyph_id, 48 * 64, false, 0});
    const auto turned = atlas.glyph({0, glyph_id, 48 * 64, true, 0});
    REQUIRE(upright.width > 0);
    REQUIRE(turned.width == upright.height);
    REQUIRE(turned.height == upright.width);
    auto pixel = [&](const text::AtlasGlyph& g, int x, int y) {
        return atlas.page_pixels(g.page)[static_cast<size_t>(g.y + y) * 512 + g.x + x];
    };
    int mismatches = 0;
    int inked = 0;
    for (int y = 0; y < turned.height; ++y) {
        for (int x = 0; x < turned.width; ++x) {
            // screen (x, y) of the turned glyph shows bitmap row (h - 1 - x), column y of the upright one
            if (pixel(turned, x, y) != pixel(upright, y, upright.height - 1 - x)) ++mismatches;
            if (pixel(turned, x, y) > 128) ++inked;
        }
    }
    CHECK(mismatches == 0);
    CHECK(inked > 20);
    // Turned clockwise, the glyph's ascent points right: the bitmap starts left of the origin by (height - top).
    CHECK(turned.left == -upright.top - upright.height);
    CHECK(turned.top == upright.left);
}

TEST_CASE("the atlas starts over when full instead of failing") {
    const auto& fonts = *shipped_fonts();
    text::GlyphAtlas atlas(fonts, 128, 1);
    const uint32_t generation = atlas.generation();
    for (uint32_t glyph_id = 1; glyph_id < 200; ++glyph_id) atlas.glyph({0, glyph_id, 48 * 64, false, 0});
    CHECK(atlas.generation() > generation);
    CHECK(atlas.page_count() == 1);
    CHECK(atlas.glyph({0, 39, 48 * 64, false, 0}).width > 0);
}

}  // namespace fl::test
