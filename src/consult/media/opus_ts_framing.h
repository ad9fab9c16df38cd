// Opus in MPEG-TS: every Opus packet in a PES carries a control header (ETSI TS 102 366 style); this takes it off.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace fl::consult {

// Splits a PES payload into the Opus packets it carries. A payload without control headers is returned whole;
// a damaged one yields the packets before the damage.
std::vector<std::span<const uint8_t>> split_opus_ts_payload(std::span<const uint8_t> payload);

}  // namespace fl::consult
