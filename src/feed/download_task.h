// One offline download: space checked and reserved, HTTP Range resume, periodic sync, sha256 check, atomic install.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "net/http_client.h"

namespace fl::feed {

struct DownloadSpec {
    std::string url;
    std::string sha256;  // 64 hex digits, from the signed feed
    int64_t bytes = 0;   // exact size, from the signed feed
    // Where the finished file goes; while it downloads it is final_path + ".part".
    std::string final_path;
};

struct DownloadResult {
    enum class Kind { Done, Transient, Failed, Cancelled } kind = Kind::Failed;
    std::string error;     // English; empty when Done
    int64_t received = 0;  // bytes on disk and synced when it ended
};

struct DownloadHooks {
    // After each sync of the .part file: this many bytes from the start are durable (record it in the ledger).
    std::function<void(int64_t received)> synced;
    // While receiving, at most a few times a second.
    std::function<void(int64_t received, int64_t total)> progress;
};

// Downloads spec.url into final_path, resuming at resume_from (bytes known durable from an earlier try; 0 for a
// fresh start). Free space is checked with statvfs and the whole size reserved with posix_fallocate before any
// byte is fetched (a full disk fails at once, with a clear message). The file becomes final_path only after its
// size and sha256 match the feed; a mismatch deletes it. Bytes are synced every sync_every bytes.
DownloadResult download_file(net::HttpClient& client, const DownloadSpec& spec, int64_t resume_from,
                             const std::atomic<bool>* cancel, const DownloadHooks& hooks, int64_t sync_every = 1 << 20,
                             int low_speed_time_s = 30);

}  // namespace fl::feed
