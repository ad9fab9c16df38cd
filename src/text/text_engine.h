// The text engine a screen talks to: fonts, shaping cache and a cache of finished layouts keyed by value.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/lru_cache.h"
#include "core/result.h"
#include "text/font.h"
#include "text/layout.h"
#include "text/shaper.h"

namespace fl::text {

class TextEngine {
public:
    explicit TextEngine(std::shared_ptr<const FontSet> fonts, size_t layout_budget_bytes = 16u << 20);

    // The shipped fonts, from the manifest in default_font_directory().
    static Result<std::unique_ptr<TextEngine>> with_default_fonts();

    // A layout of text in style; an unchanged request is answered from the cache without shaping.
    std::shared_ptr<const Layout> layout(std::string_view text, const TextStyle& style);

    // Measurement without drawing: the size a box needs to hold the text.
    struct Size {
        float width;
        float height;
    };
    Size measure(std::string_view text, const TextStyle& style) {
        const auto laid = layout(text, style);
        return {laid->width, laid->height};
    }

    const FontSet& fonts() const { return *fonts_; }
    Shaper& shaper() { return shaper_; }
    size_t layout_hits() const { return layouts_.hits(); }
    size_t layout_misses() const { return layouts_.misses(); }
    void clear_caches() {
        layouts_.clear();
        shaper_.clear();
    }

private:
    std::shared_ptr<const FontSet> fonts_;
    Shaper shaper_;
    LruCache<std::string, std::shared_ptr<const Layout>> layouts_;
};

}  // namespace fl::text
