// UTC times in feeds ("YYYY-MM-DDTHH:MM:SSZ"): strict parsing to seconds since 1970 and formatting back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fl::feed {

// Seconds since 1970-01-01T00:00:00Z, or nothing when text is not exactly "YYYY-MM-DDTHH:MM:SSZ" with a real date
// (years 1970-9999, leap years honoured, no leap seconds). Such strings also compare chronologically as text.
std::optional<int64_t> parse_utc_time(std::string_view text);

// The inverse of parse_utc_time for 0 <= seconds < year 10000.
std::string format_utc_time(int64_t seconds);

}  // namespace fl::feed
