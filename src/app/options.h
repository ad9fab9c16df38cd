// Command-line options of family-lawyer: the automation interface tests and the operators' preview rely on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace fl::app {

struct Options {
    bool headless = false;
    bool windowed = false;
    int width = 0;  // 0 = the display's size (1920x1080 when headless)
    int height = 0;
    std::optional<std::string> language;  // mn, zh or both: overrides the saved setting for this run
    std::string keys;                     // "Down,Down,Ok,wait:500,Back"
    std::string screenshot;
    std::string events;
    std::string data_dir;
    std::string feed;
    std::vector<std::string> remotes;
    std::string play;          // a file or URL to play directly
    bool exit_at_end = false;  // with play: leave when it ends (exit code 0) or fails (exit code 1)
    bool no_audio = false;     // do not open a sound device (the audio clock still runs)  // evdev devices to read remote keys from; none given = look for them
    bool show_version = false;
    bool show_help = false;
};

// Parses argv; an error says which option is wrong and how to write it.
Result<Options> parse_options(int argc, char** argv);

extern const char* const kHelpText;

}  // namespace fl::app
