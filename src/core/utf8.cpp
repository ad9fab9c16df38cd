// UTF-8 decoder after Unicode's "maximal subpart" rule: each ill-formed subsequence yields one U+FFFD.
#include "core/utf8.h"


namespace fl {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the sequence a lead byte announces, and the allowed range of its second byte.
struct LeadInfo {
    int length;
    unsigned char second_min;
    unsigned char second_max;
};

LeadInfo lead_info(unsigned char lead) {
    if (lead < 0x80) return {1, 0, 0};
    if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
    if (lead == 0xE0) return {3, 0xA0, 0xBF};
    if (lead == 0xED) return {3, 0x80, 0x9F};  // excludes surrogates
    if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
    if (lead == 0xF0) return {4, 0x90, 0xBF};
    if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
    if (lead == 0xF4) return {4, 0x80, 0x8F};  // caps at U+10FFFF
    return {0, 0, 0};
}

}  // namespace

DecodedText decode_utf8(std::string_view bytes) {
    DecodedText out;
    out.code_points.reserve(bytes.size());
    out.byte_offsets.reserve(bytes.size() + 1);
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t size = bytes.size();
    size_t i = 0;
    auto emit = [&](char32_t cp, size_t at) {
        out.code_points.push_back(cp);
        out.byte_offsets.push_back(static_cast<uint32_t>(at));
    };
    auto emit_invalid = [&](size_t at) {
        if (out.invalid_sequences == 0) out.first_invalid_offset = static_cast<uint32_t>(at);
        ++out.invalid_sequences;
        emit(kReplacement, at);
    };
    while (i < size) {
        const unsigned char lead = data[i];
        const LeadInfo info = lead_info(lead);
        if (info.length == 1) {
            emit(lead, i);
            ++i;
            continue;
        }
        if (info.length == 0) {
            emit_invalid(i);
            ++i;
            continue;
        }
        char32_t cp = lead & (0xFF >> (info.length + 1));
        size_t consumed = 1;
        bool valid = true;
        for (int k = 1; k < info.length; ++k) {
            if (i + consumed >= size) { valid = false; break; }
            const unsigned char byte = data[i + consumed];
            const bool in_range = k == 1 ? (byte >= info.second_min && byte <= info.second_max) : is_continuation(byte);
            if (!in_range) { valid = false; break; }
            cp = (cp << 6) | (byte & 0x3F);
            ++consumed;
        }
        if (valid) {
            emit(cp, i);
        } else {
            emit_invalid(i);
        }
        i += consumed;
    }
    out.byte_offsets.push_back(static_cast<uint32_t>(size));
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string repair_utf8(std::string_view bytes, size_t& invalid) {
    const DecodedText decoded = decode_utf8(bytes);
    invalid += decoded.invalid_sequences;
    if (decoded.invalid_sequences == 0) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 2 * decoded.invalid_sequences);
    for (const char32_t cp : decoded.code_points) append_utf8(out, cp);
    return out;
}

bool is_private_use(char32_t cp) {
    return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD);
}

}  // namespace fl
