// Option parsing: every value is checked here, so the rest of the app sees only sane settings.
#include "app/options.h"

#include <cstdlib>
#include <string_view>

namespace fl::app {

const char* const kHelpText =
    "usage: family-lawyer [options]\n"
    "  --headless             draw offscreen, no window\n"
    "  --size WxH             screen size, e.g. 1920x1080 or 3840x2160 (default: the display's)\n"
    "  --windowed             a window instead of full screen\n"
    "  --lang mn|zh|both      interface language for this run\n"
    "  --keys LIST            press these remote actions in order, e.g. \"Down,Down,Ok,wait:500,Back\"\n"
    "  --screenshot OUT.png   after the keys, once the UI is idle, write the frame and exit\n"
    "  --events FILE          write events as JSON lines (event, t_ms, ...)\n"
    "  --data-dir DIR         where settings and state are kept\n"
    "  --feed PATH|URL        catalogue file to show, or a signed feed to keep up to date (https://HOST/feed.json)\n"
    "  --feed-ca FILE         PEM certificates to trust for the feed (a test CA)\n"
    "  --feed-keys DIR        trusted minisign public keys (*.pub) for the feed (default: the installed ones)\n"
    "  --feed-poll-s N        seconds between feed polls (default 3600; the first poll comes at a random moment)\n"
    "  --allow-http-loopback  tests only: plain http to 127.0.0.1 for the feed and downloads\n"
    "  --play FILE|URL        play this directly (with --exit-at-end: leave when it ends)\n"
    "  --no-audio             do not open a sound device\n"
    "  --remote DEVICE        read remote keys from this input device (repeatable; default: find IR/CEC remotes)\n"
    "  --hotline URL          12348 consult signalling (https://...); also FL_HOTLINE\n"
    "  --hotline-ca FILE      PEM certificates to trust for the hotline (a test CA)\n"
    "  --hotline-token TOKEN  this box's device token; also FL_HOTLINE_TOKEN\n"
    "  --camera SPEC          /dev/videoN, lavfi:GRAPH, a file, or none (default: /dev/video0 if present)\n"
    "  --microphone SPEC      alsa:NAME, pulse:NAME, lavfi:GRAPH, a file, or none (default: alsa:default if present)\n"
    "  --version, --help\n";

namespace {

bool parse_size(std::string_view value, int& width, int& height) {
    const auto x = value.find('x');
    if (x == std::string_view::npos) return false;
    width = std::atoi(std::string(value.substr(0, x)).c_str());
    height = std::atoi(std::string(value.substr(x + 1)).c_str());
    return width >= 320 && height >= 240 && width <= 7680 && height <= 4320;
}

}  // namespace

Result<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        auto value = [&]() -> std::string { return argv[++i]; };
        auto needs_value = [&]() { return Error{"option " + std::string(arg) + " needs a value"}; };
        if (arg == "--help" || arg == "-h") {
            options.show_help = true;
        } else if (arg == "--version") {
            options.show_version = true;
        } else if (arg == "--headless") {
            options.headless = true;
        } else if (arg == "--windowed") {
            options.windowed = true;
        } else if (arg == "--size") {
            if (!has_value) return needs_value();
            const std::string size = value();
            if (!parse_size(size, options.width, options.height)) {
                return Error{"--size " + size + ": give WxH between 320x240 and 7680x4320, e.g. 3840x2160"};
            }
        } else if (arg == "--lang") {
            if (!has_value) return needs_value();
            const std::string language = value();
            if (language != "mn" && language != "zh" && language != "both") {
                return Error{"--lang " + language + ": give mn, zh or both"};
            }
            options.language = language;
        } else if (arg == "--keys") {
            if (!has_value) return needs_value();
            options.keys = value();
        } else if (arg == "--screenshot") {
            if (!has_value) return needs_value();
            options.screenshot = value();
        } else if (arg == "--events") {
            if (!has_value) return needs_value();
            options.events = value();
        } else if (arg == "--data-dir") {
            if (!has_value) return needs_value();
            options.data_dir = value();
        } else if (arg == "--feed-ca" || arg == "--feed-keys") {
            if (!has_value) return needs_value();
            (arg == "--feed-ca" ? options.feed_ca : options.feed_keys) = value();
        } else if (arg == "--feed-poll-s") {
            if (!has_value) return needs_value();
            const std::string seconds = value();
            options.feed_poll_s = std::atoi(seconds.c_str());
            if (options.feed_poll_s < 1 || options.feed_poll_s > 7 * 86400) {
                return Error{"--feed-poll-s " + seconds + ": give a number of seconds from 1 to 604800"};
            }
        } else if (arg == "--allow-http-loopback") {
            options.allow_http_loopback = true;
        } else if (arg == "--play") {
            if (!has_value) return needs_value();
            options.play = value();
        } else if (arg == "--exit-at-end") {
            options.exit_at_end = true;
        } else if (arg == "--no-audio") {
            options.no_audio = true;
        } else if (arg == "--remote") {
            if (!has_value) return needs_value();
            options.remotes.push_back(value());
        } else if (arg == "--hotline" || arg == "--hotline-ca" || arg == "--hotline-token" || arg == "--camera" ||
                   arg == "--microphone") {
            if (!has_value) return needs_value();
            std::string& target = arg == "--hotline"         ? options.hotline
                                  : arg == "--hotline-ca"    ? options.hotline_ca
                                  : arg == "--hotline-token" ? options.hotline_token
                                  : arg == "--camera"        ? options.camera
                                                             : options.microphone;
            target = value();
            if (arg == "--hotline" && target.rfind("https://", 0) != 0) {
                return Error{"--hotline " + target + ": give an https:// URL (certificates are always checked)"};
            }
        } else if (arg == "--feed") {
            if (!has_value) return needs_value();
            options.feed = value();
        } else {
            return Error{"unknown option " + std::string(arg) + " (see --help)"};
        }
    }
    return options;
}

}  // namespace fl::app
