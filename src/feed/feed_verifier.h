// Feed verification: minisign signatures (k-of-n trusted keys), trusted comment, replay and expiry rules, then the strict validator; pure, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "feed/catalog.h"
#include "feed/minisign.h"  // PublicKey, parse_public_key

namespace fl::feed {

// What a box trusts. Built once at start-up from the installed keys (load_trusted_keys) and the app's host list.
struct TrustPolicy {
    // Trusted keys. Rotation: ship the new key next to the old one, sign with both for a while, then remove the
    // old .pub file in a later release. Two keys with the same key id count as one signer.
    std::vector<PublicKey> keys;
    // k: at least this many distinct trusted keys must each have a valid signature block in the .minisig file.
    int threshold = 1;
    // Hosts that absolute URLs in the feed may name (exact, lower case, no port), e.g. "media.example.cn".
    std::vector<std::string> allowed_hosts;
    // Also accept plain http://127.0.0.1[:PORT]/ URLs. Only for tests against local servers.
    bool allow_loopback_http = false;
    // Feeds larger than this are refused before anything else (the product limit; the benchmark raises it).
    std::size_t max_feed_bytes = kMaxCatalogBytes;
};

// The trust state the box committed after the last feed that passed every check.
struct TrustState {
    // Sequence of that feed; -1 when the box has never accepted one. A feed with a lower sequence is a replay and
    // is refused; the same sequence is accepted (re-verifying the stored feed at boot, or fetching it again).
    int64_t sequence = -1;
};

// The feed to check: its bytes exactly as fetched or stored, and the text of its signature file.
struct FeedInput {
    std::string_view feed_bytes;
    // The content of FEED_URL + ".minisig": one or more signature blocks as `minisign -S` writes them
    // (4 lines each: untrusted comment, signature, trusted comment, global signature), concatenated.
    std::string_view signature_text;
    // Name used in messages, e.g. the URL or "catalog-slot-a.json".
    std::string source_name;
    // What relative references in the feed resolve against: the feed's own URL ("https://host/feeds/feed.json";
    // the part after the last '/' is dropped) or, for a bundled catalogue, a local directory.
    std::string base;
};

// A feed that passed every check.
struct VerifiedFeed {
    Catalog catalog;
    int64_t sequence = 0;      // from the signed trusted comment; equals catalog.sequence
    std::string expires;       // from the signed trusted comment; equals catalog.expires ("YYYY-MM-DDTHH:MM:SSZ")
    int64_t expires_unix = 0;  // the same as seconds since 1970
    // The feed's expiry has passed by the box's clock. Still show it (never brick), flagged as out of date.
    bool stale = false;
    // The box's clock is before the feed was published (e.g. 1970 after a power cut with no RTC), so expiry could
    // not be judged; the feed is treated as current.
    bool clock_suspect = false;
    std::vector<std::string> signer_key_ids;  // the distinct trusted keys whose signatures verified (hex)
};

// Checks, in this order, and stops at the first failure:
//  1. size (policy.max_feed_bytes);
//  2. the signature file: every block parsed; legacy "Ed" (not prehashed) blocks are refused;
//  3. signatures: each block by a trusted key must verify (BLAKE2b-512 of the feed, Ed25519), and so must its global
//     signature over signature || trusted comment; blocks by unknown keys are ignored; at least policy.threshold
//     distinct trusted keys must have verified, and all verified blocks must carry the same trusted comment;
//  4. the trusted comment "sequence:N expires:YYYY-MM-DDTHH:MM:SSZ": N >= last.sequence (else a replay);
//  5. the strict validator (validate_feed) with policy's hosts; the document's sequence and expires must equal the
//     trusted comment's;
//  6. time: now_unix >= expires → stale (still returned); now_unix before the document's "published" → clock_suspect.
// Nothing is written anywhere: the caller commits the new TrustState only after this returned a value.
// Error messages are English with the Chinese after " / ", e.g.
// "feed.json: replayed feed: sequence 1041 is older than the accepted 1042 / 重放的旧目录：...".
Result<VerifiedFeed> verify_feed(const FeedInput& input, const TrustPolicy& policy, const TrustState& last,
                                 int64_t now_unix);

// Reads every "*.pub" file in dir (stock minisign public key files), sorted by name. Fails when dir cannot be read,
// a .pub file is malformed, or there is none.
Result<std::vector<PublicKey>> load_trusted_keys(const std::string& dir);

}  // namespace fl::feed
