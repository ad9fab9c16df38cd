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
    // A remote feed (--feed https://...): the CA to trust instead of the system's (tests), the folder of trusted
    // minisign .pub keys (default: the installed ones), plain http to 127.0.0.1 (tests only), the poll interval.
    std::string feed_ca;
    std::string feed_keys;
    bool allow_http_loopback = false;
    int feed_poll_s = 3600;
    std::vector<std::string> remotes;
    std::string play;          // a file or URL to play directly
    bool exit_at_end = false;  // with play: leave when it ends (exit code 0) or fails (exit code 1)
    bool no_audio = false;     // do not open a sound device (the audio clock still runs)  // evdev devices to read remote keys from; none given = look for them
    // 12348 consults: the hotline's signalling base URL (none: the consult tile says so), the CA to trust for it,
    // this box's device token, and the capture devices ("" = find them; "none" = the box has none).
    std::string hotline;
    std::string hotline_ca;
    std::string hotline_token;
    std::string camera;      // /dev/video0, v4l2:/dev/video0, lavfi:testsrc2=size=1280x720:rate=30, a file, none
    std::string microphone;  // alsa:default, pulse:default, lavfi:sine=frequency=440:sample_rate=48000, a file, none
    bool show_version = false;
    bool show_help = false;
};

// Parses argv; an error says which option is wrong and how to write it.
Result<Options> parse_options(int argc, char** argv);

extern const char* const kHelpText;

}  // namespace fl::app
