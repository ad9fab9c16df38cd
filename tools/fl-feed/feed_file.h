// Feed files for fl-feed subcommands: reading one with a size cap, its folder, printing a problem for an editor.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"
#include "feed/feed_validator.h"

namespace fl::feed_tool {

// The file's bytes; refuses files over max_bytes without reading them whole.
Result<std::string> read_feed_file(const std::string& path, std::size_t max_bytes);

// The folder relative references of a local feed file resolve against.
std::string feed_directory(const std::string& path);

// Two lines: "file:line:column: pointer: English" and an indented Chinese line.
std::string format_problem_lines(const feed::FeedProblem& problem);

}  // namespace fl::feed_tool
