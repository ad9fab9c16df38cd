// Strict feed validator: every rule of docs/feed-format.md, all problems at once, each with file:line:column, a JSON pointer and English + Chinese text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feed/catalog.h"

namespace fl::feed {

// One problem in a feed document.
struct FeedProblem {
    std::string file;     // source name
    int line = 0;         // 1-based; 0 when the problem concerns the file as a whole (size, signature)
    int column = 0;       // 1-based, in characters (code points) of that line
    std::string pointer;  // RFC 6901 JSON pointer of the value at fault ("" is the whole document)
    std::string english;
    std::string chinese;
};

// "feed.json:9:40: /items/0/title/zh-Hans: control character U+0000 / 控制字符 U+0000"
std::string format_problem(const FeedProblem& problem);

// Where the fast path's time went (filled only when ValidationOptions::timings points here; for the benchmark).
struct FastPathTimings {
    double parse_ms = 0;      // simdjson reading the text into its document (with a fresh parser, as in use)
    double text_scan_ms = 0;  // lexical rules over every key and string: depth, duplicate keys, control/bidi/PUA/NFC
    double rules_ms = 0;      // the document rules and building the catalogue (string copies, references); on
                              // feeds from 256 KiB on, the text scan runs beside it on a second thread
};

struct ValidationOptions {
    std::string source_name = "feed.json";
    // What relative references resolve against: the feed's URL, or a local directory (see FeedInput::base).
    std::string base;
    // Hosts absolute https URLs may name (exact, lower case). Ignored when any_https_host is set.
    std::vector<std::string> allowed_hosts;
    bool any_https_host = false;       // a local, unsigned catalogue or an operator's draft
    bool allow_loopback_http = false;  // also http://127.0.0.1[:PORT]/ (tests only)
    std::size_t max_bytes = kMaxCatalogBytes;
    std::size_t max_problems = 100;  // stop collecting after this many
    // Read valid feeds with simdjson first (much faster); anything it or the rules refuse goes through the strict
    // nlohmann reader, which reports with positions. Off: the strict reader only (tests and fuzzing compare both).
    bool fast_path = true;
    FastPathTimings* timings = nullptr;
};

struct ValidationReport {
    std::vector<FeedProblem> problems;  // in document order as far as possible; empty when the feed is valid
    std::optional<Catalog> catalog;     // set only when there is no problem
    bool truncated = false;             // more problems than max_problems existed
};

// Limits enforced while parsing (also documented in docs/feed-format.md).
inline constexpr int kMaxDepth = 16;
inline constexpr std::size_t kMaxTitleCodePoints = 80;
inline constexpr std::size_t kMaxSummaryCodePoints = 500;

// Checks a feed document and, when it is valid, builds the catalogue. Never throws; any byte sequence is safe.
ValidationReport validate_feed(std::string_view bytes, const ValidationOptions& options);

}  // namespace fl::feed
