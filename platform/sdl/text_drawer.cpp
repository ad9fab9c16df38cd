// Glyph drawing: white textures whose alpha is coverage, tinted per draw; stems snapped to whole pixels.
#include "platform/sdl/text_drawer.h"

#include <cmath>

namespace fl::sdl {

TextDrawer::TextDrawer(SDL_Renderer* renderer, text::GlyphAtlas& atlas)
    : renderer_(renderer), atlas_(atlas), generation_(atlas.generation()) {}

TextDrawer::~TextDrawer() {
    for (SDL_Texture* texture : textures_) SDL_DestroyTexture(texture);
}

SDL_Texture* TextDrawer::page_texture(size_t page) {
    while (textures_.size() <= page) {
        const int size = atlas_.page_size();
        SDL_Texture* texture =
            SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, size, size);
        if (texture != nullptr) SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
        textures_.push_back(texture);
    }
    return textures_[page];
}

void TextDrawer::sync_pages() {
    if (atlas_.generation() != generation_) {
        for (SDL_Texture* texture : textures_) SDL_DestroyTexture(texture);
        textures_.clear();
        generation_ = atlas_.generation();
    }
    const int size = atlas_.page_size();
    for (size_t page = 0; page < atlas_.page_count(); ++page) {
        // Only the rows glyphs were packed into are sent; rows never written are never drawn from.
        SDL_Texture* texture = page_texture(page);
        const int top = atlas_.dirty_top(page);
        const int bottom = atlas_.dirty_bottom(page);
        if (texture == nullptr || bottom <= top) continue;
        const uint8_t* coverage = atlas_.page_pixels(page) + static_cast<size_t>(top) * static_cast<size_t>(size);
        upload_.resize(static_cast<size_t>(bottom - top) * static_cast<size_t>(size));
        for (size_t i = 0; i < upload_.size(); ++i) upload_[i] = (static_cast<uint32_t>(coverage[i]) << 24) | 0xFFFFFFu;
        const SDL_Rect rows{0, top, size, bottom - top};
        SDL_UpdateTexture(texture, &rows, upload_.data(), size * 4);
        atlas_.mark_clean(page);
    }
    upload_ = {};  // a full page is 4 MiB: do not keep it between uploads
}

void TextDrawer::draw(const text::Layout& layout, float x, float y, SDL_Color color) {
    // Rasterize everything first: a full atlas may start over, which would invalidate earlier entries.
    struct Placement {
        text::AtlasKey key;
        int x;
        int y;
    };
    std::vector<Placement> placements;
    placements.reserve(layout.glyphs.size());
    const auto size_64 = static_cast<uint32_t>(std::lround(layout.size_px * 64.0f));
    const bool vertical = layout.mode == text::LayoutMode::Vertical;
    for (const auto& glyph : layout.glyphs) {
        const float gx = x + glyph.x;
        const float gy = y + glyph.y;
        const bool rotated = vertical && !glyph.upright;
        // Fractional positions only along the line; across it (the stem) whole pixels.
        const float along = rotated ? gy : gx;
        const float base = std::floor(along);
        auto bin = static_cast<uint8_t>((along - base) * text::GlyphAtlas::kSubpixelBins);
        if (vertical && glyph.upright) bin = 0;
        const int px = rotated ? static_cast<int>(std::lround(gx)) : static_cast<int>(base);
        const int py = rotated ? static_cast<int>(base) : static_cast<int>(std::lround(gy));
        placements.push_back({{glyph.font, glyph.glyph_id, size_64, rotated, bin}, px, py});
    }
    const uint32_t generation = atlas_.generation();
    for (const auto& placement : placements) atlas_.glyph(placement.key);
    if (atlas_.generation() != generation) {
        for (const auto& placement : placements) atlas_.glyph(placement.key);
    }
    sync_pages();
    for (SDL_Texture* texture : textures_) {
        if (texture == nullptr) continue;
        SDL_SetTextureColorMod(texture, color.r, color.g, color.b);
        SDL_SetTextureAlphaMod(texture, color.a);
    }
    for (const auto& placement : placements) {
        const text::AtlasGlyph& g = atlas_.glyph(placement.key);
        if (g.width == 0 || g.page >= textures_.size() || textures_[g.page] == nullptr) continue;
        const SDL_Rect source{g.x, g.y, g.width, g.height};
        const SDL_Rect target{placement.x + g.left, placement.y + g.top, g.width, g.height};
        SDL_RenderCopy(renderer_, textures_[g.page], &source, &target);
    }
}

}  // namespace fl::sdl
