// The 12348 consult for the app: the consult session behind the UI's ConsultControl port, capture devices found
// or given on the command line, and the media's pictures handed to the renderer.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/options.h"
#include "consult/consult_session.h"
#include "consult/session_reaper.h"
#include "core/event_log.h"
#include "ui/screens/consult_control.h"

namespace fl::sdl {
class DrawListRenderer;
}

namespace fl::app {

class AppConsult final : public ui::ConsultControl {
public:
    // Null when no hotline is configured (--hotline or FL_HOTLINE): the consult tile then says so.
    static std::unique_ptr<AppConsult> create(const Options& options, EventLog& events, std::function<void()> wake);
    ~AppConsult() override;

    bool has_camera() const override { return !camera_.empty(); }
    bool has_microphone() const override { return !microphone_.empty(); }
    void set_callback_number(const std::string& digits) override { callback_number_ = digits; }
    void request(const std::string& topic, const std::string& language) override;
    void set_waiting_here(bool here) override;
    void accept() override;
    void hang_up() override;
    void acknowledge_end() override;
    void set_microphone_muted(bool muted) override;
    void set_camera_enabled(bool enabled) override;
    ui::ConsultUiStatus status() const override;

    // Main loop, every turn: takes the media's events; hands new pictures to the renderer (true: redraw).
    bool pump(sdl::DrawListRenderer& renderer);
    // True once per offer, and once per call, that the viewer is not looking at (screen_id: the top screen): the app
    // then brings the consult up, so that joining needs Ok and a running camera is never off screen.
    bool take_attention(std::string_view screen_id);

private:
    AppConsult(consult::HotlineConfig hotline, std::string camera, std::string microphone, bool play_audio, EventLog& events,
               std::function<void()> wake);

    // A fresh session for the next consult; the previous one ends on the reaper's thread, never on the UI's.
    std::unique_ptr<consult::ConsultSession> make_session();

    consult::HotlineConfig hotline_;
    EventLog& events_;
    std::function<void()> wake_;
    std::string camera_;
    std::string microphone_;
    bool play_audio_;
    std::string callback_number_;  // never logged
    bool waiting_here_ = false;
    bool offer_announced_ = false;
    bool call_announced_ = false;
    uint64_t ended_at_ms_ = 0;
    std::shared_ptr<const media::VideoFrame> shown_remote_;
    std::shared_ptr<const media::VideoFrame> shown_self_;
    bool session_used_ = false;  // session_ has run a consult: the next one gets a fresh session
    consult::SessionReaper reaper_;
    std::unique_ptr<consult::ConsultSession> session_;
};

}  // namespace fl::app
