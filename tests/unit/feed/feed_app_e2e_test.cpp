// The app with --feed https://127.0.0.1:PORT/feed.json against nginx and a test CA: updates, hostile server, offline
// play.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "feed_publisher.h"
#include "process.h"
#include "test_servers.h"

using fl::test::FeedPublisher;
using fl::test::shell_quote;
using fl::test::TempDir;

namespace {

struct AppRun {
    fl::test::CommandResult result;
    std::vector<nlohmann::json> events;

    std::vector<nlohmann::json> all(const std::string& name) const {
        std::vector<nlohmann::json> out;
        for (const auto& event : events) {
            if (event["event"] == name) out.push_back(event);
        }
        return out;
    }
    nlohmann::json first(const std::string& name) const {
        const auto found = all(name);
        return found.empty() ? nlohmann::json() : found.front();
    }
};

// A box: the app headless with its own data folder, the feed on nginx, the publisher's key and the test CA.
struct Box {
    TempDir dir;
    FeedPublisher publisher{dir.file("publish")};
    fl::test::TestCa ca = fl::test::make_test_ca(dir.path());
    fl::test::Nginx nginx{dir.path(), publisher.www(), ca};

    AppRun run(const std::string& args, const std::string& env = "") const {
        const std::string events = dir.file("events.jsonl");
        std::filesystem::remove(events);
        AppRun run;
        run.result = fl::test::run_command(
            env + " " + shell_quote(FL_APP) + " --headless --size 1280x720 --lang both --no-audio --data-dir " +
            shell_quote(dir.file("data")) + " --events " + shell_quote(events) + " --feed " +
            shell_quote(nginx.url("feed.json")) + " --feed-ca " + shell_quote(ca.ca_file) + " --feed-keys " +
            shell_quote(publisher.keys_dir()) + " --feed-poll-s 1 " + args);
        std::ifstream in(events);
        for (std::string line; std::getline(in, line);) run.events.push_back(nlohmann::json::parse(line));
        return run;
    }
};

std::string bytes_of(const std::string& path) {
    return fl::test::read_text(path);
}

}  // namespace

TEST_CASE(
    "app e2e: a box on an https feed shows a newly published catalogue within one poll and keeps it when the server "
    "turns hostile") {
    Box box;
    box.publisher.publish(2);
    const auto first = box.run("--keys wait:3000 --screenshot " + box.dir.file("first.png"));
    INFO(first.result.err);
    REQUIRE(first.result.exit_code == 0);
    CHECK(first.first("feed_loaded")["slot"] == "bundled");
    REQUIRE(first.all("feed_updated").size() == 1);
    CHECK(first.first("feed_updated")["sequence"] == 2);

    // Published while the box is off: the next start shows 2 from its store, then 3 within one poll.
    box.publisher.publish(3);
    const auto second = box.run("--keys wait:3000 --screenshot " + box.dir.file("second.png"));
    REQUIRE(second.result.exit_code == 0);
    CHECK(second.first("feed_loaded")["slot"] == "current");
    CHECK(second.first("feed_loaded")["sequence"] == 2);
    REQUIRE(second.all("feed_updated").size() == 1);
    CHECK(second.first("feed_updated")["sequence"] == 3);
    CHECK(second.all("feed_check").size() >= 1);
    CHECK(bytes_of(box.dir.file("first.png")) != bytes_of(box.dir.file("second.png")));  // the new title shows

    // Hostile: a tampered feed (the old signature) is refused, the stored catalogue stays and looks the same.
    std::string tampered = bytes_of(box.publisher.www() + "/feed.json");
    tampered.replace(tampered.find("第3版"), std::string("第3版").size(), "第9版");
    fl::test::write_text(box.publisher.www() + "/feed.json", tampered);
    const auto hostile = box.run("--keys wait:2000 --screenshot " + box.dir.file("hostile.png"));
    REQUIRE(hostile.result.exit_code == 0);
    CHECK(hostile.first("feed_loaded")["sequence"] == 3);
    CHECK(hostile.all("feed_updated").empty());
    REQUIRE_FALSE(hostile.all("feed_rejected").empty());
    CHECK(hostile.first("feed_rejected")["stage"] == "verify");
    CHECK(hostile.first("feed_rejected")["reason"].get<std::string>().find("signature") != std::string::npos);

    // Gone: the server stops answering; still the last good catalogue.
    box.nginx.stop();
    const auto gone = box.run("--keys wait:2000 --screenshot " + box.dir.file("gone.png"));
    REQUIRE(gone.result.exit_code == 0);
    CHECK(gone.first("feed_loaded")["sequence"] == 3);
    REQUIRE_FALSE(gone.all("feed_rejected").empty());
    CHECK(gone.first("feed_rejected")["stage"] == "network");
    CHECK(bytes_of(box.dir.file("gone.png")) == bytes_of(box.dir.file("hostile.png")));
}

TEST_CASE("app e2e: Green downloads a programme, which then plays from the local file with the server gone") {
    Box box;
    box.publisher.publish(1);
    // Wait for the catalogue, open the first featured programme, press Green, wait for the download.
    const auto online = box.run("--keys wait:2500,Down,Ok,Green,wait:4000 --screenshot " + box.dir.file("online.png"));
    INFO(online.result.err);
    REQUIRE(online.result.exit_code == 0);
    REQUIRE(online.all("feed_updated").size() == 1);
    const auto done = online.all("download_done");
    REQUIRE(done.size() == 1);
    const std::string item = done.front()["item"];
    const std::string local = done.front()["path"];
    CHECK(std::filesystem::exists(local));
    CHECK_FALSE(online.all("download_progress").empty());

    box.nginx.stop();
    const auto offline =
        box.run("--keys Down,Ok,Ok,wait:1500 --screenshot " + box.dir.file("offline.png"), "SDL_AUDIODRIVER=dummy");
    INFO(offline.result.err);
    REQUIRE(offline.result.exit_code == 0);
    const auto opened = offline.all("playback_open");
    REQUIRE(opened.size() == 1);
    CHECK(opened.front()["url"] == local);
    CHECK_FALSE(offline.all("first_video_frame").empty());
    CHECK(offline.all("error").empty());
    CHECK(offline.first("feed_rejected")["stage"] == "network");

    // Deleting from the remote: Blue opens the downloads screen, Yellow deletes the focused download.
    const auto deleted = box.run("--keys Blue,Yellow,wait:300 --screenshot " + box.dir.file("deleted.png"));
    REQUIRE(deleted.result.exit_code == 0);
    CHECK(deleted.all("screen").back()["screen"] == "downloads");
    CHECK_FALSE(std::filesystem::exists(local));
}

TEST_CASE("fl-feed publish-check fetches and verifies a published feed as a box does") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const auto ca = fl::test::make_test_ca(dir.path());
    fl::test::Nginx nginx(dir.path(), publisher.www(), ca);
    publisher.publish(7);
    const std::string check = shell_quote(FL_FEED_TOOL) + " publish-check " + shell_quote(nginx.url("feed.json")) +
                              " --keys " + shell_quote(publisher.keys_dir()) + " --ca " + shell_quote(ca.ca_file);
    const auto good = fl::test::run_command(check);
    CHECK(good.exit_code == 0);
    CHECK(good.out.find("sequence 7") != std::string::npos);
    const auto replay = fl::test::run_command(check + " --after 8");
    CHECK(replay.exit_code == 1);
    CHECK(replay.out.find("REFUSE") != std::string::npos);
    const auto untrusted_ca =
        fl::test::run_command(shell_quote(FL_FEED_TOOL) + " publish-check " + shell_quote(nginx.url("feed.json")) +
                              " --keys " + shell_quote(publisher.keys_dir()));
    CHECK(untrusted_ca.exit_code == 1);
    CHECK(untrusted_ca.out.find("cannot fetch") != std::string::npos);
}
