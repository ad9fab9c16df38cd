// The signalling client and the consult session against the reference hotline peer (signalling only, no media):
// queue positions by long-poll, offers, hang-up from either side, 500s, hostile JSON, an unreachable hotline.
#include <doctest/doctest.h>

#include <fstream>

#include "consult/consult_session.h"
#include "hotline_peer_fixture.h"

namespace fl::consult {
namespace {

using test::HotlinePeer;
using test::TempDir;
using test::wait_until;

CreateRequest a_request() { return {"mn-Mong", "wages", "13912345678", {true, true, false, 1280, 720, 30}}; }

std::vector<nlohmann::json> read_events(const std::string& path) {
    std::vector<nlohmann::json> events;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) events.push_back(nlohmann::json::parse(line));
    return events;
}

std::vector<nlohmann::json> named(const std::vector<nlohmann::json>& events, const std::string& name) {
    std::vector<nlohmann::json> out;
    for (const auto& event : events) {
        if (event["event"] == name) out.push_back(event);
    }
    return out;
}

// A session writing its events to a temp file.
struct SessionRun {
    TempDir dir;
    EventLog events;
    std::unique_ptr<ConsultSession> session;

    explicit SessionRun(HotlineConfig config) {
        REQUIRE(events.open(dir.file("events.jsonl")));
        session = std::make_unique<ConsultSession>(std::move(config), events, nullptr, nullptr);
    }
    bool reaches(Phase phase, int timeout_ms) {
        return wait_until([&] { return session->status().phase == phase; }, timeout_ms);
    }
    std::vector<nlohmann::json> log() const { return read_events(dir.file("events.jsonl")); }
};

}  // namespace

TEST_CASE("a consult moves up the queue by long-poll, is offered and connects") {
    HotlinePeer peer("--no-media --queue-ahead 2 --phantom-s 0.4 --answer-after 0.2");
    SessionRun run(peer.config());
    run.session->set_auto_accept(true);
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::InCall, 10000));
    const auto log = run.log();
    const auto queued = named(log, "consult_queued");
    REQUIRE(queued.size() == 3);
    CHECK(queued[0]["position"] == 3);
    CHECK(queued[1]["position"] == 2);
    CHECK(queued[2]["position"] == 1);
    CHECK(named(log, "consult_requested").at(0)["callback_number"] == true);  // said, never shown
    CHECK(log.at(0).dump().find("13912345678") == std::string::npos);
    CHECK(named(log, "consult_offered").size() == 1);
    CHECK(named(log, "consult_connected").at(0)["demo"] == true);
    CHECK(peer.first_consult()["state"] == "connected");
    CHECK(peer.first_consult()["has_callback_number"] == true);

    run.session->hang_up();
    CHECK(run.session->status().phase == Phase::Ended);
    CHECK(run.session->status().end_reason == "box_hangup");
    CHECK(wait_until([&] { return peer.first_consult()["state"] == "ended"; }, 5000));
    CHECK(peer.first_consult()["ended_reason"] == "box_hangup");
    CHECK(named(run.log(), "consult_ended").at(0)["reason"] == "box_hangup");
}

TEST_CASE("the lawyer hanging up ends the call on the box") {
    HotlinePeer peer("--no-media --answer-after 0.1 --hang-up-after 0.5");
    SessionRun run(peer.config());
    run.session->set_auto_accept(true);
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::InCall, 8000));
    REQUIRE(run.reaches(Phase::Ended, 8000));
    CHECK(run.session->status().end_reason == "lawyer_hangup");
}

TEST_CASE("the lawyer's hang-up from the test console reaches the box within the long-poll") {
    HotlinePeer peer("--no-media --answer-after 0.1");
    SessionRun run(peer.config());
    run.session->set_auto_accept(true);
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::InCall, 8000));
    const std::string id = peer.first_consult()["id"];
    peer.admin("POST", "/peer/consults/" + id + "/event", R"({"type":"bitrate_cap","kbps":300})");
    CHECK(wait_until([&] { return !named(run.log(), "consult_hotline_event").empty(); }, 5000));
    peer.admin("POST", "/peer/consults/" + id + "/hangup");
    REQUIRE(run.reaches(Phase::Ended, 5000));
    CHECK(run.session->status().end_reason == "lawyer_hangup");
}

TEST_CASE("without the viewer the offer waits until accepted") {
    HotlinePeer peer("--no-media --answer-after 0.1");
    SessionRun run(peer.config());
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::Offered, 8000));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(run.session->status().phase == Phase::Offered);
    run.session->accept();
    CHECK(run.reaches(Phase::InCall, 5000));
}

TEST_CASE("cancelling while queued frees the place at the hotline") {
    HotlinePeer peer("--no-media --queue-ahead 5 --phantom-s 30");
    SessionRun run(peer.config());
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::Queued, 8000));
    CHECK(run.session->status().queue_position == 6);
    run.session->hang_up();
    CHECK(run.session->status().end_reason == "cancelled");
    CHECK(wait_until([&] { return peer.first_consult()["state"] == "ended"; }, 5000));
    CHECK(peer.first_consult()["ended_reason"] == "cancelled");
}

TEST_CASE("a storm of 500s ends the request with hotline_server_error") {
    HotlinePeer peer("--no-media --storm-500");
    SessionRun run(peer.config());
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::Ended, 10000));
    CHECK(run.session->status().end_reason == "hotline_server_error");
}

TEST_CASE("a few 500s are retried and the consult is queued") {
    HotlinePeer peer("--no-media --fail-first 2 --queue-ahead 3 --phantom-s 30");
    SessionRun run(peer.config());
    run.session->start(a_request());
    CHECK(run.reaches(Phase::Queued, 10000));
}

TEST_CASE("every kind of hostile answer is refused as bad_response") {
    HotlinePeer peer("--no-media");
    for (const char* mode : {"garbage", "deep", "types", "huge", "unknown_state", "bad_media"}) {
        CAPTURE(mode);
        REQUIRE(peer.admin("POST", "/peer/fault", nlohmann::json{{"hostile", mode}}.dump())["hostile"] == mode);
        SignallingClient client(peer.config(), nullptr);
        const auto created = client.create(a_request());
        REQUIRE_FALSE(created);
        CHECK(error_code(created.error()) == "bad_response");
    }
}

TEST_CASE("a session against a hostile hotline ends with a clear reason") {
    HotlinePeer peer("--no-media --hostile bad_media");
    SessionRun run(peer.config());
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::Ended, 10000));
    CHECK(run.session->status().end_reason == "hotline_bad_response");
}

TEST_CASE("an unreachable hotline is reported as such") {
    HotlineConfig config{"https://127.0.0.1:1", "demo-box-token", ""};
    SignallingClient client(config, nullptr);
    const auto created = client.create(a_request());
    REQUIRE_FALSE(created);
    CHECK(error_code(created.error()) == "unreachable");
    SessionRun run(config);
    run.session->start(a_request());
    REQUIRE(run.reaches(Phase::Ended, 10000));
    CHECK(run.session->status().end_reason == "hotline_unreachable");
}

TEST_CASE("a wrong device token and an untrusted certificate are refused") {
    HotlinePeer peer("--no-media");
    auto config = peer.config();
    config.token = "someone-else";
    CHECK(error_code(SignallingClient(config, nullptr).create(a_request()).error()) == "unauthorized");
    config = peer.config();
    config.ca_file.clear();  // the system's roots do not know the test CA
    CHECK(error_code(SignallingClient(config, nullptr).create(a_request()).error()) == "insecure");
}

TEST_CASE("a long-poll answers when the version passes and is cancelled promptly") {
    HotlinePeer peer("--no-media --queue-ahead 3 --phantom-s 30");
    std::atomic<bool> cancel{false};
    SignallingClient client(peer.config(), &cancel);
    const auto created = client.create(a_request());
    REQUIRE(created);
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel = true;
    });
    const auto polled = client.poll(created.value().id, created.value().version, 20);
    canceller.join();
    REQUIRE_FALSE(polled);
    CHECK(error_code(polled.error()) == "cancelled");
}

}  // namespace fl::consult
