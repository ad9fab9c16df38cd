// The consult media session: parameter checks, the supervising thread (latency, connects, reconnects, give-up,
// statistics and the bitrate ladder), and the thread-safe surface the UI reads.
#include "consult/media/consult_media.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "consult/media/bitrate_ladder.h"
#include "consult/media/downlink.h"
#include "consult/media/echo_canceller.h"
#include "consult/media/rtt_probe.h"
#include "consult/media/srt_link.h"
#include "consult/media/uplink.h"
#include "core/clock.h"
#include "core/log.h"

namespace fl::consult {

const char* to_string(MediaState state) {
    switch (state) {
        case MediaState::Connecting: return "connecting";
        case MediaState::Connected: return "connected";
        case MediaState::Reconnecting: return "reconnecting";
        case MediaState::Ended: return "ended";
    }
    return "unknown";
}

namespace {

// "code: message" -> code.
std::string code_of(const std::string& message) {
    const size_t colon = message.find(':');
    return colon == std::string::npos ? "media_error" : message.substr(0, colon);
}

class Session final : public ConsultMedia {
public:
    Session(MediaParams params, SrtEndpoint up, SrtEndpoint down, Wake wake)
        : params_(std::move(params)), up_endpoint_(std::move(up)), down_endpoint_(std::move(down)), wake_(std::move(wake)),
          epoch_ms_(monotonic_ms()) {}

    ~Session() override { stop(); }

    void begin() { supervisor_ = std::thread([this] { supervise(); }); }

    void stop() override {
        {
            std::lock_guard lock(stop_mutex_);
            stop_requested_ = true;
        }
        stop_signal_.notify_all();
        if (supervisor_.joinable() && supervisor_.get_id() != std::this_thread::get_id()) supervisor_.join();
    }

    std::vector<MediaEvent> poll_events() override {
        std::lock_guard lock(mutex_);
        std::vector<MediaEvent> events(events_.begin(), events_.end());
        events_.clear();
        return events;
    }

    MediaState state() const override {
        std::lock_guard lock(mutex_);
        return state_;
    }
    std::string end_code() const override {
        std::lock_guard lock(mutex_);
        return end_code_;
    }
    CallStats stats() const override {
        std::lock_guard lock(mutex_);
        return stats_;
    }

    void set_microphone_muted(bool muted) override {
        muted_ = muted;
        if (auto* uplink = uplink_ptr_.load()) uplink->set_muted(muted);
    }
    bool microphone_muted() const override { return muted_; }
    void set_camera_enabled(bool enabled) override {
        camera_enabled_ = enabled;
        if (auto* uplink = uplink_ptr_.load()) uplink->set_camera_enabled(enabled);
        if (!enabled) {
            std::lock_guard lock(mutex_);
            self_.reset();
        }
    }
    bool camera_capturing() const override {
        auto* uplink = uplink_ptr_.load();
        return uplink != nullptr && uplink->camera_capturing();
    }
    bool sending_audio_only() const override {
        auto* uplink = uplink_ptr_.load();
        return uplink == nullptr || !uplink->sending_video();
    }

    void request_keyframe() override {
        if (auto* uplink = uplink_ptr_.load()) uplink->request_keyframe();
    }
    void set_bitrate_cap_kbps(int kbps) override {
        cap_kbps_ = std::max(kbps, 0);
        cap_changed_ = true;
    }

    std::shared_ptr<const media::VideoFrame> remote_picture() const override {
        std::lock_guard lock(mutex_);
        return remote_;
    }
    std::shared_ptr<const media::VideoFrame> self_picture() const override {
        std::lock_guard lock(mutex_);
        return self_;
    }
    void observe_remote_pictures(PictureObserver observer) override {
        std::lock_guard lock(mutex_);
        observer_ = std::move(observer);
        if (downlink_) downlink_->observe(observer_);
    }

private:
    void push_event(MediaEvent event) {
        event.at_ms = monotonic_ms();
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
        }
        if (wake_) wake_();
    }
    void set_state(MediaState state) {
        {
            std::lock_guard lock(mutex_);
            if (state_ == state || state_ == MediaState::Ended) return;
            state_ = state;
        }
        MediaEvent event;
        event.kind = MediaEvent::Kind::StateChanged;
        event.state = state;
        push_event(std::move(event));
    }
    void report_error(const std::string& code_and_message) {
        log::warning("consult", code_and_message);
        MediaEvent event;
        event.kind = MediaEvent::Kind::Error;
        event.code = code_of(code_and_message);
        event.message = code_and_message;
        {
            std::lock_guard lock(mutex_);
            event.state = state_;
        }
        push_event(std::move(event));
    }
    void simple_event(MediaEvent::Kind kind) {
        MediaEvent event;
        event.kind = kind;
        {
            std::lock_guard lock(mutex_);
            event.state = state_;
        }
        push_event(std::move(event));
    }

    // Sleeps up to ms; true when stop() was called.
    bool wait_for_stop(int ms) {
        std::unique_lock lock(stop_mutex_);
        return stop_signal_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_requested_; });
    }
    bool stop_requested() {
        std::lock_guard lock(stop_mutex_);
        return stop_requested_;
    }

    int choose_latency() {
        if (params_.latency_ms > 0) return params_.latency_ms;
        double rtt = -1;
        // One probe at a time, so that stop() waits for at most one unanswered probe.
        for (const SrtEndpoint* endpoint : {&down_endpoint_, &up_endpoint_}) {
            std::optional<double> best;
            for (int attempt = 0; attempt < 2 && !stop_requested(); ++attempt) {
                if (const auto measured = probe_srt_rtt_ms(endpoint->host, endpoint->port, 1, 500))
                    best = best ? std::min(*best, *measured) : *measured;
            }
            if (best) rtt = std::max(rtt, *best);
        }
        const int latency = rtt >= 0 ? latency_window_ms(rtt) : 120;
        log::info("consult", "SRT latency window " + std::to_string(latency) + " ms (RTT before the call " +
                                 (rtt >= 0 ? std::to_string(static_cast<int>(rtt)) + " ms" : "unknown") + ")");
        return latency;
    }

    // Connects both legs at once. Returns "" or the first fatal code (wrong_passphrase, peer_rejected) or
    // peer_unreachable when a leg did not answer.
    std::string connect_legs(bool up_needed, bool down_needed) {
        std::string up_error, down_error;
        std::thread up_connect;
        if (up_needed) up_connect = std::thread([&] {
            auto connected = up_link_->connect([this] { return stop_requested(); });
            if (!connected) up_error = connected.error().message;
        });
        if (down_needed) {
            auto connected = down_link_->connect([this] { return stop_requested(); });
            if (!connected) down_error = connected.error().message;
        }
        if (up_connect.joinable()) up_connect.join();
        for (const std::string* error : {&up_error, &down_error}) {
            if (error->empty()) continue;
            const std::string code = code_of(*error);
            if (code != "peer_unreachable") return *error;
        }
        return !up_error.empty() ? up_error : down_error;
    }

    void supervise() {
        const int latency = choose_latency();
        SrtLinkOptions options{latency, params_.connect_timeout_ms, params_.peer_idle_timeout_ms};
        up_link_ = std::make_unique<SrtLink>(up_endpoint_, options);
        down_link_ = std::make_unique<SrtLink>(down_endpoint_, options);
        // A PulseAudio echo-cancel source already removes the echo: a second canceller would only smear the voice.
        const bool hardware_aec = params_.capture.hardware_echo_cancel ||
                                  params_.capture.microphone.find("echo-cancel") != std::string::npos ||
                                  params_.capture.microphone.find("echo_cancel") != std::string::npos;
        if (!hardware_aec) echo_ = std::make_unique<EchoCanceller>();
        log::info("consult", hardware_aec ? "echo cancelling: the microphone's own" : "echo cancelling: speexdsp");

        UplinkHooks up_hooks;
        up_hooks.error = [this](const std::string& message) { report_error(message); };
        up_hooks.self_picture = [this](std::shared_ptr<const media::VideoFrame> picture) {
            {
                std::lock_guard lock(mutex_);
                if (!camera_enabled_) return;
                self_ = std::move(picture);
            }
            if (wake_) wake_();
        };
        uplink_ = std::make_unique<Uplink>(params_.capture, params_.stamp_frames, params_.start_step,
                                           *up_link_, echo_.get(), up_hooks, epoch_ms_);
        ladder_ = BitrateLadder(params_.start_step, latency, top_step_for(params_.capture.height, params_.capture.fps));
        cap_changed_ = false;
        apply_top_step();
        uplink_->set_muted(muted_);
        uplink_->set_camera_enabled(camera_enabled_);

        DownlinkHooks down_hooks;
        down_hooks.first_picture = [this] { simple_event(MediaEvent::Kind::FirstRemoteFrame); };
        down_hooks.first_sound = [this] { simple_event(MediaEvent::Kind::FirstRemoteAudio); };
        down_hooks.picture = [this](std::shared_ptr<const media::VideoFrame> picture) {
            {
                std::lock_guard lock(mutex_);
                remote_ = std::move(picture);
            }
            if (wake_) wake_();
        };
        down_hooks.error = [this](const std::string& message) { report_error(message); };
        {
            std::lock_guard lock(mutex_);
            downlink_ = std::make_unique<Downlink>(*down_link_, params_.downlink.video, params_.downlink.audio,
                                                   params_.play_audio_on_device, echo_.get(), down_hooks);
            if (observer_) downlink_->observe(observer_);
        }
        downlink_->start();
        if (auto started = uplink_->start(); !started) {
            finish(code_of(started.error().message), started.error().message);
            return;
        }
        uplink_ptr_ = uplink_.get();

        // First connection: retried while the hotline does not answer, up to the give-up time.
        const uint64_t first_try = monotonic_ms();
        while (true) {
            if (stop_requested()) return finish("hangup", "");
            const std::string error = connect_legs(!up_link_->connected(), !down_link_->connected());
            if (error.empty()) break;
            if (stop_requested()) return finish("hangup", "");
            const std::string code = code_of(error);
            if (code != "peer_unreachable" || monotonic_ms() - first_try >= static_cast<uint64_t>(params_.give_up_ms))
                return finish(code, error);
            if (wait_for_stop(200)) return finish("hangup", "");
        }
        log::info("consult", "media connected (SRT latency " + std::to_string(latency) + " ms)");
        uplink_->request_keyframe();
        set_state(MediaState::Connected);

        uint64_t down_since = 0;  // 0: both legs up
        bool peer_closed = false;
        uint64_t next_stats = monotonic_ms() + 1000;
        while (!wait_for_stop(100)) {
            const bool up_ok = up_link_->connected();
            const bool down_ok = down_link_->connected();
            const uint64_t now = monotonic_ms();
            if (!up_ok || !down_ok) {
                if (down_since == 0) {
                    down_since = now;
                    peer_closed = (!up_ok && up_link_->closed_by_peer()) || (!down_ok && down_link_->closed_by_peer());
                    log::warning("consult", std::string("media leg lost (") + (up_ok ? "" : "uplink ") + (down_ok ? "" : "downlink") +
                                                (peer_closed ? ", closed by the hotline)" : ", silent)"));
                    set_state(MediaState::Reconnecting);
                }
                const std::string error = connect_legs(!up_ok, !down_ok);
                const uint64_t after = monotonic_ms();
                if (error.empty()) {
                    down_since = 0;
                    uplink_->request_keyframe();
                    set_state(MediaState::Connected);
                    log::info("consult", "media legs reconnected");
                } else {
                    const std::string code = code_of(error);
                    if (code == "stopped") continue;  // the loop's wait sees the stop
                    if (code == "wrong_passphrase" || code == "peer_rejected") return finish(code, error);
                    // Silence so far: the break was noticed peer_idle_timeout after the last packet.
                    const uint64_t silent = after - down_since + static_cast<uint64_t>(params_.peer_idle_timeout_ms);
                    if (peer_closed) return finish("peer_gone", "peer_gone: the hotline closed the media connection");
                    if (silent >= static_cast<uint64_t>(params_.give_up_ms))
                        return finish("network_lost", "network_lost: no media for " + std::to_string(silent / 1000) + " s");
                }
            }
            if (cap_changed_.exchange(false)) apply_top_step();
            if (now >= next_stats) {
                next_stats += 1000;
                if (next_stats < now) next_stats = now + 1000;
                publish_stats(latency);
            }
        }
        finish("hangup", "");
    }

    // The best step from the picture the hotline asked for and its bitrate cap, whichever is lower.
    void apply_top_step() {
        const int top = std::max(top_step_for(params_.capture.height, params_.capture.fps), top_step_for_cap(cap_kbps_));
        ladder_.set_top_step(top);
        uplink_->set_step(ladder_.step());
        if (cap_kbps_ > 0) log::info("consult", "uplink capped at " + std::to_string(cap_kbps_.load()) + " kb/s: best step " + bitrate_ladder()[static_cast<size_t>(top)].label);
    }

    void publish_stats(int latency) {
        const SrtLinkStats up = up_link_->take_stats();
        const SrtLinkStats down = down_link_->take_stats();
        CallStats stats;
        stats.rtt_ms = up.valid ? up.rtt_ms : down.rtt_ms;
        stats.send_loss_pct = up.packets_sent > 0 ? 100.0 * up.send_loss / static_cast<double>(up.packets_sent) : 0;
        const double expected = static_cast<double>(down.packets_received + down.receive_loss);
        stats.receive_loss_pct = expected > 0 ? 100.0 * down.receive_loss / expected : 0;
        stats.retransmits = static_cast<uint64_t>(std::max(up.retransmits, 0));
        stats.dropped_packets = static_cast<uint64_t>(std::max(up.send_drops, 0) + std::max(down.receive_drops, 0));
        stats.send_buffer_ms = up.send_buffer_ms;
        stats.send_kbps = static_cast<double>(up.bytes_sent) * 8 / 1000;
        stats.receive_kbps = static_cast<double>(down.bytes_received) * 8 / 1000;
        stats.send_width = uplink_->sent_width();
        stats.send_height = uplink_->sent_height();
        stats.send_fps = uplink_->sent_fps();
        stats.receive_width = downlink_->width();
        stats.receive_height = downlink_->height();
        stats.latency_ms = up.latency_ms > 0 ? up.latency_ms : latency;
        stats.remote_frames = downlink_->pictures();
        stats.decode_errors = downlink_->decode_errors();

        bool changed = false;
        if (params_.adaptive_bitrate && up.valid && uplink_->camera_capturing()) {
            LinkSecond second;
            second.rtt_ms = up.rtt_ms;
            second.packets_sent = static_cast<long>(up.packets_sent);
            second.lost = up.send_loss;
            second.retransmits = up.retransmits;
            second.dropped = up.send_drops;
            second.send_buffer_ms = up.send_buffer_ms;
            changed = ladder_.on_second(second);
            if (changed) {
                uplink_->set_step(ladder_.step());
                log::info("consult", std::string("bitrate ladder -> ") + ladder_.current().label + " (last second: sent " +
                                         std::to_string(second.packets_sent) + ", lost " + std::to_string(second.lost) +
                                         ", resent " + std::to_string(second.retransmits) + ", dropped " +
                                         std::to_string(second.dropped) + ", send buffer " +
                                         std::to_string(second.send_buffer_ms) + " ms, RTT " +
                                         std::to_string(static_cast<int>(second.rtt_ms)) + " ms)");
            }
        }
        stats.ladder_step = ladder_.step();
        int bars = 4 - std::min(ladder_.step(), 4);
        if (stats.send_loss_pct > 2 || stats.receive_loss_pct > 2) bars = std::max(bars - 1, 0);
        if (ladder_.current().width == 0) bars = 0;
        stats.quality_bars = bars;
        {
            std::lock_guard lock(mutex_);
            stats_ = stats;
        }
        MediaEvent event;
        event.kind = MediaEvent::Kind::Stats;
        event.state = state();
        event.stats = stats;
        push_event(event);
        if (changed) {
            event.kind = MediaEvent::Kind::LadderChanged;
            push_event(event);
        }
    }

    // Tears everything down (camera released) and reports the end.
    void finish(const std::string& code, const std::string& message) {
        if (!message.empty() && code != "hangup") log::warning("consult", message);
        if (down_link_) down_link_->close();
        if (up_link_) up_link_->close();
        uplink_ptr_ = nullptr;
        if (uplink_) uplink_->stop();
        if (downlink_) downlink_->stop();
        {
            std::lock_guard lock(mutex_);
            if (end_code_.empty()) end_code_ = code;
            self_.reset();
        }
        if (code != "hangup") {
            MediaEvent error;
            error.kind = MediaEvent::Kind::Error;
            error.code = code;
            error.message = message;
            error.state = MediaState::Ended;
            push_event(std::move(error));
        }
        set_state(MediaState::Ended);
    }

    MediaParams params_;
    SrtEndpoint up_endpoint_, down_endpoint_;
    Wake wake_;
    uint64_t epoch_ms_;

    std::mutex stop_mutex_;
    std::condition_variable stop_signal_;
    bool stop_requested_ = false;

    mutable std::mutex mutex_;  // events, state, stats, pictures, observer
    std::deque<MediaEvent> events_;
    MediaState state_ = MediaState::Connecting;
    std::string end_code_;
    CallStats stats_;
    std::shared_ptr<const media::VideoFrame> remote_, self_;
    PictureObserver observer_;

    std::atomic<int> cap_kbps_{0};
    std::atomic<bool> cap_changed_{false};
    std::atomic<bool> muted_{false};
    std::atomic<bool> camera_enabled_{true};
    std::atomic<Uplink*> uplink_ptr_{nullptr};

    // Owned by the supervisor thread (created and destroyed there, or after it joined).
    std::unique_ptr<SrtLink> up_link_, down_link_;
    std::unique_ptr<EchoCanceller> echo_;
    std::unique_ptr<Uplink> uplink_;
    std::unique_ptr<Downlink> downlink_;
    BitrateLadder ladder_;
    std::thread supervisor_;
};

}  // namespace

Result<std::unique_ptr<ConsultMedia>> ConsultMedia::start(MediaParams params, Wake wake) {
    auto up = parse_srt_url(params.uplink_url);
    if (!up) return Error{up.error().message + " (uplink)"};
    auto down = parse_srt_url(params.downlink_url);
    if (!down) return Error{down.error().message + " (downlink)"};
    SrtEndpoint up_endpoint = std::move(up).value();
    SrtEndpoint down_endpoint = std::move(down).value();
    for (SrtEndpoint* endpoint : {&up_endpoint, &down_endpoint}) {
        if (!params.passphrase.empty()) endpoint->passphrase = params.passphrase;
        if (params.pbkeylen != 0) endpoint->pbkeylen = params.pbkeylen;
        if (!endpoint->passphrase.empty() && (endpoint->passphrase.size() < 10 || endpoint->passphrase.size() > 79))
            return Error{"bad_params: the SRT passphrase must have 10 to 79 characters"};
        if (endpoint->pbkeylen != 0 && endpoint->pbkeylen != 16 && endpoint->pbkeylen != 24 && endpoint->pbkeylen != 32)
            return Error{"bad_params: pbkeylen must be 16, 24 or 32"};
    }
    if (!params.uplink_streamid.empty()) up_endpoint.streamid = params.uplink_streamid;
    if (!params.downlink_streamid.empty()) down_endpoint.streamid = params.downlink_streamid;
    if (params.capture.microphone.empty())
        return Error{"no_microphone: this box has no microphone, so a video consult cannot start; call 12348 by phone"};
    if (params.capture.width <= 0 || params.capture.height <= 0 || params.capture.fps <= 0)
        return Error{"bad_params: the capture size and frame rate must be positive"};
    if (params.give_up_ms <= 0 || params.connect_timeout_ms <= 0 || params.peer_idle_timeout_ms <= 0)
        return Error{"bad_params: timeouts must be positive"};
    params.start_step = std::clamp(params.start_step, 0, static_cast<int>(bitrate_ladder().size()) - 1);
    auto session = std::make_unique<Session>(std::move(params), std::move(up_endpoint), std::move(down_endpoint), std::move(wake));
    session->begin();
    return std::unique_ptr<ConsultMedia>(std::move(session));
}

}  // namespace fl::consult
