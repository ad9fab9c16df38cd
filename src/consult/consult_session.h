// One consult from request to hang-up: signalling on worker threads, the media session when connected, and the
// events (consult_requested, consult_queued, consult_offered, consult_connected, consult_ended, and the media's
// first_remote_frame, first_remote_audio, call_stats) written to the --events log.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "consult/consult_protocol.h"
#include "consult/media/consult_media.h"
#include "consult/signalling_client.h"
#include "core/event_log.h"

namespace fl::consult {

enum class Phase : uint8_t {
    Idle,        // nothing asked
    Requesting,  // create sent
    Queued,      // waiting for a lawyer
    Offered,     // a lawyer is ready; the box accepts (at once when the viewer is on the waiting screen)
    InCall,      // connected: media running
    Ended,       // see SessionStatus::end_reason
};
std::string_view phase_name(Phase phase);

struct SessionStatus {
    Phase phase = Phase::Idle;
    int queue_position = 0;
    int estimated_wait_s = 0;
    bool demo = false;           // the hotline says it is a demonstration service
    std::string end_reason;      // ended: cancelled, box_hangup, lawyer_hangup, offer_missed, expired, hotline_* or a
                                 // media code (network_lost, wrong_passphrase, peer_unreachable, ...)
    uint64_t connected_at_ms = 0;
    // Media, while in a call.
    bool media_connected = false;
    bool camera_capturing = false;
    bool microphone_muted = false;
    bool audio_only = false;
    bool remote_video = false;    // a picture of the lawyer has arrived
    int quality_bars = 0;         // 0..4
    std::string media_problem;    // a non-fatal media code (camera_failed) or "" when none
    uint64_t revision = 0;        // changes whenever anything above does
};

class ConsultSession {
public:
    // Starts the media for a connected consult; empty: signalling only (the status still reaches InCall).
    using MediaStarter = std::function<Result<std::unique_ptr<ConsultMedia>>(const MediaPlan& plan, ConsultMedia::Wake wake)>;

    // wake is called from any thread whenever the status changes or media events wait for pump().
    ConsultSession(HotlineConfig config, EventLog& events, std::function<void()> wake, MediaStarter media_starter);
    // Hangs up a live consult (bounded wait) and stops every thread.
    ~ConsultSession();
    ConsultSession(const ConsultSession&) = delete;
    ConsultSession& operator=(const ConsultSession&) = delete;

    // Idle or Ended -> Requesting. Ignored while a consult is active.
    void start(const CreateRequest& request);
    // The viewer is present and wants the call as soon as a lawyer is ready (the waiting screen is showing).
    void set_auto_accept(bool on);
    // Offered -> join the call.
    void accept();
    // Cancels a queued consult or hangs up a call; the status is Ended at once.
    void hang_up();
    // Ended -> Idle (after the end screen).
    void reset();

    void set_microphone_muted(bool muted);
    void set_camera_enabled(bool enabled);

    // Main thread: takes the media's events (writes them to the log, ends the call on a media failure).
    void pump();

    SessionStatus status() const;
    // The call's media while in a call (pictures for the screen), else null.
    std::shared_ptr<ConsultMedia> media() const;

private:
    struct Outgoing {
        enum class Kind {
            Accept,      // join the offered call
            HangUp,      // reason: box_hangup or media_failed
            Stats,       // event: a statistics upload
            StopMedia,   // stop retired_media_ (releases the camera) off the main thread
            MediaEnded,  // reason: the media's end code; ends the consult (after a grace for peer_gone)
        } kind;
        std::string reason;
        nlohmann::json event;
    };

    void poll_loop(CreateRequest request);
    void send_loop();
    // Takes a newer consult resource from either thread; starts or stops media as it says.
    void apply(const ConsultView& view);
    void finish(const std::string& reason, bool tell_hotline, const std::string& hotline_reason);
    void enqueue(Outgoing outgoing);
    void changed_locked();
    void stop_threads();

    HotlineConfig config_;
    EventLog& events_;
    std::function<void()> wake_;
    MediaStarter media_starter_;

    mutable std::mutex mutex_;
    std::condition_variable outbox_signal_;
    SessionStatus status_;
    std::string consult_id_;
    uint64_t version_ = 0;
    uint64_t last_event_seq_ = 0;
    bool auto_accept_ = false;
    bool accept_sent_ = false;
    bool media_started_ = false;
    bool hangup_sent_ = false;
    std::shared_ptr<ConsultMedia> media_;
    std::shared_ptr<ConsultMedia> retired_media_;  // ended: the sender thread stops it
    std::deque<Outgoing> outbox_;
    uint64_t stats_count_ = 0;

    std::atomic<bool> cancel_{false};       // ends requests in flight (shutdown only)
    std::atomic<bool> poll_stop_{false};    // the poll loop stops at its next turn
    std::atomic<bool> sender_stop_{false};  // the sender leaves once its queue is empty
    std::thread poller_;
    std::thread sender_;
};

}  // namespace fl::consult
