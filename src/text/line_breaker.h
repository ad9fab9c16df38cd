// Line-break opportunities: UAX #14 from ICU, tightened by the Mongolian rules of W3C mlreq.
#pragma once

#include <cstdint>
#include <vector>

namespace fl::text {

enum class BreakKind : uint8_t { None, Allowed, Mandatory };

// One entry per position 0..size: may a line end before the code point at that index?
// Position 0 is always None; position size is Mandatory (end of text).
std::vector<BreakKind> find_line_breaks(const std::vector<char32_t>& text);

}  // namespace fl::text
