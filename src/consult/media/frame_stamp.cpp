// Bar-code stamps: 48 cells (32 bits of time, 16 bits of check) in a band at the top of the luma plane.
#include "consult/media/frame_stamp.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace fl::consult {
namespace {

constexpr int kCells = 48;

uint16_t check_of(uint32_t value) {
    const uint32_t mixed = value * 2654435761u;
    return static_cast<uint16_t>((mixed >> 16) ^ 0x5a5a);
}

int band_height(int height) { return std::max(8, height / 24) & ~1; }

}  // namespace

uint64_t machine_monotonic_ms() {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

void burn_frame_stamp(uint8_t* y, int y_pitch, uint8_t* u, uint8_t* v, int chroma_pitch, int width, int height,
                      uint64_t stamp_ms) {
    const int band = std::min(band_height(height), height);
    const uint32_t value = static_cast<uint32_t>(stamp_ms);
    const uint64_t bits = (static_cast<uint64_t>(value) << 16) | check_of(value);
    for (int row = 0; row < band; ++row) {
        uint8_t* line = y + static_cast<ptrdiff_t>(row) * y_pitch;
        for (int cell = 0; cell < kCells; ++cell) {
            const int x0 = cell * width / kCells;
            const int x1 = (cell + 1) * width / kCells;
            const bool one = (bits >> (kCells - 1 - cell)) & 1u;
            std::memset(line + x0, one ? 235 : 16, static_cast<size_t>(x1 - x0));
        }
    }
    const int chroma_width = (width + 1) / 2;
    for (int row = 0; row < band / 2; ++row) {
        std::memset(u + static_cast<ptrdiff_t>(row) * chroma_pitch, 128, static_cast<size_t>(chroma_width));
        std::memset(v + static_cast<ptrdiff_t>(row) * chroma_pitch, 128, static_cast<size_t>(chroma_width));
    }
}

std::optional<uint32_t> read_frame_stamp(const uint8_t* y, int y_pitch, int width, int height) {
    const int band = std::min(band_height(height), height);
    if (width < kCells * 2 || band < 4) return std::nullopt;
    uint64_t bits = 0;
    for (int cell = 0; cell < kCells; ++cell) {
        const int x0 = cell * width / kCells;
        const int x1 = (cell + 1) * width / kCells;
        const int margin_x = (x1 - x0) / 4;
        int sum = 0, count = 0;
        for (int row = band / 4; row < band - band / 4; ++row)
            for (int x = x0 + margin_x; x < x1 - margin_x; ++x) {
                sum += y[static_cast<ptrdiff_t>(row) * y_pitch + x];
                ++count;
            }
        bits = (bits << 1) | (count > 0 && sum / count >= 126 ? 1u : 0u);
    }
    const uint32_t value = static_cast<uint32_t>(bits >> 16);
    if (static_cast<uint16_t>(bits & 0xffff) != check_of(value)) return std::nullopt;
    return value;
}

int64_t stamp_age_ms(uint32_t stamp, uint64_t now_ms) {
    return static_cast<int32_t>(static_cast<uint32_t>(now_ms) - stamp);
}

}  // namespace fl::consult
