// Renderer choice for the window: GPU renderer unless OpenGL is rasterised on the CPU, then SDL's software one.
#include "platform/sdl/window_renderer.h"

#include <cstdlib>
#include <filesystem>

namespace fl::sdl {
namespace {

constexpr unsigned kGlRenderer = 0x1F01;  // GL_RENDERER
using GetString = const unsigned char* (*)(unsigned);

// The OpenGL renderer string of the context the renderer just made current; empty for other back ends.
std::string gl_renderer_of(SDL_Renderer* renderer) {
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer, &info) != 0 || info.name == nullptr) return {};
    const std::string name = info.name;
    if (name.rfind("opengl", 0) != 0) return {};
    auto get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    if (get_string == nullptr) return {};
    const unsigned char* text = get_string(kGlRenderer);
    return text != nullptr ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

// Without a DRM render node there is no GPU for OpenGL to use: it would be a CPU rasteriser, so it need not be
// started (~200 ms) just to find that out.
bool has_gpu_render_node() {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ignored)) {
        if (entry.path().filename().string().rfind("renderD", 0) == 0) return true;
    }
    return false;
}

std::string name_of(SDL_Renderer* renderer) {
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer, &info) != 0 || info.name == nullptr) return "?";
    return info.name;
}

// SDL's software renderer drawing straight into the window's (X11 shared-memory) framebuffer, not into a texture
// that a rasteriser then copies again.
WindowRenderer software_renderer(SDL_Window* window, const std::string& instead_of) {
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    WindowRenderer made;
    made.renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    made.description = "software (instead of OpenGL: " + instead_of + ")";
    return made;
}

}  // namespace

bool is_software_rasteriser(const std::string& gl_renderer) {
    for (const char* marker : {"llvmpipe", "softpipe", "swrast", "Software Rasterizer"}) {
        if (gl_renderer.find(marker) != std::string::npos) return true;
    }
    return false;
}

WindowRenderer create_window_renderer(SDL_Window* window) {
    WindowRenderer made;
    const bool user_chose = std::getenv("SDL_RENDER_DRIVER") != nullptr;
    if (!user_chose && !has_gpu_render_node()) return software_renderer(window, "no GPU render node");
    made.renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (made.renderer == nullptr) made.renderer = SDL_CreateRenderer(window, -1, 0);
    if (made.renderer == nullptr) return made;
    made.description = name_of(made.renderer);
    const std::string gl = gl_renderer_of(made.renderer);
    if (!gl.empty()) made.description += " (" + gl + ")";
    if (user_chose || !is_software_rasteriser(gl)) return made;
    SDL_DestroyRenderer(made.renderer);
    return software_renderer(window, gl);
}

}  // namespace fl::sdl
