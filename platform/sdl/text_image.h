// Renders one layout into an offscreen image: what `fl-text render`, golden tests and previews draw.
#pragma once

#include <SDL.h>

#include <memory>

#include "core/result.h"
#include "platform/sdl/offscreen_canvas.h"
#include "text/font.h"
#include "text/layout.h"

namespace fl::sdl {

struct TextImageStyle {
    SDL_Color foreground{0, 0, 0, 255};
    SDL_Color background{255, 255, 255, 255};
    int margin = 16;  // around the text when the image takes the layout's own size
};

// With box_width and box_height, the image is exactly the box; otherwise it is the measured size plus margins.
Result<std::unique_ptr<OffscreenCanvas>> render_text_image(const text::Layout& layout, const text::TextStyle& style,
                                                           const text::FontSet& fonts,
                                                           const TextImageStyle& look = {});

}  // namespace fl::sdl
