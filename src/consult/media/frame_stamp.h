// Latency stamps for benchmarks and tests: a capture time burned into a picture's top rows as a bar code, read back.
#pragma once

#include <cstdint>
#include <optional>

namespace fl::consult {

// CLOCK_MONOTONIC in milliseconds: one clock for every process on the machine (unlike fl::monotonic_ms).
uint64_t machine_monotonic_ms();

// Writes the low 32 bits of stamp_ms and a 16-bit check as 48 black/white cells across the top rows of a YUV 4:2:0
// picture (chroma set neutral there). Survives H.264 at the ladder's rates down to 240p.
void burn_frame_stamp(uint8_t* y, int y_pitch, uint8_t* u, uint8_t* v, int chroma_pitch, int width, int height,
                      uint64_t stamp_ms);

// Reads a stamp back; nothing when the check does not match (no stamp, or a damaged picture).
std::optional<uint32_t> read_frame_stamp(const uint8_t* y, int y_pitch, int width, int height);

// Milliseconds from a stamp to now_ms (both CLOCK_MONOTONIC), across the 32-bit wrap.
int64_t stamp_age_ms(uint32_t stamp, uint64_t now_ms);

}  // namespace fl::consult
