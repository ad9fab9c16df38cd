// UTF-8 decoding: valid text round-trips, each ill-formed sequence becomes one U+FFFD with its offset.
#include <doctest/doctest.h>

#include <string>

#include "core/utf8.h"

using fl::decode_utf8;

TEST_CASE("valid UTF-8 decodes with byte offsets") {
    const auto decoded = decode_utf8("aᠮ法\xF0\x9F\x98\x80");
    REQUIRE(decoded.code_points.size() == 4);
    CHECK(decoded.code_points[0] == U'a');
    CHECK(decoded.code_points[1] == U'\u182E');
    CHECK(decoded.code_points[2] == U'\u6CD5');
    CHECK(decoded.code_points[3] == U'\U0001F600');
    CHECK(decoded.byte_offsets == std::vector<uint32_t>{0, 1, 4, 7, 11});
    CHECK(decoded.invalid_sequences == 0);
}

TEST_CASE("ill-formed sequences become U+FFFD, one per maximal subpart") {
    // stray continuation (1), overlong 'A' (2), surrogate (3), truncated 3-byte sequence at the end (1)
    const auto decoded = decode_utf8(std::string("x\x80y\xC1\x81z\xED\xA0\x80w\xE6\xB3", 12));
    CHECK(decoded.invalid_sequences == 7);
    CHECK(decoded.first_invalid_offset == 1);
    CHECK(decoded.code_points.front() == U'x');
    CHECK(decoded.code_points.back() == U'\uFFFD');
    int replacements = 0;
    for (const char32_t cp : decoded.code_points) replacements += cp == 0xFFFD ? 1 : 0;
    CHECK(replacements == 7);
}

TEST_CASE("append_utf8 encodes every plane") {
    std::string out;
    for (const char32_t cp : {U'a', U'\u00E9', U'\u182E', U'\U0001F600'}) fl::append_utf8(out, cp);
    CHECK(out == "a\xC3\xA9\xE1\xA0\xAE\xF0\x9F\x98\x80");
    CHECK(decode_utf8(out).invalid_sequences == 0);
}
