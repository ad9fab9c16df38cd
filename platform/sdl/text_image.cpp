// Text image: an offscreen canvas sized to the box or the measured text, cleared, with the layout drawn on it.
#include "platform/sdl/text_image.h"

#include <algorithm>
#include <cmath>

#include "platform/sdl/text_drawer.h"
#include "text/glyph_atlas.h"

namespace fl::sdl {

Result<std::unique_ptr<OffscreenCanvas>> render_text_image(const text::Layout& layout, const text::TextStyle& style,
                                                           const text::FontSet& fonts, const TextImageStyle& look) {
    const bool boxed = style.box_width > 0.0f && style.box_height > 0.0f;
    auto extent = [&](float box, float measured) {
        return static_cast<int>(std::ceil(std::max(box, measured))) + 2 * look.margin;
    };
    const int width = boxed ? static_cast<int>(style.box_width) : extent(style.box_width, layout.width);
    const int height = boxed ? static_cast<int>(style.box_height) : extent(style.box_height, layout.height);
    auto canvas = OffscreenCanvas::create(std::max(width, 1), std::max(height, 1));
    if (!canvas) return canvas.error();
    SDL_Renderer* renderer = canvas.value()->renderer();
    SDL_SetRenderDrawColor(renderer, look.background.r, look.background.g, look.background.b, look.background.a);
    SDL_RenderClear(renderer);
    text::GlyphAtlas atlas(fonts);
    TextDrawer drawer(renderer, atlas);
    const auto origin = static_cast<float>(boxed ? 0 : look.margin);
    drawer.draw(layout, origin, origin, look.foreground);
    return canvas;
}

}  // namespace fl::sdl
