// Glyph atlas: grayscale coverage bitmaps packed into pages, keyed by font, size, glyph, orientation and subpixel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace fl::text {

class FontSet;

struct AtlasGlyph {
    uint16_t page = 0;
    uint16_t x = 0;  // bitmap rectangle in the page
    uint16_t y = 0;
    uint16_t width = 0;
    uint16_t height = 0;
    int16_t left = 0;  // from the glyph origin on screen to the bitmap's top-left corner
    int16_t top = 0;
};

struct AtlasKey {
    uint16_t font;
    uint32_t glyph_id;
    uint32_t size_64;   // pixel size in 1/64 px
    bool rotated;       // turned 90° clockwise (sideways glyph in a vertical column)
    uint8_t subpixel;   // quarter-pixel bin along the line
    bool operator==(const AtlasKey&) const = default;
};

struct AtlasKeyHash {
    size_t operator()(const AtlasKey& k) const {
        uint64_t h = k.glyph_id;
        h = h * 1000003u ^ k.font;
        h = h * 1000003u ^ k.size_64;
        h = h * 1000003u ^ (static_cast<uint64_t>(k.rotated) << 3 | k.subpixel);
        return static_cast<size_t>(h ^ (h >> 29));
    }
};

class GlyphAtlas {
public:
    static constexpr int kSubpixelBins = 4;

    explicit GlyphAtlas(const FontSet& fonts, int page_size = 1024, int max_pages = 8);

    // Rasterizes on first use. When every page is full the atlas starts over (generation() changes).
    const AtlasGlyph& glyph(const AtlasKey& key);

    int page_size() const { return page_size_; }
    size_t page_count() const { return pages_.size(); }
    const uint8_t* page_pixels(size_t page) const { return pages_[page].pixels.data(); }
    // Rows [dirty_top, dirty_bottom) of a page changed since the last mark_clean.
    int dirty_top(size_t page) const { return pages_[page].dirty_top; }
    int dirty_bottom(size_t page) const { return pages_[page].dirty_bottom; }
    void mark_clean(size_t page);
    uint32_t generation() const { return generation_; }
    size_t rasterized() const { return rasterized_; }

private:
    struct Page {
        std::vector<uint8_t> pixels;
        int shelf_y = 0;       // top of the current shelf
        int shelf_height = 0;
        int cursor_x = 0;
        int dirty_top = 0;
        int dirty_bottom = 0;
    };

    AtlasGlyph rasterize(const AtlasKey& key);
    bool reserve(int width, int height, AtlasGlyph& placed);
    void reset();

    const FontSet& fonts_;
    int page_size_;
    int max_pages_;
    std::vector<Page> pages_;
    std::unordered_map<AtlasKey, AtlasGlyph, AtlasKeyHash> glyphs_;
    std::vector<uint8_t> scratch_;
    uint32_t generation_ = 0;
    size_t rasterized_ = 0;
};

}  // namespace fl::text
