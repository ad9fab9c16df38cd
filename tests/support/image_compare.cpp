// Image comparison on luminance: mean difference and share of strongly changed pixels; golden files via SDL_image.
#include "image_compare.h"

#include <SDL_image.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "platform/sdl/offscreen_canvas.h"

namespace fl::test {
namespace {

double luminance(Uint32 pixel, const SDL_PixelFormat* format) {
    Uint8 r = 0;
    Uint8 g = 0;
    Uint8 b = 0;
    Uint8 a = 0;
    SDL_GetRGBA(pixel, format, &r, &g, &b, &a);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) * (a / 255.0);
}

}  // namespace

ImageDifference compare_images(SDL_Surface* expected, SDL_Surface* actual) {
    ImageDifference d;
    if (expected == nullptr || actual == nullptr || expected->w != actual->w || expected->h != actual->h) return d;
    d.same_size = true;
    SDL_Surface* a = SDL_ConvertSurfaceFormat(expected, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface* b = SDL_ConvertSurfaceFormat(actual, SDL_PIXELFORMAT_ARGB8888, 0);
    double total = 0.0;
    size_t changed = 0;
    for (int y = 0; y < a->h; ++y) {
        const auto* row_a = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(a->pixels) + y * a->pitch);
        const auto* row_b = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(b->pixels) + y * b->pitch);
        for (int x = 0; x < a->w; ++x) {
            const double diff = std::abs(luminance(row_a[x], a->format) - luminance(row_b[x], b->format));
            total += diff;
            if (diff > 48.0) ++changed;
        }
    }
    const double pixels = static_cast<double>(a->w) * static_cast<double>(a->h);
    d.mean_difference = total / pixels;
    d.changed_fraction = static_cast<double>(changed) / pixels;
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    return d;
}

bool matches_golden(SDL_Surface* actual, const std::string& golden_path, std::string& report) {
    const char* update = std::getenv("FL_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        const bool written = IMG_SavePNG(actual, golden_path.c_str()) == 0;
        report = written ? "golden written: " + golden_path : "cannot write golden " + golden_path;
        return written;
    }
    auto golden = sdl::load_png(golden_path);
    if (!golden) {
        report = golden.error().message + " (create it with FL_UPDATE_GOLDEN=1 and check it by eye)";
        return false;
    }
    const ImageDifference d = compare_images(golden.value().get(), actual);
    std::ostringstream out;
    out << golden_path << ": same size " << d.same_size << ", mean difference " << d.mean_difference
        << ", changed pixels " << d.changed_fraction * 100.0 << "%";
    report = out.str();
    return looks_the_same(d);
}

}  // namespace fl::test
