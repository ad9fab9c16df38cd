// Catalogue slots on disk: encoding, crash-safe commit (incoming, rename current to previous, rename in), boot checks.
#include "feed/catalog_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/files.h"

namespace fl::feed {
namespace {

constexpr std::string_view kSlotMagic = "family-lawyer-slot/1\n";
constexpr const char* kCurrent = "current.slot";
constexpr const char* kPrevious = "previous.slot";
constexpr const char* kIncoming = "incoming.slot";
constexpr const char* kTrusted = "trusted-sequence";

Result<void> sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot open directory " + dir + ": " + std::strerror(errno)};
    const int synced = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    if (synced != 0) return Error{"cannot sync directory " + dir + ": " + std::strerror(saved)};
    return {};
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

}  // namespace

std::string encode_slot(const SignedFeed& feed) {
    const nlohmann::json meta = {{"url", feed.url},
                                 {"etag", feed.etag},
                                 {"last_modified", feed.last_modified},
                                 {"feed_bytes", feed.feed_bytes.size()},
                                 {"signature_bytes", feed.signature_text.size()}};
    std::string out(kSlotMagic);
    out += meta.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    out += '\n';
    out += feed.feed_bytes;
    out += feed.signature_text;
    return out;
}

Result<SignedFeed> decode_slot(std::string_view bytes, const std::string& name) {
    if (bytes.substr(0, kSlotMagic.size()) != kSlotMagic) return Error{name + ": not a catalogue slot (bad header)"};
    bytes.remove_prefix(kSlotMagic.size());
    const auto newline = bytes.find('\n');
    if (newline == std::string_view::npos || newline > 64 * 1024) return Error{name + ": damaged slot header"};
    const auto meta = nlohmann::json::parse(bytes.substr(0, newline), nullptr, false);
    bytes.remove_prefix(newline + 1);
    if (meta.is_discarded() || !meta.is_object()) return Error{name + ": damaged slot header"};
    try {
        SignedFeed feed;
        feed.url = meta.at("url").get<std::string>();
        feed.etag = meta.at("etag").get<std::string>();
        feed.last_modified = meta.at("last_modified").get<std::string>();
        const auto feed_size = meta.at("feed_bytes").get<uint64_t>();
        const auto signature_size = meta.at("signature_bytes").get<uint64_t>();
        if (feed_size > bytes.size() || signature_size != bytes.size() - feed_size) {
            return Error{name + ": slot is truncated or has trailing bytes (" + std::to_string(bytes.size()) +
                         " bytes of content, header says " + std::to_string(feed_size) + " + " +
                         std::to_string(signature_size) + ")"};
        }
        feed.feed_bytes = std::string(bytes.substr(0, feed_size));
        feed.signature_text = std::string(bytes.substr(feed_size));
        return feed;
    } catch (const nlohmann::json::exception&) {
        return Error{name + ": damaged slot header"};
    }
}

CatalogStore::CatalogStore(std::string dir) : dir_(std::move(dir)) {}

Result<void> CatalogStore::prepare() {
    if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
        return Error{"cannot create directory " + dir_ + ": " + std::strerror(errno)};
    }
    ::unlink(slot_path(kIncoming).c_str());  // a commit that a crash interrupted before it counted
    return {};
}

Result<SignedFeed> CatalogStore::read_slot(const std::string& path) const {
    if (!exists(path)) return Error{path + ": missing"};
    auto bytes = read_file(path);
    if (!bytes) return bytes.error();
    return decode_slot(bytes.value(), path);
}

TrustState CatalogStore::trust_state() const {
    TrustState state;
    auto text = read_file(slot_path(kTrusted));
    if (!text) return state;
    const std::string& value = text.value();
    int64_t sequence = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), sequence);
    if (error == std::errc() && sequence >= 0 && (end == value.data() + value.size() || *end == '\n')) {
        state.sequence = sequence;
    }
    return state;
}

std::optional<StoredFeed> CatalogStore::load(const TrustPolicy& policy, int64_t now_unix,
                                             std::vector<std::string>& problems) {
    const TrustState trusted = trust_state();
    for (const char* slot : {kCurrent, kPrevious}) {
        const bool fallback = slot == kPrevious;
        auto feed = read_slot(slot_path(slot));
        if (!feed) {
            if (!fallback || exists(slot_path(slot))) problems.push_back(feed.error().message);
            continue;
        }
        FeedInput input{feed.value().feed_bytes, feed.value().signature_text, slot_path(slot), feed.value().url};
        // The previous slot is older than the trusted sequence by design; it was trusted when it was stored.
        auto verified = verify_feed(input, policy, fallback ? TrustState{} : trusted, now_unix);
        if (!verified) {
            problems.push_back(slot_path(slot) + ": " + verified.error().message);
            continue;
        }
        if (!fallback && verified.value().sequence > trusted.sequence) {
            // A crash came between the slot commit and the trust commit; every check has passed again now.
            if (auto raised = raise_trusted_sequence(verified.value().sequence); !raised) {
                problems.push_back(raised.error().message);
            }
        }
        current_ = feed.value();
        return StoredFeed{std::move(feed).value(), std::move(verified).value(), fallback};
    }
    return std::nullopt;
}

Result<void> CatalogStore::raise_trusted_sequence(int64_t sequence) {
    if (sequence <= trust_state().sequence) return {};
    return write_file_atomically(slot_path(kTrusted), std::to_string(sequence) + "\n");
}

Result<void> CatalogStore::commit(const SignedFeed& feed, int64_t sequence) {
    const bool same_bytes = current_ && current_->feed_bytes == feed.feed_bytes &&
                            current_->signature_text == feed.signature_text && current_->etag == feed.etag &&
                            current_->last_modified == feed.last_modified && exists(slot_path(kCurrent));
    if (!same_bytes) {
        // Everything that can fail for lack of space happens before the first rename.
        if (auto written = write_file_atomically(slot_path(kIncoming), encode_slot(feed)); !written) {
            return written.error();
        }
        if (exists(slot_path(kCurrent)) && ::rename(slot_path(kCurrent).c_str(), slot_path(kPrevious).c_str()) != 0) {
            const Error error{"cannot keep the previous catalogue: " + std::string(std::strerror(errno))};
            ::unlink(slot_path(kIncoming).c_str());
            return error;
        }
        if (::rename(slot_path(kIncoming).c_str(), slot_path(kCurrent).c_str()) != 0) {
            const Error error{"cannot install the new catalogue: " + std::string(std::strerror(errno))};
            ::rename(slot_path(kPrevious).c_str(), slot_path(kCurrent).c_str());
            return error;
        }
        if (auto synced = sync_directory(dir_); !synced) return synced.error();
    }
    current_ = feed;
    return raise_trusted_sequence(sequence);
}

}  // namespace fl::feed
