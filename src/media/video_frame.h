// One decoded picture as the player hands it to the screen: 8-bit planar YUV 4:2:0 in tightly packed planes.
#pragma once

#include <cstdint>
#include <vector>

namespace fl::media {

struct VideoFrame {
    int width = 0, height = 0;
    std::vector<uint8_t> y, u, v;  // pitch = width for Y, (width + 1) / 2 for U and V (width / 2 when even)
    double pts_s = 0;              // stream time, 0 at the start of the programme
    uint64_t serial = 0;           // bumped by every seek; stale frames are never shown
};

}  // namespace fl::media
