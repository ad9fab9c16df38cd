// Download queue worker: captions then the MP4, retries with backoff, quota eviction of watched items, ledger and
// events.
#include "feed/download_manager.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "core/files.h"
#include "core/log.h"
#include "feed/download_task.h"
#include "feed/sha256.h"
#include "feed/thumbnail_cache.h"

namespace fl::feed {
namespace {

constexpr std::string_view kArea = "downloads";

bool file_exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

}  // namespace

Result<std::unique_ptr<DownloadManager>> DownloadManager::open(DownloadSettings settings, DownloadEventSink events,
                                                               std::function<void()> changed) {
    std::error_code error;
    std::filesystem::create_directories(settings.dir, error);
    if (error) return Error{"cannot create " + settings.dir + ": " + error.message()};
    auto ledger = DownloadLedger::open(settings.dir + "/ledger.db");
    if (!ledger) return ledger.error();
    return std::unique_ptr<DownloadManager>(
        new DownloadManager(std::move(settings), std::move(ledger).value(), std::move(events), std::move(changed)));
}

DownloadManager::DownloadManager(DownloadSettings settings, std::unique_ptr<DownloadLedger> ledger,
                                 DownloadEventSink events, std::function<void()> changed)
    : settings_(std::move(settings)),
      ledger_(std::move(ledger)),
      events_(std::move(events)),
      changed_(std::move(changed)),
      client_(settings_.http),
      backoff_(settings_.backoff_min_ms, settings_.backoff_max_ms) {
    if (!events_) events_ = [](std::string_view, nlohmann::json) {};
    if (!changed_) changed_ = [] {};
    for (const auto& record : ledger_->all()) {
        DownloadStatus status{record.state, record.received, record.bytes, record.error};
        // A Done row whose file is gone (deleted by hand, a damaged disk) is not offline any more.
        if (record.state == DownloadState::Done && !file_exists(media_path(record.item_id))) {
            status = {DownloadState::Failed, 0, record.bytes, "the downloaded file is missing"};
        }
        statuses_[record.item_id] = status;
        if (record.state == DownloadState::Queued || record.state == DownloadState::Downloading) {
            // Interrupted by a stop or a crash: resumed from the ledger's durable bytes.
            Item item;
            item.id = record.item_id;
            item.download = {record.url, record.sha256, record.bytes};
            queue_.push_back({std::move(item)});
        }
    }
    worker_ = std::thread([this] { run(); });
}

DownloadManager::~DownloadManager() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    worker_.join();
}

std::string DownloadManager::caption_path(const std::string& item_id, const std::string& lang) const {
    return settings_.dir + "/" + item_id + "." + lang + ".vtt";
}

Result<void> DownloadManager::start(const Item& item) {
    if (!is_valid_id(item.id)) return Error{"invalid item id"};
    if (item.download.location.empty() || item.download.sha256.size() != 64 || item.download.bytes <= 0) {
        return Error{"programme " + item.id + " has no download in the feed"};
    }
    {
        std::lock_guard lock(mutex_);
        if (const auto found = statuses_.find(item.id);
            found != statuses_.end() && found->second.state != DownloadState::Failed) {
            return {};
        }
        removed_.erase(item.id);
        DownloadRecord record;
        record.item_id = item.id;
        record.url = item.download.location;
        record.sha256 = item.download.sha256;
        record.bytes = item.download.bytes;
        if (const auto old = ledger_->find(item.id); old && old->url == record.url && old->sha256 == record.sha256) {
            record.received = old->received;  // a failed try's durable bytes still count
        }
        if (auto put = ledger_->put(record); !put) return put.error();
        statuses_[item.id] = {DownloadState::Queued, record.received, record.bytes, ""};
        queue_.push_back({item});
    }
    wake_.notify_all();
    changed_();
    return {};
}

void DownloadManager::remove(const std::string& item_id) {
    bool active = false;
    {
        std::lock_guard lock(mutex_);
        removed_.insert(item_id);
        statuses_.erase(item_id);
        ++offline_generation_;
        std::erase_if(queue_, [&](const Job& job) { return job.item.id == item_id; });
        active = active_ == item_id;
        if (active) {
            cancel_ = true;
        } else {
            if (auto removed = ledger_->remove(item_id); !removed) log::warning(kArea, removed.error().message);
        }
    }
    if (!active) delete_files(item_id);
    changed_();
}

void DownloadManager::delete_files(const std::string& item_id) {
    const std::string media = media_path(item_id);
    ::unlink(media.c_str());
    ::unlink((media + ".part").c_str());
    for (const char* lang : {"mn-Mong", "zh-Hans"}) ::unlink(caption_path(item_id, lang).c_str());
}

std::optional<DownloadStatus> DownloadManager::status(const std::string& item_id) const {
    std::lock_guard lock(mutex_);
    const auto found = statuses_.find(item_id);
    if (found == statuses_.end()) return std::nullopt;
    return found->second;
}

std::vector<std::pair<std::string, DownloadStatus>> DownloadManager::list() const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, DownloadStatus>> result;
    for (const auto& record : ledger_->all()) {
        const auto found = statuses_.find(record.item_id);
        if (found != statuses_.end()) result.emplace_back(record.item_id, found->second);
    }
    return result;
}

Catalog DownloadManager::localized(Catalog catalog) const {
    std::lock_guard lock(mutex_);
    for (Item& item : catalog.items) {
        const auto found = statuses_.find(item.id);
        if (found == statuses_.end() || found->second.state != DownloadState::Done) continue;
        item.media_path = media_path(item.id);
        for (Caption& caption : item.captions) {
            const std::string local = caption_path(item.id, caption.lang);
            if (file_exists(local)) caption.path = local;
        }
    }
    return catalog;
}

bool DownloadManager::wait_idle(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty() && active_.empty()) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void DownloadManager::set_status(const std::string& item_id, DownloadStatus status) {
    {
        std::lock_guard lock(mutex_);
        if (removed_.count(item_id) != 0) return;
        statuses_[item_id] = std::move(status);
    }
    changed_();
}

bool DownloadManager::fetch_captions(const Item& item, std::string& error) {
    for (const Caption& caption : item.captions) {
        if (!is_remote(caption.path) || caption.sha256.size() != 64) continue;
        const std::string local = caption_path(item.id, caption.lang);
        if (file_exists(local)) continue;
        net::HttpRequest request;
        request.url = caption.path;
        request.max_body_bytes = static_cast<uint64_t>(std::max<int64_t>(caption.bytes, 0));
        request.cancel = &cancel_;
        const auto response = client_.fetch(request);
        if (!response.ok() || response.status != 200) {
            error = "captions " + caption.lang + ": " +
                    (response.ok() ? "HTTP " + std::to_string(response.status) : response.error);
            return false;
        }
        Sha256 hash;
        hash.update(response.body);
        if (hash.finish_hex() != caption.sha256) {
            error = "captions " + caption.lang + " do not match the feed's sha256";
            return false;
        }
        if (auto written = write_file_atomically(local, response.body); !written) {
            error = written.error().message;
            return false;
        }
    }
    return true;
}

bool DownloadManager::make_room(const std::string& item_id, int64_t bytes, std::string& error) {
    std::vector<DownloadRecord> records;
    {
        std::lock_guard lock(mutex_);
        records = ledger_->all();
    }
    int64_t used = 0;
    for (const auto& record : records) {
        if (record.item_id != item_id) used += record.bytes;
    }
    for (const auto& record : records) {  // oldest finished first
        if (used + bytes <= settings_.quota_bytes) break;
        if (record.item_id == item_id || record.state != DownloadState::Done) continue;
        if (!settings_.watched || !settings_.watched(record.item_id)) continue;
        log::info(kArea, "making room: evicting watched download " + record.item_id);
        {
            std::lock_guard lock(mutex_);
            statuses_.erase(record.item_id);
            ++offline_generation_;
            if (auto removed = ledger_->remove(record.item_id); !removed) log::warning(kArea, removed.error().message);
        }
        delete_files(record.item_id);
        events_("download_evicted", {{"item", record.item_id}, {"bytes", record.bytes}});
        used -= record.bytes;
    }
    if (used + bytes > settings_.quota_bytes) {
        error = "the download storage quota is full (" + std::to_string(used) + " of " +
                std::to_string(settings_.quota_bytes) + " bytes used by programmes not yet watched); delete some";
        return false;
    }
    return true;
}

void DownloadManager::perform(const Job& job) {
    const Item& item = job.item;
    const std::string& id = item.id;
    std::string error;
    auto fail = [&](const std::string& reason) {
        log::warning(kArea, id + ": " + reason);
        {
            std::lock_guard lock(mutex_);
            if (removed_.count(id) == 0) {
                if (auto stored = ledger_->set_state(id, DownloadState::Failed, reason); !stored) {
                    log::warning(kArea, stored.error().message);
                }
            }
        }
        const auto current = status(id);
        set_status(id, {DownloadState::Failed, current ? current->received : 0, item.download.bytes, reason});
        events_("download_failed", {{"item", id}, {"reason", reason}});
    };
    if (!make_room(id, item.download.bytes, error)) return fail(error);
    {
        std::lock_guard lock(mutex_);
        (void)ledger_->set_state(id, DownloadState::Downloading);
    }
    if (!fetch_captions(item, error)) {
        if (cancel_) return;
        return fail(error);
    }
    DownloadSpec spec{item.download.location, item.download.sha256, item.download.bytes, media_path(id)};
    DownloadHooks hooks;
    hooks.synced = [&](int64_t received) {
        std::lock_guard lock(mutex_);
        if (removed_.count(id) == 0) (void)ledger_->set_progress(id, received);
    };
    int last_percent = -1;
    hooks.progress = [&](int64_t received, int64_t total) {
        set_status(id, {DownloadState::Downloading, received, total, ""});
        const int percent = total > 0 ? static_cast<int>(received * 100 / total) : 0;
        if (percent != last_percent) {
            last_percent = percent;
            events_("download_progress",
                    {{"item", id}, {"received", received}, {"bytes", total}, {"percent", percent}});
        }
    };
    backoff_.reset();
    for (int attempt = 1;; ++attempt) {
        int64_t resume_from = 0;
        {
            std::lock_guard lock(mutex_);
            if (const auto record = ledger_->find(id)) resume_from = record->received;
        }
        set_status(id, {DownloadState::Downloading, resume_from, item.download.bytes, ""});
        const DownloadResult result = download_file(client_, spec, resume_from, &cancel_, hooks, settings_.sync_every,
                                                    settings_.low_speed_time_s);
        if (result.kind == DownloadResult::Kind::Done) {
            {
                std::lock_guard lock(mutex_);
                (void)ledger_->set_progress(id, result.received);
                (void)ledger_->set_state(id, DownloadState::Done);
            }
            ++offline_generation_;
            set_status(id, {DownloadState::Done, result.received, item.download.bytes, ""});
            log::info(kArea, id + ": downloaded and checked (" + std::to_string(result.received) + " bytes)");
            events_("download_done", {{"item", id}, {"bytes", result.received}, {"path", media_path(id)}});
            return;
        }
        if (result.kind == DownloadResult::Kind::Cancelled) return;  // removed, or the app is stopping
        if (result.kind == DownloadResult::Kind::Failed || attempt >= settings_.max_attempts) return fail(result.error);
        const uint64_t delay = backoff_.next_delay_ms();
        log::info(kArea, id + ": " + result.error + "; trying again in " + std::to_string(delay) + " ms");
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, std::chrono::milliseconds(delay), [this] { return stopping_ || cancel_.load(); }))
            return;
    }
}

void DownloadManager::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            active_ = job.item.id;
            cancel_ = false;
        }
        perform(job);
        bool removed = false;
        {
            std::lock_guard lock(mutex_);
            active_.clear();
            removed = removed_.count(job.item.id) != 0;
            if (removed) (void)ledger_->remove(job.item.id);
            if (stopping_) return;
            cancel_ = false;
        }
        if (removed) {
            delete_files(job.item.id);
            changed_();
        }
    }
}

}  // namespace fl::feed
