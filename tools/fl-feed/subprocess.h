// Running other programs from fl-feed (ffmpeg, ffprobe, minisign, the app): argument vectors, no shell.
#pragma once

#include <string>
#include <vector>

namespace fl::feed_tool {

// Runs argv[0] (searched in PATH) with the given arguments, inheriting stdin/stdout/stderr; returns its exit code,
// or 127 when it could not be started.
int run_program(const std::vector<std::string>& argv);

// Runs it and returns its standard output (stderr inherited); exit_code receives its exit code.
std::string capture_program(const std::vector<std::string>& argv, int& exit_code);

}  // namespace fl::feed_tool
