// HTTP client over libcurl for worker threads: HTTPS only, hard limits on time and bytes, failures classified for
// retry.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fl::net {

// How a request ended. Transient failures are worth retrying later (timeouts, refused or cut connections,
// HTTP 408/429/500/502/503/504); permanent ones are not (bad URL, TLS certificate, 404, a body over the cap, a
// refused redirect). Cancelled: the request's cancel flag was set.
enum class Outcome { Ok, Transient, Permanent, Cancelled };

const char* outcome_name(Outcome outcome);

// Receives the body of a successful (2xx) response piece by piece. offset is the position of data in the whole
// resource: with Range resume and a 206 answer the first piece starts at resume_from; when the server answers
// 200 instead, the first piece starts at 0 and the receiver must start over. Return false to stop the transfer
// (for example on a full disk); the request then ends as Permanent with "stopped by the receiver".
using BodySink = std::function<bool(uint64_t offset, std::string_view data)>;

struct HttpRequest {
    std::string url;
    std::string method = "GET";  // GET, POST, PUT, DELETE, ...
    std::string body;            // sent as is when non-empty or when method is POST/PUT (JSON for signalling)
    std::string content_type = "application/json";  // for body
    std::vector<std::string> headers;               // extra "Name: value" lines
    std::string bearer_token;                       // "Authorization: Bearer <token>" when non-empty

    // Conditional GET: copied from an earlier response's ETag / Last-Modified. A 304 answer is Outcome::Ok with
    // status 304 and an empty body.
    std::string if_none_match;
    std::string if_modified_since;

    // Range resume: asks for bytes from here on ("Range: bytes=N-"). See BodySink for what comes back.
    uint64_t resume_from = 0;

    // Ask for gzip and have it decoded; byte caps then apply to the decoded bytes (a gzip bomb stops at the cap).
    bool accept_gzip = false;

    // Limits. The body cap is enforced while receiving, whatever Content-Length says (endless bodies, gzip bombs).
    uint64_t max_body_bytes = uint64_t{2} << 20;
    int connect_timeout_ms = 10'000;
    int deadline_ms = 60'000;        // whole request, redirects included; 0 = none (long-polls use cancel)
    int low_speed_bytes_per_s = 64;  // below this for low_speed_time_s seconds: Transient ("too slow")
    int low_speed_time_s = 20;       // 0 disables the check (long-polls that legitimately sit idle)
    int max_redirects = 3;           // each redirect target is checked like the first URL

    // Open a new connection even when one to the host is kept (benchmarks: the cost of a poll after an idle close).
    // The client's TLS session is still offered for resumption.
    bool fresh_connection = false;

    // Checked at least once a second while the request runs; setting it ends the request as Cancelled.
    const std::atomic<bool>* cancel = nullptr;

    // When set, a 2xx body goes here instead of HttpResponse::body (downloads to a file).
    BodySink sink;
};

struct HttpResponse {
    Outcome outcome = Outcome::Permanent;
    std::string error;  // English, for logs and events; empty when outcome is Ok

    long status = 0;            // final HTTP status; 0 when no answer came
    std::string url;            // the URL that answered, after redirects
    std::string body;           // 2xx body without a sink; for error statuses, at most the first 4 KiB
    std::string etag;           // ETag header, verbatim
    std::string last_modified;  // Last-Modified header, verbatim
    std::string content_type;
    std::optional<int64_t> retry_after_s;  // from Retry-After (seconds or an HTTP date)
    std::optional<uint64_t> total_size;    // the whole resource's size, from Content-Range or Content-Length

    // What crossed the wire for this request, counted by libcurl's debug callback: HTTP headers and body bytes
    // as sent and received (after TLS decryption, before gzip decoding), and the TLS protocol messages on top
    // (handshake, session tickets, alerts; near 0 on a reused connection).
    uint64_t http_bytes_sent = 0;
    uint64_t http_bytes_received = 0;
    uint64_t tls_bytes_sent = 0;
    uint64_t tls_bytes_received = 0;
    // True when the TLS connection that answered resumed an earlier session (an abbreviated handshake without the
    // server's certificate; the session itself was verified when it was made). False for a full handshake.
    bool tls_resumed = false;

    bool ok() const { return outcome == Outcome::Ok; }
    bool not_modified() const { return outcome == Outcome::Ok && status == 304; }
};

struct HttpClientOptions {
    std::string ca_file;               // PEM bundle to trust instead of the system's (test CA); empty = system
    bool allow_loopback_http = false;  // tests: plain http:// to 127.0.0.1 and [::1] only; never other hosts
    std::string user_agent = "family-lawyer";
};

// One client per thread: it keeps one libcurl handle so that later requests reuse the connection and TLS
// session. Not safe to share between threads at the same time; fetch blocks until the request ends.
class HttpClient {
public:
    explicit HttpClient(HttpClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse fetch(const HttpRequest& request);

    // Checks a URL against the client's rules: https (or loopback http when allowed), a host, no user info.
    // Returns an English reason when refused.
    std::optional<std::string> refuse_url(const std::string& url) const;

    const HttpClientOptions& options() const { return options_; }

private:
    struct Transfer;
    HttpClientOptions options_;
    bool middlebox_compat_ = false;  // set for good once a TLS handshake was cut without it (see tls_settings.h)
    void* curl_ = nullptr;  // CURL*, kept opaque so that users do not need curl.h
};

// True for HTTP statuses worth retrying: 408, 429, 500, 502, 503, 504.
bool is_transient_status(long status);

}  // namespace fl::net
