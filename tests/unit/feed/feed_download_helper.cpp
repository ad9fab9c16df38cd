// Kill -9 helper for the download tests: downloads one file through the DownloadManager until it is done.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "feed/download_manager.h"

// Usage: feed_download_helper DIR ITEM_ID URL SHA256 BYTES
// Prints "started" once the download is queued, then "done" (exit 0) or "failed: REASON" (exit 1). Loopback http
// is allowed (tests only).
int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: feed_download_helper DIR ITEM_ID URL SHA256 BYTES\n");
        return 2;
    }
    ::signal(SIGXFSZ, SIG_IGN);  // a file size limit then shows as EFBIG, as a full disk shows ENOSPC
    fl::feed::DownloadSettings settings;
    settings.dir = argv[1];
    settings.http.allow_loopback_http = true;
    settings.sync_every = 1024;
    settings.backoff_min_ms = 10;
    settings.backoff_max_ms = 100;
    settings.max_attempts = 20;
    auto manager = fl::feed::DownloadManager::open(settings, nullptr, nullptr);
    if (!manager) {
        std::fprintf(stderr, "%s\n", manager.error().message.c_str());
        return 2;
    }
    fl::feed::Item item;
    item.id = argv[2];
    item.download = {argv[3], argv[4], std::stoll(argv[5])};
    if (auto started = manager.value()->start(item); !started) {
        std::printf("failed: %s\n", started.error().message.c_str());
        return 1;
    }
    std::printf("started\n");
    std::fflush(stdout);
    for (;;) {
        const auto status = manager.value()->status(item.id);
        if (status && status->state == fl::feed::DownloadState::Done) {
            std::printf("done\n");
            return 0;
        }
        if (status && status->state == fl::feed::DownloadState::Failed) {
            std::printf("failed: %s\n", status->error.c_str());
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}
