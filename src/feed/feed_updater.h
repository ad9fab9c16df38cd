// The box's feed updater: a worker thread that polls the signed feed, retries with backoff, commits to the store.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

#include "feed/catalog_store.h"
#include "feed/feed_fetch.h"
#include "net/backoff.h"
#include "net/http_client.h"

namespace fl::feed {

struct UpdaterSettings {
    std::string feed_url;  // https://HOST[:PORT]/PATH; the signature is feed_url + ".minisig"
    TrustPolicy policy;
    net::HttpClientOptions http;
    FetchLimits limits;
    uint64_t poll_interval_ms = 3'600'000;  // each later poll: this interval +- 10 %
    // The first poll waits a random time in [0, first_poll_spread_ms] so that boxes that all power up together
    // (a village after a power cut) do not all call at once.
    uint64_t first_poll_spread_ms = 60'000;
    uint64_t backoff_min_ms = 1'000;  // transient failures: full-jitter backoff between these
    uint64_t backoff_max_ms = 600'000;
    std::function<int64_t()> now_unix;  // the wall clock (tests may set 1970); default: the system clock
};

// Receives the updater's events for --events: feed_check, feed_not_modified, feed_updated, feed_rejected.
using FeedEventSink = std::function<void(std::string_view name, nlohmann::json fields)>;

class FeedUpdater {
public:
    // Called on the updater's thread after a verified feed has been committed to the store.
    using OnCommitted = std::function<void(const VerifiedFeed&)>;

    // store must outlive the updater; the updater is its only user once started.
    FeedUpdater(UpdaterSettings settings, CatalogStore& store, FeedEventSink events, OnCommitted on_committed);
    ~FeedUpdater();  // stops the thread, abandoning a request in flight
    FeedUpdater(const FeedUpdater&) = delete;
    FeedUpdater& operator=(const FeedUpdater&) = delete;

    // Starts polling on a worker thread.
    void start();
    // Stops the thread; a request in flight is cancelled within about a second.
    void stop();

    // One poll on the calling thread (tests, and the worker's loop): fetch, verify, commit, events.
    FetchResult poll_once();

    // The wait the worker chose after a poll with this result (backoff for transient failures, else the interval).
    uint64_t delay_after(const FetchResult& result);

private:
    void run();

    UpdaterSettings settings_;
    CatalogStore& store_;
    FeedEventSink events_;
    OnCommitted on_committed_;
    net::HttpClient client_;
    net::Backoff backoff_;
    std::atomic<bool> cancel_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace fl::feed
