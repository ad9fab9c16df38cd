// Draws laid-out text through an SDL_Renderer, uploading the glyph atlas pages to textures as they change.
#pragma once

#include <SDL.h>

#include <vector>

#include "text/glyph_atlas.h"
#include "text/layout.h"

namespace fl::sdl {

class TextDrawer {
public:
    TextDrawer(SDL_Renderer* renderer, text::GlyphAtlas& atlas);
    ~TextDrawer();
    TextDrawer(const TextDrawer&) = delete;
    TextDrawer& operator=(const TextDrawer&) = delete;

    // Draws layout with its box's top-left at (x, y).
    void draw(const text::Layout& layout, float x, float y, SDL_Color color);

private:
    SDL_Texture* page_texture(size_t page);
    void sync_pages();

    SDL_Renderer* renderer_;
    text::GlyphAtlas& atlas_;
    std::vector<SDL_Texture*> textures_;
    std::vector<uint32_t> upload_;  // one page row band converted to ARGB
    uint32_t generation_ = 0;
};

}  // namespace fl::sdl
