// Golden-image comparison with a tolerance, shared by every area's screenshot tests.
#pragma once

#include <SDL.h>

#include <string>

namespace fl::test {

struct ImageDifference {
    bool same_size = false;
    double mean_difference = 0.0;   // mean absolute luminance difference, 0-255
    double changed_fraction = 0.0;  // share of pixels whose luminance differs by more than 48
};

ImageDifference compare_images(SDL_Surface* expected, SDL_Surface* actual);

// Tolerance for anti-aliasing and FreeType version noise, tight enough that a moved or missing glyph fails.
inline bool looks_the_same(const ImageDifference& d) {
    return d.same_size && d.mean_difference <= 1.5 && d.changed_fraction <= 0.003;
}

// Compares `actual` with the golden PNG at `golden_path`. With FL_UPDATE_GOLDEN=1 in the environment it
// (re)writes the golden instead and says so. Returns a description for the test's message.
bool matches_golden(SDL_Surface* actual, const std::string& golden_path, std::string& report);

}  // namespace fl::test
