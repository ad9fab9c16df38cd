// family-lawyer: the set-top box app. Until the UI shell lands it shows a bilingual text demo screen.
#include <SDL.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "core/log.h"
#include "platform/sdl/offscreen_canvas.h"
#include "platform/sdl/text_drawer.h"
#include "text/glyph_atlas.h"
#include "text/text_engine.h"

namespace {

using namespace fl;

constexpr const char* kHelp =
    "usage: family-lawyer [--headless] [--size WxH] [--windowed] [--screenshot OUT.png] [--version] [--help]\n"
    "  --headless          draw offscreen, no window (use with --screenshot)\n"
    "  --size WxH          screen size (default: the display's, or 1920x1080 headless)\n"
    "  --windowed          a window instead of full screen\n"
    "  --screenshot F.png  write the first frame to F.png and exit\n";

struct Options {
    bool headless = false;
    bool windowed = false;
    int width = 0;
    int height = 0;
    std::string screenshot;
};

// The demo screen in design units (1920x1080), scaled to the screen.
void draw_demo(SDL_Renderer* renderer, text::TextEngine& engine, sdl::TextDrawer& drawer, int width, int height) {
    const float scale = static_cast<float>(height) / 1080.0f;
    SDL_SetRenderDrawColor(renderer, 12, 28, 44, 255);
    SDL_RenderClear(renderer);
    const float safe_x = 96.0f * scale;
    const float safe_y = 54.0f * scale;

    // Mongolian first: the title in vertical columns on the left, then Chinese.
    text::TextStyle title;
    title.size_px = 56.0f * scale;
    title.mode = text::LayoutMode::Vertical;
    title.box_height = 972.0f * scale;
    const auto mongolian_title = engine.layout("ᠭᠡᠷ ᠪᠦᠯᠢ ᠶᠢᠨ ᠬᠠᠤᠯᠢᠴᠢ", title);
    drawer.draw(*mongolian_title, safe_x, safe_y, SDL_Color{255, 255, 255, 255});

    text::TextStyle heading;
    heading.size_px = 64.0f * scale;
    heading.mode = text::LayoutMode::Horizontal;
    const float text_x = safe_x + mongolian_title->width + 48.0f * scale;
    const auto chinese_title = engine.layout("家庭律师", heading);
    drawer.draw(*chinese_title, text_x, safe_y, SDL_Color{255, 255, 255, 255});

    text::TextStyle body;
    body.size_px = 40.0f * scale;
    body.mode = text::LayoutMode::Vertical;
    body.box_width = static_cast<float>(width) - text_x - safe_x;
    body.box_height = static_cast<float>(height) - 2.0f * safe_y - chinese_title->height - 48.0f * scale;
    const auto hotline = engine.layout("ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线", body);
    drawer.draw(*hotline, text_x, safe_y + chinese_title->height + 48.0f * scale, SDL_Color{255, 214, 102, 255});

    text::TextStyle note;
    note.size_px = 36.0f * scale;
    note.mode = text::LayoutMode::Horizontal;
    note.box_width = static_cast<float>(width) - text_x - hotline->width - 2.0f * safe_x;
    const auto chinese_note = engine.layout("按遥控器上的按键浏览普法节目，或拨打 12348 法律援助热线。", note);
    drawer.draw(*chinese_note, text_x + hotline->width + 48.0f * scale, safe_y + chinese_title->height + 48.0f * scale,
                SDL_Color{220, 230, 240, 255});
}

bool parse_size(const std::string& value, int& width, int& height) {
    const auto x = value.find('x');
    if (x == std::string::npos) return false;
    width = std::atoi(value.substr(0, x).c_str());
    height = std::atoi(value.substr(x + 1).c_str());
    return width >= 320 && height >= 240 && width <= 7680 && height <= 4320;
}

int run_headless(const Options& options, text::TextEngine& engine) {
    const int width = options.width > 0 ? options.width : 1920;
    const int height = options.height > 0 ? options.height : 1080;
    auto canvas = sdl::OffscreenCanvas::create(width, height);
    if (!canvas) {
        log::error("app", canvas.error().message);
        return 1;
    }
    text::GlyphAtlas atlas(engine.fonts());
    sdl::TextDrawer drawer(canvas.value()->renderer(), atlas);
    draw_demo(canvas.value()->renderer(), engine, drawer, width, height);
    if (!options.screenshot.empty()) {
        if (auto saved = canvas.value()->save_png(options.screenshot); !saved) {
            log::error("app", saved.error().message);
            return 1;
        }
    }
    return 0;
}

int run_window(const Options& options, text::TextEngine& engine) {
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        log::error("app", std::string("cannot open the display: ") + SDL_GetError() +
                              " (is a display attached? try --headless --screenshot out.png)");
        return 1;
    }
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    int width = options.width > 0 ? options.width : 1280;
    int height = options.height > 0 ? options.height : 720;
    if (!options.windowed && options.width == 0) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_Window* window = SDL_CreateWindow("Family Lawyer 家庭律师", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          width, height, flags);
    SDL_Renderer* renderer = window != nullptr ? SDL_CreateRenderer(window, -1, SDL_RENDERER_PRESENTVSYNC) : nullptr;
    if (renderer == nullptr) {
        log::error("app", std::string("cannot create a window: ") + SDL_GetError());
        SDL_Quit();
        return 1;
    }
    int exit_code = 0;
    {
        text::GlyphAtlas atlas(engine.fonts());
        sdl::TextDrawer drawer(renderer, atlas);
        bool dirty = true;
        bool running = true;
        while (running) {
            if (dirty) {
                SDL_GetRendererOutputSize(renderer, &width, &height);
                draw_demo(renderer, engine, drawer, width, height);
                SDL_RenderPresent(renderer);
                dirty = false;
                if (!options.screenshot.empty()) break;
            }
            SDL_Event event;
            if (SDL_WaitEvent(&event) == 0) break;  // sleeps: nothing is drawn while nothing changes
            do {
                if (event.type == SDL_QUIT) running = false;
                if (event.type == SDL_KEYDOWN &&
                    (event.key.keysym.sym == SDLK_ESCAPE || event.key.keysym.sym == SDLK_AC_BACK)) {
                    running = false;
                }
                if (event.type == SDL_WINDOWEVENT) dirty = true;
            } while (SDL_PollEvent(&event) != 0);
        }
    }
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "family-lawyer: " << arg << " needs a value\n" << kHelp;
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << kHelp;
            return 0;
        } else if (arg == "--version") {
            std::cout << "family-lawyer " << FL_VERSION << "\n";
            return 0;
        } else if (arg == "--headless") {
            options.headless = true;
        } else if (arg == "--windowed") {
            options.windowed = true;
        } else if (arg == "--size") {
            if (!parse_size(value(), options.width, options.height)) {
                std::cerr << "family-lawyer: --size needs WxH between 320x240 and 7680x4320\n";
                return 2;
            }
        } else if (arg == "--screenshot") {
            options.screenshot = value();
        } else {
            std::cerr << "family-lawyer: unknown option " << arg << "\n" << kHelp;
            return 2;
        }
    }
    auto engine = text::TextEngine::with_default_fonts();
    if (!engine) {
        log::error("app", engine.error().message);
        return 1;
    }
    return options.headless ? run_headless(options, *engine.value()) : run_window(options, *engine.value());
}
