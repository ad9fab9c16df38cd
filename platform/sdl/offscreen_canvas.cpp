// Offscreen canvas: SDL software renderer over an ARGB8888 surface; PNG in and out through SDL_image.
#include "platform/sdl/offscreen_canvas.h"

#include <SDL_image.h>

namespace fl::sdl {

Result<std::unique_ptr<OffscreenCanvas>> OffscreenCanvas::create(int width, int height) {
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
        return Error{"canvas size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range"};
    }
    std::unique_ptr<OffscreenCanvas> canvas(new OffscreenCanvas());
    canvas->surface_ = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (canvas->surface_ == nullptr) return Error{std::string("cannot create canvas: ") + SDL_GetError()};
    canvas->renderer_ = SDL_CreateSoftwareRenderer(canvas->surface_);
    if (canvas->renderer_ == nullptr) return Error{std::string("cannot create software renderer: ") + SDL_GetError()};
    SDL_SetRenderDrawBlendMode(canvas->renderer_, SDL_BLENDMODE_BLEND);
    return canvas;
}

OffscreenCanvas::~OffscreenCanvas() {
    if (renderer_ != nullptr) SDL_DestroyRenderer(renderer_);
    if (surface_ != nullptr) SDL_FreeSurface(surface_);
}

Result<void> OffscreenCanvas::save_png(const std::string& path) const {
    SDL_RenderFlush(renderer_);
    if (IMG_SavePNG(surface_, path.c_str()) != 0) return Error{"cannot write " + path + ": " + IMG_GetError()};
    return {};
}

Result<std::shared_ptr<SDL_Surface>> load_png(const std::string& path) {
    SDL_Surface* loaded = IMG_Load(path.c_str());
    if (loaded == nullptr) return Error{"cannot read image " + path + ": " + IMG_GetError()};
    SDL_Surface* converted = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    if (converted == nullptr) return Error{"cannot convert image " + path + ": " + SDL_GetError()};
    return std::shared_ptr<SDL_Surface>(converted, SDL_FreeSurface);
}

}  // namespace fl::sdl
