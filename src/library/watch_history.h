// Watch history and resume points: in memory for the UI, made durable in SQLite (WAL) by a writer thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fl::library {

struct WatchEntry {
    std::string item_id;
    double position_s = 0;
    double duration_s = 0;
    bool finished = false;
    int64_t updated_unix_s = 0;
};

struct WatchHistoryOptions {
    // How long the writer gathers updates after the first one before it commits them in one transaction.
    // flush() and the destructor do not wait for it.
    std::chrono::milliseconds coalesce_window{250};
    // Upper bound on the database size in pages (0: SQLite's default). Reaching it fails a write the same way a
    // full disk does (SQLITE_FULL); it also lets tests simulate a full disk.
    int64_t max_pages = 0;
};

// The schema version kept in PRAGMA user_version.
inline constexpr int kWatchHistorySchemaVersion = 1;

class WatchHistory {
public:
    // Opens or creates the SQLite database (WAL, synchronous=NORMAL, busy_timeout, schema version in user_version)
    // and loads every entry into memory. A damaged file (not a database, or integrity_check fails) is moved aside to
    // PATH.damaged-<unix time> with a log line naming both paths, and a fresh database is created. Errors that are
    // not damage (no such directory, no permission, a newer schema version) come back as an Error.
    static Result<std::unique_ptr<WatchHistory>> open(const std::string& path, const WatchHistoryOptions& options = {});

    ~WatchHistory();  // flushes queued writes, stops the writer thread
    WatchHistory(const WatchHistory&) = delete;
    WatchHistory& operator=(const WatchHistory&) = delete;

    // Queue a position (non-blocking; the writer coalesces many updates of one item into one transaction).
    // Invalid ids and non-finite or negative numbers are rejected with a log line. A duration of 0 means unknown.
    void save_position(const std::string& item_id, double position_s, double duration_s);
    void mark_finished(const std::string& item_id);
    void forget(const std::string& item_id);

    // Where to resume: nullopt when never watched, finished, watched less than 10 s, or when at most
    // max(5 % of the duration, 30 s) is left (the tail rule applies only when the duration is known).
    std::optional<double> resume_position(const std::string& item_id) const;
    // Most recently updated first (by update order, which survives restarts and wall-clock jumps).
    std::vector<WatchEntry> recent(size_t count) const;

    // Blocks until every write queued before the call has been tried; a failure shows in last_error().
    void flush();
    // The last write that failed, in English (e.g. a full disk: SQLITE_FULL); empty once a later write succeeds.
    // The in-memory state stays and the failed writes are tried again with the next write.
    std::string last_error() const;
    // How many write transactions have been committed since open() (for tests and diagnostics).
    uint64_t committed_transactions() const;

    // ^[a-z0-9][a-z0-9-]{0,63}$
    static bool valid_item_id(std::string_view item_id);

private:
    struct Stored {
        WatchEntry entry;
        int64_t sequence = 0;  // update order, persisted
    };
    // What the writer must do for one item: write the entry, or delete it (nullopt).
    using PendingMap = std::unordered_map<std::string, std::optional<Stored>>;

    WatchHistory(std::string path, sqlite3* db, WatchHistoryOptions options);
    // One attempt at open(); *damaged tells whether a failure was the file's fault.
    static Result<std::unique_ptr<WatchHistory>> open_once(const std::string& path, const WatchHistoryOptions& options,
                                                           bool* damaged);
    Result<void> prepare_statements();
    Result<void> load_entries();
    void enqueue_locked(const std::string& item_id, std::optional<Stored> op);
    void writer_loop();
    Result<void> commit_batch(const PendingMap& batch);

    const std::string path_;
    sqlite3* db_ = nullptr;  // used only by the writer thread once open() has returned
    sqlite3_stmt* upsert_ = nullptr;
    sqlite3_stmt* delete_ = nullptr;
    const WatchHistoryOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable work_cv_;
    std::condition_variable done_cv_;
    std::unordered_map<std::string, Stored> entries_;
    PendingMap pending_;
    int64_t next_sequence_ = 1;
    uint64_t enqueue_seq_ = 0;   // bumped by every queued change
    uint64_t taken_seq_ = 0;     // enqueue_seq_ when the writer last took a batch
    uint64_t done_seq_ = 0;      // enqueue_seq_ of the last batch the writer has finished trying
    uint64_t flush_target_ = 0;  // a flush() waits for this
    bool stop_ = false;
    bool failing_ = false;
    std::string last_error_;
    uint64_t transactions_ = 0;
    std::thread writer_;
};

}  // namespace fl::library
