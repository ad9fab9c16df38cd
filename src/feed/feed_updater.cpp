// Feed polling loop: random first phase, jittered interval, full-jitter backoff on transient failures, events.
#include "feed/feed_updater.h"

#include <chrono>

#include "core/log.h"

namespace fl::feed {
namespace {

constexpr std::string_view kArea = "feed";

int64_t system_now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

FeedUpdater::FeedUpdater(UpdaterSettings settings, CatalogStore& store, FeedEventSink events, OnCommitted on_committed)
    : settings_(std::move(settings)),
      store_(store),
      events_(std::move(events)),
      on_committed_(std::move(on_committed)),
      client_(settings_.http),
      backoff_(settings_.backoff_min_ms, settings_.backoff_max_ms) {
    if (!settings_.now_unix) settings_.now_unix = system_now_unix;
    if (!events_) events_ = [](std::string_view, nlohmann::json) {};
}

FeedUpdater::~FeedUpdater() {
    stop();
}

void FeedUpdater::start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
}

void FeedUpdater::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

FetchResult FeedUpdater::poll_once() {
    events_("feed_check", {{"url", settings_.feed_url}});
    const auto& known = store_.current();
    FetchResult result = fetch_signed_feed(client_, settings_.feed_url, known ? &*known : nullptr, settings_.policy,
                                           store_.trust_state(), settings_.now_unix(), settings_.limits, &cancel_);
    switch (result.kind) {
        case FetchResult::Kind::NotModified:
            events_("feed_not_modified", {{"http_bytes", result.feed_request_http_bytes},
                                          {"tls_bytes", result.feed_request_tls_bytes},
                                          {"tls_resumed", result.feed_request_tls_resumed}});
            break;
        case FetchResult::Kind::Verified: {
            const VerifiedFeed& verified = *result.verified;
            if (auto committed = store_.commit(*result.signed_feed, verified.sequence); !committed) {
                result.kind = FetchResult::Kind::Rejected;
                result.error = "the new catalogue could not be stored, the old one stays: " + committed.error().message;
                log::error(kArea, result.error);
                events_("feed_rejected", {{"reason", result.error}, {"stage", "store"}});
                break;
            }
            log::info(kArea, "catalogue " + std::to_string(verified.sequence) + " committed (" +
                                 std::to_string(verified.catalog.items.size()) + " items)");
            events_(
                "feed_updated",
                {{"sequence", verified.sequence}, {"items", verified.catalog.items.size()}, {"stale", verified.stale}});
            if (on_committed_) on_committed_(verified);
            break;
        }
        case FetchResult::Kind::Rejected:
            log::error(kArea, "feed refused, the last good catalogue stays: " + result.error);
            events_("feed_rejected", {{"reason", result.error}, {"stage", "verify"}});
            break;
        case FetchResult::Kind::Failed:
            if (result.outcome == net::Outcome::Cancelled) break;
            log::warning(kArea, "feed not fetched, the last good catalogue stays: " + result.error);
            events_("feed_rejected", {{"reason", result.error},
                                      {"stage", "network"},
                                      {"transient", result.outcome == net::Outcome::Transient}});
            break;
    }
    return result;
}

uint64_t FeedUpdater::delay_after(const FetchResult& result) {
    if (result.kind == FetchResult::Kind::Failed && result.outcome == net::Outcome::Transient) {
        return backoff_.next_delay_ms(result.retry_after_s);
    }
    backoff_.reset();
    const uint64_t tenth = settings_.poll_interval_ms / 10;
    return settings_.poll_interval_ms - tenth + backoff_.uniform_ms(2 * tenth);
}

void FeedUpdater::run() {
    uint64_t delay_ms = backoff_.uniform_ms(settings_.first_poll_spread_ms);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping_; })) return;
        }
        const FetchResult result = poll_once();
        if (result.kind == FetchResult::Kind::Failed && result.outcome == net::Outcome::Cancelled) return;
        delay_ms = delay_after(result);
        if (result.kind == FetchResult::Kind::Failed) {
            events_("feed_retry", {{"in_ms", delay_ms}, {"transient", result.outcome == net::Outcome::Transient}});
        }
    }
}

}  // namespace fl::feed
