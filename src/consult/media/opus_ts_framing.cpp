// Parsing of Opus control headers in MPEG-TS PES payloads: prefix 0x3ff, trim flags, size bytes, optional trims.
#include "consult/media/opus_ts_framing.h"

namespace fl::consult {
namespace {

bool has_control_header(std::span<const uint8_t> data) {
    return data.size() >= 2 && ((static_cast<unsigned>(data[0]) << 8 | data[1]) >> 5) == 0x3ff;
}

}  // namespace

std::vector<std::span<const uint8_t>> split_opus_ts_payload(std::span<const uint8_t> payload) {
    std::vector<std::span<const uint8_t>> packets;
    if (!has_control_header(payload)) {
        if (!payload.empty()) packets.push_back(payload);
        return packets;
    }
    size_t at = 0;
    while (at < payload.size() && has_control_header(payload.subspan(at))) {
        const uint8_t flags = payload[at + 1];
        at += 2;
        size_t size = 0;
        while (at < payload.size()) {
            const uint8_t byte = payload[at++];
            size += byte;
            if (byte != 0xff) break;
        }
        if (flags & 0x10) at += 2;  // start trim
        if (flags & 0x08) at += 2;  // end trim
        if (flags & 0x04) {         // control extension: a length byte and that many bytes
            if (at >= payload.size()) break;
            at += 1 + payload[at];
        }
        if (at + size > payload.size() || size == 0) break;
        packets.push_back(payload.subspan(at, size));
        at += size;
    }
    return packets;
}

}  // namespace fl::consult
