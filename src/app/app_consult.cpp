// Consult glue: options and found devices to capture specs, the hotline's media plan to the media's parameters,
// the session's status to the screens' terms.
#include "app/app_consult.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "core/clock.h"
#include "core/log.h"
#include "platform/sdl/draw_list_renderer.h"

namespace fl::app {
namespace {

std::string env_value(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// A capture device given ("none" = absent) or found: the first V4L2 camera, the ALSA default when a capture
// PCM exists.
std::string camera_spec(const std::string& given) {
    if (given == "none") return "";
    if (!given.empty()) return given;
    return access("/dev/video0", R_OK | W_OK) == 0 ? "/dev/video0" : "";
}

std::string microphone_spec(const std::string& given) {
    if (given == "none") return "";
    if (!given.empty()) return given;
    bool capture = false;
    if (DIR* dir = opendir("/dev/snd")) {
        while (const dirent* entry = readdir(dir)) {
            const size_t length = std::strlen(entry->d_name);
            capture = capture || (std::strncmp(entry->d_name, "pcmC", 4) == 0 && length > 4 && entry->d_name[length - 1] == 'c');
        }
        closedir(dir);
    }
    return capture ? "alsa:default" : "";
}

ui::ConsultUiStatus::Phase ui_phase(consult::Phase phase) {
    using P = ui::ConsultUiStatus::Phase;
    switch (phase) {
        case consult::Phase::Idle: return P::Idle;
        case consult::Phase::Requesting: return P::Requesting;
        case consult::Phase::Queued: return P::Queued;
        case consult::Phase::Offered: return P::Offered;
        case consult::Phase::InCall: return P::InCall;
        case consult::Phase::Ended: return P::Ended;
    }
    return P::Idle;
}

}  // namespace

std::unique_ptr<AppConsult> AppConsult::create(const Options& options, EventLog& events, std::function<void()> wake) {
    consult::HotlineConfig hotline;
    hotline.base_url = options.hotline.empty() ? env_value("FL_HOTLINE") : options.hotline;
    if (hotline.base_url.empty()) return nullptr;
    hotline.ca_file = options.hotline_ca;
    hotline.token = options.hotline_token.empty() ? env_value("FL_HOTLINE_TOKEN") : options.hotline_token;
    if (hotline.token.empty()) log::warning("consult", "no device token for the hotline (--hotline-token): it will refuse consults");
    return std::unique_ptr<AppConsult>(new AppConsult(std::move(hotline), camera_spec(options.camera),
                                                      microphone_spec(options.microphone), !options.no_audio, events,
                                                      std::move(wake)));
}

AppConsult::AppConsult(consult::HotlineConfig hotline, std::string camera, std::string microphone, bool play_audio,
                       EventLog& events, std::function<void()> wake)
    : hotline_(std::move(hotline)), events_(events), wake_(std::move(wake)), camera_(std::move(camera)),
      microphone_(std::move(microphone)), play_audio_(play_audio) {
    log::info("consult", "hotline " + hotline_.base_url + "; camera " + (camera_.empty() ? "none" : camera_) + "; microphone " +
                             (microphone_.empty() ? "none" : microphone_));
    session_ = make_session();
}

std::unique_ptr<consult::ConsultSession> AppConsult::make_session() {
    auto starter = [this](const consult::MediaPlan& plan, consult::ConsultMedia::Wake media_wake) {
        consult::MediaParams params;
        params.uplink_url = plan.uplink_url;
        params.downlink_url = plan.downlink_url;
        params.passphrase = plan.passphrase;
        params.pbkeylen = plan.pbkeylen;
        params.uplink_streamid = plan.uplink_streamid;
        params.downlink_streamid = plan.downlink_streamid;
        params.latency_ms = plan.latency_ms;
        params.capture.camera = plan.send_video ? camera_ : "";
        params.capture.microphone = microphone_;
        if (plan.send_video) {
            params.capture.width = plan.send_video->width;
            params.capture.height = plan.send_video->height;
            params.capture.fps = plan.send_video->fps;
        }
        params.downlink.video = plan.receive_video ? plan.receive_video->codec : "";
        params.downlink.audio = plan.receive_audio ? plan.receive_audio->codec : "";
        params.play_audio_on_device = play_audio_;
        return consult::ConsultMedia::start(std::move(params), std::move(media_wake));
    };
    return std::make_unique<consult::ConsultSession>(hotline_, events_, wake_, std::move(starter));
}

// The live session hangs up and stops its threads (bounded) before the devices go; the reaper then waits for any
// earlier one still ending.
AppConsult::~AppConsult() { reaper_.retire(std::move(session_)); }

void AppConsult::request(const std::string& topic, const std::string& language) {
    consult::CreateRequest request;
    request.topic = topic;
    request.language = language;
    request.callback_number = callback_number_;
    callback_number_.clear();
    request.capabilities.camera = has_camera();
    request.capabilities.microphone = has_microphone();
    const auto phase = session_->status().phase;
    if (phase != consult::Phase::Idle && phase != consult::Phase::Ended) return;  // one consult at a time
    if (session_used_) {
        reaper_.retire(std::move(session_));
        session_ = make_session();
        session_->set_auto_accept(waiting_here_);
    }
    session_used_ = true;
    offer_announced_ = false;
    call_announced_ = false;
    ended_at_ms_ = 0;
    session_->start(request);
}

void AppConsult::set_waiting_here(bool here) {
    waiting_here_ = here;
    session_->set_auto_accept(here);
}

void AppConsult::accept() { session_->accept(); }
void AppConsult::hang_up() { session_->hang_up(); }
void AppConsult::acknowledge_end() { session_->reset(); }
void AppConsult::set_microphone_muted(bool muted) { session_->set_microphone_muted(muted); }
void AppConsult::set_camera_enabled(bool enabled) { session_->set_camera_enabled(enabled); }

ui::ConsultUiStatus AppConsult::status() const {
    const consult::SessionStatus session = session_->status();
    ui::ConsultUiStatus status;
    status.phase = ui_phase(session.phase);
    status.queue_position = session.queue_position;
    status.estimated_wait_s = session.estimated_wait_s;
    status.demo = session.demo;
    status.end_reason = session.end_reason;
    status.connected_at_ms = session.connected_at_ms;
    status.ended_at_ms = ended_at_ms_;
    status.camera_capturing = session.camera_capturing;
    status.microphone_muted = session.microphone_muted;
    status.audio_only = session.audio_only || camera_.empty();
    status.remote_video = session.remote_video;
    status.quality_bars = session.quality_bars;
    return status;
}

bool AppConsult::pump(sdl::DrawListRenderer& renderer) {
    session_->pump();
    if (ended_at_ms_ == 0 && session_->status().phase == consult::Phase::Ended) ended_at_ms_ = monotonic_ms();
    bool changed = false;
    const auto media = session_->media();
    auto remote = media ? media->remote_picture() : nullptr;
    auto self = media ? media->self_picture() : nullptr;
    if (remote != shown_remote_ && (remote || shown_remote_)) {
        shown_remote_ = remote;
        renderer.set_video_frame(remote, ui::DrawVideo::kRemote);
        changed = true;
    }
    if (self != shown_self_) {
        shown_self_ = self;
        renderer.set_video_frame(self, ui::DrawVideo::kSelf);
        changed = true;
    }
    return changed;
}

bool AppConsult::take_attention(std::string_view screen_id) {
    const auto phase = session_->status().phase;
    if (phase == consult::Phase::Offered && !waiting_here_ && !offer_announced_) {
        offer_announced_ = true;
        return true;
    }
    if (phase == consult::Phase::InCall && screen_id.rfind("consult", 0) != 0 && !call_announced_) {
        call_announced_ = true;
        return true;
    }
    return false;
}

}  // namespace fl::app
