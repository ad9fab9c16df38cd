// Test helper: publishes signed feeds (the demo catalogue, media with sizes and sha256) into a folder a server serves.
#pragma once

#include <string>

#include "feed/feed_verifier.h"
#include "process.h"

namespace fl::test {

// The folder www/ holds feed.json + feed.json.minisig and the demo media (thumbs/, clips/, subs/) copied from the
// generated demo content. Signing uses a key pair made with `minisign -G -W` in keys/.
class FeedPublisher {
public:
    explicit FeedPublisher(const std::string& dir);

    const std::string& www() const { return www_; }
    const std::string& keys_dir() const { return keys_; }

    // Writes www/feed.json (sequence, published a day ago, expires in 30 days, the first item's Chinese title
    // ending in "·第N版" + variant) and www/feed.json.minisig. Returns the feed bytes.
    std::string publish(int64_t sequence, const std::string& variant = "");
    // The Chinese title publish(sequence, variant) gives the first item.
    static std::string marked_title(int64_t sequence, const std::string& variant = "");
    // The id of the first item (the one publish marks).
    std::string first_item_id() const;

    // A policy trusting this publisher's key, with 127.0.0.1 as the media host.
    feed::TrustPolicy policy(bool allow_loopback_http = false) const;

private:
    std::string dir_, www_, keys_;
};

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace fl::test
