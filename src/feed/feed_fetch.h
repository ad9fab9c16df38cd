// One fetch of a signed feed exactly as a box does it: conditional GET of the feed, then its .minisig, then verify.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "feed/catalog_store.h"
#include "feed/feed_verifier.h"
#include "net/http_client.h"

namespace fl::feed {

// Limits of one fetch. The signature file of FEED_URL is FEED_URL + ".minisig".
struct FetchLimits {
    uint64_t max_feed_bytes = kMaxCatalogBytes;
    uint64_t max_signature_bytes = 64 * 1024;
    int connect_timeout_ms = 10'000;
    int deadline_ms = 120'000;
    int low_speed_bytes_per_s = 64;
    int low_speed_time_s = 20;
};

struct FetchResult {
    enum class Kind {
        NotModified,  // 304: nothing new, nothing to write
        Verified,     // a feed that passed every check (verified, signed set)
        Rejected,     // fetched but refused: signature, replay, validation (error says why)
        Failed,       // the network failed (outcome says whether it is worth retrying soon)
    };
    Kind kind = Kind::Failed;
    std::string error;  // English (the verifier's messages carry the Chinese after " / ")
    net::Outcome outcome = net::Outcome::Ok;
    std::optional<int64_t> retry_after_s;
    std::optional<SignedFeed> signed_feed;
    std::optional<VerifiedFeed> verified;
    // HTTP bytes on the wire for the feed request (headers + body, both ways), for the "304 under 1 KB" budget.
    uint64_t feed_request_http_bytes = 0;
    // TLS handshake bytes of that request (near 0 on a kept connection), and whether its new connection resumed the
    // client's TLS session.
    uint64_t feed_request_tls_bytes = 0;
    bool feed_request_tls_resumed = false;
};

const char* fetch_kind_name(FetchResult::Kind kind);

// Fetches url (with If-None-Match / If-Modified-Since from known, when given), its signature, and verifies them
// against policy and last. Writes nothing. A 304 without validators sent is treated as a failure.
FetchResult fetch_signed_feed(net::HttpClient& client, const std::string& url, const SignedFeed* known,
                              const TrustPolicy& policy, const TrustState& last, int64_t now_unix,
                              const FetchLimits& limits = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace fl::feed
