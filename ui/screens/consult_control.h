// What the consult screens may ask of the 12348 consult; the app implements it over the consult session and its
// media, tests over a fake.
#pragma once

#include <cstdint>
#include <string>

namespace fl::ui {

struct ConsultUiStatus {
    enum class Phase : uint8_t { Idle, Requesting, Queued, Offered, InCall, Ended } phase = Phase::Idle;
    int queue_position = 0;
    int estimated_wait_s = 0;
    bool demo = false;              // the hotline is a demonstration service: say so on screen
    std::string end_reason;         // see ConsultSession (cancelled, box_hangup, lawyer_hangup, hotline_*, network_lost, ...)
    uint64_t connected_at_ms = 0;   // monotonic ms when the call connected
    uint64_t ended_at_ms = 0;
    bool camera_capturing = false;  // the camera is open: the camera-on indicator must show
    bool microphone_muted = false;
    bool audio_only = false;        // no video goes out (no camera, camera off, or a weak line)
    bool remote_video = false;      // the lawyer's picture has arrived
    int quality_bars = 0;           // 0..4
};

class ConsultControl {
public:
    virtual ~ConsultControl() = default;
    virtual bool has_camera() const = 0;
    virtual bool has_microphone() const = 0;
    // The call-back number typed so far ("" = none). Held here, not in routes, so that it never reaches a log.
    virtual void set_callback_number(const std::string& digits) = 0;
    // After consent: topic (wages, grassland_land, marriage_family, loans, other), language (mn-Mong, zh-Hans);
    // the call-back number set above goes with it.
    virtual void request(const std::string& topic, const std::string& language) = 0;
    // The viewer is looking at the waiting screen: join as soon as a lawyer is ready.
    virtual void set_waiting_here(bool here) = 0;
    virtual void accept() = 0;
    // Cancels the queued consult or hangs up the call.
    virtual void hang_up() = 0;
    // The end screen was seen: back to idle.
    virtual void acknowledge_end() = 0;
    virtual void set_microphone_muted(bool muted) = 0;
    virtual void set_camera_enabled(bool enabled) = 0;
    virtual ConsultUiStatus status() const = 0;
};

}  // namespace fl::ui
