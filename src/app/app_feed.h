// The app's side of a remote feed: stored catalogue at boot, the updater, thumbnails and downloads, applied on the main
// thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/options.h"
#include "core/event_log.h"
#include "feed/catalog_store.h"
#include "feed/download_manager.h"
#include "feed/feed_updater.h"
#include "feed/thumbnail_cache.h"
#include "library/watch_history.h"
#include "ui/download_control.h"

namespace fl::app {

class AppFeed : public ui::DownloadControl {
public:
    // For --feed https://...: reads the trusted keys, opens the store under data_dir/feed and, when a stored
    // catalogue verifies again (current slot, else the previous one), puts it into shown. Otherwise shown keeps the
    // bundled catalogue. Nothing runs in the background until start().
    static Result<std::unique_ptr<AppFeed>> open(const Options& options, const std::string& data_dir, EventLog& events,
                                                 library::WatchHistory* history, feed::Catalog& shown);
    ~AppFeed() override;

    // Starts the updater, the thumbnail fetch and the downloads; wake() is called from their threads on a change.
    void start(std::function<void()> wake);

    // Main thread, once per loop turn: applies a catalogue prepared off the main thread (a commit, new thumbnails,
    // a finished or deleted download) to shown unless the viewer is playing; returns whether it did.
    bool pump(bool playing);

    // The shown catalogue is past its expiry (or the box's clock cannot judge it).
    bool stale() const { return stale_; }

    bool start_download(std::string_view item_id) override;
    void delete_download(std::string_view item_id) override;
    std::optional<ui::DownloadView> download_status(std::string_view item_id) const override;
    std::vector<std::string> downloaded_items() const override;

private:
    AppFeed(const Options& options, const std::string& data_dir, EventLog& events, library::WatchHistory* history,
            feed::Catalog& shown);
    void committed(const feed::VerifiedFeed& verified);  // updater thread
    void fetch_thumbnails(feed::Catalog catalog);        // thumbnail thread
    // Any thread: the catalogue to show (thumbnails and downloads made local), left for pump to take.
    void prepare();

    const Options& options_;
    std::string data_dir_;
    EventLog& events_;
    library::WatchHistory* history_;
    feed::Catalog& shown_;
    feed::UpdaterSettings settings_;
    feed::CatalogStore store_;
    feed::ThumbnailCache thumbnails_;
    std::unique_ptr<feed::DownloadManager> downloads_;
    std::unique_ptr<feed::FeedUpdater> updater_;
    std::function<void()> wake_;

    mutable std::mutex mutex_;
    std::mutex prepare_mutex_;            // one prepare at a time, so the last one wins
    feed::Catalog raw_;                   // the verified catalogue, remote references untouched
    std::optional<feed::Catalog> ready_;  // prepared for the screen, not yet taken by pump
    bool raw_stale_ = false;              // raw_ is past its expiry
    uint64_t offline_generation_ = 0;     // the downloads' offline_generation() that ready_ reflects
    bool stale_ = false;                  // main thread: what is shown is past its expiry
    std::atomic<bool> cancel_{false};
    std::thread thumbnail_thread_;
};

}  // namespace fl::app
