// Signed feed fetch: conditional GET with byte caps and gzip, the .minisig next to it, verification; no disk writes.
#include "feed/feed_fetch.h"

namespace fl::feed {

const char* fetch_kind_name(FetchResult::Kind kind) {
    switch (kind) {
        case FetchResult::Kind::NotModified:
            return "not_modified";
        case FetchResult::Kind::Verified:
            return "verified";
        case FetchResult::Kind::Rejected:
            return "rejected";
        case FetchResult::Kind::Failed:
            return "failed";
    }
    return "?";
}

namespace {

net::HttpRequest request_for(const std::string& url, uint64_t max_bytes, const FetchLimits& limits,
                             const std::atomic<bool>* cancel) {
    net::HttpRequest request;
    request.url = url;
    request.accept_gzip = true;  // the cap applies to the decoded bytes, so a gzip bomb stops at max_bytes
    request.max_body_bytes = max_bytes;
    request.connect_timeout_ms = limits.connect_timeout_ms;
    request.deadline_ms = limits.deadline_ms;
    request.low_speed_bytes_per_s = limits.low_speed_bytes_per_s;
    request.low_speed_time_s = limits.low_speed_time_s;
    request.cancel = cancel;
    return request;
}

// Copies what the feed request cost on the wire into result.
void count_feed_request(const net::HttpResponse& feed, FetchResult& result) {
    result.feed_request_http_bytes = feed.http_bytes_sent + feed.http_bytes_received;
    result.feed_request_tls_bytes = feed.tls_bytes_sent + feed.tls_bytes_received;
    result.feed_request_tls_resumed = feed.tls_resumed;
}

FetchResult failed(const net::HttpResponse& response, const std::string& what) {
    FetchResult result;
    result.kind = FetchResult::Kind::Failed;
    result.outcome = response.outcome;
    result.retry_after_s = response.retry_after_s;
    result.error = what + ": " + response.error;
    return result;
}

}  // namespace

FetchResult fetch_signed_feed(net::HttpClient& client, const std::string& url, const SignedFeed* known,
                              const TrustPolicy& policy, const TrustState& last, int64_t now_unix,
                              const FetchLimits& limits, const std::atomic<bool>* cancel) {
    net::HttpRequest feed_request = request_for(url, limits.max_feed_bytes, limits, cancel);
    if (known != nullptr && known->url == url) {
        // A server ignores If-Modified-Since next to If-None-Match (RFC 9110, 13.1.3): the date goes only without
        // an ETag, which keeps the poll smaller.
        feed_request.if_none_match = known->etag;
        if (known->etag.empty()) feed_request.if_modified_since = known->last_modified;
    }
    const net::HttpResponse feed = client.fetch(feed_request);
    if (!feed.ok()) {
        FetchResult result = failed(feed, "feed " + url);
        count_feed_request(feed, result);
        return result;
    }
    if (feed.not_modified()) {
        FetchResult result;
        result.kind = FetchResult::Kind::NotModified;
        count_feed_request(feed, result);
        return result;
    }
    if (feed.status != 200) {
        FetchResult result = failed(feed, "feed " + url);
        result.outcome = net::Outcome::Permanent;
        result.error = "feed " + url + ": unexpected HTTP " + std::to_string(feed.status);
        return result;
    }
    const net::HttpResponse signature =
        client.fetch(request_for(url + ".minisig", limits.max_signature_bytes, limits, cancel));
    if (!signature.ok() || signature.status != 200) {
        FetchResult result = failed(signature, "signature " + url + ".minisig");
        if (signature.ok()) {
            result.outcome = net::Outcome::Permanent;
            result.error = "signature " + url + ".minisig: unexpected HTTP " + std::to_string(signature.status);
        }
        return result;
    }

    FetchResult result;
    count_feed_request(feed, result);
    SignedFeed signed_feed{feed.body, signature.body, url, feed.etag, feed.last_modified};
    FeedInput input{signed_feed.feed_bytes, signed_feed.signature_text, url, url};
    auto verified = verify_feed(input, policy, last, now_unix);
    if (!verified) {
        result.kind = FetchResult::Kind::Rejected;
        result.outcome = net::Outcome::Permanent;
        result.error = verified.error().message;
        return result;
    }
    result.kind = FetchResult::Kind::Verified;
    result.signed_feed = std::move(signed_feed);
    result.verified = std::move(verified).value();
    return result;
}

}  // namespace fl::feed
