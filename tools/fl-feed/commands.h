// fl-feed subcommands: each takes its arguments (after the subcommand name) and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace fl::feed_tool {

using Args = std::vector<std::string>;

// Exit codes: 0 success, 1 the input has problems (printed), 2 wrong usage or a tool (ffmpeg, minisign) failed.
inline constexpr int kOk = 0;
inline constexpr int kProblems = 1;
inline constexpr int kUsage = 2;

int lint_command(const Args& args);
int import_command(const Args& args);
int package_command(const Args& args);
int sign_command(const Args& args);
int verify_command(const Args& args);
int preview_command(const Args& args);
int publish_check_command(const Args& args);  // box side: tools/fl-feed/publish_check_command.cpp

// The directory of the running fl-feed executable (to find family-lawyer next to it).
std::string own_directory();

}  // namespace fl::feed_tool
