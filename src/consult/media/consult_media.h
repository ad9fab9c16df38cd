// The box's side of a consult's media: camera and microphone out over one SRT leg, the lawyer in over another.
//
// Threads and ownership: ConsultMedia::start() validates the parameters and returns at once; capture, encoding,
// SRT I/O and decoding run on the session's own threads. Nothing here blocks the caller except stop(), which joins
// the threads: tens of milliseconds, at most one unanswered RTT probe (500 ms) before the legs connect; a connection
// attempt notices the stop within 50 ms (still, call it off the UI thread). All public methods are safe to call from
// any thread.
// The main loop learns about changes through poll_events() (a queue), nudged by the optional wake callback,
// and reads the latest pictures with remote_picture() / self_picture() when it draws.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/video_frame.h"

namespace fl::consult {

// What to capture. Each source is "" (none), a device, "lavfi:<filter graph>" (a generated stand-in, paced in
// real time) or a media file (looped, paced in real time).
struct CaptureSpec {
    // "" = no camera: the call is audio only. "/dev/video0" or "v4l2:/dev/video0" (libavdevice v4l2),
    // "lavfi:testsrc2=size=1280x720:rate=30", or a file path.
    std::string camera;
    // "" = no microphone: start() fails with code no_microphone. "alsa:default", "pulse:default",
    // "lavfi:sine=frequency=440:sample_rate=48000", or a file path.
    std::string microphone;
    // The microphone cancels echo itself (USB speakerphone): the software echo canceller (speexdsp) is skipped.
    // Also assumed for a PulseAudio echo-cancel source ("pulse:...echo-cancel...").
    bool hardware_echo_cancel = false;
    // Asked of a camera device, and the best the bitrate ladder climbs to: the first step no taller than height and
    // no faster than fps (720p30 by default; the steps themselves are fixed, see bitrate_ladder.h). Pictures are
    // scaled to the step's size whatever the camera delivers.
    int width = 1280;
    int height = 720;
    int fps = 30;
};

// What the hotline sends, when the signalling says so: lets the box open its decoders without probing the stream
// (probing costs ~1 s before the first picture). Empty fields: decoders open on the first packets instead.
struct DownlinkCodecs {
    std::string video = "h264";  // FFmpeg decoder name, or "" when unknown / no video
    std::string audio = "opus";  // FFmpeg decoder name, or "" when unknown / no audio
};

struct MediaParams {
    // "srt://host:port". Query parameters streamid, passphrase and pbkeylen are read when the fields below are
    // left empty / 0; others are ignored. The box is the SRT caller on both legs.
    std::string uplink_url;    // box -> hotline: camera + microphone
    std::string downlink_url;  // hotline -> box: the lawyer
    std::string passphrase;    // AES passphrase, 10..79 characters; "" = unencrypted (loopback tests only)
    int pbkeylen = 16;         // 16, 24 or 32 (AES-128/192/256); 0 = 16 unless the URL says otherwise
    std::string uplink_streamid;
    std::string downlink_streamid;
    // SRT latency window in milliseconds (this is NOT FFmpeg's microsecond option). 0 = max(120, 4 x RTT), with the
    // RTT taken from the first connection's handshake; the window of a live connection cannot change afterwards.
    int latency_ms = 0;
    int connect_timeout_ms = 3000;      // one connection attempt
    int peer_idle_timeout_ms = 5000;    // silence after which SRT declares a connection broken
    int give_up_ms = 30000;             // silence after which the call ends with network_lost (reconnects until then)

    CaptureSpec capture;
    DownlinkCodecs downlink;

    bool play_audio_on_device = true;   // false: the lawyer's sound goes to a real-time null sink (tests, headless)
    bool adaptive_bitrate = true;       // false: stays on ladder step start_step
    int start_step = 0;                 // 0 = 720p 1.5 Mb/s (see bitrate_ladder.h)
    // Benchmark and test mode only: burns the capture time (CLOCK_MONOTONIC, see frame_stamp.h) into the top rows
    // of every sent picture, so the far end can measure one-way latency. Never set in the product.
    bool stamp_frames = false;
};

enum class MediaState {
    Connecting,    // both legs being set up
    Connected,     // both legs up and carrying media
    Reconnecting,  // a leg broke; retrying until give_up_ms of silence
    Ended,         // finished: see end_code (stop() was called, or a fault ended it)
};
const char* to_string(MediaState state);

// Once a second while connected. Rates in kb/s over the last second; loss in percent of packets.
struct CallStats {
    double rtt_ms = 0;               // SRT's smoothed RTT on the uplink
    double send_loss_pct = 0;        // uplink packets reported lost by the hotline
    double receive_loss_pct = 0;     // downlink packets we found missing
    uint64_t retransmits = 0;        // uplink packets sent again (last second)
    uint64_t dropped_packets = 0;    // packets dropped as too late, both legs (last second)
    int send_buffer_ms = 0;          // data waiting in the uplink's send buffer
    double send_kbps = 0;
    double receive_kbps = 0;
    int send_width = 0, send_height = 0, send_fps = 0;  // 0 x 0: audio only
    int receive_width = 0, receive_height = 0;
    int ladder_step = 0;             // index in bitrate_ladder(); higher = lower quality
    int latency_ms = 0;              // the SRT window in use
    uint64_t remote_frames = 0;      // decoded pictures of the lawyer so far
    uint64_t decode_errors = 0;      // packets the video decoder rejected or reported damaged so far
    // 0..4 for the on-screen signal indicator (4 = full quality, 0 = audio only or trouble).
    int quality_bars = 0;
};

struct MediaEvent {
    enum class Kind {
        StateChanged,      // state holds the new state
        FirstRemoteFrame,  // the first picture of the lawyer was decoded
        FirstRemoteAudio,  // the first sound of the lawyer was decoded
        Stats,             // stats holds the last second's figures (call_stats)
        LadderChanged,     // stats.ladder_step holds the new step (up or down)
        Error,             // code + message; the call may go on (e.g. camera_failed) or end (a StateChanged follows)
    };
    Kind kind = Kind::StateChanged;
    MediaState state = MediaState::Connecting;
    CallStats stats;
    // Stable codes for the UI and the events log:
    //   wrong_passphrase   the hotline refused our passphrase (or encryption settings differ)
    //   peer_unreachable   no SRT answer on a leg within connect_timeout_ms
    //   peer_rejected      the hotline refused the connection for another reason (streamid, busy)
    //   peer_gone          the hotline closed the connection
    //   network_lost       no data for give_up_ms
    //   no_microphone      no microphone: a consult cannot start (say: call 12348 by phone)
    //   camera_failed      the camera could not be opened or stopped delivering: the call goes on audio only
    //   microphone_failed  the microphone could not be opened or stopped delivering
    //   codec_failed       an encoder or decoder could not be opened
    //   hangup             stop() was called (only as end_code)
    std::string code;
    std::string message;  // English, for the log
    uint64_t at_ms = 0;   // fl::monotonic_ms() when it happened
};

// One consult's media session.
class ConsultMedia {
public:
    // Called from a worker thread whenever an event is queued or a new remote/self picture is ready. Must not block:
    // typically it pushes an SDL user event so the main loop wakes up and calls poll_events().
    using Wake = std::function<void()>;

    // Checks the parameters (URLs, passphrase length, a microphone present) and starts the session's threads.
    // Errors returned here are about the parameters; everything later arrives as events.
    // The Error message starts with a stable code ("bad_params: ...", "no_microphone: ...").
    static Result<std::unique_ptr<ConsultMedia>> start(MediaParams params, Wake wake = {});

    virtual ~ConsultMedia() = default;

    // Ends the call: closes both legs, releases camera and microphone, joins threads (see above for how long).
    // Idempotent. State -> Ended with end_code "hangup" unless it had already ended for another reason.
    virtual void stop() = 0;

    // Events since the last call, oldest first.
    virtual std::vector<MediaEvent> poll_events() = 0;

    virtual MediaState state() const = 0;
    // Why the call ended ("" while it has not): one of the codes above.
    virtual std::string end_code() const = 0;
    virtual CallStats stats() const = 0;

    // Microphone muted: silence is sent (the stream stays continuous).
    virtual void set_microphone_muted(bool muted) = 0;
    virtual bool microphone_muted() const = 0;
    // Camera off: the camera device is closed (its light goes off) and no video is sent; on: reopened.
    virtual void set_camera_enabled(bool enabled) = 0;
    // True while the camera device is open: drives the on-screen "camera on" indicator.
    virtual bool camera_capturing() const = 0;
    // True when the uplink carries no video (no camera, camera off or failed, or the ladder's audio-only step).
    virtual bool sending_audio_only() const = 0;

    // In-call requests from the hotline (consult-api.md, events): a keyframe soon (the lawyer's decoder lost its
    // place); a cap on the uplink's rate in kb/s, audio included (0 = none): the bitrate ladder stays at or below
    // the best step that fits, down to audio only.
    virtual void request_keyframe() = 0;
    virtual void set_bitrate_cap_kbps(int kbps) = 0;

    // The latest decoded picture of the lawyer (null until the first one). A new object per picture, so comparing
    // pointers tells whether it changed; hand it to DrawListRenderer::set_video_frame. Its planes may be borrowed
    // from the decoder: read them through plane() / pitch().
    virtual std::shared_ptr<const media::VideoFrame> remote_picture() const = 0;
    // The latest captured picture as sent (self view), at most ~15 per second; null while the camera is off.
    virtual std::shared_ptr<const media::VideoFrame> self_picture() const = 0;

    // Benchmarks and tests: called on the decoding thread with every decoded remote picture and the
    // CLOCK_MONOTONIC milliseconds when it was decoded. Set before pictures arrive; must be quick.
    using PictureObserver = std::function<void(const media::VideoFrame& picture, uint64_t decoded_at_ms)>;
    virtual void observe_remote_pictures(PictureObserver observer) = 0;
};

}  // namespace fl::consult
