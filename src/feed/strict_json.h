// Strict JSON reading for feeds: nlohmann SAX parse with byte positions, limits (depth, numbers) and text rules checked on every token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "feed/bilingual_message.h"

namespace fl::feed {

// A lexical problem: where it starts (byte offset), the JSON pointer of the value, English and Chinese text.
struct JsonIssue {
    std::size_t offset = 0;
    std::string pointer;
    std::string english;
    std::string chinese;
};

struct StrictJson {
    nlohmann::json document;       // what could be read (duplicate keys keep their first value)
    std::vector<JsonIssue> issues;  // in document order
    bool complete = false;          // the whole text was read (no syntax error, not too deep)
    bool truncated = false;         // more issues than max_issues
};

// Parses text (no BOM or size check here; the validator does those first). Reports duplicate keys, nesting deeper
// than max_depth (stops there), integers beyond 64 bits and numbers beyond double range (from the raw number text),
// and text problems in every key and string (see text_problem). A syntax error stops the parse with one issue.
StrictJson parse_strict_json(std::string_view text, int max_depth, std::size_t max_issues);

// The byte offset where each pointer's value starts, or where its nearest existing ancestor starts when the
// pointer names something absent. Walks text again; used only to place problems found after parsing.
std::vector<std::size_t> locate_pointers(std::string_view text, const std::vector<std::string>& pointers);

// 1-based line and column (in code points) of each byte offset.
struct TextPosition {
    int line = 1;
    int column = 1;
};
std::vector<TextPosition> text_positions(std::string_view text, const std::vector<std::size_t>& offsets);

// Finds why a decoded string may not appear in a feed: C0/C1 control characters (including U+0000),
// bidirectional controls, private-use characters (Menksoft/Delehi Mongolian codes), text not in NFC. Returns false
// (problem untouched) when the string is fine.
bool find_text_problem(std::string_view utf8, BilingualMessage& problem);

// Skips printable ASCII (0x20-0x7E) from `from`, 8 bytes at a time (most of a feed: keys, URLs, hashes, ids): every
// byte before the returned index is printable ASCII, and the first byte that is not lies less than 8 bytes after it
// (the rest is left to the caller's byte-wise loop).
inline std::size_t skip_printable_ascii(std::string_view text, std::size_t from) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    while (from + 8 <= text.size()) {
        uint64_t word;
        std::memcpy(&word, text.data() + from, 8);
        // A byte with the high bit set, a byte below 0x20, or a byte equal to 0x7F (exact "any" tests: a false
        // signal in one byte can only follow a true one in a lower byte).
        const uint64_t below_space = (word - kOnes * 0x20) & ~word;
        const uint64_t del = word ^ (kOnes * 0x7F);
        const uint64_t is_del = (del - kOnes) & ~del;
        if (((word | below_space | is_del) & kHigh) != 0) break;
        from += 8;
    }
    return from;
}

// RFC 6901 escaping of one reference token.
std::string pointer_token(std::string_view key);

}  // namespace fl::feed
