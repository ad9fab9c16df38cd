// Latency stamps for the CLI reference pipeline: writes stamped raw pictures to stdout, or reads them from stdin.
//   frame_stamp_tool generate WIDTH HEIGHT FPS SECONDS   raw yuv420p, paced in real time, stamped when written
//   frame_stamp_tool read WIDTH HEIGHT                   prints one line per stamped picture: its age in ms
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "consult/media/frame_stamp.h"

namespace {

bool write_all(const uint8_t* data, size_t size) {
    while (size > 0) {
        const ssize_t written = write(1, data, size);
        if (written <= 0) return false;
        data += written;
        size -= static_cast<size_t>(written);
    }
    return true;
}

bool read_all(uint8_t* data, size_t size) {
    while (size > 0) {
        const ssize_t got = read(0, data, size);
        if (got <= 0) return false;
        data += got;
        size -= static_cast<size_t>(got);
    }
    return true;
}

int generate(int width, int height, int fps, double seconds) {
    const size_t luma = static_cast<size_t>(width) * height;
    const size_t chroma = luma / 4;
    std::vector<uint8_t> picture(luma + 2 * chroma);
    const auto start = std::chrono::steady_clock::now();
    const int total = static_cast<int>(seconds * fps);
    for (int index = 0; index < total; ++index) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<int64_t>(index) * 1000000 / fps));
        // A moving diagonal pattern, so the encoder has real work and motion to code.
        for (int row = 0; row < height; ++row)
            for (int x = 0; x < width; ++x)
                picture[static_cast<size_t>(row) * width + x] = static_cast<uint8_t>((x + row + index * 8) & 0xff);
        std::memset(picture.data() + luma, 100, chroma);
        std::memset(picture.data() + luma + chroma, 150, chroma);
        fl::consult::burn_frame_stamp(picture.data(), width, picture.data() + luma, picture.data() + luma + chroma,
                                      width / 2, width, height, fl::consult::machine_monotonic_ms());
        if (!write_all(picture.data(), picture.size())) return 0;
    }
    return 0;
}

int read_stamps(int width, int height) {
    const size_t size = static_cast<size_t>(width) * height * 3 / 2;
    std::vector<uint8_t> picture(size);
    std::optional<uint32_t> previous;
    while (read_all(picture.data(), size)) {
        const uint64_t now = fl::consult::machine_monotonic_ms();
        const auto stamp = fl::consult::read_frame_stamp(picture.data(), width, width, height);
        if (stamp && stamp != previous) {  // a repeated picture is not a new measurement
            std::printf("%lld\n", static_cast<long long>(fl::consult::stamp_age_ms(*stamp, now)));
            std::fflush(stdout);
        }
        previous = stamp;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "generate" && argc == 6) return generate(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]), std::atof(argv[5]));
    if (mode == "read" && argc == 4) return read_stamps(std::atoi(argv[2]), std::atoi(argv[3]));
    std::fprintf(stderr, "usage: frame_stamp_tool generate W H FPS SECONDS | read W H\n");
    return 2;
}
