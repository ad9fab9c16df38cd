// libcurl behind HttpClient: URL rules, redirects followed by hand, byte caps in the write callback, wire counting.
#include "net/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <mutex>

#include "core/log.h"
#include "net/tls_settings.h"

namespace fl::net {
namespace {

constexpr size_t kErrorBodyBytes = 4096;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// A URL made safe for a one-line message: printable ASCII only, at most 200 bytes.
std::string shown_url(std::string_view url) {
    std::string out;
    for (char c : url.substr(0, 200)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte < 0x20 || byte >= 0x7F) ? '?' : c;
    }
    if (url.size() > 200) out += "...";
    return out;
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<uint64_t> parse_u64(std::string_view text) {
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Ok:
            return "ok";
        case Outcome::Transient:
            return "transient";
        case Outcome::Permanent:
            return "permanent";
        case Outcome::Cancelled:
            return "cancelled";
    }
    return "?";
}

bool is_transient_status(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// The state of one libcurl perform (one HTTP exchange, no redirects), shared with its callbacks.
struct HttpClient::Transfer {
    CURL* curl = nullptr;
    const HttpRequest* request = nullptr;
    HttpResponse* response = nullptr;
    long status = 0;
    std::string content_range;
    uint64_t body_bytes = 0;
    std::optional<uint64_t> sink_base;  // offset of the first 2xx body byte in the resource
    bool over_cap = false;
    bool sink_refused = false;
    std::string range_problem;

    static size_t on_header(char* data, size_t size, size_t count, void* user) {
        auto* self = static_cast<Transfer*>(user);
        const std::string_view line(data, size * count);
        if (line.rfind("HTTP/", 0) == 0) {
            // A new response starts (for example after "100 Continue"): forget the previous one's headers.
            self->status = 0;
            const auto space = line.find(' ');
            if (space != std::string_view::npos && line.size() >= space + 4) {
                long status = 0;
                std::from_chars(line.data() + space + 1, line.data() + space + 4, status);
                self->status = status;
            }
            // The handshake is over once an answer arrives; https only (plain http never has a TLS session).
            self->response->tls_resumed = tls_session_resumed(self->curl);
            self->response->etag.clear();
            self->response->last_modified.clear();
            self->response->content_type.clear();
            self->content_range.clear();
            return size * count;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return size * count;
        const std::string name = lower(line.substr(0, colon));
        std::string value = trimmed(line.substr(colon + 1));
        // Validators are sent back in later requests: printable ASCII only, and short.
        if (value.size() > 256 || std::any_of(value.begin(), value.end(), [](char c) {
                const auto byte = static_cast<unsigned char>(c);
                return byte < 0x20 || byte > 0x7E;
            })) {
            if (name == "etag" || name == "last-modified") return size * count;
        }
        if (name == "etag") {
            self->response->etag = std::move(value);
        } else if (name == "last-modified") {
            self->response->last_modified = std::move(value);
        } else if (name == "content-type") {
            self->response->content_type = std::move(value);
        } else if (name == "content-range") {
            self->content_range = std::move(value);
        }
        return size * count;
    }

    // "bytes START-END/TOTAL" for a 206; sets sink_base and total_size, or range_problem.
    bool take_content_range() {
        const std::string_view text = content_range;
        const auto dash = text.find('-');
        const auto slash = text.find('/');
        if (text.rfind("bytes ", 0) != 0 || dash == std::string_view::npos || slash == std::string_view::npos ||
            dash > slash) {
            range_problem = "206 answer without a usable Content-Range (\"" + shown_url(content_range) + "\")";
            return false;
        }
        const auto start = parse_u64(text.substr(6, dash - 6));
        if (!start || *start != request->resume_from) {
            range_problem = "server resumed at a different offset than asked (Content-Range \"" +
                            shown_url(content_range) + "\", asked for byte " + std::to_string(request->resume_from) +
                            ")";
            return false;
        }
        sink_base = *start;
        if (const auto total = parse_u64(text.substr(slash + 1))) response->total_size = *total;
        return true;
    }

    static size_t on_body(char* data, size_t size, size_t count, void* user) {
        auto* self = static_cast<Transfer*>(user);
        const size_t bytes = size * count;
        const HttpRequest& request = *self->request;
        self->body_bytes += bytes;
        if (self->body_bytes > request.max_body_bytes) {
            self->over_cap = true;
            return 0;
        }
        const bool success = self->status >= 200 && self->status < 300;
        if (!success) {
            // Error and redirect bodies are kept only for the log, and only their start.
            std::string& body = self->response->body;
            if (body.size() < kErrorBodyBytes) body.append(data, std::min(bytes, kErrorBodyBytes - body.size()));
            return bytes;
        }
        if (!self->sink_base) {
            if (self->status == 206) {
                if (!self->take_content_range()) return 0;
            } else {
                self->sink_base = 0;
            }
        }
        if (request.sink) {
            const uint64_t offset = *self->sink_base + self->body_bytes - bytes;
            if (!request.sink(offset, std::string_view(data, bytes))) {
                self->sink_refused = true;
                return 0;
            }
        } else {
            self->response->body.append(data, bytes);
        }
        return bytes;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        auto* self = static_cast<Transfer*>(user);
        const auto* cancel = self->request->cancel;
        return cancel != nullptr && cancel->load(std::memory_order_relaxed) ? 1 : 0;
    }

    static int on_debug(CURL*, curl_infotype type, char*, size_t size, void* user) {
        auto* response = static_cast<Transfer*>(user)->response;
        switch (type) {
            case CURLINFO_HEADER_OUT:
            case CURLINFO_DATA_OUT:
                response->http_bytes_sent += size;
                break;
            case CURLINFO_HEADER_IN:
            case CURLINFO_DATA_IN:
                response->http_bytes_received += size;
                break;
            case CURLINFO_SSL_DATA_OUT:
                response->tls_bytes_sent += size;
                break;
            case CURLINFO_SSL_DATA_IN:
                response->tls_bytes_received += size;
                break;
            default:
                break;
        }
        return 0;
    }
};

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
    global_init_once();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::optional<std::string> HttpClient::refuse_url(const std::string& url) const {
    CURLU* parsed = curl_url();
    if (parsed == nullptr) return "out of memory";
    std::optional<std::string> reason;
    char* scheme = nullptr;
    char* host = nullptr;
    char* user = nullptr;
    if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        reason = "not a valid URL: " + shown_url(url);
    } else if (curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
        reason = "URL without a scheme: " + shown_url(url);
    } else if (const std::string scheme_name = lower(scheme); scheme_name != "https" && scheme_name != "http") {
        reason = "protocol \"" + shown_url(scheme_name) + "\" refused (only https is allowed): " + shown_url(url);
    } else if (curl_url_get(parsed, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0') {
        reason = "URL without a host: " + shown_url(url);
    } else if (curl_url_get(parsed, CURLUPART_USER, &user, 0) == CURLUE_OK) {
        reason = "URL with a user name or password refused: " + shown_url(url);
    } else {
        const std::string host_name = lower(host);
        const bool loopback = host_name == "127.0.0.1" || host_name == "[::1]";
        if (scheme_name == "https") {
            // allowed
        } else if (scheme_name == "http" && options_.allow_loopback_http && loopback) {
            // allowed: tests against servers on this machine
        } else {
            reason = "plain http refused (only https is allowed): " + shown_url(url);
        }
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_url_cleanup(parsed);
    return reason;
}

HttpResponse HttpClient::fetch(const HttpRequest& request) {
    HttpResponse response;
    CURL* curl = static_cast<CURL*>(curl_);
    if (curl == nullptr) {
        response.error = "libcurl could not start";
        return response;
    }
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    std::string url = request.url;
    std::string method = request.method;
    for (int hop = 0;; ++hop) {
        if (auto reason = refuse_url(url)) {
            response.error = hop == 0 ? *reason : "redirect refused: " + *reason;
            return response;
        }
        long remaining_ms = 0;
        if (request.deadline_ms > 0) {
            const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
            remaining_ms = request.deadline_ms - static_cast<long>(spent);
            if (remaining_ms <= 0) {
                response.outcome = Outcome::Transient;
                response.error = "no answer within " + std::to_string(request.deadline_ms) + " ms";
                return response;
            }
        }
        response.body.clear();
        response.url = url;
        Transfer transfer;
        transfer.curl = curl;
        transfer.request = &request;
        transfer.response = &response;

        curl_easy_reset(curl);  // keeps the connection cache and TLS sessions
        const std::string protocols = options_.allow_loopback_http ? "http,https" : "https";
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols.c_str());
        curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // followed below, each target checked
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,::1,localhost");
        curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
        apply_tls_settings(curl, middlebox_compat_);
        if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_ms));
        if (remaining_ms > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, remaining_ms);
        if (request.low_speed_time_s > 0) {
            curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(request.low_speed_bytes_per_s));
            curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.low_speed_time_s));
        }
        if (request.max_body_bytes < static_cast<uint64_t>(INT64_MAX)) {
            curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
        }
        if (request.accept_gzip) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
        if (request.fresh_connection) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // only to count bytes: the debug callback prints nothing
        curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &Transfer::on_debug);
        curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &transfer);

        curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, "Accept:");  // curl's default "*/*" says nothing: not sent
        for (const auto& header : request.headers) headers = curl_slist_append(headers, header.c_str());
        if (!request.bearer_token.empty()) {
            headers = curl_slist_append(headers, ("Authorization: Bearer " + request.bearer_token).c_str());
        }
        if (!request.if_none_match.empty()) {
            headers = curl_slist_append(headers, ("If-None-Match: " + request.if_none_match).c_str());
        }
        if (!request.if_modified_since.empty()) {
            headers = curl_slist_append(headers, ("If-Modified-Since: " + request.if_modified_since).c_str());
        }
        if (request.resume_from > 0) {
            headers = curl_slist_append(headers, ("Range: bytes=" + std::to_string(request.resume_from) + "-").c_str());
        }
        const bool sends_body = method != "GET" && method != "HEAD" && method != "DELETE";
        if (sends_body || !request.body.empty()) {
            headers = curl_slist_append(headers, ("Content-Type: " + request.content_type).c_str());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        }
        if (method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else if (method != "GET" && method != "POST") {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        } else if (method == "GET" && !request.body.empty()) {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "GET");
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

        const CURLcode code = curl_easy_perform(curl);
        curl_slist_free_all(headers);
        response.status = transfer.status;
        curl_off_t retry_after = 0;
        if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
            response.retry_after_s = retry_after;
        } else {
            response.retry_after_s.reset();
        }

        if (code != CURLE_OK && !middlebox_compat_ && tls_handshake_cut(curl, code)) {
            // A path that cuts compact TLS 1.3 handshakes: from now on this client sends the compatible form.
            middlebox_compat_ = true;
            log::warning("net", std::string("TLS handshake cut (") + curl_easy_strerror(code) + ", " + shown_url(url) +
                                    "): trying again in TLS 1.3 middlebox compatibility mode");
            --hop;
            continue;
        }
        if (code != CURLE_OK) {
            const std::string where = " (" + shown_url(url) + ")";
            if (transfer.over_cap || code == CURLE_FILESIZE_EXCEEDED) {
                response.outcome = Outcome::Permanent;
                response.error =
                    "response larger than the limit of " + std::to_string(request.max_body_bytes) + " bytes" + where;
            } else if (transfer.sink_refused) {
                response.outcome = Outcome::Permanent;
                response.error = "stopped by the receiver" + where;
            } else if (!transfer.range_problem.empty()) {
                response.outcome = Outcome::Permanent;
                response.error = transfer.range_problem + where;
            } else if (code == CURLE_ABORTED_BY_CALLBACK) {
                response.outcome = Outcome::Cancelled;
                response.error = "cancelled" + where;
            } else {
                switch (code) {
                    case CURLE_OPERATION_TIMEDOUT:
                    case CURLE_COULDNT_CONNECT:
                    case CURLE_COULDNT_RESOLVE_HOST:
                    case CURLE_COULDNT_RESOLVE_PROXY:
                    case CURLE_RECV_ERROR:
                    case CURLE_SEND_ERROR:
                    case CURLE_GOT_NOTHING:
                    case CURLE_PARTIAL_FILE:
                    case CURLE_HTTP2:
                    case CURLE_HTTP2_STREAM:
                    case CURLE_SSL_CONNECT_ERROR:
                        response.outcome = Outcome::Transient;
                        break;
                    default:
                        response.outcome = Outcome::Permanent;
                        break;
                }
                std::string what = curl_easy_strerror(code);
                const auto elapsed_ms =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
                const bool before_deadline = remaining_ms == 0 || elapsed_ms + 100 < request.deadline_ms;
                if (code == CURLE_OPERATION_TIMEDOUT && request.low_speed_time_s > 0 && before_deadline) {
                    what = "too slow or no answer (under " + std::to_string(request.low_speed_bytes_per_s) +
                           " bytes/s for " + std::to_string(request.low_speed_time_s) +
                           " s, or the connection did not open)";
                } else if (code == CURLE_OPERATION_TIMEDOUT) {
                    what = "no complete answer within " + std::to_string(request.deadline_ms) + " ms";
                } else if (code == CURLE_PARTIAL_FILE) {
                    what = "connection cut after " + std::to_string(transfer.body_bytes) + " bytes of the body";
                }
                response.error = what + where;
            }
            return response;
        }

        if (is_redirect(transfer.status)) {
            char* location = nullptr;
            curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
            if (location == nullptr) {
                response.outcome = Outcome::Permanent;
                response.error = "redirect " + std::to_string(transfer.status) + " without a usable Location (" +
                                 shown_url(url) + ")";
                return response;
            }
            if (hop >= request.max_redirects) {
                response.outcome = Outcome::Permanent;
                response.error =
                    "more than " + std::to_string(request.max_redirects) + " redirects (" + shown_url(url) + ")";
                return response;
            }
            url = location;
            if (transfer.status == 303) method = "GET";
            continue;
        }
        if (transfer.status >= 200 && transfer.status < 300) {
            if (transfer.status == 206 && !transfer.sink_base && !transfer.take_content_range()) {
                response.outcome = Outcome::Permanent;
                response.error = transfer.range_problem;
                return response;
            }
            if (!response.total_size) {
                curl_off_t length = -1;
                if (curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length >= 0 &&
                    transfer.status == 200) {
                    response.total_size = static_cast<uint64_t>(length);
                }
            }
            response.outcome = Outcome::Ok;
            return response;
        }
        if (transfer.status == 304 && (!request.if_none_match.empty() || !request.if_modified_since.empty())) {
            response.outcome = Outcome::Ok;
            return response;
        }
        response.outcome = is_transient_status(transfer.status) ? Outcome::Transient : Outcome::Permanent;
        response.error = "HTTP " + std::to_string(transfer.status) + " from " + shown_url(url);
        return response;
    }
}

}  // namespace fl::net
