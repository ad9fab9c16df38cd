// Line-break opportunities: UAX #14 via ICU plus the mlreq rules for Mongolian.
#include <doctest/doctest.h>

#include <string>

#include "text/line_breaker.h"
#include "core/utf8.h"

using fl::text::BreakKind;

namespace {
std::vector<BreakKind> breaks_of(const std::string& utf8) {
    return fl::text::find_line_breaks(fl::decode_utf8(utf8).code_points);
}
}  // namespace

TEST_CASE("Mongolian words break at spaces only") {
    const auto breaks = breaks_of("ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ");  // 6 letters, space, 4 letters
    REQUIRE(breaks.size() == 12);
    for (size_t i = 1; i < 11; ++i) CHECK_MESSAGE((breaks[i] == BreakKind::None) == (i != 7), "position " << i);
    CHECK(breaks[11] == BreakKind::Mandatory);
}

TEST_CASE("never before NNBSP or MVS and their suffix") {
    // ᠮᠣᠩᠭᠣᠯ NNBSP ᠤᠨ ᠠᠨᠠ MVS ᠠ
    const auto breaks = breaks_of("ᠮᠣᠩᠭᠣᠯ\u202Fᠤᠨ ᠠᠨᠠ\u180Eᠠ");
    CHECK(breaks[6] == BreakKind::None);
    CHECK(breaks[7] == BreakKind::None);
    CHECK(breaks[10] == BreakKind::Allowed);
    CHECK(breaks[13] == BreakKind::None);
    CHECK(breaks[14] == BreakKind::None);
}

TEST_CASE("Mongolian punctuation never starts a line, opening brackets never end one") {
    const auto breaks = breaks_of("ᠬᠡᠯᠡ ᠃ ᠬᠡᠯᠡ ᠂ 《法律》");
    CHECK(breaks[5] == BreakKind::None);   // before ᠃
    CHECK(breaks[10] == BreakKind::None);  // before ᠂
    CHECK(breaks[13] == BreakKind::None);  // after 《
}

TEST_CASE("Han text may break between ideographs, not before 。") {
    const auto breaks = breaks_of("法律援助。热线");
    CHECK(breaks[1] == BreakKind::Allowed);
    CHECK(breaks[4] == BreakKind::None);
    CHECK(breaks[5] == BreakKind::Allowed);
}

TEST_CASE("a newline is a mandatory break") {
    const auto breaks = breaks_of("ab\ncd");
    CHECK(breaks[3] == BreakKind::Mandatory);
    CHECK(breaks[1] == BreakKind::None);
}
