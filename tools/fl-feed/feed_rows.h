// Spreadsheet-style programme rows (one per programme, named columns) and turning them into a feed document.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "feed/bilingual_message.h"

namespace fl::feed_tool {

// One programme: column name -> text, plus where it came from ("table.csv:7") for messages.
struct FeedRow {
    std::string origin;
    std::map<std::string, std::string> cells;
};

// The columns a row may have (docs/feed-format.md, "Importing"); the first block is required.
extern const std::vector<std::string> kRequiredColumns;
extern const std::vector<std::string> kOptionalColumns;

struct FeedHeader {
    long long sequence = 0;
    std::string published, expires;
    std::string publisher_mn, publisher_zh;
};

// Builds the feed document. Categories appear in order of first use; their titles come from the first row of each
// category that has them. Problems that the validator could not place (a number column with text) are appended
// to problems as "origin: column: message".
nlohmann::ordered_json build_feed(const FeedHeader& header, const std::vector<FeedRow>& rows,
                                  std::vector<std::string>& problems);

}  // namespace fl::feed_tool
