// Thumbnail cache: fetch with byte cap, sha256 check, atomic file write, LRU eviction by modification time.
#include "feed/thumbnail_cache.h"

#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <filesystem>

#include "core/files.h"
#include "feed/sha256.h"

namespace fl::feed {

bool is_remote(const std::string& location) {
    return location.rfind("https://", 0) == 0 || location.rfind("http://", 0) == 0;
}

ThumbnailCache::ThumbnailCache(std::string dir, uint64_t max_bytes, uint64_t max_file_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes), max_file_bytes_(max_file_bytes) {
    std::error_code ignored;
    std::filesystem::create_directories(dir_, ignored);
}

std::string ThumbnailCache::path_for(const Item& item) const {
    return dir_ + "/" + item.id + "-" + item.thumbnail_sha256.substr(0, 8) + ".img";
}

int ThumbnailCache::fetch_missing(net::HttpClient& client, const Catalog& catalog, const std::atomic<bool>* cancel,
                                  std::vector<std::string>& problems) {
    int fetched = 0;
    for (const Item& item : catalog.items) {
        if (cancel != nullptr && cancel->load()) break;
        if (!is_remote(item.thumbnail_path) || item.thumbnail_sha256.size() != 64) continue;
        const std::string path = path_for(item);
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0) {
            ::utime(path.c_str(), nullptr);  // in the current catalogue: used now, evicted last
            continue;
        }
        net::HttpRequest request;
        request.url = item.thumbnail_path;
        request.max_body_bytes =
            std::min<uint64_t>(max_file_bytes_, static_cast<uint64_t>(std::max<int64_t>(item.thumbnail_bytes, 0)));
        request.deadline_ms = 60'000;
        request.cancel = cancel;
        const auto response = client.fetch(request);
        if (!response.ok() || response.status != 200) {
            problems.push_back("thumbnail of " + item.id + ": " +
                               (response.ok() ? "unexpected HTTP " + std::to_string(response.status) : response.error));
            continue;
        }
        Sha256 hash;
        hash.update(response.body);
        if (hash.finish_hex() != item.thumbnail_sha256 ||
            static_cast<int64_t>(response.body.size()) != item.thumbnail_bytes) {
            problems.push_back("thumbnail of " + item.id + ": size or sha256 differs from the feed; not used");
            continue;
        }
        if (auto written = write_file_atomically(path, response.body); !written) {
            problems.push_back("thumbnail of " + item.id + ": " + written.error().message);
            continue;
        }
        ++fetched;
    }
    evict();
    return fetched;
}

Catalog ThumbnailCache::localized(Catalog catalog) const {
    for (Item& item : catalog.items) {
        if (!is_remote(item.thumbnail_path)) continue;
        const std::string path = path_for(item);
        struct stat info {};
        if (item.thumbnail_sha256.size() == 64 && ::stat(path.c_str(), &info) == 0) {
            item.thumbnail_path = path;
        } else {
            item.thumbnail_path.clear();
        }
    }
    return catalog;
}

uint64_t ThumbnailCache::total_bytes() const {
    uint64_t total = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
        if (entry.is_regular_file(error)) total += entry.file_size(error);
    }
    return total;
}

void ThumbnailCache::evict() {
    struct Cached {
        std::filesystem::path path;
        uint64_t bytes;
        std::filesystem::file_time_type used;
    };
    std::vector<Cached> files;
    uint64_t total = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
        if (!entry.is_regular_file(error)) continue;
        files.push_back({entry.path(), entry.file_size(error), entry.last_write_time(error)});
        total += files.back().bytes;
    }
    std::sort(files.begin(), files.end(), [](const Cached& a, const Cached& b) { return a.used < b.used; });
    for (const auto& file : files) {
        if (total <= max_bytes_) break;
        std::filesystem::remove(file.path, error);
        total -= file.bytes;
    }
}

}  // namespace fl::feed
