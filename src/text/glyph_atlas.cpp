// Rasterization with FreeType (light hinting, grayscale), rotation of sideways glyphs, shelf packing into pages.
#include "text/glyph_atlas.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>

#include "text/font.h"

namespace fl::text {
namespace {
constexpr int kPadding = 1;
}

GlyphAtlas::GlyphAtlas(const FontSet& fonts, int page_size, int max_pages)
    : fonts_(fonts), page_size_(page_size), max_pages_(std::max(max_pages, 1)) {}

void GlyphAtlas::mark_clean(size_t page) {
    pages_[page].dirty_top = 0;
    pages_[page].dirty_bottom = 0;
}

void GlyphAtlas::reset() {
    pages_.clear();
    glyphs_.clear();
    ++generation_;
}

bool GlyphAtlas::reserve(int width, int height, AtlasGlyph& placed) {
    const int w = width + kPadding;
    const int h = height + kPadding;
    if (w > page_size_ || h > page_size_) return false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (pages_.empty() || attempt == 1) {
            if (static_cast<int>(pages_.size()) >= max_pages_) return false;
            Page page;
            page.pixels.assign(static_cast<size_t>(page_size_) * static_cast<size_t>(page_size_), 0);
            pages_.push_back(std::move(page));
        }
        Page& page = pages_.back();
        if (page.cursor_x + w > page_size_) {  // next shelf
            page.shelf_y += page.shelf_height;
            page.shelf_height = 0;
            page.cursor_x = 0;
        }
        if (page.shelf_y + h > page_size_) continue;
        placed.page = static_cast<uint16_t>(pages_.size() - 1);
        placed.x = static_cast<uint16_t>(page.cursor_x);
        placed.y = static_cast<uint16_t>(page.shelf_y);
        page.cursor_x += w;
        page.shelf_height = std::max(page.shelf_height, h);
        return true;
    }
    return false;
}

AtlasGlyph GlyphAtlas::rasterize(const AtlasKey& key) {
    AtlasGlyph placed;
    if (key.font >= fonts_.size()) return placed;
    FT_Face face = fonts_.at(key.font).ft_face();
    if (FT_Set_Char_Size(face, 0, static_cast<FT_F26Dot6>(key.size_64), 72, 72) != 0) return placed;
    // Subpixel bins shift the outline along the line: x in glyph space for sideways and horizontal text.
    FT_Vector delta{static_cast<FT_Pos>(key.subpixel) * (64 / kSubpixelBins), 0};
    FT_Set_Transform(face, nullptr, &delta);
    const bool ok = FT_Load_Glyph(face, key.glyph_id, FT_LOAD_TARGET_LIGHT) == 0 &&
                    FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0;
    FT_Set_Transform(face, nullptr, nullptr);
    if (!ok) return placed;
    const FT_Bitmap& bitmap = face->glyph->bitmap;
    const int w = static_cast<int>(bitmap.width);
    const int h = static_cast<int>(bitmap.rows);
    if (w == 0 || h == 0 || bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) return placed;
    const int bearing_left = face->glyph->bitmap_left;
    const int bearing_top = face->glyph->bitmap_top;

    // Turning 90° clockwise: glyph x runs down the screen, glyph y (up) runs right.
    const int out_w = key.rotated ? h : w;
    const int out_h = key.rotated ? w : h;
    if (!reserve(out_w, out_h, placed)) {
        reset();
        if (!reserve(out_w, out_h, placed)) return AtlasGlyph{};
    }
    placed.width = static_cast<uint16_t>(out_w);
    placed.height = static_cast<uint16_t>(out_h);
    placed.left = static_cast<int16_t>(key.rotated ? bearing_top - h : bearing_left);
    placed.top = static_cast<int16_t>(key.rotated ? bearing_left : -bearing_top);

    Page& page = pages_[placed.page];
    for (int row = 0; row < out_h; ++row) {
        uint8_t* dst = page.pixels.data() + static_cast<size_t>(placed.y + row) * static_cast<size_t>(page_size_) + placed.x;
        for (int col = 0; col < out_w; ++col) {
            const int src_row = key.rotated ? h - 1 - col : row;
            const int src_col = key.rotated ? row : col;
            dst[col] = bitmap.buffer[src_row * bitmap.pitch + src_col];
        }
    }
    if (page.dirty_bottom == page.dirty_top) {
        page.dirty_top = placed.y;
        page.dirty_bottom = placed.y + out_h;
    } else {
        page.dirty_top = std::min<int>(page.dirty_top, placed.y);
        page.dirty_bottom = std::max<int>(page.dirty_bottom, placed.y + out_h);
    }
    ++rasterized_;
    return placed;
}

const AtlasGlyph& GlyphAtlas::glyph(const AtlasKey& key) {
    if (auto found = glyphs_.find(key); found != glyphs_.end()) return found->second;
    const AtlasGlyph placed = rasterize(key);  // may reset the pages, and with them glyphs_
    return glyphs_.emplace(key, placed).first->second;
}

}  // namespace fl::text
