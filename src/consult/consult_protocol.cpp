// Consult protocol messages: building the create request and reading the hotline's answers defensively.
#include "consult/consult_protocol.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace fl::consult {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 16;
constexpr size_t kMaxEvents = 64;

// Deepest nesting of arrays and objects, counted outside strings; stops counting once over the limit.
int nesting_depth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size() && deepest <= kMaxDepth; ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

Error bad(std::string_view what) { return coded_error("bad_response", what); }

// Field readers: each returns false when the field is absent or of another type (then the caller says what).
bool read_string(const json& object, const char* key, std::string& out, size_t max_length) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return false;
    const auto& value = it->get_ref<const std::string&>();
    if (value.size() > max_length) return false;
    out = value;
    return true;
}

bool read_int(const json& object, const char* key, int& out, int64_t low, int64_t high) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return false;
    const auto value = it->get<int64_t>();
    if (value < low || value > high) return false;
    out = static_cast<int>(value);
    return true;
}

bool read_u64(const json& object, const char* key, uint64_t& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer() || it->get<int64_t>() < 0) return false;
    out = it->get<uint64_t>();
    return true;
}

const json* object_at(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// An SRT address the media may call: "srt://host:port" with a plain host name, IPv4 or [IPv6] and nothing else.
bool is_srt_address(std::string_view url) {
    constexpr std::string_view scheme = "srt://";
    if (url.substr(0, scheme.size()) != scheme || url.size() > 300) return false;
    std::string_view rest = url.substr(scheme.size());
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view host = rest.substr(0, colon);
    const std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    const int port_number = std::stoi(std::string(port));
    if (port_number < 1 || port_number > 65535) return false;
    if (host.front() == '[') {
        return host.back() == ']' && host.size() > 2 &&
               std::all_of(host.begin() + 1, host.end() - 1, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
    }
    return std::all_of(host.begin(), host.end(), [](char c) { return is_token_char(c) || c == '.'; });
}

bool is_printable_ascii(std::string_view text, std::string_view refused) {
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return c > ' ' && c < 0x7f && refused.find(c) == std::string_view::npos;
    });
}

bool read_video(const json& object, VideoParams& out) {
    return read_string(object, "codec", out.codec, 16) && out.codec == "h264" &&
           read_int(object, "width", out.width, 16, 3840) && read_int(object, "height", out.height, 16, 2160) &&
           read_int(object, "fps", out.fps, 1, 60) &&
           (object.find("bitrate_kbps") == object.end() || read_int(object, "bitrate_kbps", out.bitrate_kbps, 16, 20000));
}

bool read_audio(const json& object, AudioParams& out) {
    return read_string(object, "codec", out.codec, 16) && (out.codec == "opus" || out.codec == "aac") &&
           read_int(object, "sample_rate", out.sample_rate, 8000, 48000) && read_int(object, "channels", out.channels, 1, 2);
}

// Optional sub-objects: absent or null means none; present must be valid.
Result<std::optional<VideoParams>> optional_video(const json& parent, const char* key, std::string_view where) {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return std::optional<VideoParams>{};
    VideoParams video;
    if (!it->is_object() || !read_video(*it, video)) return bad(std::string(where) + ".video is not a valid H.264 description");
    return std::optional<VideoParams>{video};
}

Result<MediaPlan> read_media(const json& media) {
    MediaPlan plan;
    const json* uplink = object_at(media, "uplink");
    const json* downlink = object_at(media, "downlink");
    if (uplink == nullptr || downlink == nullptr) return bad("media needs uplink and downlink");
    if (!read_string(*uplink, "url", plan.uplink_url, 300) || !is_srt_address(plan.uplink_url) ||
        !read_string(*downlink, "url", plan.downlink_url, 300) || !is_srt_address(plan.downlink_url)) {
        return bad("media URLs must be srt://host:port");
    }
    if (!read_string(*uplink, "streamid", plan.uplink_streamid, 512) || !is_printable_ascii(plan.uplink_streamid, "&") ||
        !read_string(*downlink, "streamid", plan.downlink_streamid, 512) || !is_printable_ascii(plan.downlink_streamid, "&")) {
        return bad("media streamids must be printable ASCII without '&', at most 512 characters");
    }
    if (!read_string(media, "passphrase", plan.passphrase, 79) || plan.passphrase.size() < 10 ||
        !is_printable_ascii(plan.passphrase, "&")) {
        return bad("media passphrase must be 10 to 79 printable ASCII characters");
    }
    if (!read_int(media, "pbkeylen", plan.pbkeylen, 16, 32) || (plan.pbkeylen != 16 && plan.pbkeylen != 24 && plan.pbkeylen != 32)) {
        return bad("media pbkeylen must be 16, 24 or 32");
    }
    if (!read_int(media, "latency_ms", plan.latency_ms, 20, 8000)) return bad("media latency_ms must be 20..8000");
    if (!read_int(media, "expires_in_s", plan.expires_in_s, 1, 86400)) return bad("media expires_in_s must be 1..86400");
    const json* send = object_at(media, "send");
    const json* receive = object_at(media, "receive");
    if (send == nullptr || receive == nullptr) return bad("media needs send and receive");
    auto send_video = optional_video(*send, "video", "send");
    if (!send_video) return send_video.error();
    plan.send_video = send_video.value();
    const json* send_audio = object_at(*send, "audio");
    if (send_audio == nullptr || !read_audio(*send_audio, plan.send_audio)) return bad("send.audio must be Opus or AAC");
    auto receive_video = optional_video(*receive, "video", "receive");
    if (!receive_video) return receive_video.error();
    plan.receive_video = receive_video.value();
    if (const auto it = receive->find("audio"); it != receive->end() && !it->is_null()) {
        AudioParams audio;
        if (!it->is_object() || !read_audio(*it, audio)) return bad("receive.audio must be Opus or AAC");
        plan.receive_audio = audio;
    }
    return plan;
}

}  // namespace

std::string error_code(const Error& error) {
    const size_t colon = error.message.find(':');
    return colon == std::string::npos ? std::string("error") : error.message.substr(0, colon);
}

Error coded_error(std::string_view code, std::string_view message) {
    return Error{std::string(code) + ": " + std::string(message)};
}

std::string_view state_name(ConsultState state) {
    switch (state) {
        case ConsultState::Queued: return "queued";
        case ConsultState::Offered: return "offered";
        case ConsultState::Connected: return "connected";
        case ConsultState::Ended: return "ended";
    }
    return "ended";
}

Result<std::string> create_request_json(const CreateRequest& request) {
    const auto known = [](const auto& list, const std::string& value) {
        return std::find(std::begin(list), std::end(list), value) != std::end(list);
    };
    if (!known(kLanguages, request.language)) return coded_error("bad_request", "unknown language " + request.language);
    if (!known(kTopics, request.topic)) return coded_error("bad_request", "unknown topic " + request.topic);
    const auto& number = request.callback_number;
    if (!number.empty() && (number.size() < 3 || number.size() > 20 ||
                            !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
        return coded_error("bad_request", "a call-back number is 3 to 20 digits");
    }
    const Capabilities& caps = request.capabilities;
    json body = {{"language", request.language},
                 {"topic", request.topic},
                 {"capabilities",
                  {{"camera", caps.camera},
                   {"microphone", caps.microphone},
                   {"hardware_aec", caps.hardware_aec},
                   {"video_codecs", json::array({"h264"})},
                   {"audio_codecs", json::array({"opus", "aac"})},
                   {"max_resolution", {{"width", caps.max_width}, {"height", caps.max_height}, {"fps", caps.max_fps}}}}}};
    if (!number.empty()) body["callback_number"] = number;
    return body.dump();
}

Result<ConsultView> parse_consult_view(std::string_view json_text) {
    if (nesting_depth(json_text) > kMaxDepth) return bad("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    const json document = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) return bad("not a JSON object");
    ConsultView view;
    if (!read_string(document, "id", view.id, 64) || view.id.empty() ||
        !std::all_of(view.id.begin(), view.id.end(), is_token_char)) {
        return bad("id must be 1 to 64 letters, digits, '-' or '_'");
    }
    if (!read_u64(document, "version", view.version)) return bad("version must be a non-negative integer");
    std::string state;
    if (!read_string(document, "state", state, 32)) return bad("state must be a string");
    if (state == "queued") {
        view.state = ConsultState::Queued;
        const json* queue = object_at(document, "queue");
        if (queue == nullptr || !read_int(*queue, "position", view.queue_position, 1, 1000000) ||
            !read_int(*queue, "estimated_wait_s", view.estimated_wait_s, 0, 7 * 86400)) {
            return bad("a queued consult needs queue.position (>= 1) and queue.estimated_wait_s");
        }
    } else if (state == "offered") {
        view.state = ConsultState::Offered;
        if (const json* offer = object_at(document, "offer")) {
            if (!read_int(*offer, "expires_in_s", view.offer_expires_in_s, 0, 3600)) {
                return bad("offer.expires_in_s must be 0..3600");
            }
        }
    } else if (state == "connected") {
        view.state = ConsultState::Connected;
        const json* media = object_at(document, "media");
        if (media == nullptr) return bad("a connected consult needs media");
        auto plan = read_media(*media);
        if (!plan) return plan.error();
        view.media = std::move(plan).value();
    } else if (state == "ended") {
        view.state = ConsultState::Ended;
        const json* ended = object_at(document, "ended");
        if (ended == nullptr || !read_string(*ended, "reason", view.ended_reason, 64) || view.ended_reason.empty() ||
            !std::all_of(view.ended_reason.begin(), view.ended_reason.end(), is_token_char)) {
            return bad("an ended consult needs ended.reason (a short code)");
        }
    } else {
        return bad("unknown state");
    }
    if (const auto it = document.find("events"); it != document.end()) {
        if (!it->is_array() || it->size() > kMaxEvents) return bad("events must be an array of at most 64");
        for (const auto& item : *it) {
            HotlineEvent event;
            if (!item.is_object() || !read_u64(item, "seq", event.seq) || !read_string(item, "type", event.type, 32)) {
                return bad("an event needs seq and type");
            }
            if (event.type == "bitrate_cap" && !read_int(item, "kbps", event.kbps, 16, 20000)) {
                return bad("bitrate_cap needs kbps 16..20000");
            }
            view.events.push_back(std::move(event));
        }
    }
    if (const json* service = object_at(document, "service")) {
        const auto demo = service->find("demo");
        view.demo = demo != service->end() && demo->is_boolean() && demo->get<bool>();
    }
    return view;
}

std::optional<std::string> parse_error_body(std::string_view json_text) {
    if (nesting_depth(json_text) > kMaxDepth) return std::nullopt;
    const json document = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) return std::nullopt;
    const json* error = object_at(document, "error");
    std::string code;
    std::string message;
    if (error == nullptr || !read_string(*error, "code", code, 64) || code.empty() ||
        !std::all_of(code.begin(), code.end(), is_token_char)) {
        return std::nullopt;
    }
    if (!read_string(*error, "message", message, 300)) message = "(no message)";
    // The message is the hotline's English text for our log: keep it printable.
    std::replace_if(message.begin(), message.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
    return code + ": " + message;
}

}  // namespace fl::consult
