// The consult in the real app, headless, driven by remote keys against the reference hotline peer: the screens'
// order (consent before anything starts), Back keeping the place, Red cancelling, and a whole call whose video
// and sound the peer records.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "hotline_peer_fixture.h"

namespace fl::test {
namespace {

// The keys from home to the consent screen: the 12348 tile, a topic, a language, a call-back number.
const std::string kToConsent = "Up,Ok,wait:200,Right,Ok,wait:200,Right,Ok,wait:200,Digit1,Digit3,Digit9,Digit0,Back,Ok,wait:200";

struct AppRun {
    CommandResult result;
    std::vector<nlohmann::json> events;

    std::vector<std::string> screens() const {
        std::vector<std::string> out;
        for (const auto& event : events) {
            if (event["event"] == "screen") out.push_back(event["screen"]);
        }
        return out;
    }
    std::vector<nlohmann::json> named(const std::string& name) const {
        std::vector<nlohmann::json> out;
        for (const auto& event : events) {
            if (event["event"] == name) out.push_back(event);
        }
        return out;
    }
    // Position of the first event matching name (and, when given, field == value); events.size() when none.
    size_t index_of(const std::string& name, const std::string& field = "", const std::string& value = "") const {
        for (size_t i = 0; i < events.size(); ++i) {
            if (events[i]["event"] != name) continue;
            if (field.empty() || (events[i].contains(field) && events[i][field] == value)) return i;
        }
        return events.size();
    }
};

// True when a key or a string anywhere in value contains needle.
bool text_contains(const nlohmann::json& value, const std::string& needle) {
    if (value.is_string()) return value.get<std::string>().find(needle) != std::string::npos;
    if (value.is_object()) {
        for (const auto& [key, member] : value.items()) {
            if (key.find(needle) != std::string::npos || text_contains(member, needle)) return true;
        }
    }
    if (value.is_array()) {
        for (const auto& element : value) {
            if (text_contains(element, needle)) return true;
        }
    }
    return false;
}

AppRun run_app(const TempDir& dir, const HotlinePeer* peer, const std::string& args) {
    const std::string events = dir.file("events.jsonl");
    std::filesystem::remove(events);
    std::string hotline = "--hotline https://127.0.0.1:1 --hotline-token t";
    if (peer != nullptr) {
        hotline = "--hotline " + peer->url() + " --hotline-ca " + shell_quote(peer->ca_file()) + " --hotline-token demo-box-token";
    }
    AppRun run;
    run.result = run_command("SDL_AUDIODRIVER=dummy " + std::string(FL_APP) + " --headless --no-audio --lang both --data-dir " +
                             shell_quote(dir.file("data")) + " --events " + shell_quote(events) + " " + hotline + " " + args);
    std::ifstream in(events);
    for (std::string line; std::getline(in, line);) run.events.push_back(nlohmann::json::parse(line));
    // Every consult screen shown kept its UI strings whole (the app reports one it had to cut as text_cut).
    for (const auto& event : run.events) CHECK_MESSAGE(event["event"] != "text_cut", event.dump());
    return run;
}

}  // namespace

TEST_CASE("the consult asks topic, language, call-back number and consent before anything starts") {
    HotlinePeer peer("--no-media --answer-after 600");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent + " --screenshot " +
                                             shell_quote(dir.file("consent.png")));
    REQUIRE(run.result.exit_code == 0);
    CHECK(run.screens() == std::vector<std::string>{"home", "consult_topic", "consult_language", "consult_callback", "consult_consent"});
    // Right from the first tile: the second topic and the second language.
    const auto screens = run.named("screen");
    CHECK(screens[2]["param"] == "grassland_land");
    CHECK(screens[4]["param"] == "grassland_land/zh-Hans");
    // The number typed (139) is never logged: no text in any event holds it (numbers such as times may).
    for (const auto& event : run.events) CHECK_FALSE(text_contains(event, "139"));
    CHECK(run.named("consult_requested").empty());
    CHECK(peer.first_consult().is_null());  // nothing reached the hotline before consent
    CHECK(std::filesystem::file_size(dir.file("consent.png")) > 10000);
}

TEST_CASE("Back on the waiting screen keeps the place, Red from home returns to it and Red cancels") {
    HotlinePeer peer("--no-media --queue-ahead 3 --phantom-s 60");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent +
                                             ",Ok,wait:1200,Back,wait:400,Red,wait:300,Red,wait:300 --screenshot " +
                                             shell_quote(dir.file("end.png")));
    REQUIRE(run.result.exit_code == 0);
    const auto screens = run.screens();
    REQUIRE(screens.size() >= 9);
    CHECK(std::vector<std::string>(screens.end() - 4, screens.end()) ==
          std::vector<std::string>{"consult_wait", "home", "consult_wait", "consult_end"});
    const auto requested = run.named("consult_requested");
    REQUIRE(requested.size() == 1);
    CHECK(requested[0]["camera"] == false);
    CHECK(requested[0]["callback_number"] == true);
    CHECK(requested[0]["topic"] == "grassland_land");
    REQUIRE_FALSE(run.named("consult_queued").empty());
    CHECK(run.named("consult_queued")[0]["position"] == 4);
    // Still queued after Back: the consult ends only after the second Red.
    const auto ended = run.index_of("consult_ended");
    REQUIRE(ended < run.events.size());
    CHECK(run.events[ended]["reason"] == "cancelled");
    CHECK(ended > run.index_of("screen", "screen", "home") );
    CHECK(run.named("call_media_connected").empty());
    CHECK(wait_until([&] { return peer.first_consult()["state"] == "ended"; }, 5000));
    CHECK(peer.first_consult()["ended_reason"] == "cancelled");
    CHECK(peer.first_consult()["has_callback_number"] == true);
}

TEST_CASE("without a microphone the consult says to call 12348 by phone") {
    TempDir dir;
    const auto run = run_app(dir, nullptr, "--camera none --microphone none --keys Up,Ok --screenshot " + shell_quote(dir.file("m.png")));
    REQUIRE(run.result.exit_code == 0);
    CHECK(run.screens() == std::vector<std::string>{"home", "consult_no_microphone"});
}

TEST_CASE("an unreachable hotline ends the consult with a message instead of hanging") {
    TempDir dir;
    const auto run = run_app(dir, nullptr, "--camera none --microphone lavfi:sine --keys " + kToConsent + ",Ok,wait:3000 --screenshot " +
                                               shell_quote(dir.file("u.png")));
    REQUIRE(run.result.exit_code == 0);
    REQUIRE_FALSE(run.named("consult_ended").empty());
    CHECK(run.named("consult_ended")[0]["reason"] == "hotline_unreachable");
    CHECK(run.screens().back() == "consult_end");
}

TEST_CASE("a demo consult carries the box's video and sound to the hotline and the lawyer's back") {
    HotlinePeer peer("--answer-after 0.2");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera lavfi:testsrc2=size=1280x720:rate=30 --microphone lavfi:sine=frequency=300:sample_rate=48000 --keys " +
                                             kToConsent + ",Ok,wait:6000,Back,wait:200,Right,Ok,wait:500 --screenshot " +
                                             shell_quote(dir.file("end.png")));
    REQUIRE(run.result.exit_code == 0);
    INFO(nlohmann::json(run.screens()).dump());
    const auto connected = run.index_of("consult_connected");
    REQUIRE(connected < run.events.size());
    CHECK(run.events[connected]["demo"] == true);
    CHECK(run.index_of("first_remote_frame") > connected);
    CHECK(run.index_of("first_remote_frame") < run.events.size());
    CHECK(run.index_of("first_remote_audio") < run.events.size());
    CHECK(run.named("call_stats").size() >= 3);
    const auto screens = run.screens();
    CHECK(std::find(screens.begin(), screens.end(), "consult_call") != screens.end());
    CHECK(std::vector<std::string>(screens.end() - 2, screens.end()) == std::vector<std::string>{"consult_hangup", "consult_end"});
    REQUIRE_FALSE(run.named("consult_ended").empty());
    CHECK(run.named("consult_ended")[0]["reason"] == "box_hangup");

    // What the lawyer's side recorded: the box's camera and microphone, continuous.
    const std::string id = peer.first_consult()["id"];
    nlohmann::json report;
    CHECK(wait_until([&] {
        report = peer.admin("GET", "/peer/consults/" + id + "/recording");
        return report.is_object() && report.contains("video") && report.contains("audio");
    }, 8000));
    INFO(report.dump());
    CHECK(report["video"]["codec"] == "h264");
    CHECK(report["video"]["width"] == 1280);
    CHECK(report["video"]["height"] == 720);
    CHECK(report["video"]["packets"].get<int>() >= 30);  // 1 s or more at 30 frames a second (of about 5)
    CHECK(report["video"]["max_gap_s"].get<double>() < 1.0);  // a loaded 2-core CI machine may stall a capture briefly
    CHECK(report["audio"]["codec"] == "opus");
    CHECK(report["audio"]["span_s"].get<double>() >= 2.0);
    CHECK(report["audio"]["max_gap_s"].get<double>() < 0.5);
}

TEST_CASE("a second consult starts at once after hanging up a call whose media knocks on a black hole") {
    // --no-media: the peer answers but nobody listens on the SRT ports, so the first call's media is still
    // connecting when it is hung up and the next consult is asked for; the app then exits with that one live.
    HotlinePeer peer("--no-media --answer-after 0.1");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent +
                                             ",Ok,wait:1500,Back,wait:200,Right,Ok,wait:300,Ok,wait:300," + kToConsent + ",Ok,wait:1500");
    REQUIRE(run.result.exit_code == 0);
    INFO(nlohmann::json(run.screens()).dump());
    REQUIRE(run.named("consult_requested").size() == 2);
    REQUIRE(run.named("consult_connected").size() == 2);
    const auto ended = run.named("consult_ended");
    REQUIRE(ended.size() == 2);
    CHECK(ended[0]["reason"] == "box_hangup");
    CHECK(ended[1]["reason"] == "box_hangup");  // the app's exit hangs up the live one
    size_t second_request = run.events.size();
    for (size_t i = run.index_of("consult_requested") + 1; i < run.events.size(); ++i) {
        if (run.events[i]["event"] == "consult_requested") {
            second_request = i;
            break;
        }
    }
    CHECK(run.index_of("consult_ended") < second_request);
    CHECK(wait_until([&] { return peer.first_consult()["state"] == "ended"; }, 5000));
}

TEST_CASE("the lawyer hanging up shows the end screen with the reason") {
    HotlinePeer peer("--answer-after 0.1 --hang-up-after 1");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent + ",Ok,wait:3500 --screenshot " +
                                             shell_quote(dir.file("end.png")));
    REQUIRE(run.result.exit_code == 0);
    REQUIRE_FALSE(run.named("consult_ended").empty());
    CHECK(run.named("consult_ended")[0]["reason"] == "lawyer_hangup");
    const auto screens = run.screens();
    CHECK(std::vector<std::string>(screens.end() - 2, screens.end()) == std::vector<std::string>{"consult_call", "consult_end"});
}

TEST_CASE("a wrong passphrase ends the call with its own reason") {
    HotlinePeer peer("--answer-after 0.1 --wrong-passphrase");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent + ",Ok,wait:4000 --screenshot " +
                                             shell_quote(dir.file("end.png")));
    REQUIRE(run.result.exit_code == 0);
    REQUIRE_FALSE(run.named("consult_ended").empty());
    CHECK(run.named("consult_ended")[0]["reason"] == "wrong_passphrase");
    CHECK(run.screens().back() == "consult_end");
    CHECK(wait_until([&] { return peer.first_consult()["state"] == "ended"; }, 5000));
    CHECK(peer.first_consult()["ended_reason"] == "media_failed");
}

TEST_CASE("an offer while the viewer is elsewhere brings the waiting screen back and Ok joins") {
    HotlinePeer peer("--answer-after 1.0");
    TempDir dir;
    const auto run = run_app(dir, &peer, "--camera none --microphone lavfi:sine --keys " + kToConsent +
                                             ",Ok,wait:300,Back,wait:4000,Ok,wait:1500 --screenshot " + shell_quote(dir.file("s.png")));
    REQUIRE(run.result.exit_code == 0);
    INFO(nlohmann::json(run.screens()).dump());
    const auto offered = run.named("consult_offered");
    REQUIRE(offered.size() == 1);
    CHECK(offered[0]["auto_accept"] == false);  // the viewer had left: nothing joins without Ok
    const auto screens = run.screens();
    const auto home = std::find(screens.begin() + 1, screens.end(), "home");
    REQUIRE(home != screens.end());
    CHECK(std::vector<std::string>(home, std::min(home + 3, screens.end())) ==
          std::vector<std::string>{"home", "consult_wait", "consult_call"});
    CHECK(run.index_of("consult_connected") > run.index_of("consult_offered"));
}

TEST_CASE("a bitrate cap from the hotline moves the box down its ladder") {
    HotlinePeer peer("--answer-after 0.1");
    TempDir dir;
    std::thread lawyer([&] {
        // As soon as the call is up, the lawyer's side caps the box's uplink at 200 kb/s.
        if (wait_until([&] { return peer.first_consult()["state"] == "connected"; }, 20000)) {
            const std::string id = peer.first_consult()["id"];
            peer.admin("POST", "/peer/consults/" + id + "/event", R"({"type":"bitrate_cap","kbps":200})");
        }
    });
    const auto run = run_app(dir, &peer, "--camera lavfi:testsrc2=size=1280x720:rate=30 --microphone lavfi:sine --keys " + kToConsent +
                                             ",Ok,wait:6000 --screenshot " + shell_quote(dir.file("call.png")));
    lawyer.join();
    REQUIRE(run.result.exit_code == 0);
    const auto capped = run.index_of("consult_hotline_event", "type", "bitrate_cap");
    REQUIRE(capped < run.events.size());
    int lowest_step = 0;
    for (size_t i = capped; i < run.events.size(); ++i) {
        if (run.events[i]["event"] == "call_stats") lowest_step = std::max(lowest_step, run.events[i]["ladder_step"].get<int>());
    }
    CHECK(lowest_step >= 4);  // 240p15 150 kb/s or audio only: what fits 200 kb/s with the sound
}

}  // namespace fl::test
