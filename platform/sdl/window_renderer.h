// The renderer for the app's window: the GPU one, or SDL's software renderer when "the GPU" is a CPU rasteriser.
#pragma once

#include <SDL.h>

#include <string>

namespace fl::sdl {

struct WindowRenderer {
    SDL_Renderer* renderer = nullptr;  // null when none could be made (SDL_GetError says why)
    std::string description;           // e.g. "opengl (Mesa Intel UHD 620)" or "software (instead of llvmpipe)"
};

// Creates the window's renderer. When the accelerated one is OpenGL drawn by a software rasteriser (llvmpipe,
// softpipe, swrast), SDL's own software renderer on the window's shared-memory framebuffer does the same work
// with far less CPU, so that one is used instead. SDL_RENDER_DRIVER set by the user is always respected.
WindowRenderer create_window_renderer(SDL_Window* window);

// Whether an OpenGL renderer string names a rasteriser that runs on the CPU.
bool is_software_rasteriser(const std::string& gl_renderer);

}  // namespace fl::sdl
