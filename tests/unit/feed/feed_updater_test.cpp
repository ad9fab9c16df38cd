// Updater and catalogue store against real servers: nginx over TLS with a signed feed, the fault server, kill -9, full
// disk.
#include "feed/feed_updater.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "byte_relay.h"
#include "feed/catalog_store.h"
#include "feed_publisher.h"
#include "process.h"
#include "recorded_events.h"
#include "test_servers.h"

using fl::feed::CatalogStore;
using fl::feed::FeedUpdater;
using fl::feed::FetchResult;
using fl::feed::UpdaterSettings;
using fl::test::FeedPublisher;
using fl::test::RecordedEvents;
using fl::test::TempDir;

namespace {

struct FileStamp {
    ino_t inode = 0;
    int64_t modified_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp stamp(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return {info.st_ino, static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

UpdaterSettings settings_for(const std::string& url, const FeedPublisher& publisher, const std::string& ca_file,
                             bool loopback_http) {
    UpdaterSettings settings;
    settings.feed_url = url;
    settings.policy = publisher.policy(loopback_http);
    settings.http.ca_file = ca_file;
    settings.http.allow_loopback_http = loopback_http;
    settings.limits.low_speed_time_s = 1;
    settings.limits.low_speed_bytes_per_s = 1000;
    settings.limits.deadline_ms = 10'000;
    return settings;
}

int64_t stored_sequence(CatalogStore& store, const FeedPublisher& publisher) {
    std::vector<std::string> problems;
    const auto loaded = store.load(publisher.policy(true), std::time(nullptr), problems);
    return loaded ? loaded->verified.sequence : -1;
}

}  // namespace

TEST_CASE("updater: a newly published catalogue is committed within one poll and a 304 poll writes nothing") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const auto ca = fl::test::make_test_ca(dir.path());
    fl::test::Nginx nginx(dir.path(), publisher.www(), ca);
    CatalogStore store(dir.file("store"));
    REQUIRE(store.prepare());
    RecordedEvents events;
    int committed = 0;
    FeedUpdater updater(settings_for(nginx.url("feed.json"), publisher, ca.ca_file, false), store, events.sink(),
                        [&](const fl::feed::VerifiedFeed&) { ++committed; });

    publisher.publish(1);
    auto first = updater.poll_once();
    INFO(first.error);
    REQUIRE(first.kind == FetchResult::Kind::Verified);
    publisher.publish(2);
    auto second = updater.poll_once();
    REQUIRE(second.kind == FetchResult::Kind::Verified);
    CHECK(second.verified->sequence == 2);
    CHECK(second.verified->catalog.items.at(0).title.zh == FeedPublisher::marked_title(2));
    CHECK(committed == 2);
    REQUIRE(events.count("feed_updated") == 2);
    CHECK(events.last("feed_updated")["sequence"] == 2);
    CHECK(events.last("feed_updated")["items"] == second.verified->catalog.items.size());
    CHECK(store.trust_state().sequence == 2);

    const auto current_before = stamp(store.slot_path("current.slot"));
    const auto previous_before = stamp(store.slot_path("previous.slot"));
    const auto trust_before = stamp(store.slot_path("trusted-sequence"));
    const auto third = updater.poll_once();
    CHECK(third.kind == FetchResult::Kind::NotModified);
    CHECK(events.count("feed_not_modified") == 1);
    CHECK(stamp(store.slot_path("current.slot")) == current_before);
    CHECK(stamp(store.slot_path("previous.slot")) == previous_before);
    CHECK(stamp(store.slot_path("trusted-sequence")) == trust_before);
    // The 304 costs under 1 KB of HTTP, counted by the client and by nginx (bytes sent + request length).
    CHECK(third.feed_request_http_bytes < 1024);
    // nginx writes its log line after the answer has gone out: wait for it.
    std::string log;
    auto line_start = std::string::npos;
    for (int tries = 0; tries < 500 && line_start == std::string::npos; ++tries) {
        if (tries > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        log = fl::test::read_text(nginx.access_log_path());
        line_start = log.rfind("GET /feed.json 304");
    }
    REQUIRE(line_start != std::string::npos);
    const std::string line = log.substr(line_start, log.find('\n', line_start) - line_start);
    const auto sent = std::stoll(line.substr(line.find("sent=") + 5));
    const auto received = std::stoll(line.substr(line.find("received=") + 9));
    CHECK(sent + received < 1024);

    // The store at boot: the current slot verifies again, the previous slot holds sequence 1.
    CatalogStore reopened(dir.file("store"));
    std::vector<std::string> problems;
    const auto loaded = reopened.load(publisher.policy(), std::time(nullptr), problems);
    REQUIRE(loaded.has_value());
    CHECK(loaded->verified.sequence == 2);
    CHECK_FALSE(loaded->from_previous_slot);
    CHECK(problems.empty());
}

TEST_CASE("updater: polls on new connections resume the TLS session of its one client") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const auto ca = fl::test::make_test_ca(dir.path());
    // Every answer closes its connection, as after an hour of idling: each request needs a new TLS connection.
    fl::test::Nginx nginx(dir.path(), publisher.www(), ca, false);
    fl::test::ByteRelay relay(nginx.port());
    CatalogStore store(dir.file("store"));
    REQUIRE(store.prepare());
    RecordedEvents events;
    const std::string url = "https://127.0.0.1:" + std::to_string(relay.port()) + "/feed.json";
    FeedUpdater updater(settings_for(url, publisher, ca.ca_file, false), store, events.sink(), nullptr);

    publisher.publish(1);
    const auto first = updater.poll_once();
    INFO(first.error);
    REQUIRE(first.kind == FetchResult::Kind::Verified);
    CHECK_FALSE(first.feed_request_tls_resumed);  // the client's first connection: a full handshake

    // Each poll opens a new connection and resumes: no certificate comes again, so its handshake is far smaller.
    // (The wire budget of a 304 is checked with keepalive on, in the http client test: here every answer also
    // carries "Connection: close" and a TLS close alert.)
    for (int poll = 0; poll < 2; ++poll) {
        const int connections_before = relay.connections();
        const auto result = updater.poll_once();
        INFO(result.error);
        REQUIRE(result.kind == FetchResult::Kind::NotModified);
        CHECK(relay.connections() == connections_before + 1);
        CHECK(result.feed_request_tls_resumed);
        CHECK(result.feed_request_tls_bytes + 300 < first.feed_request_tls_bytes);
        CHECK(events.last("feed_not_modified")["tls_resumed"] == true);
    }
}

TEST_CASE("updater: hostile answers and bad feeds each give a clear error and the last good catalogue stays") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const std::string good_bytes = publisher.publish(2);
    fl::test::FaultServer server(publisher.www(), dir.file("fault.log"));
    CatalogStore store(dir.file("store"));
    REQUIRE(store.prepare());
    {
        FeedUpdater updater(settings_for(server.url("files/feed.json"), publisher, "", true), store, nullptr, nullptr);
        REQUIRE(updater.poll_once().kind == FetchResult::Kind::Verified);
    }
    // Bad feeds next to the good one: tampered bytes, an older (replayed) feed, no signature at all.
    std::string tampered = good_bytes;
    tampered[tampered.find("第2版")] = 'X';
    fl::test::write_text(publisher.www() + "/tampered.json", tampered);
    std::filesystem::copy_file(publisher.www() + "/feed.json.minisig", publisher.www() + "/tampered.json.minisig");
    {
        FeedPublisher old_publisher(dir.file("old"));
        old_publisher.publish(1);
        // Signed by a key the box does not trust.
        std::filesystem::copy_file(old_publisher.www() + "/feed.json", publisher.www() + "/foreign.json");
        std::filesystem::copy_file(old_publisher.www() + "/feed.json.minisig",
                                   publisher.www() + "/foreign.json.minisig");
    }
    const std::string live_feed = fl::test::read_text(publisher.www() + "/feed.json");
    const std::string live_signature = fl::test::read_text(publisher.www() + "/feed.json.minisig");
    publisher.publish(1);  // the replay: a correctly signed feed, older than the one accepted
    std::filesystem::rename(publisher.www() + "/feed.json", publisher.www() + "/replay.json");
    std::filesystem::rename(publisher.www() + "/feed.json.minisig", publisher.www() + "/replay.json.minisig");
    fl::test::write_text(publisher.www() + "/feed.json", live_feed);
    fl::test::write_text(publisher.www() + "/feed.json.minisig", live_signature);
    fl::test::write_text(publisher.www() + "/unsigned.json", live_feed);

    struct Case {
        const char* path;
        const char* expected;  // a piece of the error
    };
    const Case cases[] = {
        {"status/500/feed.json", "HTTP 500"},
        {"status/503/feed.json?retry_after=5", "HTTP 503"},
        {"hang/feed.json", "too slow"},
        {"slowloris/feed.json", "feed"},
        {"endless/feed.json", "larger than the limit"},
        {"gzipbomb/feed.json", "larger than the limit"},
        {"truncated/feed.json", "cut"},
        {"redirect-file/feed.json", "redirect refused"},
        {"files/tampered.json", "tampered.json"},
        {"files/foreign.json", "foreign.json"},
        {"files/replay.json", "replay"},
        {"files/unsigned.json", "unsigned.json.minisig"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.path);
        RecordedEvents events;
        FeedUpdater updater(settings_for(server.url(c.path), publisher, "", true), store, events.sink(), nullptr);
        const auto result = updater.poll_once();
        CAPTURE(result.error);
        CHECK((result.kind == FetchResult::Kind::Failed || result.kind == FetchResult::Kind::Rejected));
        CHECK(result.error.find(c.expected) != std::string::npos);
        CHECK(events.count("feed_rejected") == 1);
        CHECK(events.last("feed_rejected")["reason"].get<std::string>() == result.error);
        CHECK(store.trust_state().sequence == 2);
        CHECK(stored_sequence(store, publisher) == 2);
        if (std::string(c.path).rfind("status/503", 0) == 0) {
            CHECK(result.outcome == fl::net::Outcome::Transient);
            REQUIRE(result.retry_after_s.has_value());
            CHECK(*result.retry_after_s == 5);
            CHECK(updater.delay_after(result) >= 5000);
        }
    }
}

TEST_CASE("updater: a 503 storm with Retry-After is retried by the worker thread until the feed comes") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    publisher.publish(3);
    fl::test::FaultServer server(publisher.www(), dir.file("fault.log"));
    CatalogStore store(dir.file("store"));
    REQUIRE(store.prepare());
    RecordedEvents events;
    std::atomic<int64_t> committed{-1};
    auto settings = settings_for(server.url("storm/2/feed.json"), publisher, "", true);
    settings.first_poll_spread_ms = 0;
    settings.backoff_min_ms = 10;  // Retry-After (1 s) must still win over the short backoff
    FeedUpdater updater(settings, store, events.sink(),
                        [&](const fl::feed::VerifiedFeed& feed) { committed = feed.sequence; });
    const auto started = std::chrono::steady_clock::now();
    updater.start();
    while (committed < 0 && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    updater.stop();
    CHECK(committed == 3);
    // The fault server storms each path twice: the feed, then its signature.
    CHECK(events.count("feed_rejected") == 4);
    CHECK(events.count("feed_retry") == 4);
    CHECK(events.last("feed_retry")["in_ms"].get<uint64_t>() >= 1000);
}

TEST_CASE("store: boot falls back to the previous slot when the current one is damaged, then to nothing") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    CatalogStore store(dir.file("store"));
    REQUIRE(store.prepare());
    for (int64_t sequence : {1, 2}) {
        const std::string bytes = publisher.publish(sequence);
        REQUIRE(store.commit(
            {bytes, fl::test::read_text(publisher.www() + "/feed.json.minisig"), "https://127.0.0.1/feed.json", "", ""},
            sequence));
    }
    CHECK(stored_sequence(store, publisher) == 2);
    // One flipped byte inside the feed part of the current slot.
    std::string slot = fl::test::read_text(store.slot_path("current.slot"));
    slot[slot.size() / 2] ^= 0x01;
    fl::test::write_text(store.slot_path("current.slot"), slot);
    CatalogStore booted(dir.file("store"));
    std::vector<std::string> problems;
    auto loaded = booted.load(publisher.policy(), std::time(nullptr), problems);
    REQUIRE(loaded.has_value());
    CHECK(loaded->from_previous_slot);
    CHECK(loaded->verified.sequence == 1);
    CHECK(problems.size() == 1);
    CHECK(booted.trust_state().sequence == 2);  // the fallback never lowers the trusted sequence
    // Truncated current slot and no previous slot: nothing usable, the caller shows the bundled catalogue.
    fl::test::write_text(store.slot_path("current.slot"), slot.substr(0, 100));
    std::filesystem::remove(store.slot_path("previous.slot"));
    problems.clear();
    CHECK_FALSE(CatalogStore(dir.file("store")).load(publisher.policy(), std::time(nullptr), problems).has_value());
    CHECK_FALSE(problems.empty());
}

TEST_CASE("store: a full disk (file size limit) keeps the old catalogue and the trusted sequence") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const std::string store_dir = dir.file("store");
    publisher.publish(1);
    const std::string first = fl::test::read_text(publisher.www() + "/feed.json");
    const auto quote = fl::test::shell_quote;
    const std::string helper = quote(FL_STORE_HELPER);
    auto commit = [&](int64_t sequence, const std::string& limit) {
        const std::string feed = dir.file("feed-" + std::to_string(sequence) + ".json");
        std::filesystem::copy_file(publisher.www() + "/feed.json", feed);
        std::filesystem::copy_file(publisher.www() + "/feed.json.minisig", feed + ".minisig");
        return fl::test::run_command("sh -c " + quote(limit + "exec " + helper + " commit " + quote(store_dir) + " " +
                                                      quote(feed) + " " + quote(feed + ".minisig") + " " +
                                                      std::to_string(sequence)));
    };
    REQUIRE(commit(1, "").exit_code == 0);
    publisher.publish(2);
    // ulimit -f counts 512-byte blocks in dash: 16 blocks = 8 KiB, far less than a catalogue slot.
    const auto full = commit(2, "ulimit -f 16; ");
    CHECK(full.exit_code == 1);
    CHECK(full.err.find("File too large") != std::string::npos);
    CatalogStore store(store_dir);
    CHECK(stored_sequence(store, publisher) == 1);
    CHECK(store.trust_state().sequence == 1);
    CHECK_FALSE(std::filesystem::exists(store_dir + "/incoming.slot.tmp"));
}

TEST_CASE("store: kill -9 at random moments during 100 catalogue commits never leaves a damaged catalogue") {
    TempDir dir;
    FeedPublisher publisher(dir.file("publish"));
    const std::string store_dir = dir.file("store");
    // Two different feeds with the same sequence (re-publishing is allowed), so every commit is a legal one.
    for (const std::string variant : {"1", "2"}) {
        publisher.publish(1, "·" + variant);
        std::filesystem::copy_file(publisher.www() + "/feed.json", dir.file("feed-" + variant));
        std::filesystem::copy_file(publisher.www() + "/feed.json.minisig", dir.file("sig-" + variant));
    }
    const std::string feed_a = fl::test::read_text(dir.file("feed-1"));
    const std::string feed_b = fl::test::read_text(dir.file("feed-2"));
    std::mt19937 random(12348);
    for (int round = 0; round < 100; ++round) {
        fl::test::ChildProcess helper({FL_STORE_HELPER, "loop", store_dir, dir.file("feed-1"), dir.file("sig-1"),
                                       dir.file("feed-2"), dir.file("sig-2")},
                                      dir.file("helper.log"));
        // Once the first commit of this run is done, the kill lands at a random moment of the later ones.
        REQUIRE(helper.read_line(10'000).rfind("committed", 0) == 0);
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 40'000)(random)));
        helper.signal(SIGKILL);
        helper.wait(5000);
        CatalogStore store(store_dir);
        std::vector<std::string> problems;
        const auto loaded = store.load(publisher.policy(), std::time(nullptr), problems);
        CAPTURE(round);
        REQUIRE(loaded.has_value());
        // Never a damaged slot: at most a current slot missing between the two renames of a commit.
        for (const auto& problem : problems) CHECK(problem.find("missing") != std::string::npos);
        CHECK((loaded->feed.feed_bytes == feed_a || loaded->feed.feed_bytes == feed_b));
        CHECK(store.trust_state().sequence == 1);
    }
}
