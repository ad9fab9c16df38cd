// Benchmark: 2,000-character Mongolian/Chinese paragraph in a 4K box, lay_out vs bare hb_shape, and cached redraw.
#include <SDL.h>
#include <hb.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/sdl/offscreen_canvas.h"
#include "platform/sdl/text_drawer.h"
#include "text/font.h"
#include "text/glyph_atlas.h"
#include "text/itemizer.h"
#include "text/layout.h"
#include "text/shaper.h"
#include "text/text_engine.h"
#include "core/utf8.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kParagraphCodePoints = 2000;
constexpr int kScreenWidth = 3840;
constexpr int kScreenHeight = 2160;
constexpr float kBodySizePx = 48.0f;

// Interleaved rounds of the pipeline and its bare-HarfBuzz peer: at least this many, and at least this long.
constexpr int kMinRounds = 50;
constexpr int kMaxRounds = 2000;
constexpr double kMinSeconds = 1.0;

// Context HarfBuzz gets on each side of an item; the same number the real shaper passes.
constexpr uint32_t kContextLength = 5;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Samples {
    std::vector<double> ms;

    void add(double value) { ms.push_back(value); }
    double total() const {
        double sum = 0.0;
        for (double value : ms) sum += value;
        return sum;
    }
    double median() const {
        if (ms.empty()) return 0.0;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const size_t mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
    double min() const { return ms.empty() ? 0.0 : *std::min_element(ms.begin(), ms.end()); }
};

// True for a byte that starts a UTF-8 sequence (not a continuation byte).
bool starts_code_point(char byte) { return (static_cast<unsigned char>(byte) & 0xC0u) != 0x80u; }

size_t count_code_points(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), starts_code_point));
}

// Mongolian and Chinese legal-aid sentences, alternating, cut to exactly `code_points` code points.
std::string bilingual_paragraph(size_t code_points) {
    // U+202F (narrow no-break space) ties a Mongolian case suffix to its word.
    const std::vector<std::string> mongolian = {
        "ᠤᠲᠠᠰᠤ᠄ 12348᠃ ",
        "ᠬᠠᠤᠯᠢ\u202Fᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ\u202Fᠪᠡᠷ᠃ ",
        "ᠭᠡᠷ ᠪᠦᠯᠢ\u202Fᠶᠢᠨ ᠬᠠᠤᠯᠢ\u202Fᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ᠃ ",
        "ᠨᠤᠲᠤᠭ ᠪᠠ ᠮᠠᠯ\u202Fᠤᠨ ᠬᠠᠤᠯᠢ᠃ ",
    };
    const std::vector<std::string> chinese = {
        "法律援助热线12348为群众提供免费法律咨询。",
        "草原承包合同纠纷可以申请调解。",
        "婚姻家庭案件请于2024年3月15日前提交材料。",
        "牧民可以拨打12348咨询继承和赡养问题。",
    };
    // Each Chinese sentence opens with its article number, so that neighbouring runs differ in their shaping
    // context and the shaper's cache cannot answer most of the paragraph from a handful of repeated runs.
    std::string text;
    size_t sentence = 0;
    while (count_code_points(text) < code_points) {
        text += mongolian[sentence % mongolian.size()];
        text += "第" + std::to_string(sentence + 1) + "条：";
        text += chinese[sentence % chinese.size()];
        ++sentence;
    }
    // Cut just before the lead byte of code point number `code_points` (counting from zero).
    size_t seen = 0;
    for (size_t byte = 0; byte < text.size(); ++byte) {
        if (!starts_code_point(text[byte])) continue;
        if (seen == code_points) {
            text.resize(byte);
            break;
        }
        ++seen;
    }
    return text;
}

hb_script_t hb_script_of(fl::text::ScriptClass script) {
    switch (script) {
        case fl::text::ScriptClass::Mongolian:
        case fl::text::ScriptClass::MongolianControl:
            return HB_SCRIPT_MONGOLIAN;
        case fl::text::ScriptClass::Han:
            return HB_SCRIPT_HAN;
        default:
            return HB_SCRIPT_INVALID;
    }
}

const char* language_of(fl::text::ScriptClass script) {
    switch (script) {
        case fl::text::ScriptClass::Mongolian:
        case fl::text::ScriptClass::MongolianControl:
            return "mn-Mong";
        case fl::text::ScriptClass::Han:
            return "zh-Hans";
        default:
            return nullptr;
    }
}

// The HarfBuzz calls the shaper makes for each item, and nothing else: no cache key, no cache, no copying out.
size_t shape_bare(hb_buffer_t* buffer, const fl::text::FontSet& fonts, const std::vector<char32_t>& paragraph,
                  const std::vector<fl::text::Item>& items) {
    size_t glyphs = 0;
    const auto size = static_cast<uint32_t>(paragraph.size());
    for (const fl::text::Item& item : items) {
        hb_buffer_clear_contents(buffer);
        const uint32_t context_start = item.start > kContextLength ? item.start - kContextLength : 0;
        const uint32_t context_end = std::min(size, item.end + kContextLength);
        hb_buffer_add_codepoints(buffer, reinterpret_cast<const hb_codepoint_t*>(paragraph.data() + context_start),
                                 static_cast<int>(context_end - context_start), item.start - context_start,
                                 static_cast<int>(item.end - item.start));
        hb_buffer_set_direction(buffer, item.upright ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
        const hb_script_t script = hb_script_of(item.script);
        if (script != HB_SCRIPT_INVALID) hb_buffer_set_script(buffer, script);
        if (const char* language = language_of(item.script)) {
            hb_buffer_set_language(buffer, hb_language_from_string(language, -1));
        }
        hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        hb_buffer_guess_segment_properties(buffer);
        hb_shape(fonts.at(item.font).hb_font(), buffer, nullptr, 0);
        glyphs += hb_buffer_get_length(buffer);
    }
    return glyphs;
}

void print_ms(const char* name, const Samples& samples, const char* what) {
    std::printf("%-40s %10.4f   (min %.4f, n=%zu) %s\n", name, samples.median(), samples.min(), samples.ms.size(),
                what);
}

void print_ratio(const char* name, double ratio, const char* what) {
    std::printf("%-40s %10.2f   %s\n", name, ratio, what);
}

// Repeats `body` (which returns the milliseconds it measured) at least `min_runs` times and `min_seconds` long.
template <class Body>
Samples repeat(int min_runs, int max_runs, double min_seconds, Body body) {
    Samples samples;
    while (static_cast<int>(samples.ms.size()) < max_runs &&
           (static_cast<int>(samples.ms.size()) < min_runs || samples.total() < min_seconds * 1000.0)) {
        samples.add(body());
    }
    return samples;
}

}  // namespace

int main() {
    const std::string text = bilingual_paragraph(kParagraphCodePoints);
    const fl::DecodedText decoded = fl::decode_utf8(text);
    std::printf("%-40s %10zu   (%zu UTF-8 bytes, %u invalid)\n", "text_code_points",
                decoded.code_points.size(), text.size(), decoded.invalid_sequences);

    const std::string font_dir = fl::text::default_font_directory();
    auto loaded = fl::text::FontSet::from_manifest(font_dir);
    if (!loaded) {
        std::fprintf(stderr, "text_layout_bench: cannot load fonts from %s: %s\n", font_dir.c_str(),
                     loaded.error().message.c_str());
        return 1;
    }
    const std::shared_ptr<fl::text::FontSet> font_set = std::move(loaded).value();
    const fl::text::FontSet& fonts = *font_set;
    std::printf("%-40s %10zu   (%s)\n", "fonts", fonts.size(), font_dir.c_str());

    fl::text::TextStyle style;
    style.size_px = kBodySizePx;
    style.mode = fl::text::LayoutMode::Vertical;
    style.box_width = static_cast<float>(kScreenWidth);
    style.box_height = static_cast<float>(kScreenHeight);

    // What the pipeline produces, once, for the record (and to load HarfBuzz/FreeType tables before timing).
    {
        fl::text::Shaper shaper;
        const fl::text::Layout layout = fl::text::lay_out(text, style, fonts, shaper);
        const fl::text::Itemization items = fl::text::itemize(decoded.code_points, style.mode, fonts);
        std::printf("%-40s %10zu   (%zu columns, %zu items, box %dx%d, %.0f px, vertical)\n", "layout_glyphs",
                    layout.glyphs.size(), layout.lines.size(), items.items.size(), kScreenWidth, kScreenHeight,
                    static_cast<double>(kBodySizePx));
        std::printf("%-40s %10.1f x %.1f   (truncated %s, missing glyphs %u)\n",
                    "layout_extent_px", static_cast<double>(layout.width), static_cast<double>(layout.height),
                    layout.warnings.truncated ? "yes" : "no", layout.warnings.missing_glyphs);
        std::printf("%-40s %10zu   (items shaped by HarfBuzz with a fresh shaper; %zu answered by its cache)\n",
                    "shaper_misses_per_layout", shaper.misses(), shaper.hits());
    }

    // 1. Full pipeline with cold shaping caches against the same HarfBuzz calls made bare, interleaved round by
    //    round so that clock drift and cache warmth hit all alike. A fresh Shaper still answers an item whose text
    //    and context it already shaped earlier in the same paragraph; a Shaper with a zero byte budget keeps
    //    nothing (the LRU refuses entries over a quarter of its budget), so there every item goes to HarfBuzz.
    const fl::text::Itemization itemization = fl::text::itemize(decoded.code_points, style.mode, fonts);
    hb_buffer_t* buffer = hb_buffer_create();
    size_t bare_glyphs = shape_bare(buffer, fonts, decoded.code_points, itemization.items);  // warm-up
    Samples pipeline;
    Samples pipeline_uncached;
    Samples bare;
    Samples itemize_only;
    size_t pipeline_glyphs = 0;
    for (int round = 0; round < kMaxRounds; ++round) {
        if (round >= kMinRounds && pipeline.total() >= kMinSeconds * 1000.0) break;
        {
            auto shaper = std::make_unique<fl::text::Shaper>();  // fresh: empty cache
            const auto start = Clock::now();
            const fl::text::Layout layout = fl::text::lay_out(text, style, fonts, *shaper);
            pipeline.add(ms_since(start));
            pipeline_glyphs = layout.glyphs.size();
        }
        {
            auto shaper = std::make_unique<fl::text::Shaper>(0);  // keeps nothing: every item is shaped
            const auto start = Clock::now();
            const fl::text::Layout layout = fl::text::lay_out(text, style, fonts, *shaper);
            pipeline_uncached.add(ms_since(start));
        }
        {
            const auto start = Clock::now();
            bare_glyphs = shape_bare(buffer, fonts, decoded.code_points, itemization.items);
            bare.add(ms_since(start));
        }
        {
            const auto start = Clock::now();
            const fl::DecodedText cps = fl::decode_utf8(text);
            const fl::text::Itemization items = fl::text::itemize(cps.code_points, style.mode, fonts);
            itemize_only.add(ms_since(start));
            if (items.items.size() != itemization.items.size()) std::printf("itemization changed between runs\n");
        }
    }
    hb_buffer_destroy(buffer);

    // The same pipeline when every run is already in the shaper's cache: what lay_out costs besides HarfBuzz.
    fl::text::Shaper warm_shaper;
    { const fl::text::Layout primed = fl::text::lay_out(text, style, fonts, warm_shaper); }
    const Samples pipeline_warm_shaper = repeat(kMinRounds, kMaxRounds, kMinSeconds / 2.0, [&] {
        const auto start = Clock::now();
        const fl::text::Layout layout = fl::text::lay_out(text, style, fonts, warm_shaper);
        return ms_since(start);
    });

    std::printf("\n# full pipeline vs bare HarfBuzz (medians per paragraph)\n");
    print_ms("pipeline_cold_ms", pipeline,
             "lay_out() with a fresh Shaper: decode, itemize, shape, break, fit, position (repeats in the "
             "paragraph hit the new cache)");
    print_ms("pipeline_uncached_ms", pipeline_uncached,
             "lay_out() with a Shaper that caches nothing: every item shaped, like the bare peer");
    print_ms("hb_shape_bare_ms", bare,
             "the shaper's HarfBuzz calls per item (buffer setup + hb_shape), itemization done beforehand");
    print_ms("itemize_only_ms", itemize_only, "decode_utf8 + itemize, for information");
    print_ms("pipeline_warm_shaper_ms", pipeline_warm_shaper,
             "lay_out() with every item a shaper cache hit: the pipeline minus HarfBuzz");
    std::printf("%-40s %10zu   (lay_out output) vs %zu (glyphs out of the bare hb_shape calls)\n", "glyphs",
                pipeline_glyphs, bare_glyphs);
    print_ratio("ratio_pipeline_over_bare", pipeline.median() / bare.median(), "(goal <= 1.5)");
    print_ratio("ratio_pipeline_uncached_over_bare", pipeline_uncached.median() / bare.median(),
                "(goal <= 1.5; same HarfBuzz work on both sides)");
    print_ratio("ratio_pipeline_over_bare_min", pipeline.min() / bare.min(),
                "(fastest run over fastest run, less sensitive to a busy machine)");

    // 2. The text engine: first layout (engine caches empty) against an unchanged request (layout cache hit).
    Samples engine_first;
    for (int run = 0; run < 20; ++run) {
        fl::text::TextEngine fresh(font_set);
        const auto start = Clock::now();
        const auto layout = fresh.layout(text, style);
        engine_first.add(ms_since(start));
    }
    fl::text::TextEngine engine(font_set);
    const auto first_start = Clock::now();
    std::shared_ptr<const fl::text::Layout> layout = engine.layout(text, style);
    const double this_engine_first_ms = ms_since(first_start);
    const Samples engine_cached = repeat(1000, 100000, 0.2, [&] {
        const auto start = Clock::now();
        layout = engine.layout(text, style);
        return ms_since(start);
    });

    // 3. Drawing onto a 4K software canvas: the first draw rasterizes every glyph into a fresh atlas, later draws
    //    find them in the atlas. Each timed draw ends with SDL_RenderFlush so that batched copies are counted.
    auto canvas_result = fl::sdl::OffscreenCanvas::create(kScreenWidth, kScreenHeight);
    if (!canvas_result) {
        std::fprintf(stderr, "text_layout_bench: %s\n", canvas_result.error().message.c_str());
        return 1;
    }
    const std::unique_ptr<fl::sdl::OffscreenCanvas> canvas = std::move(canvas_result).value();
    SDL_Renderer* renderer = canvas->renderer();
    const SDL_Color ink{255, 255, 255, 255};
    auto clear_canvas = [renderer] {
        SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
        SDL_RenderClear(renderer);
        SDL_RenderFlush(renderer);
    };

    Samples first_draw;
    for (int run = 0; run < 5; ++run) {
        fl::text::GlyphAtlas fresh_atlas(engine.fonts());
        fl::sdl::TextDrawer fresh_drawer(renderer, fresh_atlas);
        clear_canvas();
        const auto start = Clock::now();
        fresh_drawer.draw(*layout, 0.0f, 0.0f, ink);
        SDL_RenderFlush(renderer);
        first_draw.add(ms_since(start));
    }

    fl::text::GlyphAtlas atlas(engine.fonts());
    fl::sdl::TextDrawer drawer(renderer, atlas);
    clear_canvas();
    drawer.draw(*layout, 0.0f, 0.0f, ink);
    SDL_RenderFlush(renderer);
    const size_t rasterized = atlas.rasterized();
    Samples canvas_clear;
    const Samples warm_draw = repeat(20, 2000, 0.5, [&] {
        const auto clear_start = Clock::now();
        clear_canvas();
        canvas_clear.add(ms_since(clear_start));
        const auto start = Clock::now();
        drawer.draw(*layout, 0.0f, 0.0f, ink);
        SDL_RenderFlush(renderer);
        return ms_since(start);
    });
    const Samples warm_redraw = repeat(20, 2000, 0.5, [&] {
        const auto start = Clock::now();
        const auto cached = engine.layout(text, style);
        drawer.draw(*cached, 0.0f, 0.0f, ink);
        SDL_RenderFlush(renderer);
        return ms_since(start);
    });

    std::printf("\n# unchanged screen: text engine layout cache and glyph atlas (medians)\n");
    print_ms("engine_first_layout_ms", engine_first,
             "TextEngine::layout on a new engine (layout + shaper caches empty; font tables already loaded)");
    print_ms("engine_cached_layout_ms", engine_cached,
             "TextEngine::layout, same text and style again (layout cache hit, key built from the text)");
    std::printf("%-40s %10zu   (layout cache hits; %zu misses, first layout of this engine %.3f ms)\n",
                "engine_cache_hits", engine.layout_hits(), engine.layout_misses(), this_engine_first_ms);
    print_ratio("ratio_first_over_cached_layout", engine_first.median() / engine_cached.median(),
                "(layout step alone; goal >= 20)");
    print_ms("draw_first_ms", first_draw,
             "TextDrawer::draw with a new atlas: rasterize + upload + blit, 3840x2160 software canvas");
    std::printf("%-40s %10zu   (glyphs rasterized by the first draw)\n", "atlas_rasterized", rasterized);
    print_ms("draw_warm_ms", warm_draw,
             "TextDrawer::draw with every glyph in the atlas: placement, atlas lookups, blits");
    print_ms("canvas_clear_ms", canvas_clear, "SDL_RenderClear of the 4K canvas, not included in any figure");
    print_ms("warm_redraw_ms", warm_redraw, "cached layout lookup + warm draw, measured together");
    const double cold_frame = engine_first.median() + first_draw.median();
    const double warm_frame = engine_cached.median() + warm_draw.median();
    std::printf("%-40s %10.4f   (engine_first_layout_ms + draw_first_ms)\n", "cold_frame_ms", cold_frame);
    std::printf("%-40s %10.4f   (engine_cached_layout_ms + draw_warm_ms)\n", "warm_frame_ms", warm_frame);
    print_ratio("ratio_first_layout_over_warm_redraw", engine_first.median() / warm_redraw.median(),
                "(first layout / cached lookup + warm draw; the issue's goal >= 20 read literally)");
    print_ratio("ratio_cold_frame_over_warm_frame", cold_frame / warm_frame,
                "(first layout + first draw) / (cached lookup + warm draw)");
    return 0;
}
