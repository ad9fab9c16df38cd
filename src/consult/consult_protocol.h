// The consult signalling protocol's messages (docs/consult-api.md) as C++ values: the create request, the consult
// resource the hotline returns, and strict reading of everything the hotline sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fl::consult {

// Errors from this module carry a stable code before the first ':' of Error::message ("bad_response: ...").
std::string error_code(const Error& error);
Error coded_error(std::string_view code, std::string_view message);

inline constexpr std::string_view kTopics[] = {"wages", "grassland_land", "marriage_family", "loans", "other"};
inline constexpr std::string_view kLanguages[] = {"mn-Mong", "zh-Hans"};

struct Capabilities {
    bool camera = false;
    bool microphone = false;
    bool hardware_aec = false;
    int max_width = 1280;
    int max_height = 720;
    int max_fps = 30;
};

struct CreateRequest {
    std::string language;         // mn-Mong or zh-Hans
    std::string topic;            // one of kTopics
    std::string callback_number;  // digits only, or empty
    Capabilities capabilities;
};

// The create request's JSON body; an Error (code bad_request) when a field is not one the protocol allows.
Result<std::string> create_request_json(const CreateRequest& request);

enum class ConsultState : uint8_t { Queued, Offered, Connected, Ended };
std::string_view state_name(ConsultState state);

struct VideoParams {
    std::string codec;  // h264
    int width = 0, height = 0, fps = 0, bitrate_kbps = 0;
};
struct AudioParams {
    std::string codec;  // opus or aac
    int sample_rate = 0, channels = 0;
};

// How the call's media runs, as the hotline gives it on connect.
struct MediaPlan {
    std::string uplink_url;  // srt://host:port, the box sends here
    std::string uplink_streamid;
    std::string downlink_url;  // srt://host:port, the box receives from here
    std::string downlink_streamid;
    std::string passphrase;
    int pbkeylen = 16;
    int latency_ms = 120;
    int expires_in_s = 0;
    std::optional<VideoParams> send_video;  // absent: send audio only
    AudioParams send_audio;
    std::optional<VideoParams> receive_video;
    std::optional<AudioParams> receive_audio;
};

// An in-call event from the hotline to the box.
struct HotlineEvent {
    uint64_t seq = 0;
    std::string type;  // keyframe_request, bitrate_cap, message (others are ignored)
    int kbps = 0;      // bitrate_cap
};

struct ConsultView {
    std::string id;
    uint64_t version = 0;
    ConsultState state = ConsultState::Queued;
    int queue_position = 0;
    int estimated_wait_s = 0;
    int offer_expires_in_s = 0;
    std::optional<MediaPlan> media;  // connected only
    std::vector<HotlineEvent> events;
    std::string ended_reason;  // ended only
    bool demo = false;         // the service says it is a demonstration (the box labels it on screen)
};

// Reads a consult resource; anything missing, of the wrong type, out of range or unsafe (a media URL that is not
// srt://host:port, a passphrase SRT would refuse) is an Error with code bad_response. Nesting is limited before
// parsing.
Result<ConsultView> parse_consult_view(std::string_view json_text);

// The hotline's error body {"error": {"code", "message"}}: "code: message", or nullopt when it is not one.
std::optional<std::string> parse_error_body(std::string_view json_text);

}  // namespace fl::consult
