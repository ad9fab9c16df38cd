// Logging sink implementation: serialised writes of "level area: message" lines to stderr.
#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace fl::log {
namespace {

std::atomic<Level> minimum_level{Level::Info};
std::mutex write_mutex;

const char* level_name(Level level) {
    switch (level) {
        case Level::Debug: return "debug";
        case Level::Info: return "info";
        case Level::Warning: return "warning";
        case Level::Error: return "error";
    }
    return "?";
}

}  // namespace

void set_minimum_level(Level level) { minimum_level = level; }

void write(Level level, std::string_view area, std::string_view message) {
    if (level < minimum_level.load()) return;
    std::lock_guard lock(write_mutex);
    std::fprintf(stderr, "%s %.*s: %.*s\n", level_name(level), static_cast<int>(area.size()), area.data(),
                 static_cast<int>(message.size()), message.data());
}

}  // namespace fl::log
