// UI benchmark peer: a bare SDL2 window that draws a tile grid and redraws only on input, logging its own times.
//
// Usage: bare_sdl_window --size WxH [--log FILE]
// Log lines (times are CLOCK_MONOTONIC in ms, the same clock as Python's time.monotonic()):
//   start T            main() entered
//   renderer NAME      the SDL renderer in use (accelerated+vsync if available, like family-lawyer)
//   first_frame T      the first SDL_RenderPresent returned
//   key T NAME         a key press was taken from the queue
//   frame T            SDL_RenderPresent returned after a redraw
#include <SDL.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace {

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1.0e6;
}

FILE* log_file = nullptr;

void log_line(const char* what, double t, const char* extra) {
    if (log_file == nullptr) return;
    if (extra != nullptr) {
        std::fprintf(log_file, "%s %.3f %s\n", what, t, extra);
    } else {
        std::fprintf(log_file, "%s %.3f\n", what, t);
    }
    std::fflush(log_file);
}

constexpr int kColumns = 6;
constexpr int kRows = 4;

struct Grid {
    int focus_column = 0;
    int focus_row = 0;
};

void draw(SDL_Renderer* renderer, const Grid& grid) {
    int width = 0;
    int height = 0;
    SDL_GetRendererOutputSize(renderer, &width, &height);
    SDL_SetRenderDrawColor(renderer, 16, 18, 24, 255);
    SDL_RenderClear(renderer);
    const int gap = width / 80;
    const int tile_w = (width - gap * (kColumns + 1)) / kColumns;
    const int tile_h = (height - gap * (kRows + 1)) / kRows;
    for (int row = 0; row < kRows; ++row) {
        for (int column = 0; column < kColumns; ++column) {
            const bool focused = row == grid.focus_row && column == grid.focus_column;
            const SDL_Rect tile{gap + column * (tile_w + gap), gap + row * (tile_h + gap), tile_w, tile_h};
            if (focused) {
                const int border = gap / 2 > 2 ? gap / 2 : 2;
                const SDL_Rect outline{tile.x - border, tile.y - border, tile.w + 2 * border, tile.h + 2 * border};
                SDL_SetRenderDrawColor(renderer, 250, 250, 250, 255);
                SDL_RenderFillRect(renderer, &outline);
            }
            const int shade = focused ? 60 : 0;
            SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(40 + column * 30 + shade),
                                   static_cast<Uint8>(60 + row * 40 + shade), static_cast<Uint8>(150 + shade), 255);
            SDL_RenderFillRect(renderer, &tile);
        }
    }
    SDL_RenderPresent(renderer);
}

bool move_focus(Grid& grid, SDL_Keycode key) {
    switch (key) {
        case SDLK_LEFT: grid.focus_column = (grid.focus_column + kColumns - 1) % kColumns; return true;
        case SDLK_RIGHT: grid.focus_column = (grid.focus_column + 1) % kColumns; return true;
        case SDLK_UP: grid.focus_row = (grid.focus_row + kRows - 1) % kRows; return true;
        case SDLK_DOWN: grid.focus_row = (grid.focus_row + 1) % kRows; return true;
        default: return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const double start = now_ms();
    int width = 1920;
    int height = 1080;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (std::sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width <= 0 || height <= 0) {
                std::fprintf(stderr, "bare_sdl_window: --size wants WxH\n");
                return 2;
            }
        } else if (std::strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
            log_file = std::fopen(argv[++i], "w");
            if (log_file == nullptr) {
                std::perror(argv[i]);
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: bare_sdl_window --size WxH [--log FILE]\n");
            return 2;
        }
    }
    log_line("start", start, nullptr);

    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "bare_sdl_window: SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window* window = SDL_CreateWindow("bare SDL2 window", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                                          height, SDL_WINDOW_ALLOW_HIGHDPI);
    if (window == nullptr) {
        std::fprintf(stderr, "bare_sdl_window: SDL_CreateWindow: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    SDL_Renderer* renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (renderer == nullptr) renderer = SDL_CreateRenderer(window, -1, 0);
    if (renderer == nullptr) {
        std::fprintf(stderr, "bare_sdl_window: SDL_CreateRenderer: %s\n", SDL_GetError());
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 1;
    }
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer, &info) == 0) log_line("renderer", now_ms(), info.name);
    SDL_ShowCursor(SDL_DISABLE);

    Grid grid;
    draw(renderer, grid);
    log_line("first_frame", now_ms(), nullptr);

    bool running = true;
    while (running) {
        SDL_Event event;
        if (SDL_WaitEvent(&event) == 0) break;
        bool dirty = false;
        do {
            switch (event.type) {
                case SDL_QUIT: running = false; break;
                case SDL_KEYDOWN:
                    log_line("key", now_ms(), SDL_GetKeyName(event.key.keysym.sym));
                    if (event.key.keysym.sym == SDLK_ESCAPE) running = false;
                    if (move_focus(grid, event.key.keysym.sym)) dirty = true;
                    break;
                case SDL_WINDOWEVENT:
                    if (event.window.event == SDL_WINDOWEVENT_EXPOSED ||
                        event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                        dirty = true;
                    }
                    break;
                default: break;
            }
        } while (SDL_PollEvent(&event) != 0);
        if (dirty && running) {
            draw(renderer, grid);
            log_line("frame", now_ms(), nullptr);
        }
    }

    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    if (log_file != nullptr) std::fclose(log_file);
    return 0;
}
