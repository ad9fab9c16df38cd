// Consult session: a poll thread follows the consult by long-poll, a sender thread carries accept, hang-up and
// statistics; both feed one status under a mutex that the main thread reads.
#include "consult/consult_session.h"

#include <chrono>

#include "core/clock.h"
#include "core/log.h"

namespace fl::consult {
namespace {

constexpr int kLongPollWaitS = 20;
constexpr int kCreateAttempts = 3;
constexpr uint64_t kGiveUpAfterFailuresMs = 20'000;
constexpr uint64_t kPeerGoneGraceMs = 2'000;  // a lawyer's hang-up reaches signalling just after the media notices
constexpr uint64_t kStatsEverySeconds = 5;

// Sleeps up to ms, waking early when stop is set.
void nap(uint64_t ms, const std::atomic<bool>& stop) {
    for (uint64_t slept = 0; slept < ms && !stop; slept += 50) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

std::string hotline_reason(const Error& error) { return "hotline_" + error_code(error); }

nlohmann::json stats_json(const CallStats& stats) {
    return {{"rtt_ms", stats.rtt_ms},
            {"send_loss_pct", stats.send_loss_pct},
            {"receive_loss_pct", stats.receive_loss_pct},
            {"retransmits", stats.retransmits},
            {"dropped_packets", stats.dropped_packets},
            {"send_buffer_ms", stats.send_buffer_ms},
            {"send_kbps", stats.send_kbps},
            {"receive_kbps", stats.receive_kbps},
            {"send_width", stats.send_width},
            {"send_height", stats.send_height},
            {"send_fps", stats.send_fps},
            {"receive_width", stats.receive_width},
            {"receive_height", stats.receive_height},
            {"ladder_step", stats.ladder_step},
            {"latency_ms", stats.latency_ms},
            {"remote_frames", stats.remote_frames},
            {"decode_errors", stats.decode_errors},
            {"quality_bars", stats.quality_bars}};
}

}  // namespace

std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::Idle: return "idle";
        case Phase::Requesting: return "requesting";
        case Phase::Queued: return "queued";
        case Phase::Offered: return "offered";
        case Phase::InCall: return "in_call";
        case Phase::Ended: return "ended";
    }
    return "idle";
}

ConsultSession::ConsultSession(HotlineConfig config, EventLog& events, std::function<void()> wake, MediaStarter media_starter)
    : config_(std::move(config)), events_(events), wake_(std::move(wake)), media_starter_(std::move(media_starter)) {}

ConsultSession::~ConsultSession() {
    hang_up();
    stop_threads();
    if (media_) media_->stop();
    if (retired_media_) retired_media_->stop();
}

void ConsultSession::changed_locked() {
    ++status_.revision;
    if (wake_) wake_();
}

void ConsultSession::stop_threads() {
    poll_stop_ = true;
    sender_stop_ = true;
    outbox_signal_.notify_all();
    if (sender_.joinable()) sender_.join();  // it sends a pending hang-up first
    cancel_ = true;                            // then a long-poll in flight ends within a second
    if (poller_.joinable()) poller_.join();
}

void ConsultSession::start(const CreateRequest& request) {
    {
        std::lock_guard lock(mutex_);
        if (status_.phase != Phase::Idle && status_.phase != Phase::Ended) return;
    }
    stop_threads();  // a previous consult's threads
    std::lock_guard lock(mutex_);
    const uint64_t revision = status_.revision;
    status_ = SessionStatus{};
    status_.phase = Phase::Requesting;
    status_.revision = revision;
    consult_id_.clear();
    version_ = 0;
    last_event_seq_ = 0;
    accept_sent_ = false;
    media_started_ = false;
    hangup_sent_ = false;
    stats_count_ = 0;
    media_.reset();
    outbox_.clear();
    cancel_ = false;
    poll_stop_ = false;
    sender_stop_ = false;
    // Never the call-back number itself: the log is not the place for personal data.
    events_.write("consult_requested", {{"topic", request.topic},
                                        {"language", request.language},
                                        {"callback_number", !request.callback_number.empty()},
                                        {"camera", request.capabilities.camera}});
    sender_ = std::thread([this] { send_loop(); });
    poller_ = std::thread([this, request] { poll_loop(request); });
    changed_locked();
}

void ConsultSession::set_auto_accept(bool on) {
    std::lock_guard lock(mutex_);
    auto_accept_ = on;
    if (on && status_.phase == Phase::Offered && !accept_sent_) {
        accept_sent_ = true;
        outbox_.push_back({Outgoing::Kind::Accept, "", {}});
        outbox_signal_.notify_all();
    }
}

void ConsultSession::accept() {
    std::lock_guard lock(mutex_);
    if (status_.phase != Phase::Offered || accept_sent_) return;
    accept_sent_ = true;
    outbox_.push_back({Outgoing::Kind::Accept, "", {}});
    outbox_signal_.notify_all();
}

void ConsultSession::hang_up() {
    std::string reason;
    {
        std::lock_guard lock(mutex_);
        switch (status_.phase) {
            case Phase::Requesting:
            case Phase::Queued:
            case Phase::Offered: reason = "cancelled"; break;
            case Phase::InCall: reason = "box_hangup"; break;
            default: return;
        }
    }
    finish(reason, true, "box_hangup");
}

void ConsultSession::reset() {
    std::lock_guard lock(mutex_);
    if (status_.phase != Phase::Ended) return;
    status_.phase = Phase::Idle;
    changed_locked();
}

void ConsultSession::set_microphone_muted(bool muted) {
    if (auto media = this->media()) media->set_microphone_muted(muted);
    std::lock_guard lock(mutex_);
    changed_locked();
}

void ConsultSession::set_camera_enabled(bool enabled) {
    if (auto media = this->media()) media->set_camera_enabled(enabled);
    std::lock_guard lock(mutex_);
    changed_locked();
}

std::shared_ptr<ConsultMedia> ConsultSession::media() const {
    std::lock_guard lock(mutex_);
    return media_;
}

SessionStatus ConsultSession::status() const {
    std::lock_guard lock(mutex_);
    SessionStatus status = status_;
    if (media_) {
        status.camera_capturing = media_->camera_capturing();
        status.microphone_muted = media_->microphone_muted();
        status.audio_only = media_->sending_audio_only();
    }
    return status;
}

void ConsultSession::enqueue(Outgoing outgoing) {
    {
        std::lock_guard lock(mutex_);
        outbox_.push_back(std::move(outgoing));
    }
    outbox_signal_.notify_all();
}

void ConsultSession::finish(const std::string& reason, bool tell_hotline, const std::string& reason_for_hotline) {
    std::shared_ptr<ConsultMedia> media;
    {
        std::lock_guard lock(mutex_);
        if (status_.phase == Phase::Ended || status_.phase == Phase::Idle) return;
        status_.phase = Phase::Ended;
        status_.end_reason = reason;
        status_.media_connected = false;
        events_.write("consult_ended", {{"reason", reason}});
        log::info("consult", "consult " + (consult_id_.empty() ? std::string("(not created)") : consult_id_) + " ended: " + reason);
        media = std::move(media_);
        media_.reset();
        if (tell_hotline && !consult_id_.empty() && !hangup_sent_) {
            hangup_sent_ = true;
            outbox_.push_back({Outgoing::Kind::HangUp, reason_for_hotline, {}});
        }
        poll_stop_ = true;
        changed_locked();
    }
    outbox_signal_.notify_all();
    // The camera and microphone are released at once, off the caller's thread when it is the main one.
    if (media) {
        std::lock_guard lock(mutex_);
        outbox_.push_front({Outgoing::Kind::StopMedia, "", {}});
        retired_media_ = std::move(media);
        outbox_signal_.notify_all();
    }
}

void ConsultSession::apply(const ConsultView& view) {
    std::optional<MediaPlan> start_media;
    std::vector<HotlineEvent> requests;  // for the media, acted on outside the lock
    {
        std::lock_guard lock(mutex_);
        if (view.id != consult_id_) return;  // not ours: ignore
        if (status_.phase == Phase::Ended || status_.phase == Phase::Idle) return;
        if (view.version <= version_ && view.state != ConsultState::Ended) return;  // older than what we know
        version_ = std::max(version_, view.version);
        status_.demo = view.demo;
        switch (view.state) {
            case ConsultState::Queued:
                if (status_.phase != Phase::Queued || status_.queue_position != view.queue_position ||
                    status_.estimated_wait_s != view.estimated_wait_s) {
                    events_.write("consult_queued", {{"position", view.queue_position}, {"estimated_wait_s", view.estimated_wait_s}});
                }
                status_.phase = Phase::Queued;
                status_.queue_position = view.queue_position;
                status_.estimated_wait_s = view.estimated_wait_s;
                break;
            case ConsultState::Offered:
                if (status_.phase != Phase::Offered) events_.write("consult_offered", {{"auto_accept", auto_accept_}});
                status_.phase = Phase::Offered;
                if (auto_accept_ && !accept_sent_) {
                    accept_sent_ = true;
                    outbox_.push_back({Outgoing::Kind::Accept, "", {}});
                    outbox_signal_.notify_all();
                }
                break;
            case ConsultState::Connected:
                if (status_.phase != Phase::InCall) {
                    status_.phase = Phase::InCall;
                    status_.connected_at_ms = monotonic_ms();
                    events_.write("consult_connected", {{"demo", view.demo},
                                                        {"latency_ms", view.media->latency_ms},
                                                        {"audio_only", !view.media->send_video.has_value()}});
                }
                if (!media_started_ && media_starter_) {
                    media_started_ = true;
                    start_media = view.media;
                }
                for (const auto& event : view.events) {
                    if (event.seq <= last_event_seq_) continue;
                    last_event_seq_ = event.seq;
                    events_.write("consult_hotline_event", {{"type", event.type}, {"kbps", event.kbps}});
                    requests.push_back(event);
                }
                break;
            case ConsultState::Ended: break;
        }
        if (view.state != ConsultState::Ended) changed_locked();
    }
    if (view.state == ConsultState::Ended) {
        finish(view.ended_reason, false, "");
        return;
    }
    if (start_media) {
        auto started = media_starter_(*start_media, wake_);
        if (!started) {
            log::error("consult", "media did not start: " + started.error().message);
            finish(error_code(started.error()), true, "media_failed");
            return;
        }
        std::shared_ptr<ConsultMedia> media = std::move(started).value();
        std::lock_guard lock(mutex_);
        if (status_.phase == Phase::InCall) {
            media_ = std::move(media);
            changed_locked();
        } else {
            retired_media_ = std::move(media);  // ended meanwhile
            outbox_.push_front({Outgoing::Kind::StopMedia, "", {}});
            outbox_signal_.notify_all();
            return;
        }
    }
    const auto media = this->media();
    if (!media) return;
    for (const auto& request : requests) {
        if (request.type == "keyframe_request") media->request_keyframe();
        if (request.type == "bitrate_cap") media->set_bitrate_cap_kbps(request.kbps);
    }
}

void ConsultSession::poll_loop(CreateRequest request) {
    SignallingClient client(config_, &cancel_);
    Result<ConsultView> created = coded_error("unreachable", "not tried");
    for (int attempt = 0; attempt < kCreateAttempts && !poll_stop_; ++attempt) {
        if (attempt > 0) nap(500u << (attempt - 1), poll_stop_);
        created = client.create(request);
        if (created || !is_retryable(created.error())) break;
    }
    if (!created) {
        log::warning("consult", "the hotline did not take the consult: " + created.error().message);
        finish(hotline_reason(created.error()), false, "");
        return;
    }
    {
        std::lock_guard lock(mutex_);
        consult_id_ = created.value().id;
        if (status_.phase == Phase::Ended && !hangup_sent_) {  // cancelled while the request was on its way
            hangup_sent_ = true;
            outbox_.push_back({Outgoing::Kind::HangUp, "box_hangup", {}});
            outbox_signal_.notify_all();
            return;
        }
    }
    apply(created.value());
    uint64_t failing_since = 0;
    uint64_t backoff_ms = 250;
    while (!poll_stop_) {
        uint64_t after = 0;
        {
            std::lock_guard lock(mutex_);
            after = version_;
        }
        auto polled = client.poll(consult_id_, after, kLongPollWaitS);
        if (polled) {
            failing_since = 0;
            backoff_ms = 250;
            apply(polled.value());
            if (polled.value().state == ConsultState::Ended) return;
            continue;
        }
        const Error& error = polled.error();
        const std::string code = error_code(error);
        if (code == "cancelled") return;
        const bool worth_retrying = is_retryable(error) || code == "bad_response";
        const uint64_t now = monotonic_ms();
        if (failing_since == 0) failing_since = now;
        if (!worth_retrying || now - failing_since >= kGiveUpAfterFailuresMs) {
            log::warning("consult", "lost the hotline: " + error.message);
            finish(hotline_reason(error), worth_retrying, "box_hangup");
            return;
        }
        nap(backoff_ms, poll_stop_);
        backoff_ms = std::min<uint64_t>(backoff_ms * 2, 4000);
    }
}

void ConsultSession::send_loop() {
    SignallingClient client(config_, &cancel_);
    for (;;) {
        Outgoing outgoing;
        std::string id;
        {
            std::unique_lock lock(mutex_);
            outbox_signal_.wait(lock, [this] { return !outbox_.empty() || sender_stop_; });
            // Statistics are dropped once the session is closing; accept and hang-up are not.
            while (!outbox_.empty() && sender_stop_ && outbox_.front().kind == Outgoing::Kind::Stats) {
                outbox_.pop_front();
            }
            if (outbox_.empty()) return;
            outgoing = std::move(outbox_.front());
            outbox_.pop_front();
            id = consult_id_;
        }
        if (outgoing.kind == Outgoing::Kind::StopMedia) {
            std::shared_ptr<ConsultMedia> media;
            {
                std::lock_guard lock(mutex_);
                media = std::move(retired_media_);
            }
            if (media) media->stop();
            continue;
        }
        if (outgoing.kind == Outgoing::Kind::MediaEnded) {
            const std::string& code = outgoing.reason;
            if (code == "peer_gone") {  // give the hotline's own reason (lawyer_hangup) a moment to arrive
                const uint64_t until = monotonic_ms() + kPeerGoneGraceMs;
                while (monotonic_ms() < until) {
                    {
                        std::lock_guard lock(mutex_);
                        if (status_.phase != Phase::InCall) break;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                }
            }
            finish(code, true, "media_failed");
            continue;
        }
        if (id.empty()) continue;
        switch (outgoing.kind) {
            case Outgoing::Kind::Accept: {
                auto accepted = client.accept(id);
                if (accepted) {
                    apply(accepted.value());
                } else {
                    log::warning("consult", "accept failed: " + accepted.error().message);
                    finish(hotline_reason(accepted.error()), true, "box_hangup");
                }
                break;
            }
            case Outgoing::Kind::HangUp: {
                auto ended = client.hang_up(id, outgoing.reason);
                if (!ended) log::warning("consult", "hang-up not confirmed by the hotline: " + ended.error().message);
                break;
            }
            case Outgoing::Kind::StopMedia:
            case Outgoing::Kind::MediaEnded: break;  // handled above
            case Outgoing::Kind::Stats: {
                auto sent = client.send_event(id, outgoing.event);
                if (!sent) log::warning("consult", "statistics not delivered: " + sent.error().message);
                break;
            }
        }
    }
}

void ConsultSession::pump() {
    const auto media = this->media();
    if (!media) return;
    for (const MediaEvent& event : media->poll_events()) {
        switch (event.kind) {
            case MediaEvent::Kind::FirstRemoteFrame: {
                events_.write("first_remote_frame");
                std::lock_guard lock(mutex_);
                status_.remote_video = true;
                changed_locked();
                break;
            }
            case MediaEvent::Kind::FirstRemoteAudio: events_.write("first_remote_audio"); break;
            case MediaEvent::Kind::Stats: {
                events_.write("call_stats", stats_json(event.stats));
                std::lock_guard lock(mutex_);
                if (status_.quality_bars != event.stats.quality_bars) {
                    status_.quality_bars = event.stats.quality_bars;
                    changed_locked();
                }
                if (++stats_count_ % kStatsEverySeconds == 1) {
                    nlohmann::json upload = stats_json(event.stats);
                    upload["type"] = "stats";
                    outbox_.push_back({Outgoing::Kind::Stats, "", std::move(upload)});
                    outbox_signal_.notify_all();
                }
                break;
            }
            case MediaEvent::Kind::LadderChanged: events_.write("call_ladder", {{"step", event.stats.ladder_step}}); break;
            case MediaEvent::Kind::Error: {
                events_.write("consult_media_error", {{"code", event.code}});
                log::warning("consult", "media: " + event.message);
                std::lock_guard lock(mutex_);
                status_.media_problem = event.code;
                changed_locked();
                break;
            }
            case MediaEvent::Kind::StateChanged: {
                if (event.state == MediaState::Connected) events_.write("call_media_connected");
                if (event.state == MediaState::Reconnecting) events_.write("call_media_reconnecting");
                if (event.state == MediaState::Ended) {
                    const std::string code = media->end_code();
                    if (code != "hangup") enqueue({Outgoing::Kind::MediaEnded, code, {}});
                }
                std::lock_guard lock(mutex_);
                status_.media_connected = event.state == MediaState::Connected;
                changed_locked();
                break;
            }
        }
    }
}

}  // namespace fl::consult
