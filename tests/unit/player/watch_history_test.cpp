// Watch history tests: round trip, coalescing, resume rules, ids, damaged files, kill -9 and a full disk.
#include "library/watch_history.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "process.h"

#ifndef FL_HISTORY_WRITER
#error "FL_HISTORY_WRITER must name the watch_history_writer program (tests/CMakeLists.txt)"
#endif

using fl::library::WatchEntry;
using fl::library::WatchHistory;
using fl::library::WatchHistoryOptions;
using fl::test::TempDir;

namespace {

// Rounds of the kill -9 test; each runs the writer for about kKillRunTime before SIGKILL.
constexpr int kKillRounds = 20;
constexpr auto kKillRunTime = std::chrono::milliseconds(200);

std::unique_ptr<WatchHistory> open_ok(const std::string& path, const WatchHistoryOptions& options = {}) {
    auto opened = WatchHistory::open(path, options);
    const std::string error = opened ? std::string() : opened.error().message;
    INFO(error);
    REQUIRE(opened.ok());
    return std::move(opened).value();
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_all(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    REQUIRE(out.good());
}

// A raw SQLite connection for checks behind the class's back.
class RawDb {
public:
    explicit RawDb(const std::string& path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    // First column of the first row as text; "<no row>" or "<error: ...>" otherwise.
    std::string text(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            return std::string("<error: ") + sqlite3_errmsg(db_) + ">";
        }
        std::string out;
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            const unsigned char* value = sqlite3_column_text(stmt, 0);
            out = value != nullptr ? reinterpret_cast<const char*>(value) : "<null>";
        } else {
            out = rc == SQLITE_DONE ? "<no row>" : std::string("<error: ") + sqlite3_errmsg(db_) + ">";
        }
        sqlite3_finalize(stmt);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// Sends stderr (where fl::log writes) to a file until finish().
class StderrCapture {
public:
    explicit StderrCapture(std::string path) : path_(std::move(path)) {
        std::fflush(stderr);
        saved_ = ::dup(2);
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        ::dup2(fd, 2);
        ::close(fd);
    }
    ~StderrCapture() { restore(); }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    std::string finish() {
        restore();
        return read_all(path_);
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
    }

    std::string path_;
    int saved_ = -1;
};

std::vector<std::string> damaged_files(const TempDir& dir) {
    std::vector<std::string> found;
    for (const auto& item : std::filesystem::directory_iterator(dir.path())) {
        const std::string name = item.path().filename().string();
        if (name.find(".damaged-") != std::string::npos) found.push_back(item.path().string());
    }
    return found;
}

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("watch history: entries survive close and reopen") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    std::vector<WatchEntry> before;
    {
        auto history = open_ok(path);
        history->save_position("film-a", 125.5, 3600);
        history->save_position("film-b", 42, 1800);
        history->mark_finished("film-b");
        history->save_position("film-c", 300, 900);
        history->forget("film-c");
        history->save_position("episode-7", 61.25, 0);
        before = history->recent(10);
        REQUIRE(before.size() == 3);
        CHECK(before[0].item_id == "episode-7");
        CHECK(before[1].item_id == "film-b");
        CHECK(before[2].item_id == "film-a");
    }  // the destructor flushes
    {
        RawDb raw(path);
        CHECK(raw.text("PRAGMA journal_mode") == "wal");
        CHECK(raw.text("PRAGMA user_version") == std::to_string(fl::library::kWatchHistorySchemaVersion));
        CHECK(raw.text("SELECT count(*) FROM watch_history") == "3");
    }
    auto history = open_ok(path);
    const auto after = history->recent(10);
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].item_id == before[i].item_id);
        CHECK(after[i].position_s == before[i].position_s);
        CHECK(after[i].duration_s == before[i].duration_s);
        CHECK(after[i].finished == before[i].finished);
        CHECK(after[i].updated_unix_s == before[i].updated_unix_s);
    }
    CHECK(history->resume_position("film-a") == 125.5);
    CHECK_FALSE(history->resume_position("film-b").has_value());
    CHECK_FALSE(history->resume_position("film-c").has_value());
    CHECK(history->resume_position("episode-7") == 61.25);
    CHECK(history->recent(1).size() == 1);
    CHECK(history->recent(0).empty());

    // The update order carries on after a reopen.
    history->save_position("film-a", 130, 3600);
    CHECK(history->recent(1)[0].item_id == "film-a");
    CHECK(history->last_error().empty());
}

TEST_CASE("watch history: many updates of one item are coalesced into few transactions") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    constexpr int kUpdates = 1000;
    {
        auto history = open_ok(path);
        for (int i = 0; i < kUpdates; ++i) history->save_position("long-film", 10.0 + i, 7200);
        for (int i = 0; i < kUpdates; ++i) history->save_position("clip-" + std::to_string(i % 10), 20.0 + i, 7200);
        history->flush();
        CHECK(history->resume_position("long-film") == 10.0 + kUpdates - 1);
        // Far fewer transactions than calls (the exact number depends on scheduling, so only a bound).
        CHECK(history->committed_transactions() >= 1);
        CHECK(history->committed_transactions() * 10 < 2 * kUpdates);
        CHECK(history->last_error().empty());
    }
    RawDb raw(path);
    CHECK(raw.text("SELECT position_s FROM watch_history WHERE item_id = 'long-film'") == "1009.0");
    CHECK(raw.text("SELECT position_s FROM watch_history WHERE item_id = 'clip-9'") == "1019.0");
    CHECK(raw.text("SELECT count(*) FROM watch_history") == "11");
}

TEST_CASE("watch history: flush with a zero coalescing window and with nothing queued") {
    TempDir dir;
    WatchHistoryOptions options;
    options.coalesce_window = std::chrono::milliseconds(0);
    auto history = open_ok(dir.file("history.db"), options);
    history->flush();
    CHECK(history->committed_transactions() == 0);
    for (int i = 0; i < 100; ++i) {
        history->save_position("short", 10.0 + i, 1000);
        if (i % 10 == 0) history->flush();
    }
    history->flush();
    history->flush();
    CHECK(history->committed_transactions() >= 10);
    CHECK(history->committed_transactions() <= 100);
    history.reset();
    auto reopened = open_ok(dir.file("history.db"));
    CHECK(reopened->resume_position("short") == 109.0);
}

TEST_CASE("watch history: resume rules at the edges") {
    TempDir dir;
    auto history = open_ok(dir.file("history.db"));
    CHECK_FALSE(history->resume_position("never-watched").has_value());

    // Less than 10 s watched: start from the beginning.
    history->save_position("a", 9.999, 1000);
    CHECK_FALSE(history->resume_position("a").has_value());
    history->save_position("a", 10, 1000);
    CHECK(history->resume_position("a") == 10);

    // Long item: the tail is 5 % (50 s of 1000 s).
    history->save_position("a", 949.9, 1000);
    CHECK(history->resume_position("a") == 949.9);
    history->save_position("a", 950, 1000);
    CHECK_FALSE(history->resume_position("a").has_value());

    // Short item: the tail is 30 s (5 % of 200 s is only 10 s).
    history->save_position("b", 169.5, 200);
    CHECK(history->resume_position("b") == 169.5);
    history->save_position("b", 170, 200);
    CHECK_FALSE(history->resume_position("b").has_value());
    history->save_position("b", 250, 200);  // past the end
    CHECK_FALSE(history->resume_position("b").has_value());

    // Very short item: everything is either under 10 s or in the last 30 s.
    history->save_position("c", 15, 35);
    CHECK_FALSE(history->resume_position("c").has_value());

    // Unknown duration (0): only the 10 s rule applies.
    history->save_position("live", 5000, 0);
    CHECK(history->resume_position("live") == 5000);

    // Finished hides the resume point; watching again brings it back.
    history->save_position("d", 500, 3600);
    history->mark_finished("d");
    CHECK_FALSE(history->resume_position("d").has_value());
    REQUIRE(history->recent(1).size() == 1);
    CHECK(history->recent(1)[0].item_id == "d");
    CHECK(history->recent(1)[0].finished);
    history->save_position("d", 600, 3600);
    CHECK(history->resume_position("d") == 600);

    // Finished without a position first: an entry that is finished.
    history->mark_finished("e");
    CHECK_FALSE(history->resume_position("e").has_value());
    CHECK(history->recent(1)[0].item_id == "e");

    // Forgotten: never watched.
    history->forget("a");
    CHECK_FALSE(history->resume_position("a").has_value());
}

TEST_CASE("watch history: invalid ids and numbers are rejected") {
    CHECK(WatchHistory::valid_item_id("a"));
    CHECK(WatchHistory::valid_item_id("0"));
    CHECK(WatchHistory::valid_item_id("abc-def-"));
    CHECK(WatchHistory::valid_item_id(std::string(64, 'z')));
    const std::vector<std::string> bad = {"",
                                          "A",
                                          "-abc",
                                          "abc_def",
                                          "a b",
                                          "a/../b",
                                          "film\n",
                                          std::string("a\0b", 3),
                                          "caf\xc3\xa9",
                                          std::string(65, 'z'),
                                          "x'; DROP TABLE watch_history; --",
                                          "a.b",
                                          "ABC-1"};
    for (const auto& id : bad) CHECK_FALSE(WatchHistory::valid_item_id(id));

    TempDir dir;
    const std::string path = dir.file("history.db");
    {
        auto history = open_ok(path);
        StderrCapture capture(dir.file("stderr.txt"));
        for (const auto& id : bad) {
            history->save_position(id, 100, 1000);
            history->mark_finished(id);
            history->forget(id);
            CHECK_FALSE(history->resume_position(id).has_value());
        }
        history->save_position("ok-item", std::nan(""), 1000);
        history->save_position("ok-item", 100, std::numeric_limits<double>::infinity());
        history->save_position("ok-item", -5, 1000);
        history->save_position("ok-item", 100, -1);
        const std::string log = capture.finish();
        INFO(log);
        // One line per rejected call: an id with a newline cannot forge a log line.
        CHECK(count_of(log, "\n") == 3 * bad.size() + 4);
        CHECK(log.find("film\\x0a") != std::string::npos);
        CHECK(count_of(log, "invalid item id") == 3 * bad.size());
        history->flush();
        CHECK(history->recent(100).empty());
        CHECK(history->committed_transactions() == 0);
    }
    RawDb raw(path);
    CHECK(raw.text("SELECT count(*) FROM watch_history") == "0");
}

TEST_CASE("watch history: a file that is not a database is moved aside and a fresh one works") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    std::string garbage;
    for (int i = 0; i < 500; ++i) garbage += "this is not an SQLite database, line " + std::to_string(i) + "\n";
    write_all(path, garbage);

    StderrCapture capture(dir.file("stderr.txt"));
    auto opened = WatchHistory::open(path);
    const std::string log = capture.finish();
    REQUIRE(opened.ok());
    auto history = std::move(opened).value();

    const auto aside = damaged_files(dir);
    REQUIRE(aside.size() == 1);
    CHECK(aside[0].rfind(path + ".damaged-", 0) == 0);
    CHECK(read_all(aside[0]) == garbage);
    INFO(log);
    CHECK(log.find(path) != std::string::npos);
    CHECK(log.find(aside[0]) != std::string::npos);
    CHECK(log.find("damaged") != std::string::npos);

    history->save_position("after-damage", 77, 600);
    history->flush();
    CHECK(history->last_error().empty());
    history.reset();
    auto reopened = open_ok(path);
    CHECK(reopened->resume_position("after-damage") == 77);
    CHECK(damaged_files(dir).size() == 1);
}

TEST_CASE("watch history: a database with corrupt pages fails integrity_check and is moved aside") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    {
        auto history = open_ok(path);
        for (int i = 0; i < 500; ++i)
            history->save_position("item-" + std::to_string(i) + std::string(40, 'x'), 100, 3600);
    }  // closing the last connection checkpoints the WAL into the file
    std::string bytes = read_all(path);
    REQUIRE(bytes.size() >= 4 * 4096);
    for (size_t i = 4096; i < bytes.size() - 4096; ++i) bytes[i] = static_cast<char>((i * 131) & 0xff);
    write_all(path, bytes);

    StderrCapture capture(dir.file("stderr.txt"));
    auto opened = WatchHistory::open(path);
    const std::string log = capture.finish();
    INFO(log);
    REQUIRE(opened.ok());
    auto history = std::move(opened).value();
    CHECK(history->recent(1000).empty());
    const auto aside = damaged_files(dir);
    REQUIRE(aside.size() == 1);
    CHECK(read_all(aside[0]) == bytes);
    CHECK(log.find(aside[0]) != std::string::npos);

    history->save_position("fresh", 50, 600);
    history->flush();
    CHECK(history->last_error().empty());
    RawDb raw(path);
    CHECK(raw.text("PRAGMA integrity_check") == "ok");
    CHECK(raw.text("SELECT position_s FROM watch_history WHERE item_id = 'fresh'") == "50.0");
}

TEST_CASE("watch history: errors that are not damage leave the file alone") {
    TempDir dir;
    auto missing = WatchHistory::open(dir.file("no-such-dir/history.db"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find(dir.file("no-such-dir/history.db")) != std::string::npos);

    const std::string path = dir.file("history.db");
    open_ok(path).reset();
    {
        RawDb raw(path);
        CHECK(raw.text("PRAGMA user_version = 99") == "<no row>");
    }
    auto newer = WatchHistory::open(path);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().message.find("schema version 99") != std::string::npos);
    CHECK(damaged_files(dir).empty());
}

TEST_CASE("watch history: a full disk keeps memory and the last committed state") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    {
        auto history = open_ok(path);
        history->save_position("kept-1", 100, 3600);
        history->save_position("kept-2", 200, 3600);
    }
    {
        // A page cap just above the current size: SQLite answers SQLITE_FULL like a full disk.
        WatchHistoryOptions options;
        options.max_pages = 3;
        auto history = open_ok(path, options);
        StderrCapture capture(dir.file("stderr.txt"));
        for (int i = 0; i < 300; ++i) {
            history->save_position("big-" + std::to_string(i) + std::string(50, 'y'), 1000 + i, 3600);
        }
        history->flush();
        const std::string error = history->last_error();
        CHECK(error.find("SQLITE_FULL") != std::string::npos);
        CHECK(error.find(path) != std::string::npos);
        // In memory everything is still there.
        CHECK(history->resume_position("big-299" + std::string(50, 'y')) == 1299);
        CHECK(history->resume_position("kept-1") == 100);
        CHECK(history->recent(1000).size() == 302);
        // A second failing write is not logged again.
        history->save_position("big-0" + std::string(50, 'y'), 1500, 3600);
        history->flush();
        CHECK_FALSE(history->last_error().empty());
        const std::string log = capture.finish();
        INFO(log);
        CHECK(count_of(log, "SQLITE_FULL") == 1);

        // Freeing the space (forgetting the big items) lets the next write succeed and clears the error.
        for (int i = 0; i < 300; ++i) history->forget("big-" + std::to_string(i) + std::string(50, 'y'));
        history->save_position("kept-3", 300, 3600);
        history->flush();
        CHECK(history->last_error().empty());
    }
    RawDb raw(path);
    CHECK(raw.text("PRAGMA integrity_check") == "ok");
    CHECK(raw.text("SELECT count(*) FROM watch_history") == "3");
    CHECK(raw.text("SELECT position_s FROM watch_history WHERE item_id = 'kept-2'") == "200.0");
    CHECK(raw.text("SELECT position_s FROM watch_history WHERE item_id = 'kept-3'") == "300.0");
}

TEST_CASE("watch history: a failed write leaves the committed state on disk") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    {
        auto history = open_ok(path);
        history->save_position("kept", 100, 3600);
    }
    {
        WatchHistoryOptions options;
        options.max_pages = 3;
        auto history = open_ok(path, options);
        for (int i = 0; i < 300; ++i) history->save_position("big-" + std::to_string(i) + std::string(50, 'y'), 20, 60);
        history->save_position("kept", 150, 3600);
        history->flush();
        CHECK_FALSE(history->last_error().empty());
        CHECK(history->resume_position("kept") == 150);
    }  // closing logs the changes that could not be saved
    auto reopened = open_ok(path);
    CHECK(reopened->resume_position("kept") == 100);  // the whole failed transaction was rolled back
    CHECK(reopened->recent(1000).size() == 1);
}

namespace {

// Reads what the child printed until the deadline, a first newline (when wanted) or end of file.
// Returns false at end of file.
bool read_child(int fd, std::string* out, std::chrono::steady_clock::time_point deadline, bool until_newline) {
    for (;;) {
        if (until_newline && out->find('\n') != std::string::npos) return true;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return true;
        pollfd poll_fd{fd, POLLIN, 0};
        const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return true;
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        out->append(buffer, static_cast<size_t>(n));
    }
}

}  // namespace

TEST_CASE("watch history: kill -9 of a writer leaves a sound database with the last committed position") {
    TempDir dir;
    const std::string path = dir.file("history.db");
    const std::string writer = FL_HISTORY_WRITER;
    long long total_commits = 0;
    long long fewest = -1;
    int ahead_of_report = 0;

    for (int round = 0; round < kKillRounds; ++round) {
        CAPTURE(round);
        const long long first = (round + 1) * 1000000LL;
        const std::string first_text = std::to_string(first);
        const std::string limit_text = "60";
        std::vector<char*> argv = {const_cast<char*>(writer.c_str()), const_cast<char*>(path.c_str()),
                                   const_cast<char*>(first_text.c_str()), const_cast<char*>(limit_text.c_str()),
                                   nullptr};
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(fds[1], 1);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);

        std::string printed;
        const auto start = std::chrono::steady_clock::now();
        read_child(fds[0], &printed, start + std::chrono::seconds(30), true);
        const bool started = printed.find('\n') != std::string::npos;
        if (started) read_child(fds[0], &printed, std::chrono::steady_clock::now() + kKillRunTime, false);
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        while (read_child(fds[0], &printed, std::chrono::steady_clock::now() + std::chrono::seconds(5), false)) {
        }
        ::close(fds[0]);
        REQUIRE(started);
        REQUIRE(WIFSIGNALED(status));
        REQUIRE(WTERMSIG(status) == SIGKILL);

        // Complete lines only: each one is a value the writer saw committed, in order.
        std::vector<long long> reported;
        std::istringstream lines(printed.substr(0, printed.rfind('\n') + 1));
        for (std::string line; std::getline(lines, line);) reported.push_back(std::stoll(line));
        REQUIRE(!reported.empty());
        bool consecutive = true;
        for (size_t i = 0; i < reported.size(); ++i)
            consecutive = consecutive && reported[i] == first + static_cast<long long>(i);
        REQUIRE(consecutive);
        const long long last = reported.back();
        total_commits += static_cast<long long>(reported.size());
        fewest = fewest < 0 ? static_cast<long long>(reported.size())
                            : std::min(fewest, static_cast<long long>(reported.size()));

        {
            RawDb raw(path);
            REQUIRE(raw.text("PRAGMA integrity_check") == "ok");
        }
        REQUIRE(damaged_files(dir).empty());
        auto history = open_ok(path);
        const auto resume = history->resume_position("kill-test");
        REQUIRE(resume.has_value());
        const auto value = static_cast<long long>(*resume);
        CAPTURE(last);
        CAPTURE(value);
        // The last reported value, or the next one when the kill came after its commit and before its line.
        REQUIRE(static_cast<double>(value) == *resume);
        REQUIRE((value == last || value == last + 1));
        if (value == last + 1) ++ahead_of_report;
        REQUIRE(history->recent(10).size() == 1);
    }
    MESSAGE("kill -9: " << kKillRounds << " rounds, " << total_commits << " commits reported in all, fewest in a round "
                        << fewest << ", " << ahead_of_report << " rounds where the commit beat its report line");
}
