// Offline downloads on the box: a worker thread, the ledger, retries, a storage quota with eviction, local playback
// paths.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "feed/catalog.h"
#include "feed/download_ledger.h"
#include "net/backoff.h"
#include "net/http_client.h"

namespace fl::feed {

struct DownloadStatus {
    DownloadState state = DownloadState::Queued;
    int64_t received = 0;
    int64_t bytes = 0;
    std::string error;  // English, when Failed
};

struct DownloadSettings {
    std::string dir;  // files: DIR/ID.mp4 (DIR/ID.mp4.part while downloading), DIR/ID.LANG.vtt; ledger DIR/ledger.db
    net::HttpClientOptions http;
    int64_t quota_bytes = int64_t{8} << 30;  // all downloads together
    int max_attempts = 6;                    // transient failures in a row before the item is marked failed
    uint64_t backoff_min_ms = 1'000;
    uint64_t backoff_max_ms = 600'000;
    int low_speed_time_s = 30;
    int64_t sync_every = 1 << 20;
    // Whether the viewer has watched an item (finished it): only such downloads are evicted to make room.
    std::function<bool(const std::string& item_id)> watched;
};

// Events for --events: download_progress, download_done, download_failed.
using DownloadEventSink = std::function<void(std::string_view name, nlohmann::json fields)>;

class DownloadManager {
public:
    // Opens the ledger (creating DIR) and starts the worker, which first resumes (HTTP Range from the ledger's
    // durable bytes) what was queued or half-done when the app stopped; changed() is called (on the worker) whenever
    // a status changes, to wake the UI.
    static Result<std::unique_ptr<DownloadManager>> open(DownloadSettings settings, DownloadEventSink events,
                                                         std::function<void()> changed);
    ~DownloadManager();  // cancels the transfer in flight (it resumes next time) and joins the worker
    DownloadManager(const DownloadManager&) = delete;
    DownloadManager& operator=(const DownloadManager&) = delete;

    // Queues the item's MP4 (and captions). No-op when it is already queued, downloading or done; a failed one is
    // tried again. Fails when the item has no download.
    Result<void> start(const Item& item);
    // Deletes the item's files and ledger row; a transfer in flight is cancelled first.
    void remove(const std::string& item_id);

    std::optional<DownloadStatus> status(const std::string& item_id) const;
    std::vector<std::pair<std::string, DownloadStatus>> list() const;  // ledger order: oldest finished first
    // Items whose download is done point at the local files (media_path, captions) so they play offline.
    Catalog localized(Catalog catalog) const;
    // Counts changes of which programmes are kept offline (a download finished, deleted or evicted): when it moves,
    // localized() gives a different answer.
    uint64_t offline_generation() const { return offline_generation_.load(); }
    // Waits until the queue is empty and nothing is downloading (tests); false on timeout.
    bool wait_idle(int timeout_ms);

    std::string media_path(const std::string& item_id) const { return settings_.dir + "/" + item_id + ".mp4"; }

private:
    struct Job {
        Item item;
    };
    DownloadManager(DownloadSettings settings, std::unique_ptr<DownloadLedger> ledger, DownloadEventSink events,
                    std::function<void()> changed);
    void run();
    void perform(const Job& job);
    bool fetch_captions(const Item& item, std::string& error);
    bool make_room(const std::string& item_id, int64_t bytes, std::string& error);
    void delete_files(const std::string& item_id);
    void set_status(const std::string& item_id, DownloadStatus status);
    std::string caption_path(const std::string& item_id, const std::string& lang) const;

    DownloadSettings settings_;
    std::unique_ptr<DownloadLedger> ledger_;  // under mutex_
    DownloadEventSink events_;
    std::function<void()> changed_;
    net::HttpClient client_;
    net::Backoff backoff_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::map<std::string, DownloadStatus> statuses_;
    std::set<std::string> removed_;
    std::string active_;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::atomic<uint64_t> offline_generation_{0};
    std::thread worker_;
};

}  // namespace fl::feed
