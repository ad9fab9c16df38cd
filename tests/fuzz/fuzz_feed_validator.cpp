// libFuzzer target: the feed validator on arbitrary bytes: both paths (simdjson fast, nlohmann strict) must agree; positions sane.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/feed_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    fl::feed::ValidationOptions options;
    options.base = "https://media.example.cn/feeds/feed.json";
    options.allowed_hosts = {"media.example.cn"};
    options.allow_loopback_http = (size % 2) == 0;
    const fl::feed::ValidationReport report = fl::feed::validate_feed(bytes, options);
    // Invariants: a catalogue exactly when there is no problem; every problem is placed inside the text.
    if (report.catalog.has_value() != report.problems.empty()) __builtin_trap();
    // The fast path (simdjson) must never accept what the strict path refuses, nor the reverse.
    options.fast_path = false;
    const fl::feed::ValidationReport strict = fl::feed::validate_feed(bytes, options);
    if (strict.catalog.has_value() != report.catalog.has_value()) __builtin_trap();
    for (const auto& problem : report.problems) {
        if (problem.line < 0 || problem.column < 0 || problem.english.empty() || problem.chinese.empty()) __builtin_trap();
        (void)fl::feed::format_problem(problem);
    }
    return 0;
}
