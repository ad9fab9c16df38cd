// One decoded picture as the player hands it to the screen: 8-bit planar YUV 4:2:0, read through plane()/pitch().
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace fl::media {

struct VideoFrame {
    int width = 0, height = 0;
    // Planes the frame owns, tightly packed: pitch = width for Y, (width + 1) / 2 for U and V. Empty when the
    // planes are borrowed below.
    std::vector<uint8_t> y, u, v;
    // Planes left in the decoder's buffers (no copy): `buffers` keeps them alive as long as this frame.
    std::array<const uint8_t*, 3> borrowed_planes{};
    std::array<int, 3> borrowed_pitches{};
    std::shared_ptr<const void> buffers;
    double pts_s = 0;     // stream time, 0 at the start of the programme
    uint64_t serial = 0;  // bumped by every seek; stale frames are never shown

    // Plane 0 (Y), 1 (U) or 2 (V), whichever way the frame holds it.
    const uint8_t* plane(int index) const {
        if (borrowed_planes[static_cast<size_t>(index)] != nullptr) return borrowed_planes[static_cast<size_t>(index)];
        return (index == 0 ? y : index == 1 ? u : v).data();
    }
    int pitch(int index) const {
        if (borrowed_planes[static_cast<size_t>(index)] != nullptr) return borrowed_pitches[static_cast<size_t>(index)];
        return index == 0 ? width : (width + 1) / 2;
    }
};

}  // namespace fl::media
