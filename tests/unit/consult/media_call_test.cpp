// Whole consult media calls against ffmpeg CLI SRT listeners on 127.0.0.1: both directions really carry media,
// wrong passphrases, outages, loss with delay, and a bandwidth cap, the faults injected by tools/udp-relay.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <thread>

#include "consult/media/consult_media.h"
#include "consult/media/rtt_probe.h"
#include "media_peers.h"
#include "process.h"

using namespace fl::consult;
using fl::test::ChildProcess;

namespace {

const std::string kPassphrase = "consult-test-passphrase";

// The lawyer's side as two ffmpeg processes: one records the box's uplink, one sends a test pattern and tone.
struct Peers {
    fl::test::TempDir dir;
    int up_port = fl::test::free_udp_port();
    int down_port = fl::test::free_udp_port();
    std::unique_ptr<ChildProcess> recorder;
    std::unique_ptr<ChildProcess> sender;

    explicit Peers(const std::string& passphrase) {
        recorder = std::make_unique<ChildProcess>(fl::test::ffmpeg_record_command(up_port, passphrase, recording()),
                                                  dir.file("recorder.err"));
        sender = std::make_unique<ChildProcess>(fl::test::ffmpeg_send_command(down_port, passphrase), dir.file("sender.err"));
        for (const int port : {up_port, down_port}) {  // listening when an induction gets an answer
            bool answered = false;
            for (int i = 0; i < 100 && !answered; ++i) {  // refusals come back at once until it listens
                answered = probe_srt_rtt_ms("127.0.0.1", port, 1, 50).has_value();
                if (!answered) std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            REQUIRE_MESSAGE(answered, "the ffmpeg SRT listener on port " << port << " did not come up");
        }
    }
    std::string recording() const { return dir.file("from-box.ts"); }
    // Waits for the recorder to finish after the box hung up (it ends when the caller leaves).
    fl::test::RecordingReport finish_recording() {
        if (recorder->wait(6000) == -1) recorder->interrupt_and_wait(4000);
        return fl::test::probe_recording(recording());
    }
};

std::string url(int port) { return "srt://127.0.0.1:" + std::to_string(port); }

MediaParams call_params(int up_port, int down_port, const std::string& passphrase) {
    MediaParams params;
    params.uplink_url = url(up_port);
    params.downlink_url = url(down_port);
    params.passphrase = passphrase;
    params.capture.camera = "lavfi:testsrc2=size=1280x720:rate=30";
    params.capture.microphone = "lavfi:sine=frequency=300:sample_rate=48000";
    params.play_audio_on_device = false;
    params.connect_timeout_ms = 1500;
    return params;
}

// Collects events until one matches or the time is up.
class EventLog {
public:
    explicit EventLog(ConsultMedia& media) : media_(media) {}
    bool wait_for(const std::function<bool(const MediaEvent&)>& wanted, int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        size_t checked = 0;
        while (true) {
            for (auto& event : media_.poll_events()) events.push_back(std::move(event));
            for (; checked < events.size(); ++checked)
                if (wanted(events[checked])) return true;
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    bool wait_for_kind(MediaEvent::Kind kind, int timeout_ms) {
        return wait_for([kind](const MediaEvent& event) { return event.kind == kind; }, timeout_ms);
    }
    bool wait_for_end(int timeout_ms) {
        return wait_for([](const MediaEvent& event) {
            return event.kind == MediaEvent::Kind::StateChanged && event.state == MediaState::Ended;
        }, timeout_ms);
    }
    void run_for(int ms) { wait_for([](const MediaEvent&) { return false; }, ms); }
    bool saw_error(const std::string& code) const {
        for (const auto& event : events)
            if (event.kind == MediaEvent::Kind::Error && event.code == code) return true;
        return false;
    }
    std::vector<MediaEvent> events;

private:
    ConsultMedia& media_;
};

double luma_spread(const fl::media::VideoFrame& picture) {
    double sum = 0, squares = 0;
    for (int row = 0; row < picture.height; ++row) {
        const uint8_t* line = picture.plane(0) + static_cast<ptrdiff_t>(row) * picture.pitch(0);
        for (int x = 0; x < picture.width; ++x) {
            sum += line[x];
            squares += static_cast<double>(line[x]) * line[x];
        }
    }
    const double count = static_cast<double>(picture.width) * picture.height;
    return std::sqrt(std::max(0.0, squares / count - (sum / count) * (sum / count)));
}

// Decoder complaints from ffmpeg about a recording (damaged pictures show up as error lines).
// Timestamp notes from the null muxer (live timestamps are not on a 30 fps grid) are not damage and are skipped.
std::string decode_errors_of(const std::string& file) {
    const std::string all =
        fl::test::run_command("ffmpeg -hide_banner -nostdin -v error -i " + fl::test::shell_quote(file) + " -f null -").err;
    std::string damage;
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        const std::string line = all.substr(start, end - start);
        if (!line.empty() && line.find("non monotonically increasing dts") == std::string::npos) damage += line + "\n";
        start = end + 1;
    }
    return damage;
}

}  // namespace

TEST_CASE("a call carries the box's camera and microphone to the peer and the peer's pattern and tone to the box") {
    Peers peers(kPassphrase);
    auto started = ConsultMedia::start(call_params(peers.up_port, peers.down_port, kPassphrase));
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteAudio, 5000));
    CHECK(media->state() == MediaState::Connected);
    log.run_for(4000);

    const auto remote = media->remote_picture();
    REQUIRE(remote != nullptr);
    CHECK(remote->width == 640);
    CHECK(remote->height == 360);
    CHECK(luma_spread(*remote) > 20);  // testsrc2 is colourful, not a black or flat picture
    const auto self = media->self_picture();
    REQUIRE(self != nullptr);
    CHECK(self->width == 1280);
    CHECK(media->camera_capturing());
    CHECK_FALSE(media->sending_audio_only());

    const CallStats stats = media->stats();
    CHECK(stats.send_kbps > 300);
    CHECK(stats.receive_kbps > 100);
    CHECK(stats.send_width == 1280);
    CHECK(stats.send_height == 720);
    CHECK(stats.receive_width == 640);
    CHECK(stats.remote_frames > 90);
    CHECK(stats.decode_errors == 0);
    CHECK(stats.latency_ms >= 120);
    int stats_events = 0;
    for (const auto& event : log.events) stats_events += event.kind == MediaEvent::Kind::Stats;
    CHECK(stats_events >= 3);

    // Camera off closes the device and stops the pictures; on opens it again.
    media->set_camera_enabled(false);
    log.run_for(300);
    CHECK_FALSE(media->camera_capturing());
    CHECK(media->self_picture() == nullptr);
    CHECK(media->sending_audio_only());
    media->set_camera_enabled(true);
    log.run_for(700);
    CHECK(media->camera_capturing());
    CHECK(media->self_picture() != nullptr);

    media->stop();
    CHECK(media->state() == MediaState::Ended);
    CHECK(media->end_code() == "hangup");
    CHECK_FALSE(media->camera_capturing());

    const auto report = peers.finish_recording();
    CHECK(report.width == 1280);
    CHECK(report.height == 720);
    CHECK(report.frames >= 60);  // about 5 s at 30 fps; a sanitizer build on a busy machine sends fewer
    CHECK(report.last_s - report.first_s >= 3.5);
    CHECK(report.largest_gap_s > 0.2);              // the camera-off spell
    CHECK(report.largest_gap_s < 0.8);              // and no other missing run of pictures
    CHECK(report.has_audio);
    const std::string recording_errors = decode_errors_of(peers.recording());
    INFO("ffmpeg on the recording: " << recording_errors);
    CHECK(recording_errors.empty());
}

TEST_CASE("without a camera the call is audio only and the peer receives sound") {
    Peers peers(kPassphrase);
    MediaParams params = call_params(peers.up_port, peers.down_port, kPassphrase);
    params.capture.camera.clear();
    auto started = ConsultMedia::start(params);
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));  // the lawyer is still seen
    log.run_for(2500);
    CHECK(media->sending_audio_only());
    CHECK_FALSE(media->camera_capturing());
    CHECK(media->self_picture() == nullptr);
    media->stop();
    const auto report = peers.finish_recording();
    CHECK(report.frames == 0);
    CHECK(report.has_audio);
    const auto audio = fl::test::run_command("ffprobe -v error -select_streams a:0 -show_entries packet=pts_time -of csv=p=0 " +
                                             fl::test::shell_quote(peers.recording()));
    const auto packets = std::count(audio.out.begin(), audio.out.end(), '\n');
    CHECK(packets >= 100);  // 20 ms packets for more than 2 s
}

TEST_CASE("a wrong passphrase ends the call at once with wrong_passphrase") {
    Peers peers(kPassphrase);
    const auto began = std::chrono::steady_clock::now();
    auto started = ConsultMedia::start(call_params(peers.up_port, peers.down_port, "not-the-right-passphrase"));
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_end(10000));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    CHECK(media->end_code() == "wrong_passphrase");
    CHECK(log.saw_error("wrong_passphrase"));
    CHECK(seconds < 3.0);  // refused, not timed out
    CHECK_FALSE(media->camera_capturing());
}

TEST_CASE("stopping while both legs knock on a black hole returns before the connection attempt would time out") {
    // Nobody listens on these ports and libsrt never hears the refusal: a connection attempt runs its whole
    // timeout unless it listens for stop. 20 s is far beyond anything stop() should take.
    MediaParams params = call_params(fl::test::free_udp_port(), fl::test::free_udp_port(), kPassphrase);
    params.connect_timeout_ms = 20000;
    params.latency_ms = 120;  // no RTT probe before connecting
    auto started = ConsultMedia::start(params);
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    for (int i = 0; i < 200 && !media->camera_capturing(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(media->camera_capturing());  // capture runs before the legs connect: the attempt is under way
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(media->state() == MediaState::Connecting);
    const auto asked = std::chrono::steady_clock::now();
    media->stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
    CHECK(seconds < params.connect_timeout_ms / 1000.0);
    CHECK(media->end_code() == "hangup");
    CHECK_FALSE(media->camera_capturing());
}

TEST_CASE("a consult cannot start without a microphone and says to phone 12348") {
    MediaParams params = call_params(9, 9, kPassphrase);
    params.capture.microphone.clear();
    auto started = ConsultMedia::start(params);
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().message.rfind("no_microphone", 0) == 0);
    CHECK(started.error().message.find("12348") != std::string::npos);
    params = call_params(9, 9, "short");
    auto short_passphrase = ConsultMedia::start(params);
    REQUIRE_FALSE(short_passphrase.ok());
    CHECK(short_passphrase.error().message.rfind("bad_params", 0) == 0);
}

TEST_CASE("a 3 s network black-hole is ridden out and media flows again") {
    Peers peers(kPassphrase);
    fl::test::FaultRelay relay({peers.up_port, peers.down_port}, "", peers.dir.file("relay.err"));
    auto started = ConsultMedia::start(call_params(relay.ports()[0], relay.ports()[1], kPassphrase));
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    log.run_for(1500);
    CHECK(relay.command("blackhole 3") == "OK");
    log.run_for(3000);
    const uint64_t frames_after_outage = media->stats().remote_frames;
    log.run_for(3000);
    CHECK(media->state() == MediaState::Connected);
    CHECK(media->end_code().empty());
    CHECK(media->stats().remote_frames > frames_after_outage + 30);  // pictures again after the outage
    media->stop();
    const auto report = peers.finish_recording();
    CHECK(report.largest_gap_s >= 1.0);  // the outage happened on the uplink too (pictures are 33-66 ms apart)
    CHECK(report.last_s - report.first_s >= 6.0);       // and pictures came after it
}

TEST_CASE("the hotline can cap the uplink and when it closes its side the call ends with peer_gone") {
    Peers peers(kPassphrase);
    auto started = ConsultMedia::start(call_params(peers.up_port, peers.down_port, kPassphrase));
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    // The hotline's in-call requests first: a cap of 400 kb/s leaves 360p at 15 frames a second.
    media->request_keyframe();
    media->set_bitrate_cap_kbps(400);
    log.run_for(1500);
    CHECK(media->stats().ladder_step == 3);
    CHECK(media->stats().send_fps == 15);
    CHECK(media->stats().send_height == 360);
    // Below any video step: audio only, while the camera and the self view go on.
    media->set_bitrate_cap_kbps(100);
    log.run_for(800);
    CHECK(media->sending_audio_only());
    CHECK(media->camera_capturing());
    const auto self = media->self_picture();
    REQUIRE(self != nullptr);
    CHECK(self->height == 240);
    peers.sender->interrupt_and_wait(5000);  // ffmpeg closes its SRT socket on the way out
    REQUIRE(log.wait_for_end(8000));
    CHECK(media->end_code() == "peer_gone");
    CHECK(log.saw_error("peer_gone"));
    CHECK_FALSE(media->camera_capturing());
}

TEST_CASE("a long outage ends the call with network_lost after the give-up time") {
    Peers peers(kPassphrase);
    fl::test::FaultRelay relay({peers.up_port, peers.down_port}, "", peers.dir.file("relay.err"));
    MediaParams params = call_params(relay.ports()[0], relay.ports()[1], kPassphrase);
    params.peer_idle_timeout_ms = 1000;
    params.connect_timeout_ms = 700;
    params.give_up_ms = 3000;
    auto started = ConsultMedia::start(params);
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    CHECK(relay.command("blackhole 60") == "OK");
    const auto cut = std::chrono::steady_clock::now();
    REQUIRE(log.wait_for_end(10000));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - cut).count();
    CHECK(media->end_code() == "network_lost");
    CHECK(log.saw_error("network_lost"));
    CHECK(seconds >= 2.5);
    CHECK(seconds < 6.0);
    bool reconnecting_seen = false;
    for (const auto& event : log.events)
        reconnecting_seen |= event.kind == MediaEvent::Kind::StateChanged && event.state == MediaState::Reconnecting;
    CHECK(reconnecting_seen);
    CHECK_FALSE(media->camera_capturing());  // the camera is released
}

TEST_CASE("with 2 percent loss and 100 ms RTT the latency window grows and no picture is damaged") {
    Peers peers(kPassphrase);
    fl::test::FaultRelay relay({peers.up_port, peers.down_port}, "--loss 2 --delay 50 --seed 11", peers.dir.file("relay.err"));
    auto started = ConsultMedia::start(call_params(relay.ports()[0], relay.ports()[1], kPassphrase));
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    log.run_for(6000);
    const CallStats stats = media->stats();
    CHECK(stats.latency_ms >= 400);
    CHECK(stats.receive_loss_pct + stats.send_loss_pct > 0);  // loss really happened
    CHECK(stats.remote_frames > 150);
    CHECK(stats.decode_errors == 0);
    media->stop();
    const auto report = peers.finish_recording();
    // Pictures all along: about 6 s at 15-30 fps (loss may take the ladder down to a 15 fps step, and a sanitizer
    // build on a busy machine sends fewer); the largest gap below shows there was no outage.
    INFO("uplink pictures recorded: " << report.frames << ", ladder step " << media->stats().ladder_step);
    CHECK(report.frames >= 50);
    // No run of lost pictures (a scheduling stall of the loaded test machine may skip a few: the sender stays real time).
    CHECK(report.largest_gap_s < 1.0);
    const std::string recording_errors = decode_errors_of(peers.recording());
    INFO("ffmpeg on the recording: " << recording_errors);
    CHECK(recording_errors.empty());
}

TEST_CASE("the ladder steps down when the uplink is capped below 720p's rate") {
    Peers peers(kPassphrase);
    fl::test::FaultRelay relay({peers.up_port, peers.down_port}, "--rate 700", peers.dir.file("relay.err"));
    auto started = ConsultMedia::start(call_params(relay.ports()[0], relay.ports()[1], kPassphrase));
    REQUIRE(started.ok());
    auto media = std::move(started).value();
    EventLog log(*media);
    REQUIRE(log.wait_for_kind(MediaEvent::Kind::FirstRemoteFrame, 10000));
    const bool stepped = log.wait_for([](const MediaEvent& event) {
        return event.kind == MediaEvent::Kind::LadderChanged && event.stats.ladder_step >= 2;
    }, 15000);
    CHECK(stepped);
    log.run_for(1500);
    const CallStats stats = media->stats();
    CHECK(stats.ladder_step >= 2);
    CHECK(stats.send_height <= 360);
    CHECK(stats.quality_bars < 4);
    media->stop();
}
