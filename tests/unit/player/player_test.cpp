// The player on real clips made with the ffmpeg CLI: playback to the end, seeks, pause, resume points, damaged
// media, and a local HTTP server that fails, stalls or hangs; plus the state and error-code tables.
#include "media/player.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "media/ffmpeg_support.h"
#include "player_session.h"
#include "process.h"

using fl::media::Player;
using fl::media::PlayerInput;
using fl::media::PlayerOptions;
using fl::media::PlayerState;

using fl::test::is_final;
using fl::test::kHangGuardMs;
using fl::test::RecordedEvent;
using fl::test::Session;
using fl::test::ShownFrame;
using fl::test::check_strictly_increasing;

namespace {

constexpr int kClipFrames = 75;  // 3 s at 25 fps
constexpr int kFrameCountSlack = 5;

void use_dummy_audio() {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string garbage_bytes(size_t count, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string bytes(count, '\0');
    for (char& c : bytes) c = static_cast<char>(byte(generator));
    return bytes;
}

// Test clips, generated once per test process on first use.
class Clips {
public:
    std::string path(const std::string& name) {
        std::lock_guard lock(mutex_);
        const auto found = made_.find(name);
        if (found != made_.end()) return found->second;
        const std::string file = dir_.file(name);
        make(name, file);
        made_[name] = file;
        return file;
    }

private:
    static std::string av_inputs(int seconds) {
        return "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440 -t " +
               std::to_string(seconds) + " ";
    }

    void ffmpeg(const std::string& arguments, const std::string& output) {
        const auto result =
            fl::test::run_command("ffmpeg -nostdin -v error -y " + arguments + " " + fl::test::shell_quote(output));
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }

    void make(const std::string& name, const std::string& file) {
        const std::string h264_aac = "-c:v libx264 -pix_fmt yuv420p -c:a aac ";
        if (name == "av.mp4") return ffmpeg(av_inputs(3) + h264_aac + "-movflags +faststart", file);
        if (name == "av_moov_at_end.mp4") return ffmpeg(av_inputs(3) + h264_aac, file);
        if (name == "av.mkv") return ffmpeg(av_inputs(3) + h264_aac, file);
        // Broadcast-like: a key frame every second (MPEG-TS seeks land by timestamp, decoding resumes at a key frame).
        if (name == "av.ts") return ffmpeg(av_inputs(3) + h264_aac + "-g 25 -f mpegts", file);
        if (name == "av_8s.ts") return ffmpeg(av_inputs(8) + h264_aac + "-g 25 -f mpegts", file);
        // A key frame every second exactly, in an MP4 (indexed: Left/Right seeks land on key frames).
        if (name == "gop1s.mp4") return ffmpeg(av_inputs(10) + h264_aac + "-g 25 -keyint_min 25 -sc_threshold 0", file);
        if (name == "video_only.mp4") {
            return ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -t 3 -c:v libx264 -pix_fmt yuv420p", file);
        }
        if (name == "video_only_10s.mkv") {
            return ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -t 10 -c:v libx264 -pix_fmt yuv420p", file);
        }
        if (name == "audio_only.m4a") return ffmpeg("-f lavfi -i sine=frequency=440 -t 3 -c:a aac", file);
        if (name == "empty.mp4") return write_file(file, "");
        if (name == "garbage.mp4") return write_file(file, garbage_bytes(64 * 1024, 7));
        if (name == "half.ts") return truncate_half(path("av.ts"), file);
        if (name == "half.mp4") return truncate_half(path("av.mp4"), file);
        if (name == "half_moov_at_end.mp4") return truncate_half(path("av_moov_at_end.mp4"), file);
        if (name == "middle_garbage.mkv") return overwrite_middle(path("av.mkv"), file);
        if (name == "middle_garbage.ts") return overwrite_middle(path("av.ts"), file);
        if (name == "unknown_codec.mkv") {
            // The same clip with its Matroska codec ID changed to one no FFmpeg decoder knows.
            std::string bytes = read_file(path("av.mkv"));
            const size_t at = bytes.find("V_MPEG4/ISO/AVC");
            REQUIRE(at != std::string::npos);
            bytes.replace(at, 15, "V_MPEG4/ISO/XYZ");
            return write_file(file, bytes);
        }
        if (name == "undecodable.mkv") {
            // H.264 pictures labelled as MPEG-4 Part 2: the decoder opens, then rejects every packet.
            std::string bytes = read_file(path("video_only_10s.mkv"));
            const size_t at = bytes.find("V_MPEG4/ISO/AVC");
            REQUIRE(at != std::string::npos);
            bytes.replace(at, 15, "V_MPEG4/ISO/ASP");
            return write_file(file, bytes);
        }
        FAIL("unknown clip " << name);
    }

    static void truncate_half(const std::string& source, const std::string& file) {
        const std::string bytes = read_file(source);
        write_file(file, bytes.substr(0, bytes.size() / 2));
    }

    static void overwrite_middle(const std::string& source, const std::string& file) {
        std::string bytes = read_file(source);
        const size_t from = bytes.size() * 2 / 5;
        const size_t count = bytes.size() / 5;
        bytes.replace(from, count, garbage_bytes(count, 11));
        write_file(file, bytes);
    }

    std::recursive_mutex mutex_;  // damaged clips are made from other clips
    fl::test::TempDir dir_;
    std::map<std::string, std::string> made_;
};

Clips& clips() {
    static Clips instance;
    return instance;
}


void check_plays_whole_clip(Session& session, const std::string& what) {
    CAPTURE(what);
    REQUIRE(session.play_to_the_end());
    REQUIRE_MESSAGE(session.player->state() == PlayerState::Ended, session.player->error_message());
    const Player::Stats stats = session.player->stats();
    CHECK(stats.frames_shown == session.shown.size());
    const auto total = static_cast<int>(stats.frames_shown + stats.frames_dropped);
    CHECK(total >= kClipFrames - kFrameCountSlack);
    CHECK(total <= kClipFrames + kFrameCountSlack);
    REQUIRE(!session.shown.empty());
    CHECK(session.shown.front().pts_s < 0.1);
    CHECK(session.shown.back().pts_s > 2.8);
    check_strictly_increasing(session.shown);
    for (const auto& frame : session.shown) CHECK(frame.serial == 0);
    const auto ends = session.events("playback_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0].fields["frames_shown"] == stats.frames_shown);
    CHECK(ends[0].fields["frames_dropped"] == stats.frames_dropped);
    CHECK(ends[0].fields["av_sync_p99_ms"].get<double>() == doctest::Approx(stats.av_sync_p99_ms));
    CHECK(session.events("error").empty());
}

// A one-file HTTP server on 127.0.0.1 that answers every request the same way.
class TestHttpServer {
public:
    enum class Behaviour {
        NotFound,           // 404
        WholeFile,          // 200 with the whole body
        HalfThenStall,      // headers for the whole body, half of it, then silence until the server stops
        HalfPauseThenRest,  // half, a pause of pause_ms, then the rest
        NeverAnswer,        // accepts the connection and says nothing
    };

    TestHttpServer(std::string body, Behaviour behaviour, int pause_ms = 0)
        : body_(std::move(body)), behaviour_(behaviour), pause_ms_(pause_ms) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(listener_ >= 0);
        const int reuse = 1;
        setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(listen(listener_, 8) == 0);
        socklen_t length = sizeof address;
        REQUIRE(getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~TestHttpServer() {
        stopping_ = true;
        acceptor_.join();
        for (auto& connection : connections_) connection.join();
        close(listener_);
    }

    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    std::string url(const std::string& name) const { return "http://127.0.0.1:" + std::to_string(port_) + "/" + name; }
    int requests() const { return requests_; }

private:
    bool wait_readable(int fd) const {
        while (!stopping_) {
            pollfd watched{fd, POLLIN, 0};
            const int ready = poll(&watched, 1, 20);
            if (ready > 0) return true;
            if (ready < 0 && errno != EINTR) return false;
        }
        return false;
    }

    void pause_unless_stopping(int ms) const {
        const uint64_t until = fl::monotonic_ms() + static_cast<uint64_t>(ms);
        while (!stopping_ && fl::monotonic_ms() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    void accept_loop() {
        while (wait_readable(listener_)) {
            const int client = accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            connections_.emplace_back([this, client] {
                serve(client);
                close(client);
            });
        }
    }

    static bool send_all(int fd, const char* data, size_t size) {
        while (size > 0) {
            const ssize_t sent = send(fd, data, size, MSG_NOSIGNAL);
            if (sent <= 0) return false;
            data += sent;
            size -= static_cast<size_t>(sent);
        }
        return true;
    }

    void serve(int client) {
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            if (!wait_readable(client)) return;
            const ssize_t got = recv(client, buffer, sizeof buffer, 0);
            if (got <= 0) return;
            request.append(buffer, static_cast<size_t>(got));
        }
        ++requests_;
        if (behaviour_ == Behaviour::NeverAnswer) {
            pause_unless_stopping(24 * 3600 * 1000);
            return;
        }
        if (behaviour_ == Behaviour::NotFound) {
            const std::string answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            send_all(client, answer.data(), answer.size());
            return;
        }
        const std::string headers = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                    std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n";
        if (!send_all(client, headers.data(), headers.size())) return;
        const size_t half = body_.size() / 2;
        switch (behaviour_) {
            case Behaviour::WholeFile:
                send_all(client, body_.data(), body_.size());
                return;
            case Behaviour::HalfThenStall:
                if (!send_all(client, body_.data(), half)) return;
                pause_unless_stopping(24 * 3600 * 1000);
                return;
            case Behaviour::HalfPauseThenRest:
                if (!send_all(client, body_.data(), half)) return;
                pause_unless_stopping(pause_ms_);
                send_all(client, body_.data() + half, body_.size() - half);
                return;
            default:
                return;
        }
    }

    const std::string body_;
    const Behaviour behaviour_;
    const int pause_ms_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
    std::thread acceptor_;
    std::vector<std::thread> connections_;  // only the acceptor thread adds, joined after it
};

uint64_t milliseconds_to_destroy(std::unique_ptr<Player>& player) {
    const uint64_t started = fl::monotonic_ms();
    player.reset();
    return fl::monotonic_ms() - started;
}

}  // namespace

// ------------------------------------------------------------------------------------------------ pure tables

TEST_CASE("player state transitions follow the table") {
    struct Row {
        PlayerState from;
        PlayerInput input;
        PlayerState to;
    };
    const std::vector<Row> rows = {
        {PlayerState::Opening, PlayerInput::OpenSucceeded, PlayerState::Playing},
        {PlayerState::Opening, PlayerInput::FatalError, PlayerState::Failed},
        {PlayerState::Opening, PlayerInput::TogglePause, PlayerState::Opening},
        {PlayerState::Opening, PlayerInput::Seek, PlayerState::Opening},
        {PlayerState::Playing, PlayerInput::TogglePause, PlayerState::Paused},
        {PlayerState::Playing, PlayerInput::Seek, PlayerState::Playing},
        {PlayerState::Playing, PlayerInput::ReachedEnd, PlayerState::Ended},
        {PlayerState::Playing, PlayerInput::FatalError, PlayerState::Failed},
        {PlayerState::Playing, PlayerInput::OpenSucceeded, PlayerState::Playing},
        {PlayerState::Paused, PlayerInput::TogglePause, PlayerState::Playing},
        {PlayerState::Paused, PlayerInput::Seek, PlayerState::Paused},
        {PlayerState::Paused, PlayerInput::ReachedEnd, PlayerState::Paused},
        {PlayerState::Paused, PlayerInput::FatalError, PlayerState::Failed},
        {PlayerState::Ended, PlayerInput::Seek, PlayerState::Playing},
        {PlayerState::Ended, PlayerInput::TogglePause, PlayerState::Ended},
        {PlayerState::Ended, PlayerInput::FatalError, PlayerState::Failed},
        {PlayerState::Failed, PlayerInput::Seek, PlayerState::Failed},
        {PlayerState::Failed, PlayerInput::TogglePause, PlayerState::Failed},
        {PlayerState::Failed, PlayerInput::OpenSucceeded, PlayerState::Failed},
    };
    for (const Row& row : rows) {
        CAPTURE(fl::media::player_state_name(row.from));
        CAPTURE(static_cast<int>(row.input));
        CHECK(fl::media::next_player_state(row.from, row.input) == row.to);
    }
}

TEST_CASE("error codes for failed opens and reads") {
    using fl::media::open_error_code;
    using fl::media::read_error_code;
    CHECK(open_error_code(AVERROR(ENOENT), false, false) == "not_found");
    CHECK(open_error_code(AVERROR_HTTP_NOT_FOUND, false, true) == "not_found");
    CHECK(open_error_code(AVERROR_EXIT, true, true) == "io_timeout");
    CHECK(open_error_code(AVERROR(ECONNREFUSED), false, true) == "network");
    CHECK(open_error_code(AVERROR_HTTP_SERVER_ERROR, false, true) == "network");
    CHECK(open_error_code(AVERROR_HTTP_FORBIDDEN, false, true) == "network");
    CHECK(open_error_code(AVERROR_INVALIDDATA, false, false) == "open_failed");
    CHECK(open_error_code(AVERROR(EIO), false, false) == "open_failed");  // a local I/O error is no network
    CHECK(open_error_code(AVERROR_PROTOCOL_NOT_FOUND, false, true) == "open_failed");

    CHECK(read_error_code(AVERROR_EOF, false, true).empty());
    CHECK(read_error_code(AVERROR_INVALIDDATA, false, false).empty());  // damaged file: play what was read
    CHECK(read_error_code(AVERROR_EXIT, true, true) == "io_timeout");
    CHECK(read_error_code(AVERROR(ECONNRESET), false, true) == "network");
    CHECK(read_error_code(AVERROR(ECONNRESET), false, false).empty());

    CHECK(fl::media::is_remote_url("http://example.org/a.ts"));
    CHECK(fl::media::is_remote_url("https://example.org/a.m3u8"));
    CHECK_FALSE(fl::media::is_remote_url("/media/a.mp4"));
    CHECK_FALSE(fl::media::is_remote_url("file:///media/a.mp4"));
}

// ------------------------------------------------------------------------------------------------ playback

TEST_CASE("plays an MP4 to the end: every frame shown or dropped once, in order, with the events") {
    use_dummy_audio();
    Session session(clips().path("av.mp4"));
    CHECK(session.player->state() == PlayerState::Opening);
    session.player->set_volume(0.5f);  // allowed at any time, also while opening
    session.player->set_muted(true);
    session.player->set_muted(false);
    check_plays_whole_clip(session, "av.mp4");

    CHECK(session.player->duration_s() == doctest::Approx(3.0).epsilon(0.05));
    CHECK(session.player->position_s() > 2.8);
    CHECK(session.player->position_s() <= session.player->duration_s());
    CHECK(session.player->error_code().empty());

    REQUIRE(session.last_frame);
    const auto& frame = *session.last_frame;
    CHECK(frame.width == 320);
    CHECK(frame.height == 240);
    for (int plane = 0; plane < 3; ++plane) {
        CHECK(frame.plane(plane) != nullptr);
        CHECK(frame.pitch(plane) >= (plane == 0 ? 320 : 160));
    }
    uint8_t darkest = 255;
    uint8_t brightest = 0;
    for (int row = 0; row < 240; ++row) {
        const uint8_t* line = frame.plane(0) + static_cast<ptrdiff_t>(row) * frame.pitch(0);
        const auto [low, high] = std::minmax_element(line, line + 320);
        darkest = std::min(darkest, *low);
        brightest = std::max(brightest, *high);
    }
    CHECK(brightest - darkest > 100);  // a real test pattern, not a blank picture

    const auto opened = session.events("playback_open");
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].fields["width"] == 320);
    CHECK(opened[0].fields["height"] == 240);
    CHECK(opened[0].fields["audio"] == true);
    CHECK(opened[0].fields["fps"].get<double>() == doctest::Approx(25.0));
    CHECK(opened[0].fields["duration_s"].get<double>() == doctest::Approx(3.0).epsilon(0.05));
    CHECK(opened[0].fields["audio_output"] == "sdl:dummy");
    const auto decoders = session.events("decoder");
    REQUIRE(decoders.size() == 1);
    const std::string decoder = decoders[0].fields["name"];
    CHECK((decoder == "software" || decoder == "vaapi" || decoder == "drm" || decoder == "v4l2m2m"));
    CHECK(session.events("first_video_frame").size() == 1);
    CHECK(session.events("first_audio").size() == 1);
    const auto sync_reports = session.events("av_sync");
    CHECK(sync_reports.size() >= 1);
    CHECK(sync_reports.size() <= 4);  // once per second of a 3 s clip
    for (const auto& report : sync_reports) CHECK(report.fields["max_ms"].get<double>() >= 0);
    CHECK(session.events("seek_done").empty());
    MESSAGE("av_sync p99 " << session.player->stats().av_sync_p99_ms << " ms, dropped "
                           << session.player->stats().frames_dropped);
}

TEST_CASE("plays Matroska and MPEG-TS to the end (TS timestamps start at zero)") {
    use_dummy_audio();
    for (const std::string name : {"av.mkv", "av.ts"}) {
        Session session(clips().path(name));
        check_plays_whole_clip(session, name);
        CHECK(session.events("first_audio").size() == 1);
    }
}

TEST_CASE("a video-only file plays to the end on the system clock") {
    use_dummy_audio();
    Session session(clips().path("video_only.mp4"));
    check_plays_whole_clip(session, "video_only.mp4");
    const auto opened = session.events("playback_open");
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].fields["audio"] == false);
    CHECK(session.events("first_audio").empty());
}

TEST_CASE("without an audio device a null sink keeps the audio clock running") {
    use_dummy_audio();
    Session session(clips().path("av.mkv"), [](PlayerOptions& options) { options.audio = false; });
    check_plays_whole_clip(session, "av.mkv without a device");
    const auto opened = session.events("playback_open");
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].fields["audio_output"] == "null");
    CHECK(session.events("first_audio").size() == 1);
}

TEST_CASE("seek_to jumps ahead: the next picture is at the target with a new serial, then seek_done") {
    use_dummy_audio();
    Session session(clips().path("av.mp4"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 5; }));
    const size_t before = session.shown.size();
    session.player->seek_to(2.0);
    CHECK(session.player->position_s() == doctest::Approx(2.0));  // the target until the clock catches up
    REQUIRE(session.pump_until([&] { return session.shown.size() > before; }));
    CHECK(session.shown[before].serial > session.shown[before - 1].serial);
    CHECK(session.shown[before].pts_s >= 1.9);
    CHECK(session.shown[before].pts_s < 2.2);
    const auto seeks = session.events("seek_done");
    REQUIRE(seeks.size() == 1);
    CHECK(seeks[0].fields["position_s"].get<double>() >= 1.9);

    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Ended);
    for (size_t index = before; index < session.shown.size(); ++index) {
        CHECK(session.shown[index].serial == session.shown[before].serial);
        CHECK(session.shown[index].pts_s >= 1.9);
    }
    check_strictly_increasing(session.shown, before);
    CHECK(session.shown.back().pts_s > 2.8);
}

TEST_CASE("seek_by lands on the key frame nearest the target, past where it started") {
    use_dummy_audio();
    Session session(clips().path("gop1s.mp4"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 3; }));
    const double from = session.player->position_s();
    REQUIRE(from < 0.5);
    session.player->seek_by(4.3);  // key frames at 4 s and 5 s: 4 s is nearer
    REQUIRE(session.pump_until([&] { return !session.shown.empty() && session.shown.back().serial == 1; }));
    CHECK(session.shown.back().pts_s == doctest::Approx(4.0).epsilon(0.001));
    REQUIRE(session.pump_until([&] { return session.shown.back().pts_s > 4.5; }));
    // Backwards from about 4.6: the target 1.9 has the key frame at 2 s nearest.
    session.player->seek_by(-2.7);
    REQUIRE(session.pump_until([&] { return session.shown.back().serial == 2; }));
    CHECK(session.shown.back().pts_s == doctest::Approx(2.0).epsilon(0.001));
    // seek_to stays exact: the first picture is the one at the target, not the key frame before it.
    session.player->seek_to(6.5);
    REQUIRE(session.pump_until([&] { return session.shown.back().serial == 3; }));
    CHECK(session.shown.back().pts_s >= 6.45);
    CHECK(session.shown.back().pts_s < 6.6);
}

TEST_CASE("seeks are clamped to the programme, and a seek after the end plays again") {
    use_dummy_audio();
    Session session(clips().path("av.mkv"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 3; }));
    session.player->seek_by(-10);
    CHECK(session.player->position_s() == 0);
    session.player->seek_to(100);
    CHECK(session.player->position_s() == doctest::Approx(session.player->duration_s()));
    REQUIRE(session.play_to_the_end());
    REQUIRE(session.player->state() == PlayerState::Ended);
    CHECK(session.events("playback_end").size() == 1);

    const size_t before = session.shown.size();
    session.player->seek_to(2.4);
    CHECK(session.player->state() == PlayerState::Playing);
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Ended);
    REQUIRE(session.shown.size() > before);
    CHECK(session.shown[before].pts_s >= 2.3);
    check_strictly_increasing(session.shown, before);
    CHECK(session.events("playback_end").size() == 2);
}

TEST_CASE("pause stops the position and the pictures, and playing again goes on from there") {
    use_dummy_audio();
    Session session(clips().path("av.mp4"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 10; }));
    session.player->toggle_pause();
    CHECK(session.player->state() == PlayerState::Paused);
    const double paused_at = session.player->position_s();
    const size_t shown_before = session.shown.size();
    session.pump_for(500);
    CHECK(session.player->position_s() == paused_at);
    CHECK(session.shown.size() == shown_before);
    CHECK(session.events("stall_start").empty());

    session.player->toggle_pause();
    CHECK(session.player->state() == PlayerState::Playing);
    REQUIRE(session.pump_until([&] { return session.player->position_s() > paused_at + 0.2; }));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Ended);
    check_strictly_increasing(session.shown);
    const Player::Stats stats = session.player->stats();
    const auto total = static_cast<int>(stats.frames_shown + stats.frames_dropped);
    CHECK(total >= kClipFrames - kFrameCountSlack);
    CHECK(total <= kClipFrames + kFrameCountSlack);
}

TEST_CASE("a seek while paused shows where it landed and stays paused") {
    use_dummy_audio();
    Session session(clips().path("av.ts"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 3; }));
    session.player->toggle_pause();
    const size_t before = session.shown.size();
    session.player->seek_to(1.5);
    REQUIRE(session.pump_until([&] { return session.shown.size() > before; }));
    CHECK(session.shown[before].pts_s >= 1.4);
    CHECK(session.player->state() == PlayerState::Paused);
    const double position = session.player->position_s();
    CHECK(position == doctest::Approx(session.shown[before].pts_s));
    session.pump_for(300);
    CHECK(session.shown.size() == before + 1);
    CHECK(session.player->position_s() == position);
}

TEST_CASE("start_at_s resumes near the resume point") {
    use_dummy_audio();
    Session session(clips().path("av.mp4"), [](PlayerOptions& options) { options.start_at_s = 1.5; });
    CHECK(session.player->position_s() == doctest::Approx(1.5));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Ended);
    REQUIRE(!session.shown.empty());
    CHECK(session.shown.front().pts_s >= 1.4);
    CHECK(session.shown.front().pts_s < 1.7);
    check_strictly_increasing(session.shown);
    const Player::Stats stats = session.player->stats();
    const auto total = static_cast<int>(stats.frames_shown + stats.frames_dropped);
    CHECK(total >= 37 - kFrameCountSlack);
    CHECK(total <= 38 + kFrameCountSlack);
    CHECK(session.events("seek_done").empty());  // the resume point is part of opening
}

// ------------------------------------------------------------------------------------------------ damaged media

TEST_CASE("a clip truncated to half plays what it can, then ends or fails cleanly") {
    use_dummy_audio();
    {
        Session session(clips().path("half.ts"));
        REQUIRE(session.play_to_the_end());
        CHECK(session.player->state() == PlayerState::Ended);
        const Player::Stats stats = session.player->stats();
        CHECK(stats.frames_shown + stats.frames_dropped >= 20);
        CHECK(stats.frames_shown + stats.frames_dropped < static_cast<uint64_t>(kClipFrames));
        check_strictly_increasing(session.shown);
    }
    for (const std::string name : {"half.mp4", "half_moov_at_end.mp4"}) {
        CAPTURE(name);
        Session session(clips().path(name));
        REQUIRE(session.play_to_the_end());
        if (session.player->state() == PlayerState::Failed) {
            CHECK(!session.player->error_code().empty());
            CHECK(session.events("error").size() == 1);
        } else {
            CHECK(!session.shown.empty());
        }
    }
}

TEST_CASE("a zero-length file fails with open_failed") {
    use_dummy_audio();
    Session session(clips().path("empty.mp4"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "open_failed");
    CHECK(!session.player->error_message().empty());
    const auto errors = session.events("error");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].fields["code"] == "open_failed");
    CHECK(session.shown.empty());
}

TEST_CASE("random garbage fails") {
    use_dummy_audio();
    Session session(clips().path("garbage.mp4"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(!session.player->error_code().empty());
    CHECK(session.shown.empty());
}

TEST_CASE("a clip with garbage in the middle keeps going or ends cleanly") {
    use_dummy_audio();
    for (const std::string name : {"middle_garbage.mkv", "middle_garbage.ts"}) {
        CAPTURE(name);
        Session session(clips().path(name));
        REQUIRE(session.play_to_the_end());
        if (session.player->state() == PlayerState::Ended) {
            CHECK(session.shown.size() >= 10);
            check_strictly_increasing(session.shown);
            // MPEG-TS resyncs on its packet sync bytes and gets past the damage; FFmpeg's Matroska reader gives up
            // at a broken cluster (the ffmpeg CLI too), which is a clean end.
            if (name == "middle_garbage.ts") CHECK(session.shown.back().pts_s > 2.0);
        } else {
            CHECK(!session.player->error_code().empty());
        }
    }
}

TEST_CASE("a missing file fails with not_found") {
    use_dummy_audio();
    fl::test::TempDir dir;
    Session session(dir.file("no-such-programme.mp4"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "not_found");
}

TEST_CASE("an audio-only file fails with no_video") {
    use_dummy_audio();
    Session session(clips().path("audio_only.m4a"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "no_video");
}

TEST_CASE("a video codec without a decoder fails with unsupported_codec") {
    use_dummy_audio();
    Session session(clips().path("unknown_codec.mkv"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "unsupported_codec");
    CHECK(session.events("decoder").empty());
}

TEST_CASE("a video stream that decodes to nothing but errors fails with corrupt") {
    use_dummy_audio();
    Session session(clips().path("undecodable.mkv"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "corrupt");
    CHECK(session.shown.empty());
    const auto errors = session.events("error");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].fields["code"] == "corrupt");
}

TEST_CASE("destroying the player right after opening or mid-playback is prompt and reports the stop") {
    use_dummy_audio();
    for (int round = 0; round < 3; ++round) {
        Session session(clips().path("av.mp4"));
        session.player.reset();
    }
    Session session(clips().path("av.mkv"));
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 10; }));
    const uint64_t destroy_ms = milliseconds_to_destroy(session.player);
    CHECK(destroy_ms < 2000);
    const auto ends = session.events("playback_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0].fields["reason"] == "stopped");
    CHECK(ends[0].fields["frames_shown"].get<uint64_t>() == session.shown.size());
}

// ------------------------------------------------------------------------------------------------ network

TEST_CASE("HTTP: a clip served whole plays to the end") {
    use_dummy_audio();
    TestHttpServer server(read_file(clips().path("av.ts")), TestHttpServer::Behaviour::WholeFile);
    Session session(server.url("av.ts"));
    check_plays_whole_clip(session, "av.ts over HTTP");
}

TEST_CASE("HTTP: 404 fails with not_found") {
    use_dummy_audio();
    TestHttpServer server("", TestHttpServer::Behaviour::NotFound);
    Session session(server.url("missing.ts"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "not_found");
    CHECK(server.requests() >= 1);
}

TEST_CASE("HTTP: a server that stalls mid-file fails with io_timeout after the read timeout") {
    use_dummy_audio();
    constexpr int kReadTimeoutMs = 1500;
    TestHttpServer server(read_file(clips().path("av_8s.ts")), TestHttpServer::Behaviour::HalfThenStall);
    const uint64_t opened_at = fl::monotonic_ms();
    Session session(server.url("av_8s.ts"), [](PlayerOptions& options) { options.read_timeout_ms = kReadTimeoutMs; });
    REQUIRE(session.play_to_the_end());
    const uint64_t failed_after = fl::monotonic_ms() - opened_at;
    REQUIRE(session.player->state() == PlayerState::Failed);
    CHECK(session.player->error_code() == "io_timeout");
    CHECK(session.player->error_message().find("1500 ms") != std::string::npos);
    CHECK(!session.shown.empty());  // it played the half it had
    CHECK(failed_after >= static_cast<uint64_t>(kReadTimeoutMs));
    CHECK(failed_after < static_cast<uint64_t>(kReadTimeoutMs) + 4000);  // far below the 8 s open timeout margin
    const uint64_t destroy_ms = milliseconds_to_destroy(session.player);
    CHECK(destroy_ms < 2000);
}

TEST_CASE("HTTP: the destructor returns promptly while a read is blocked on a stalled server") {
    use_dummy_audio();
    TestHttpServer server(read_file(clips().path("av_8s.ts")), TestHttpServer::Behaviour::HalfThenStall);
    Session session(server.url("av_8s.ts"), [](PlayerOptions& options) { options.read_timeout_ms = 60000; });
    REQUIRE(session.pump_until([&] { return session.shown.size() >= 5; }));
    session.pump_for(700);  // the demuxer has read the half it can get and waits inside FFmpeg
    CHECK(session.player->state() == PlayerState::Playing);
    const uint64_t destroy_ms = milliseconds_to_destroy(session.player);
    CHECK(destroy_ms < 2000);
}

TEST_CASE("HTTP: a server that never answers: open times out, and the destructor interrupts an open") {
    use_dummy_audio();
    TestHttpServer server("", TestHttpServer::Behaviour::NeverAnswer);
    {
        const uint64_t opened_at = fl::monotonic_ms();
        Session session(server.url("hung.ts"), [](PlayerOptions& options) { options.open_timeout_ms = 1000; });
        REQUIRE(session.play_to_the_end());
        CHECK(session.player->state() == PlayerState::Failed);
        CHECK(session.player->error_code() == "io_timeout");
        CHECK(fl::monotonic_ms() - opened_at >= 1000);
    }
    {
        Session session(server.url("hung.ts"), [](PlayerOptions& options) { options.open_timeout_ms = 60000; });
        REQUIRE(session.pump_until([&] { return server.requests() >= 2; }));
        session.pump_for(200);
        CHECK(session.player->state() == PlayerState::Opening);
        const uint64_t destroy_ms = milliseconds_to_destroy(session.player);
        CHECK(destroy_ms < 2000);
    }
}

TEST_CASE("HTTP: a stream that runs dry while playing reports stall_start and stall_end, then ends") {
    use_dummy_audio();
    // 4 s of pictures at once, then nothing for 7 s: playback runs dry after about 4 s and resumes at 7 s.
    TestHttpServer server(read_file(clips().path("av_8s.ts")), TestHttpServer::Behaviour::HalfPauseThenRest, 7000);
    Session session(server.url("av_8s.ts"));
    REQUIRE(session.play_to_the_end());
    CHECK(session.player->state() == PlayerState::Ended);
    const auto starts = session.events("stall_start");
    const auto ends = session.events("stall_end");
    CHECK(starts.size() >= 1);
    CHECK(ends.size() == starts.size());
    check_strictly_increasing(session.shown);
    CHECK(session.shown.back().pts_s > 7.5);
}
