// Shaping of one item with HarfBuzz, in font units, with paragraph context; results cached by value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/lru_cache.h"
#include "text/itemizer.h"

typedef struct hb_buffer_t hb_buffer_t;

namespace fl::text {

struct ShapedGlyph {
    uint32_t glyph_id = 0;
    uint32_t cluster = 0;  // code point index relative to the item's start
    int32_t advance = 0;   // along the line, font units, positive (TTB advances are negated)
    int32_t offset_x = 0;  // HarfBuzz offsets, font units, y up
    int32_t offset_y = 0;
};

struct ShapedRun {
    std::vector<ShapedGlyph> glyphs;
};

// Shapes items; caches runs keyed by font, direction, script, the item's text and its joining context.
// One cache per thread: it is not synchronised.
class Shaper {
public:
    explicit Shaper(size_t byte_budget = 8u << 20);
    Shaper(const Shaper&) = delete;
    Shaper& operator=(const Shaper&) = delete;

    std::shared_ptr<const ShapedRun> shape(const FontSet& fonts, const std::vector<char32_t>& paragraph,
                                           const Item& item);

    size_t hits() const { return cache_.hits(); }
    size_t misses() const { return cache_.misses(); }
    void clear() { cache_.clear(); }

private:
    std::shared_ptr<ShapedRun> shape_uncached(const FontSet& fonts, const std::vector<char32_t>& paragraph,
                                              const Item& item) const;

    LruCache<std::u32string, std::shared_ptr<const ShapedRun>> cache_;
    std::unique_ptr<hb_buffer_t, void (*)(hb_buffer_t*)> buffer_;
};

}  // namespace fl::text
