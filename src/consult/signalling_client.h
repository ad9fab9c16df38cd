// The box's side of the consult signalling API over HTTPS (net::HttpClient): one call per protocol request,
// blocking, for a worker thread; failures come back as coded Errors (see error codes below).
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>

#include "consult/consult_protocol.h"
#include "net/http_client.h"

namespace fl::consult {

struct HotlineConfig {
    std::string base_url;  // https://host[:port] (the API lives under /v1)
    std::string token;     // the box's device token (Authorization: Bearer)
    std::string ca_file;   // PEM bundle to trust instead of the system's (the demo hotline's test CA)
};

// Error codes (before the ':' of Error::message):
//   unreachable    no answer (connection refused, timed out, cut): worth retrying
//   insecure       refused before HTTP: certificate not trusted, TLS failure, bad URL
//   server_error   5xx from the hotline
//   unauthorized   401/403: the device token was refused
//   rejected       another 4xx; the hotline's own error code follows ("rejected: queue_full: ...")
//   bad_response   the answer is not a valid consult resource (or too large)
//   cancelled      the cancel flag was set
bool is_retryable(const Error& error);

class SignallingClient {
public:
    // cancel (may be null) ends a request in flight within about a second.
    SignallingClient(HotlineConfig config, const std::atomic<bool>* cancel);

    Result<ConsultView> create(const CreateRequest& request);
    // Long-poll: answers when the consult's version passes after_version, or after about wait_s with the same one.
    Result<ConsultView> poll(const std::string& id, uint64_t after_version, int wait_s);
    Result<ConsultView> accept(const std::string& id);
    // reason: box_hangup (the viewer left or cancelled) or media_failed.
    Result<ConsultView> hang_up(const std::string& id, const std::string& reason);
    // An in-call event to the hotline ({"type": "stats", ...}).
    Result<void> send_event(const std::string& id, const nlohmann::json& event);

private:
    net::HttpResponse call(const std::string& method, const std::string& path, std::string body, int deadline_ms);
    Result<ConsultView> consult_answer(const net::HttpResponse& response);
    Error failure(const net::HttpResponse& response) const;

    HotlineConfig config_;
    const std::atomic<bool>* cancel_;
    net::HttpClient http_;
};

}  // namespace fl::consult
