// HLS against our own HTTP server on 127.0.0.1 (hls_server.py): a three-variant programme made with the ffmpeg
// CLI, variant choice by measured throughput (up on a fast server, down when it slows), and hostile playlists.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "media/variant_choice.h"
#include "player_session.h"
#include "process.h"

using fl::media::PlayerState;
using fl::media::VariantChooser;
using fl::test::is_final;
using fl::test::RecordedEvent;
using fl::test::Session;

namespace {

constexpr int kSeconds = 24;

// The three-variant programme, made once per test process: 640x360, 320x180 and 160x90, 1 s segments.
class HlsProgramme {
public:
    HlsProgramme() {
        const std::string out = dir_.path();
        const auto made = fl::test::run_command(
            "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440 -t " +
            std::to_string(kSeconds) +
            " -filter_complex '[0:v]split=3[v0][a1][a2];[a1]scale=320:180[v1];[a2]scale=160:90[v2]'"
            " -map '[v0]' -map '[v1]' -map '[v2]' -map 1:a -map 1:a -map 1:a"
            " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 25 -sc_threshold 0"
            " -b:v:0 900k -maxrate:v:0 900k -bufsize:v:0 900k -b:v:1 300k -maxrate:v:1 300k -bufsize:v:1 300k"
            " -b:v:2 80k -maxrate:v:2 80k -bufsize:v:2 80k -c:a aac -b:a 32k"
            " -f hls -hls_time 1 -hls_playlist_type vod -hls_segment_filename " + out + "/v%v_%03d.ts"
            " -master_pl_name master.m3u8 -var_stream_map 'v:0,a:0 v:1,a:1 v:2,a:2' " + out + "/v%v.m3u8");
        REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    }
    const std::string& dir() const { return dir_.path(); }
    std::string file(const std::string& name) const { return dir_.file(name); }

private:
    fl::test::TempDir dir_;
};

HlsProgramme& programme() {
    static HlsProgramme instance;
    return instance;
}

// hls_server.py serving a directory; stopped (SIGTERM) when the object goes.
class HlsServer {
public:
    explicit HlsServer(const std::string& directory, const std::string& options = "") {
        const std::string command = "exec /usr/bin/python3 " + fl::test::shell_quote(FL_HLS_SERVER) + " " +
                                    fl::test::shell_quote(directory) + " " + options;
        pipe_ = popen(command.c_str(), "r");
        REQUIRE(pipe_ != nullptr);
        REQUIRE(std::fscanf(pipe_, "%d %d", &port_, &pid_) == 2);
    }
    ~HlsServer() {
        if (pid_ > 0) kill(pid_, SIGTERM);
        pclose(pipe_);
    }
    HlsServer(const HlsServer&) = delete;
    HlsServer& operator=(const HlsServer&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + "/" + path; }

private:
    FILE* pipe_ = nullptr;
    int port_ = 0;
    int pid_ = 0;
};

void use_dummy_audio() { setenv("SDL_AUDIODRIVER", "dummy", 1); }

std::vector<int> variant_indexes(const Session& session) {
    std::vector<int> indexes;
    for (const RecordedEvent& event : session.events("variant")) indexes.push_back(event.fields["index"].get<int>());
    return indexes;
}

// Fails within the guard (a deadline or a refusal), never hangs and never shows a picture.
void check_refused(Session& session) {
    REQUIRE(session.pump_until([&] { return session.player->state() == PlayerState::Failed; }));
    CHECK(session.shown.empty());
    CHECK(session.events("error").size() == 1);
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

// ------------------------------------------------------------------------------------------------ choice rules

TEST_CASE("variant choice: starts lowest, steps up only after a sustained margin, one step at a time") {
    VariantChooser chooser({100'000, 300'000, 900'000});
    CHECK(chooser.start().to == 0);
    CHECK_FALSE(chooser.throughput_bps().has_value());  // nothing measured yet
    // 2 Mbit/s measured (25 kB reads taking 0.1 s): above 1.5 x 300 kbit/s, but it has to hold for a while.
    std::optional<fl::media::VariantSwitch> change;
    double t = 0;
    for (; t < 2.9 && !change; t += 0.1) change = chooser.on_read(25'000, 0.1, t);
    CHECK_FALSE(change.has_value());
    for (; t < 10 && !change; t += 0.1) change = chooser.on_read(25'000, 0.1, t);
    REQUIRE(change.has_value());
    CHECK(change->to == 1);
    CHECK(change->reason == "throughput_up");
    CHECK(t >= VariantChooser::kUpHold_s);
    // 2 Mbit/s is not 1.5 x 900 kbit/s... it is (1.35 Mbit/s): up again, but only after another hold.
    const double first_up = t;
    change.reset();
    for (; t < 20 && !change; t += 0.1) change = chooser.on_read(25'000, 0.1, t);
    REQUIRE(change.has_value());
    CHECK(change->to == 2);
    CHECK(t - first_up >= VariantChooser::kUpHold_s);
}

TEST_CASE("variant choice: slow reads step down to what fits, a stall steps down at once") {
    VariantChooser chooser({100'000, 300'000, 900'000});
    chooser.start();
    double t = 0;
    std::optional<fl::media::VariantSwitch> change;
    for (; t < 20 && chooser.current() < 2; t += 0.1) chooser.on_read(50'000, 0.1, t);  // 4 Mbit/s
    REQUIRE(chooser.current() == 2);
    // 200 kbit/s now: below 900 kbit/s; after the hold, down to the highest that needs <= 80 % of it (100k).
    for (; t < 40 && !change; t += 0.1) change = chooser.on_read(2'500, 0.1, t);
    REQUIRE(change.has_value());
    CHECK(change->to == 0);
    CHECK(change->reason == "throughput_down");
    // A stall on the lowest variant has nowhere to go.
    CHECK_FALSE(chooser.on_stall(t).has_value());

    VariantChooser stalled({100'000, 300'000, 900'000});
    stalled.start();
    for (t = 0; t < 20 && stalled.current() < 2; t += 0.1) stalled.on_read(50'000, 0.1, t);
    REQUIRE(stalled.current() == 2);
    const auto after_stall = stalled.on_stall(t);
    REQUIRE(after_stall.has_value());
    CHECK(after_stall->to == 1);  // the throughput still measured is high: one step
    CHECK(after_stall->reason == "stall");
}

// ------------------------------------------------------------------------------------------------ real HLS

TEST_CASE("HLS: a fast server lets the player step up from the lowest variant to the highest") {
    use_dummy_audio();
    HlsServer server(programme().dir());
    Session session(server.url("master.m3u8"));
    REQUIRE(session.pump_until([&] {
        const auto indexes = variant_indexes(session);
        return session.player->state() == PlayerState::Failed || (!indexes.empty() && indexes.back() == 2);
    }));
    REQUIRE_MESSAGE(session.player->state() != PlayerState::Failed, session.player->error_message());
    const auto events = session.events("variant");
    REQUIRE(events.size() >= 3);
    CHECK(events.front().fields["reason"] == "start");
    CHECK(events.front().fields["index"] == 0);
    CHECK(events.front().fields["height"] == 90);
    CHECK(events.front().fields["count"] == 3);
    CHECK(events.back().fields["reason"] == "throughput_up");
    CHECK(events.back().fields["height"] == 360);
    CHECK(events.back().fields["bandwidth"].get<int64_t>() > events.front().fields["bandwidth"].get<int64_t>());
    // Pictures of the top variant arrive and play on in order.
    REQUIRE(session.pump_until([&] { return session.last_frame && session.last_frame->height == 360; }));
    fl::test::check_strictly_increasing(session.shown);
    CHECK(session.events("error").empty());
}

TEST_CASE("HLS: a server that slows down once the top variant is fetched makes the player step down") {
    use_dummy_audio();
    // 40 kB/s (320 kbit/s) from the first top-variant segment fetched after the opening probe on.
    std::string top_segments;
    for (int index = 3; index < kSeconds; ++index) {
        char name[32];
        std::snprintf(name, sizeof name, "v0_%03d.ts,", index);
        top_segments += name;
    }
    HlsServer server(programme().dir(), "--rate 40000 --slow-when " + top_segments);
    Session session(server.url("master.m3u8"));
    const auto stepped_down = [&] {
        const auto indexes = variant_indexes(session);
        const auto top = std::find(indexes.begin(), indexes.end(), 2);
        return top != indexes.end() && indexes.back() < 2;
    };
    REQUIRE(session.pump_until([&] { return is_final(session.player->state()) || stepped_down(); }));
    REQUIRE_MESSAGE(stepped_down(), session.player->error_message());
    const auto last = session.events("variant").back();
    CHECK((last.fields["reason"] == "throughput_down" || last.fields["reason"] == "stall"));
    // It plays on after the step down.
    const size_t shown_before = session.shown.size();
    session.pump_until([&] { return session.shown.size() > shown_before + 25 || is_final(session.player->state()); });
    CHECK(session.shown.size() > shown_before);
    CHECK(session.player->state() != PlayerState::Failed);
}

TEST_CASE("HLS: a master playlist that names itself as its variant fails at the deadline, no hang") {
    use_dummy_audio();
    fl::test::TempDir dir;
    write(dir.file("self.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\nself.m3u8\n");
    HlsServer server(dir.path());
    Session session(server.url("self.m3u8"), [](fl::media::PlayerOptions& options) { options.open_timeout_ms = 2000; });
    check_refused(session);
}

TEST_CASE("HLS: a media playlist whose segment is the playlist itself fails or ends, no hang") {
    use_dummy_audio();
    fl::test::TempDir dir;
    write(dir.file("loop.m3u8"),
          "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\nloop.m3u8\n#EXT-X-ENDLIST\n");
    HlsServer server(dir.path());
    Session session(server.url("loop.m3u8"), [](fl::media::PlayerOptions& options) { options.open_timeout_ms = 2000; });
    REQUIRE(session.pump_until([&] { return is_final(session.player->state()); }));
    CHECK(session.shown.empty());
}

TEST_CASE("HLS: a playlist from the network that names file:// segments is refused") {
    use_dummy_audio();
    fl::test::TempDir dir;
    // A real, playable local segment: were file:// allowed, it would play.
    const std::string local = programme().file("v2_000.ts");
    write(dir.file("local.m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile://" + local +
                                      "\n#EXTINF:1.0,\nfile://" + local + "\n#EXT-X-ENDLIST\n");
    HlsServer server(dir.path());
    Session session(server.url("local.m3u8"));
    check_refused(session);
}

TEST_CASE("HLS: a missing playlist fails with not_found, failing segments fail with a network error") {
    use_dummy_audio();
    HlsServer server(programme().dir());
    Session missing(server.url("nothing.m3u8"));
    check_refused(missing);
    CHECK(missing.player->error_code() == "not_found");
    // Playlists fine, every segment answered with 500 (the playlist names the segments relative to /status500/).
    Session failing(server.url("status500/v2.m3u8"));
    check_refused(failing);
}

TEST_CASE("HLS: a server that stalls in the middle of a segment fails at the read deadline") {
    use_dummy_audio();
    HlsServer server(programme().dir());
    Session session(server.url("stall/v2.m3u8"), [](fl::media::PlayerOptions& options) {
        options.open_timeout_ms = 2000;
        options.read_timeout_ms = 2000;
    });
    REQUIRE(session.pump_until([&] { return session.player->state() == PlayerState::Failed; }));
    CHECK(session.player->error_code() == "io_timeout");
}
