// Offline downloads against the fault server: sha256, Range resume after cuts, quota eviction, kill -9 during
// downloads.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "feed/download_ledger.h"
#include "feed/download_manager.h"
#include "feed/sha256.h"
#include "feed/thumbnail_cache.h"
#include "feed_publisher.h"
#include "process.h"
#include "recorded_events.h"
#include "test_servers.h"

using fl::feed::DownloadManager;
using fl::feed::DownloadSettings;
using fl::feed::DownloadState;
using fl::test::FeedPublisher;
using fl::test::TempDir;

namespace {

// A published feed served by the fault server, parsed as the box parses it.
struct ServedFeed {
    TempDir dir;
    FeedPublisher publisher{dir.file("publish")};
    std::unique_ptr<fl::test::FaultServer> server;
    fl::feed::Catalog catalog;

    ServedFeed() {
        const std::string bytes = publisher.publish(1);
        server = std::make_unique<fl::test::FaultServer>(publisher.www(), dir.file("fault.log"));
        const std::string url = server->url("files/feed.json");
        const std::string signature = fl::test::read_text(publisher.www() + "/feed.json.minisig");
        auto verified =
            fl::feed::verify_feed({bytes, signature, url, url}, publisher.policy(true), {}, std::time(nullptr));
        REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
        catalog = verified.value().catalog;
    }

    // The item with its download URL sent through a fault of the server ("cut/50000", "slow/200000", ...).
    fl::feed::Item item(size_t index, const std::string& fault = "") const {
        fl::feed::Item copy = catalog.items.at(index);
        if (!fault.empty()) {
            const std::string files = "/files/";
            const auto at = copy.download.location.find(files);
            copy.download.location.replace(at, files.size(), "/" + fault + "/");
        }
        return copy;
    }
};

DownloadSettings quick_settings(const std::string& dir) {
    DownloadSettings settings;
    settings.dir = dir;
    settings.http.allow_loopback_http = true;
    settings.sync_every = 16 * 1024;
    settings.backoff_min_ms = 10;
    settings.backoff_max_ms = 50;
    settings.max_attempts = 200;
    settings.low_speed_time_s = 2;
    return settings;
}

std::string sha256_of(const std::string& path) {
    auto hash = fl::feed::sha256_of_file(path);
    REQUIRE(hash.ok());
    return hash.value();
}

}  // namespace

TEST_CASE("downloads: a programme cut every 50 KB resumes with Range, is checked and then plays from the local file") {
    ServedFeed served;
    const fl::feed::Item item = served.item(0, "cut/50000");
    REQUIRE(item.download.bytes > 150'000);  // several cuts happen
    fl::test::RecordedEvents events;
    auto manager = DownloadManager::open(quick_settings(served.dir.file("downloads")), events.sink(), nullptr);
    REQUIRE(manager.ok());
    REQUIRE(manager.value()->start(item));
    REQUIRE(manager.value()->wait_idle(60'000));
    const auto status = manager.value()->status(item.id);
    REQUIRE(status.has_value());
    INFO(status->error);
    CHECK(status->state == DownloadState::Done);
    const std::string local = manager.value()->media_path(item.id);
    CHECK(sha256_of(local) == item.download.sha256);
    CHECK(std::filesystem::file_size(local) == static_cast<uintmax_t>(item.download.bytes));
    CHECK_FALSE(std::filesystem::exists(local + ".part"));
    CHECK(events.count("download_done") == 1);
    CHECK(events.count("download_progress") >= 1);
    // Every cut was resumed, never restarted: the server saw about one request per 50 KB.
    fl::net::HttpClient client(fl::net::HttpClientOptions{"", true, "t"});
    fl::net::HttpRequest count;
    count.url = served.server->url("count/" + item.id + ".mp4");
    const auto requests = client.fetch(count);
    REQUIRE(requests.ok());
    CHECK(std::stoll(requests.body) <= item.download.bytes / 50'000 + 2);

    const fl::feed::Catalog offline = manager.value()->localized(served.catalog);
    const fl::feed::Item* local_item = offline.find_item(item.id);
    REQUIRE(local_item != nullptr);
    CHECK(local_item->media_path == local);
    for (const auto& caption : local_item->captions) CHECK(caption.path.rfind(served.dir.file("downloads"), 0) == 0);
    CHECK(offline.find_item(served.catalog.items.at(1).id)->media_path == served.catalog.items.at(1).media_path);
}

TEST_CASE("downloads: a file that does not match the feed's sha256 is deleted and reported") {
    ServedFeed served;
    fl::feed::Item item = served.item(1);
    item.download.sha256 = std::string(64, 'a');
    fl::test::RecordedEvents events;
    auto manager = DownloadManager::open(quick_settings(served.dir.file("downloads")), events.sink(), nullptr);
    REQUIRE(manager.ok());
    REQUIRE(manager.value()->start(item));
    REQUIRE(manager.value()->wait_idle(30'000));
    const auto status = manager.value()->status(item.id);
    REQUIRE(status.has_value());
    CHECK(status->state == DownloadState::Failed);
    CHECK(status->error.find("sha256") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(manager.value()->media_path(item.id)));
    CHECK_FALSE(std::filesystem::exists(manager.value()->media_path(item.id) + ".part"));
    CHECK(events.count("download_failed") == 1);
    CHECK(manager.value()->localized(served.catalog).find_item(item.id)->media_path ==
          served.catalog.items.at(1).media_path);
}

TEST_CASE("downloads: a full quota evicts watched downloads first and refuses when only unwatched ones remain") {
    ServedFeed served;
    const auto a = served.item(0);
    const auto b = served.item(1);
    const auto c = served.item(2);
    auto settings = quick_settings(served.dir.file("downloads"));
    settings.quota_bytes = std::max(a.download.bytes + b.download.bytes, b.download.bytes + c.download.bytes) + 1000;
    std::set<std::string> watched;
    settings.watched = [&](const std::string& id) { return watched.count(id) != 0; };
    fl::test::RecordedEvents events;
    auto manager = DownloadManager::open(settings, events.sink(), nullptr);
    REQUIRE(manager.ok());
    DownloadManager& downloads = *manager.value();
    REQUIRE(downloads.start(a));
    REQUIRE(downloads.wait_idle(30'000));
    REQUIRE(downloads.start(b));
    REQUIRE(downloads.wait_idle(30'000));
    // Nothing watched: no room for c.
    REQUIRE(downloads.start(c));
    REQUIRE(downloads.wait_idle(30'000));
    CHECK(downloads.status(c.id)->state == DownloadState::Failed);
    CHECK(downloads.status(c.id)->error.find("quota") != std::string::npos);
    CHECK(downloads.status(a.id)->state == DownloadState::Done);
    // a watched: it makes room for c, b stays.
    watched.insert(a.id);
    REQUIRE(downloads.start(c));
    REQUIRE(downloads.wait_idle(30'000));
    CHECK(downloads.status(c.id)->state == DownloadState::Done);
    CHECK_FALSE(downloads.status(a.id).has_value());
    CHECK_FALSE(std::filesystem::exists(downloads.media_path(a.id)));
    CHECK(downloads.status(b.id)->state == DownloadState::Done);
    // Deleting from the remote: files and ledger row go.
    downloads.remove(b.id);
    CHECK_FALSE(downloads.status(b.id).has_value());
    CHECK_FALSE(std::filesystem::exists(downloads.media_path(b.id)));
}

TEST_CASE("downloads: kill -9 at random moments during 100 download rounds, then the download resumes and completes") {
    ServedFeed served;
    // Slow enough (25 KB/s: about 12 s for the whole file) that all 100 rounds are killed during the transfer.
    const auto item = served.item(0, "slow/25000");
    const std::string dir = served.dir.file("downloads");
    const std::string ledger_path = dir + "/ledger.db";
    std::mt19937 random(12348);
    int64_t last_received = 0;
    int resumed_rounds = 0;
    bool finished = false;
    for (int round = 0; round < 100; ++round) {
        fl::test::ChildProcess helper({FL_DOWNLOAD_HELPER, dir, item.id, item.download.location, item.download.sha256,
                                       std::to_string(item.download.bytes)},
                                      served.dir.file("helper.log"));
        // The kill lands at a random moment after the helper has queued (or resumed) the download.
        REQUIRE(helper.read_line(10'000) == "started");
        const int wait_ms = std::uniform_int_distribution<int>(10, 150)(random);
        if (helper.read_line(wait_ms) == "done") finished = true;
        helper.signal(SIGKILL);
        helper.wait(5000);
        CAPTURE(round);
        if (!std::filesystem::exists(ledger_path)) continue;  // killed before it opened the ledger
        auto ledger = fl::feed::DownloadLedger::open(ledger_path);
        REQUIRE(ledger.ok());
        const auto record = ledger.value()->find(item.id);
        if (!record) continue;                     // killed before the first row was written
        CHECK(record->received >= last_received);  // durable progress never goes back
        if (record->received > last_received && last_received > 0) ++resumed_rounds;
        last_received = record->received;
        // Whatever the ledger says is durable is exactly the file's bytes.
        if (record->state != DownloadState::Done && record->received > 0) {
            const std::string part = fl::test::read_text(dir + "/" + item.id + ".mp4.part");
            const std::string original = fl::test::read_text(served.publisher.www() + "/clips/" + item.id + ".mp4");
            REQUIRE(part.size() >= static_cast<size_t>(record->received));
            CHECK(part.compare(0, record->received, original, 0, record->received) == 0);
        }
        if (record->state == DownloadState::Done) finished = true;
    }
    CHECK_FALSE(finished);  // the kills did land during the download
    CHECK(resumed_rounds > 30);
    const auto last =
        fl::test::run_command(fl::test::shell_quote(FL_DOWNLOAD_HELPER) + " " + fl::test::shell_quote(dir) + " " +
                              item.id + " " + fl::test::shell_quote(item.download.location) + " " +
                              item.download.sha256 + " " + std::to_string(item.download.bytes));
    CHECK(last.out == "started\ndone\n");
    CHECK(sha256_of(dir + "/" + item.id + ".mp4") == item.download.sha256);
}

TEST_CASE("thumbnails: fetched once, checked against the feed, localized, and evicted beyond the size cap") {
    ServedFeed served;
    fl::net::HttpClient client(fl::net::HttpClientOptions{"", true, "t"});
    const std::string dir = served.dir.file("thumbs");
    const auto first = served.catalog.items.at(0);
    fl::feed::ThumbnailCache cache(dir, static_cast<uint64_t>(first.thumbnail_bytes) * 3);
    std::vector<std::string> problems;
    fl::feed::Catalog catalog = served.catalog;
    catalog.items[1].thumbnail_sha256 = std::string(64, 'b');  // a picture that does not match its feed
    const int fetched = cache.fetch_missing(client, catalog, nullptr, problems);
    CHECK(fetched == static_cast<int>(catalog.items.size()) - 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("sha256") != std::string::npos);
    CHECK(cache.total_bytes() <= static_cast<uint64_t>(first.thumbnail_bytes) * 3);
    const auto shown = cache.localized(catalog);
    int local = 0;
    for (const auto& item : shown.items) {
        CHECK_FALSE(fl::feed::is_remote(item.thumbnail_path));
        if (!item.thumbnail_path.empty()) {
            ++local;
            CHECK(sha256_of(item.thumbnail_path) == item.thumbnail_sha256);
        }
    }
    CHECK(local >= 1);
    CHECK(local < static_cast<int>(catalog.items.size()) - 1);  // the cap evicted some
}

TEST_CASE("downloads: a disk too small for the file fails at once at the space reservation, with a clear reason") {
    ServedFeed served;
    const auto item = served.item(0);
    const std::string dir = served.dir.file("downloads");
    const auto quote = fl::test::shell_quote;
    // A file size limit (64 blocks, far below the programme's size) stands in for a full disk; SIGXFSZ is ignored
    // by the helper, so the reservation fails with EFBIG as it would with ENOSPC.
    const auto run =
        fl::test::run_command("sh -c " + quote("ulimit -f 64; exec " + quote(FL_DOWNLOAD_HELPER) + " " + quote(dir) +
                                               " " + item.id + " " + quote(item.download.location) + " " +
                                               item.download.sha256 + " " + std::to_string(item.download.bytes)));
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("cannot reserve") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir + "/" + item.id + ".mp4"));
}
