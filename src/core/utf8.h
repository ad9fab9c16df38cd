// UTF-8 that never fails: ill-formed sequences become U+FFFD and are counted; byte offsets are kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fl {

struct DecodedText {
    std::vector<char32_t> code_points;
    std::vector<uint32_t> byte_offsets;  // byte offset in the input of each code point, plus one past the end
    uint32_t invalid_sequences = 0;      // how many ill-formed sequences were replaced by U+FFFD
    uint32_t first_invalid_offset = 0;   // byte offset of the first one (valid when invalid_sequences > 0)
};

DecodedText decode_utf8(std::string_view bytes);

void append_utf8(std::string& out, char32_t code_point);

// The text with every ill-formed sequence replaced by U+FFFD; `invalid` counts the replacements.
std::string repair_utf8(std::string_view bytes, size_t& invalid);

// Private-use code points: Menksoft and Delehi Mongolian shape codes live here, not Unicode Mongolian.
bool is_private_use(char32_t cp);

}  // namespace fl
