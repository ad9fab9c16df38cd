// Helper for the kill -9 test: saves one item's position in a tight loop and prints every committed value.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "library/watch_history.h"

// Usage: watch_history_writer DB_PATH FIRST_COUNTER MAX_SECONDS
// Position = counter; each value is printed (one line, flushed) only after flush() has committed it.
// MAX_SECONDS stops a writer whose test went away without killing it.
int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: watch_history_writer DB_PATH FIRST_COUNTER MAX_SECONDS\n");
        return 64;
    }
    const std::string path = argv[1];
    const long long first = std::strtoll(argv[2], nullptr, 10);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::strtoll(argv[3], nullptr, 10));

    auto opened = fl::library::WatchHistory::open(path);
    if (!opened) {
        std::fprintf(stderr, "watch_history_writer: %s\n", opened.error().message.c_str());
        return 1;
    }
    fl::library::WatchHistory& history = *opened.value();
    for (long long counter = first; std::chrono::steady_clock::now() < deadline; ++counter) {
        history.save_position("kill-test", static_cast<double>(counter), 1e9);
        history.flush();
        if (const std::string error = history.last_error(); !error.empty()) {
            std::fprintf(stderr, "watch_history_writer: %s\n", error.c_str());
            return 2;
        }
        std::printf("%lld\n", counter);
        std::fflush(stdout);
    }
    return 0;
}
