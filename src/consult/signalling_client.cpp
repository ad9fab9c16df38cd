// Signalling requests: URLs, limits and deadlines per request; HTTP outcomes turned into the module's error codes.
#include "consult/signalling_client.h"

namespace fl::consult {
namespace {

constexpr uint64_t kMaxAnswerBytes = 64 * 1024;  // a consult resource is a few hundred bytes
constexpr int kRequestDeadlineMs = 10'000;
constexpr int kHangUpDeadlineMs = 3'000;

}  // namespace

bool is_retryable(const Error& error) {
    const std::string code = error_code(error);
    return code == "unreachable" || code == "server_error";
}

SignallingClient::SignallingClient(HotlineConfig config, const std::atomic<bool>* cancel)
    : config_(std::move(config)), cancel_(cancel), http_(net::HttpClientOptions{config_.ca_file, false, "family-lawyer-consult"}) {
    while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
}

net::HttpResponse SignallingClient::call(const std::string& method, const std::string& path, std::string body,
                                         int deadline_ms) {
    net::HttpRequest request;
    request.url = config_.base_url + path;
    request.method = method;
    request.body = std::move(body);
    request.bearer_token = config_.token;
    request.headers = {"Accept: application/json"};
    request.max_body_bytes = kMaxAnswerBytes;
    request.connect_timeout_ms = 5'000;
    request.deadline_ms = deadline_ms;
    request.low_speed_time_s = 0;  // a long-poll sits silent by design; the deadline bounds it
    request.max_redirects = 0;
    request.cancel = cancel_;
    return http_.fetch(request);
}

Error SignallingClient::failure(const net::HttpResponse& response) const {
    if (response.outcome == net::Outcome::Cancelled) return coded_error("cancelled", "request cancelled");
    const long status = response.status;
    if (status == 0) {
        return coded_error(response.outcome == net::Outcome::Transient ? "unreachable" : "insecure",
                           "hotline " + config_.base_url + ": " + response.error);
    }
    if (status >= 500) return coded_error("server_error", response.error);
    if (status == 401 || status == 403) return coded_error("unauthorized", "the hotline refused this box's device token");
    if (status >= 400) {
        const auto detail = parse_error_body(response.body);
        return coded_error("rejected", detail.value_or("HTTP " + std::to_string(status)));
    }
    // A 2xx that still failed: over the size cap, cut, or odd.
    return coded_error("bad_response", response.error.empty() ? "HTTP " + std::to_string(status) : response.error);
}

Result<ConsultView> SignallingClient::consult_answer(const net::HttpResponse& response) {
    if (!response.ok() || response.status < 200 || response.status > 299) return failure(response);
    return parse_consult_view(response.body);
}

Result<ConsultView> SignallingClient::create(const CreateRequest& request) {
    auto body = create_request_json(request);
    if (!body) return body.error();
    return consult_answer(call("POST", "/v1/consults", std::move(body).value(), kRequestDeadlineMs));
}

Result<ConsultView> SignallingClient::poll(const std::string& id, uint64_t after_version, int wait_s) {
    const std::string path = "/v1/consults/" + id + "?after=" + std::to_string(after_version) + "&wait=" + std::to_string(wait_s);
    return consult_answer(call("GET", path, "", wait_s * 1000 + kRequestDeadlineMs));
}

Result<ConsultView> SignallingClient::accept(const std::string& id) {
    return consult_answer(call("POST", "/v1/consults/" + id + "/accept", "{}", kRequestDeadlineMs));
}

Result<ConsultView> SignallingClient::hang_up(const std::string& id, const std::string& reason) {
    const std::string body = nlohmann::json{{"reason", reason}}.dump();
    // Short: a hang-up is sent as the viewer leaves (or the app exits) and must not hold either up.
    return consult_answer(call("POST", "/v1/consults/" + id + "/hangup", body, kHangUpDeadlineMs));
}

Result<void> SignallingClient::send_event(const std::string& id, const nlohmann::json& event) {
    const auto response = call("POST", "/v1/consults/" + id + "/events", event.dump(), kRequestDeadlineMs);
    if (!response.ok() || response.status < 200 || response.status > 299) return failure(response);
    return {};
}

}  // namespace fl::consult
