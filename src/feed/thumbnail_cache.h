// Thumbnails of a remote feed cached on disk: fetched once, checked against the feed's sha256, capped in total size.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "feed/catalog.h"
#include "net/http_client.h"

namespace fl::feed {

// Files are DIR/ID-HASH8.img (the item id and the first 8 digits of the thumbnail's sha256, so a changed picture
// is fetched again). Least recently used files go first when the total passes max_bytes (use = modification time,
// touched whenever a catalogue that names them is fetched for). Pictures are decoded later by the image loader, which
// caps their width and height; here only the bytes are checked. One thread at a time.
class ThumbnailCache {
public:
    ThumbnailCache(std::string dir, uint64_t max_bytes, uint64_t max_file_bytes = 4u << 20);

    // Fetches every remote thumbnail of catalog not yet cached (over client; cancel stops early), checks size and
    // sha256, then evicts down to the cap. Problems (English) are added to problems; returns how many were fetched.
    int fetch_missing(net::HttpClient& client, const Catalog& catalog, const std::atomic<bool>* cancel,
                      std::vector<std::string>& problems);

    // The catalogue with remote thumbnail URLs replaced by cached files, or by "" while not cached (no picture
    // yet). Local (bundled) paths stay as they are.
    Catalog localized(Catalog catalog) const;

    // The total size of the cached files.
    uint64_t total_bytes() const;

private:
    std::string path_for(const Item& item) const;
    void evict();

    std::string dir_;
    uint64_t max_bytes_;
    uint64_t max_file_bytes_;
};

// True when text starts with "https://" or "http://": a reference the box must fetch.
bool is_remote(const std::string& location);

}  // namespace fl::feed
