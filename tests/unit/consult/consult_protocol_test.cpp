// The consult protocol's messages: what the box sends and how strictly it reads what the hotline answers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "consult/consult_protocol.h"

namespace fl::consult {
namespace {

nlohmann::json connected() {
    return nlohmann::json::parse(R"({
      "id": "abc-123", "version": 7, "state": "connected",
      "service": {"name": "demo hotline", "demo": true},
      "media": {
        "uplink": {"url": "srt://10.1.2.3:9000", "streamid": "publish:consult/abc-123"},
        "downlink": {"url": "srt://[2001:db8::1]:9001", "streamid": "read:lawyer/abc-123"},
        "passphrase": "0123456789abcdef", "pbkeylen": 16, "latency_ms": 200, "expires_in_s": 3600,
        "send": {"video": {"codec": "h264", "width": 1280, "height": 720, "fps": 30, "bitrate_kbps": 1500},
                 "audio": {"codec": "opus", "sample_rate": 48000, "channels": 1}},
        "receive": {"video": {"codec": "h264", "width": 1280, "height": 720, "fps": 30},
                    "audio": {"codec": "aac", "sample_rate": 48000, "channels": 2}}},
      "events": [{"seq": 1, "type": "keyframe_request"}, {"seq": 2, "type": "bitrate_cap", "kbps": 500}]})");
}

std::string code_of(const Result<ConsultView>& result) { return result ? "ok" : error_code(result.error()); }

}  // namespace

TEST_CASE("the create request carries language, topic, call-back number and capabilities") {
    CreateRequest request{"mn-Mong", "grassland_land", "13800000000", {true, true, false, 1920, 1080, 30}};
    const auto body = create_request_json(request);
    REQUIRE(body);
    const auto json = nlohmann::json::parse(body.value());
    CHECK(json["language"] == "mn-Mong");
    CHECK(json["topic"] == "grassland_land");
    CHECK(json["callback_number"] == "13800000000");
    CHECK(json["capabilities"]["camera"] == true);
    CHECK(json["capabilities"]["max_resolution"]["height"] == 1080);
    request.callback_number.clear();
    CHECK_FALSE(nlohmann::json::parse(create_request_json(request).value()).contains("callback_number"));
}

TEST_CASE("the create request refuses values the protocol does not allow") {
    CHECK_FALSE(create_request_json({"en", "wages", "", {}}));
    CHECK_FALSE(create_request_json({"zh-Hans", "taxes", "", {}}));
    CHECK_FALSE(create_request_json({"zh-Hans", "wages", "12a45", {}}));
    CHECK_FALSE(create_request_json({"zh-Hans", "wages", "12", {}}));
    CHECK(error_code(create_request_json({"zh-Hans", "wages", "12", {}}).error()) == "bad_request");
}

TEST_CASE("a connected consult gives the media plan with both SRT legs") {
    const auto view = parse_consult_view(connected().dump());
    REQUIRE(view);
    CHECK(view.value().state == ConsultState::Connected);
    CHECK(view.value().demo);
    REQUIRE(view.value().media.has_value());
    const MediaPlan& plan = *view.value().media;
    CHECK(plan.uplink_url == "srt://10.1.2.3:9000");
    CHECK(plan.downlink_url == "srt://[2001:db8::1]:9001");
    CHECK(plan.latency_ms == 200);
    REQUIRE(plan.send_video.has_value());
    CHECK(plan.send_video->height == 720);
    REQUIRE(plan.receive_audio.has_value());
    CHECK(plan.receive_audio->codec == "aac");
    REQUIRE(view.value().events.size() == 2);
    CHECK(view.value().events[1].kbps == 500);
}

TEST_CASE("media that could reach a local file or a shell is refused") {
    for (const char* url : {"file:///etc/passwd", "srt://host:0", "srt://host", "srt://ho st:9000", "srt://h:9000?mode=listener",
                            "srt://h;rm:9000", "udp://1.2.3.4:9000"}) {
        auto json = connected();
        json["media"]["uplink"]["url"] = url;
        CAPTURE(url);
        CHECK(code_of(parse_consult_view(json.dump())) == "bad_response");
    }
    auto json = connected();
    json["media"]["passphrase"] = "short";
    CHECK(code_of(parse_consult_view(json.dump())) == "bad_response");
    json = connected();
    json["media"]["downlink"]["streamid"] = "a&passphrase=x";
    CHECK(code_of(parse_consult_view(json.dump())) == "bad_response");
}

TEST_CASE("hostile consult answers are refused with bad_response") {
    CHECK(code_of(parse_consult_view(std::string(200000, '['))) == "bad_response");
    CHECK(code_of(parse_consult_view("{\"id\": 5}")) == "bad_response");
    CHECK(code_of(parse_consult_view(std::string("\x00\xff{", 3))) == "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a/../b","version":1,"state":"ended","ended":{"reason":"x"}})")) == "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a","version":-1,"state":"ended","ended":{"reason":"x"}})")) == "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a","version":1,"state":"queued"})")) == "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a","version":1,"state":"queued","queue":{"position":0,"estimated_wait_s":1}})")) ==
          "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a","version":1,"state":"exploded"})")) == "bad_response");
    CHECK(code_of(parse_consult_view(R"({"id":"a","version":1,"state":"queued","queue":{"position":3,"estimated_wait_s":60}})")) == "ok");
}

TEST_CASE("the hotline's error body becomes code and message") {
    CHECK(parse_error_body(R"({"error":{"code":"queue_full","message":"try later"}})").value() == "queue_full: try later");
    CHECK_FALSE(parse_error_body("<html>500</html>").has_value());
    CHECK_FALSE(parse_error_body(R"({"error":{"code":"has space"}})").has_value());
}

}  // namespace fl::consult
