// Remote feed glue: trust policy from the options, boot from the store, updater/thumbnail/download threads, main-thread
// swap.
#include "app/app_feed.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <sstream>

#include "core/files.h"
#include "core/log.h"
#include "feed/feed_time.h"

#ifndef FL_FEED_KEYS_DIR
#define FL_FEED_KEYS_DIR "/usr/share/family-lawyer/keys"
#endif

namespace fl::app {
namespace {

constexpr std::string_view kArea = "feed";
constexpr uint64_t kThumbnailCacheBytes = 64u << 20;

int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "https://Host:8443/a/feed.json" -> "host".
std::string host_of(const std::string& url) {
    auto start = url.find("://");
    if (start == std::string::npos) return "";
    start += 3;
    std::string host = url.substr(start, url.find_first_of(":/?#", start) - start);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return host;
}

}  // namespace

AppFeed::AppFeed(const Options& options, const std::string& data_dir, EventLog& events, library::WatchHistory* history,
                 feed::Catalog& shown)
    : options_(options),
      data_dir_(data_dir),
      events_(events),
      history_(history),
      shown_(shown),
      store_(data_dir + "/feed"),
      thumbnails_(data_dir + "/thumbnails", kThumbnailCacheBytes) {}

AppFeed::~AppFeed() {
    cancel_ = true;
    updater_.reset();  // stops its thread
    if (thumbnail_thread_.joinable()) thumbnail_thread_.join();
    std::unique_ptr<feed::DownloadManager> downloads;
    {
        std::lock_guard lock(mutex_);  // its worker may still call back while it stops
        downloads = std::move(downloads_);
    }
    downloads.reset();
}

Result<std::unique_ptr<AppFeed>> AppFeed::open(const Options& options, const std::string& data_dir, EventLog& events,
                                               library::WatchHistory* history, feed::Catalog& shown) {
    std::unique_ptr<AppFeed> feed(new AppFeed(options, data_dir, events, history, shown));
    feed::UpdaterSettings& settings = feed->settings_;
    settings.feed_url = options.feed;
    const std::string keys_dir = options.feed_keys.empty() ? FL_FEED_KEYS_DIR : options.feed_keys;
    auto keys = feed::load_trusted_keys(keys_dir);
    if (!keys) return Error{"--feed " + options.feed + ": no trusted feed keys: " + keys.error().message};
    settings.policy.keys = std::move(keys).value();
    // Media may come from the feed's own host and from the hosts listed in KEYS_DIR/media-hosts.txt.
    settings.policy.allowed_hosts = {host_of(options.feed)};
    if (auto listed = read_file(keys_dir + "/media-hosts.txt")) {
        std::istringstream lines(listed.value());
        for (std::string line; std::getline(lines, line);) {
            line = line.substr(0, line.find('#'));
            line.erase(std::remove_if(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
                       line.end());
            if (!line.empty()) settings.policy.allowed_hosts.push_back(line);
        }
    }
    settings.policy.allow_loopback_http = options.allow_http_loopback;
    settings.http.ca_file = options.feed_ca;
    settings.http.allow_loopback_http = options.allow_http_loopback;
    settings.poll_interval_ms = static_cast<uint64_t>(options.feed_poll_s) * 1000;
    settings.first_poll_spread_ms = std::min<uint64_t>(settings.poll_interval_ms, 60'000);
    if (auto refused = net::HttpClient(settings.http).refuse_url(options.feed)) return Error{"--feed: " + *refused};
    if (auto prepared = feed->store_.prepare(); !prepared) return prepared.error();

    std::vector<std::string> problems;
    const auto stored = feed->store_.load(settings.policy, now_unix(), problems);
    for (const auto& problem : problems) log::warning(kArea, "stored catalogue: " + problem);
    if (stored) {
        feed->raw_ = stored->verified.catalog;
        feed->raw_stale_ = stored->verified.stale;
        feed->stale_ = stored->verified.stale;
        shown = feed->thumbnails_.localized(feed->raw_);
        events.write("feed_loaded", {{"sequence", stored->verified.sequence},
                                     {"slot", stored->from_previous_slot ? "previous" : "current"},
                                     {"stale", stored->verified.stale}});
    } else {
        events.write("feed_loaded", {{"sequence", shown.sequence}, {"slot", "bundled"}, {"stale", false}});
    }
    return feed;
}

void AppFeed::start(std::function<void()> wake) {
    wake_ = std::move(wake);
    feed::DownloadSettings download_settings;
    download_settings.dir = data_dir_ + "/downloads";
    download_settings.http = settings_.http;
    download_settings.watched = [history = history_](const std::string& item_id) {
        if (history == nullptr) return false;
        for (const auto& entry : history->recent(100'000)) {
            if (entry.item_id == item_id) return entry.finished;
        }
        return false;
    };
    auto downloads = feed::DownloadManager::open(
        download_settings,
        [this](std::string_view name, nlohmann::json fields) { events_.write(name, std::move(fields)); },
        [this] {
            // Progress only needs a redraw; a download finished or deleted changes what plays from where.
            bool offline_changed = false;
            {
                std::lock_guard lock(mutex_);
                offline_changed = downloads_ && downloads_->offline_generation() != offline_generation_;
            }
            if (offline_changed) prepare();
            wake_();
        });
    if (downloads) {
        {
            std::lock_guard lock(mutex_);  // its worker may already call back (resuming an interrupted download)
            downloads_ = std::move(downloads).value();
        }
        prepare();  // finished downloads play from their local files from the first frame on
    } else {
        log::warning(kArea, "offline downloads are not available: " + downloads.error().message);
    }
    {
        std::lock_guard lock(mutex_);
        if (!raw_.items.empty()) thumbnail_thread_ = std::thread([this, catalog = raw_] { fetch_thumbnails(catalog); });
    }
    updater_ = std::make_unique<feed::FeedUpdater>(
        settings_, store_,
        [this](std::string_view name, nlohmann::json fields) { events_.write(name, std::move(fields)); },
        [this](const feed::VerifiedFeed& verified) { committed(verified); });
    updater_->start();
}

void AppFeed::committed(const feed::VerifiedFeed& verified) {
    {
        std::lock_guard lock(mutex_);
        raw_ = verified.catalog;
        raw_stale_ = verified.stale;
    }
    prepare();
    wake_();
    // The updater's thread fetches the new thumbnails; the catalogue shows at once, pictures as they arrive.
    net::HttpClient client(settings_.http);
    std::vector<std::string> problems;
    const int fetched = thumbnails_.fetch_missing(client, verified.catalog, &cancel_, problems);
    for (const auto& problem : problems) log::warning(kArea, problem);
    if (fetched > 0) {
        prepare();
        wake_();
    }
}

void AppFeed::fetch_thumbnails(feed::Catalog catalog) {
    net::HttpClient client(settings_.http);
    std::vector<std::string> problems;
    const int fetched = thumbnails_.fetch_missing(client, catalog, &cancel_, problems);
    for (const auto& problem : problems) log::warning(kArea, problem);
    if (fetched > 0) {
        prepare();
        wake_();
    }
}

void AppFeed::prepare() {
    std::lock_guard serial(prepare_mutex_);
    feed::Catalog catalog;
    bool stale = false;
    uint64_t generation = 0;
    feed::DownloadManager* downloads = nullptr;
    {
        std::lock_guard lock(mutex_);
        if (raw_.items.empty()) return;  // still the bundled catalogue
        catalog = raw_;
        stale = raw_stale_;
        downloads = downloads_.get();
        generation = downloads != nullptr ? downloads->offline_generation() : 0;
    }
    catalog = catalog.visible_at(feed::format_utc_time(static_cast<int64_t>(std::time(nullptr))));
    catalog = thumbnails_.localized(std::move(catalog));
    if (downloads != nullptr) catalog = downloads->localized(std::move(catalog));
    std::lock_guard lock(mutex_);
    ready_ = std::move(catalog);
    raw_stale_ = stale;
    offline_generation_ = generation;
}

bool AppFeed::pump(bool playing) {
    {
        std::lock_guard lock(mutex_);
        if (!ready_ || playing) return false;
        shown_ = std::move(*ready_);
        ready_.reset();
        stale_ = raw_stale_;
    }
    return true;
}

bool AppFeed::start_download(std::string_view item_id) {
    if (!downloads_) return false;
    feed::Item item;
    {
        std::lock_guard lock(mutex_);
        const feed::Item* found = raw_.find_item(item_id);
        if (found == nullptr) return false;
        item = *found;
    }
    if (auto started = downloads_->start(item); !started) {
        log::warning(kArea, started.error().message);
        return false;
    }
    return true;
}

void AppFeed::delete_download(std::string_view item_id) {
    if (!downloads_) return;
    downloads_->remove(std::string(item_id));  // its changed() prepares the catalogue without the local file
}

std::optional<ui::DownloadView> AppFeed::download_status(std::string_view item_id) const {
    if (!downloads_) return std::nullopt;
    const auto status = downloads_->status(std::string(item_id));
    if (!status) return std::nullopt;
    ui::DownloadView view;
    switch (status->state) {
        case feed::DownloadState::Queued:
            view.state = ui::DownloadView::State::Queued;
            break;
        case feed::DownloadState::Downloading:
            view.state = ui::DownloadView::State::Downloading;
            break;
        case feed::DownloadState::Done:
            view.state = ui::DownloadView::State::Done;
            break;
        case feed::DownloadState::Failed:
            view.state = ui::DownloadView::State::Failed;
            break;
    }
    view.fraction = status->bytes > 0 ? static_cast<float>(status->received) / static_cast<float>(status->bytes) : 0.0f;
    view.error = status->error;
    return view;
}

std::vector<std::string> AppFeed::downloaded_items() const {
    std::vector<std::string> ids;
    if (!downloads_) return ids;
    for (const auto& [id, status] : downloads_->list()) ids.push_back(id);
    return ids;
}

}  // namespace fl::app
