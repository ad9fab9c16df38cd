// The catalogue store on the box: the last good signed feed (exact bytes + signature) and the one before it,
// crash-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "feed/feed_verifier.h"

namespace fl::feed {

// A feed as fetched: the exact signed bytes, the signature file's text, and how to ask for it again.
struct SignedFeed {
    std::string feed_bytes;
    std::string signature_text;
    std::string url;   // where it came from; relative references resolve against it
    std::string etag;  // HTTP validators of the feed response, for conditional GET
    std::string last_modified;
};

// A stored feed that verified again when read back.
struct StoredFeed {
    SignedFeed feed;
    VerifiedFeed verified;
    bool from_previous_slot = false;  // the current slot was missing or failed; this is the fallback
};

// Files under dir: "current.slot" and "previous.slot" (each one file: a header line, a JSON line with the sizes,
// URL and validators, then the feed bytes and the signature bytes), "trusted-sequence" (the highest sequence that
// passed every check). Every write is temp file + fsync + rename + fsync of the directory, so a kill -9 or a full
// disk leaves either the old state or the new one. Used from one thread at a time.
class CatalogStore {
public:
    explicit CatalogStore(std::string dir);

    // Creates dir when missing.
    Result<void> prepare();

    // At boot: reads the current slot and verifies it again (signature, trust state, validator); when that fails,
    // the previous slot (checked against its own sequence, since it was trusted once); nullopt when neither is
    // usable (the caller shows the bundled catalogue). Each problem met is added to problems in English.
    std::optional<StoredFeed> load(const TrustPolicy& policy, int64_t now_unix, std::vector<std::string>& problems);

    // The trust state to check new feeds against: the stored trusted sequence (-1 when none).
    TrustState trust_state() const;

    // Stores a feed that verify_feed accepted with this sequence: the current slot becomes the previous one, the
    // feed becomes current, then the trusted sequence is raised. On failure (full disk: ENOSPC, EFBIG) nothing
    // changes and the old catalogue stays. A feed identical to the current slot (bytes and validators) writes nothing.
    Result<void> commit(const SignedFeed& feed, int64_t sequence);

    // The bytes and validators of the current slot as last loaded or committed (for conditional GET).
    const std::optional<SignedFeed>& current() const { return current_; }

    std::string slot_path(const char* name) const { return dir_ + "/" + name; }

private:
    Result<SignedFeed> read_slot(const std::string& path) const;
    Result<void> raise_trusted_sequence(int64_t sequence);

    std::string dir_;
    std::optional<SignedFeed> current_;
};

// The slot file format, exposed for tests that damage slots on purpose.
std::string encode_slot(const SignedFeed& feed);
Result<SignedFeed> decode_slot(std::string_view bytes, const std::string& name);

}  // namespace fl::feed
