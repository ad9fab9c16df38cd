// An offscreen RGBA canvas with SDL's software renderer: headless drawing, screenshots and PNG files.
#pragma once

#include <SDL.h>

#include <memory>
#include <string>

#include "core/result.h"

namespace fl::sdl {

class OffscreenCanvas {
public:
    static Result<std::unique_ptr<OffscreenCanvas>> create(int width, int height);
    ~OffscreenCanvas();
    OffscreenCanvas(const OffscreenCanvas&) = delete;
    OffscreenCanvas& operator=(const OffscreenCanvas&) = delete;

    SDL_Renderer* renderer() const { return renderer_; }
    SDL_Surface* surface() const { return surface_; }
    int width() const { return surface_->w; }
    int height() const { return surface_->h; }

    Result<void> save_png(const std::string& path) const;

private:
    OffscreenCanvas() = default;
    SDL_Surface* surface_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
};

// Loads a PNG as ARGB8888 pixels (for golden-image comparison).
Result<std::shared_ptr<SDL_Surface>> load_png(const std::string& path);

}  // namespace fl::sdl
