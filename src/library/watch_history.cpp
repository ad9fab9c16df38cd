// Watch history over SQLite: open with damage recovery, in-memory cache, coalescing writer thread.
#include "library/watch_history.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/log.h"

namespace fl::library {
namespace {

constexpr std::string_view kArea = "library";
constexpr int kBusyTimeoutMs = 5000;
constexpr double kMinimumWatchedS = 10.0;
constexpr double kTailFraction = 0.05;
constexpr double kTailMinimumS = 30.0;

int64_t now_unix_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The symbolic name of an SQLite result code, for messages an operator can search for.
std::string code_name(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return "SQLITE_FULL";
        case SQLITE_IOERR:
            return "SQLITE_IOERR";
        case SQLITE_BUSY:
            return "SQLITE_BUSY";
        case SQLITE_LOCKED:
            return "SQLITE_LOCKED";
        case SQLITE_READONLY:
            return "SQLITE_READONLY";
        case SQLITE_CORRUPT:
            return "SQLITE_CORRUPT";
        case SQLITE_NOTADB:
            return "SQLITE_NOTADB";
        case SQLITE_CANTOPEN:
            return "SQLITE_CANTOPEN";
        case SQLITE_NOMEM:
            return "SQLITE_NOMEM";
        case SQLITE_PERM:
            return "SQLITE_PERM";
        case SQLITE_CONSTRAINT:
            return "SQLITE_CONSTRAINT";
        default:
            return "SQLite error " + std::to_string(rc);
    }
}

bool is_damage(int rc) {
    return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

// "what: <SQLite's English message> (SQLITE_X)".
std::string describe(sqlite3* db, int rc, const std::string& what) {
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return what + ": " + (message != nullptr ? message : sqlite3_errstr(rc)) + " (" + code_name(rc) + ")";
}

// An untrusted string made safe for a one-line log message.
std::string printable(std::string_view text) {
    constexpr size_t kMax = 80;
    std::string out = "\"";
    for (size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    out += text.size() > kMax ? "\"..." : "\"";
    return out;
}

// Runs statements that return no rows we need.
int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Runs a statement and reads the first column of its first row as text (empty when no row).
int query_text(sqlite3* db, const char* sql, std::string* out) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(stmt);
    out->clear();
    if (rc == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        if (text != nullptr) out->assign(reinterpret_cast<const char*>(text));
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int query_int(sqlite3* db, const char* sql, int64_t* out) {
    std::string text;
    const int rc = query_text(db, sql, &text);
    if (rc == SQLITE_OK) *out = text.empty() ? 0 : std::strtoll(text.c_str(), nullptr, 10);
    return rc;
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

void sync_directory(const std::string& path) {
    const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

// Moves the database and its WAL, shared-memory and journal files to PATH.damaged-<unix time>[-n].
Result<std::string> move_aside(const std::string& path) {
    const std::string stem = path + ".damaged-" + std::to_string(now_unix_s());
    std::string aside = stem;
    for (int n = 1; exists(aside) || exists(aside + "-wal"); ++n) aside = stem + "-" + std::to_string(n);
    if (::rename(path.c_str(), aside.c_str()) != 0) {
        return Error{"cannot move the damaged watch history " + path + " aside to " + aside + ": " +
                     std::strerror(errno)};
    }
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const std::string from = path + suffix;
        const std::string to = aside + suffix;
        if (exists(from) && ::rename(from.c_str(), to.c_str()) != 0) {
            return Error{"cannot move " + from + " aside to " + to + ": " + std::strerror(errno)};
        }
    }
    sync_directory(path);
    return aside;
}

constexpr const char* kCreateSchema =
    "CREATE TABLE IF NOT EXISTS watch_history ("
    " item_id TEXT NOT NULL PRIMARY KEY,"
    " position_s REAL NOT NULL,"
    " duration_s REAL NOT NULL,"
    " finished INTEGER NOT NULL CHECK (finished IN (0, 1)),"
    " updated_unix_s INTEGER NOT NULL,"
    " sequence INTEGER NOT NULL"
    ") WITHOUT ROWID";

}  // namespace

bool WatchHistory::valid_item_id(std::string_view item_id) {
    if (item_id.empty() || item_id.size() > 64) return false;
    for (size_t i = 0; i < item_id.size(); ++i) {
        const char c = item_id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !(i > 0 && c == '-')) return false;
    }
    return true;
}

WatchHistory::WatchHistory(std::string path, sqlite3* db, WatchHistoryOptions options)
    : path_(std::move(path)), db_(db), options_(options) {}

Result<std::unique_ptr<WatchHistory>> WatchHistory::open(const std::string& path, const WatchHistoryOptions& options) {
    bool damaged = false;
    auto first = open_once(path, options, &damaged);
    if (first || !damaged) return first;
    auto aside = move_aside(path);
    if (!aside) {
        log::error(kArea, "watch history database " + path + " is damaged (" + first.error().message +
                              ") and could not be moved aside: " + aside.error().message);
        return Error{aside.error().message};
    }
    log::error(kArea, "watch history database " + path + " is damaged (" + first.error().message +
                          "); moved it aside to " + aside.value() + " and started a fresh database at " + path);
    auto fresh = open_once(path, options, &damaged);
    if (!fresh)
        return Error{"cannot create a fresh watch history after moving the damaged one aside: " +
                     fresh.error().message};
    return fresh;
}

Result<std::unique_ptr<WatchHistory>> WatchHistory::open_once(const std::string& path,
                                                              const WatchHistoryOptions& options, bool* damaged) {
    *damaged = false;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        Error error{describe(db, rc, "cannot open the watch history " + path)};
        sqlite3_close(db);
        return error;
    }
    // From here the object owns the connection and closes it on every return.
    std::unique_ptr<WatchHistory> history(new WatchHistory(path, db, options));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    auto fail = [&](int code, const std::string& what) -> Error {
        *damaged = is_damage(code);
        return Error{describe(db, code, what + " " + path)};
    };

    std::string mode;
    rc = query_text(db, "PRAGMA journal_mode=WAL", &mode);
    if (rc != SQLITE_OK) return fail(rc, "cannot switch to WAL mode in");
    if (mode != "wal") return Error{"the watch history " + path + " refuses WAL mode (journal mode " + mode + ")"};
    rc = exec(db, "PRAGMA synchronous=NORMAL");
    if (rc != SQLITE_OK) return fail(rc, "cannot set synchronous=NORMAL in");
    if (options.max_pages > 0) {
        int64_t pages = 0;
        const std::string pragma = "PRAGMA max_page_count=" + std::to_string(options.max_pages);
        rc = query_int(db, pragma.c_str(), &pages);
        if (rc != SQLITE_OK) return fail(rc, "cannot set max_page_count in");
    }

    std::string check;
    rc = query_text(db, "PRAGMA integrity_check", &check);
    if (rc != SQLITE_OK) return fail(rc, "integrity_check could not run on");
    if (check != "ok") {
        *damaged = true;
        return Error{"integrity_check of " + path + " failed: " + check};
    }

    int64_t version = 0;
    rc = query_int(db, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK) return fail(rc, "cannot read the schema version of");
    if (version > kWatchHistorySchemaVersion) {
        return Error{"the watch history " + path + " has schema version " + std::to_string(version) +
                     ", newer than this app's " + std::to_string(kWatchHistorySchemaVersion) +
                     "; it was left untouched"};
    }
    if (version < kWatchHistorySchemaVersion) {
        // Version 0 is a new file. Later versions add their migrations here, each in this one transaction.
        const std::string migrate = std::string("BEGIN IMMEDIATE; ") + kCreateSchema +
                                    "; PRAGMA user_version=" + std::to_string(kWatchHistorySchemaVersion) + "; COMMIT;";
        rc = exec(db, migrate.c_str());
        if (rc != SQLITE_OK) {
            Error error = fail(rc, "cannot create the watch history schema in");
            if (sqlite3_get_autocommit(db) == 0) exec(db, "ROLLBACK");
            return error;
        }
    }

    if (auto prepared = history->prepare_statements(); !prepared) {
        *damaged = false;
        return prepared.error();
    }
    if (auto loaded = history->load_entries(); !loaded) {
        *damaged = is_damage(sqlite3_extended_errcode(db));
        return loaded.error();
    }
    history->writer_ = std::thread([raw = history.get()] { raw->writer_loop(); });
    return history;
}

Result<void> WatchHistory::prepare_statements() {
    const char* upsert_sql =
        "INSERT INTO watch_history (item_id, position_s, duration_s, finished, updated_unix_s, sequence)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (item_id) DO UPDATE SET position_s = excluded.position_s, duration_s = excluded.duration_s,"
        " finished = excluded.finished, updated_unix_s = excluded.updated_unix_s, sequence = excluded.sequence";
    int rc = sqlite3_prepare_v3(db_, upsert_sql, -1, SQLITE_PREPARE_PERSISTENT, &upsert_, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db_, "DELETE FROM watch_history WHERE item_id = ?1", -1, SQLITE_PREPARE_PERSISTENT,
                                &delete_, nullptr);
    }
    if (rc != SQLITE_OK) return Error{describe(db_, rc, "cannot prepare the watch history statements for " + path_)};
    return {};
}

Result<void> WatchHistory::load_entries() {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(
        db_, "SELECT item_id, position_s, duration_s, finished, updated_unix_s, sequence FROM watch_history", -1, &stmt,
        nullptr);
    if (rc != SQLITE_OK) return Error{describe(db_, rc, "cannot read the watch history " + path_)};
    size_t skipped = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char* id = sqlite3_column_text(stmt, 0);
        Stored stored;
        stored.entry.item_id = id != nullptr ? reinterpret_cast<const char*>(id) : "";
        stored.entry.position_s = sqlite3_column_double(stmt, 1);
        stored.entry.duration_s = sqlite3_column_double(stmt, 2);
        stored.entry.finished = sqlite3_column_int(stmt, 3) != 0;
        stored.entry.updated_unix_s = sqlite3_column_int64(stmt, 4);
        stored.sequence = sqlite3_column_int64(stmt, 5);
        if (!valid_item_id(stored.entry.item_id)) {
            ++skipped;
            continue;
        }
        next_sequence_ = std::max(next_sequence_, stored.sequence + 1);
        std::string key = stored.entry.item_id;
        entries_.emplace(std::move(key), std::move(stored));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Error{describe(db_, rc, "cannot read the watch history " + path_)};
    if (skipped > 0) {
        log::warning(kArea, "skipped " + std::to_string(skipped) + " rows with invalid item ids in " + path_);
    }
    return {};
}

WatchHistory::~WatchHistory() {
    if (writer_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        work_cv_.notify_one();
        writer_.join();
        if (!pending_.empty()) {
            log::error(kArea, "closing the watch history " + path_ + " with " + std::to_string(pending_.size()) +
                                  " changes that could not be saved: " + last_error_);
        }
    }
    sqlite3_finalize(upsert_);
    sqlite3_finalize(delete_);
    const int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) log::error(kArea, describe(nullptr, rc, "cannot close the watch history " + path_));
}

void WatchHistory::enqueue_locked(const std::string& item_id, std::optional<Stored> op) {
    pending_.insert_or_assign(item_id, std::move(op));
    ++enqueue_seq_;
    if (enqueue_seq_ == taken_seq_ + 1) work_cv_.notify_one();
}

void WatchHistory::save_position(const std::string& item_id, double position_s, double duration_s) {
    if (!valid_item_id(item_id)) {
        log::warning(kArea, "ignored a position for an invalid item id " + printable(item_id));
        return;
    }
    if (!std::isfinite(position_s) || !std::isfinite(duration_s) || position_s < 0 || duration_s < 0) {
        log::warning(kArea, "ignored an invalid position for " + item_id);
        return;
    }
    std::lock_guard lock(mutex_);
    Stored& stored = entries_[item_id];
    stored.entry.item_id = item_id;
    stored.entry.position_s = position_s;
    stored.entry.duration_s = duration_s;
    stored.entry.finished = false;
    stored.entry.updated_unix_s = now_unix_s();
    stored.sequence = next_sequence_++;
    enqueue_locked(item_id, stored);
}

void WatchHistory::mark_finished(const std::string& item_id) {
    if (!valid_item_id(item_id)) {
        log::warning(kArea, "ignored 'finished' for an invalid item id " + printable(item_id));
        return;
    }
    std::lock_guard lock(mutex_);
    Stored& stored = entries_[item_id];
    stored.entry.item_id = item_id;
    stored.entry.finished = true;
    stored.entry.updated_unix_s = now_unix_s();
    stored.sequence = next_sequence_++;
    enqueue_locked(item_id, stored);
}

void WatchHistory::forget(const std::string& item_id) {
    if (!valid_item_id(item_id)) {
        log::warning(kArea, "ignored 'forget' for an invalid item id " + printable(item_id));
        return;
    }
    std::lock_guard lock(mutex_);
    entries_.erase(item_id);
    enqueue_locked(item_id, std::nullopt);
}

std::optional<double> WatchHistory::resume_position(const std::string& item_id) const {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(item_id);
    if (found == entries_.end()) return std::nullopt;
    const WatchEntry& entry = found->second.entry;
    if (entry.finished || entry.position_s < kMinimumWatchedS) return std::nullopt;
    if (entry.duration_s > 0) {
        const double tail = std::max(kTailFraction * entry.duration_s, kTailMinimumS);
        if (entry.duration_s - entry.position_s <= tail) return std::nullopt;
    }
    return entry.position_s;
}

std::vector<WatchEntry> WatchHistory::recent(size_t count) const {
    std::vector<const Stored*> all;
    std::vector<WatchEntry> out;
    std::lock_guard lock(mutex_);
    all.reserve(entries_.size());
    for (const auto& [id, stored] : entries_) all.push_back(&stored);
    const size_t n = std::min(count, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                      [](const Stored* a, const Stored* b) { return a->sequence > b->sequence; });
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(all[i]->entry);
    return out;
}

void WatchHistory::flush() {
    std::unique_lock lock(mutex_);
    const uint64_t target = enqueue_seq_;
    if (done_seq_ >= target) return;
    flush_target_ = std::max(flush_target_, target);
    work_cv_.notify_one();
    done_cv_.wait(lock, [&] { return done_seq_ >= target; });
}

std::string WatchHistory::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

uint64_t WatchHistory::committed_transactions() const {
    std::lock_guard lock(mutex_);
    return transactions_;
}

void WatchHistory::writer_loop() {
    std::unique_lock lock(mutex_);
    bool final_try_done = false;
    for (;;) {
        work_cv_.wait(lock, [&] { return stop_ || enqueue_seq_ > taken_seq_; });
        if (enqueue_seq_ == taken_seq_) {
            // Stopping with nothing new: one last try for changes that failed earlier, then out.
            if (pending_.empty() || final_try_done) break;
        } else if (!stop_) {
            // Gather more updates, unless someone waits in flush() or the object is going away.
            const auto deadline = std::chrono::steady_clock::now() + options_.coalesce_window;
            work_cv_.wait_until(lock, deadline, [&] { return stop_ || flush_target_ > taken_seq_; });
        }
        if (stop_) final_try_done = true;
        PendingMap batch = std::move(pending_);
        pending_.clear();
        const uint64_t batch_seq = enqueue_seq_;
        taken_seq_ = batch_seq;
        lock.unlock();
        const Result<void> committed = commit_batch(batch);
        lock.lock();
        if (committed) {
            if (!batch.empty()) ++transactions_;
            if (failing_) log::info(kArea, "the watch history " + path_ + " is being saved again");
            failing_ = false;
            last_error_.clear();
        } else {
            // Keep the failed changes for the next try unless a newer change to the same item is waiting.
            for (auto& [id, op] : batch) pending_.try_emplace(id, std::move(op));
            last_error_ = committed.error().message;
            if (!failing_) {
                log::error(kArea, last_error_ + "; the changes stay in memory and are tried again with the next one");
            }
            failing_ = true;
        }
        done_seq_ = batch_seq;
        done_cv_.notify_all();
    }
}

Result<void> WatchHistory::commit_batch(const PendingMap& batch) {
    if (batch.empty()) return {};
    const std::string what = "could not save the watch history to " + path_;
    auto roll_back = [&] {
        if (sqlite3_get_autocommit(db_) == 0 && exec(db_, "ROLLBACK") != SQLITE_OK) {
            log::error(kArea,
                       describe(db_, sqlite3_extended_errcode(db_), "cannot roll back a failed write to " + path_));
        }
    };
    int rc = exec(db_, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) return Error{describe(db_, rc, what)};
    for (const auto& [id, op] : batch) {
        sqlite3_stmt* stmt = op ? upsert_ : delete_;
        sqlite3_bind_text(stmt, 1, id.data(), static_cast<int>(id.size()), nullptr);
        if (op) {
            sqlite3_bind_double(stmt, 2, op->entry.position_s);
            sqlite3_bind_double(stmt, 3, op->entry.duration_s);
            sqlite3_bind_int(stmt, 4, op->entry.finished ? 1 : 0);
            sqlite3_bind_int64(stmt, 5, op->entry.updated_unix_s);
            sqlite3_bind_int64(stmt, 6, op->sequence);
        }
        rc = sqlite3_step(stmt);
        // The message is read before reset and rollback, which may replace it.
        std::optional<Error> error;
        if (rc != SQLITE_DONE) error = Error{describe(db_, rc, what)};
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        if (error) {
            roll_back();
            return *error;
        }
    }
    rc = exec(db_, "COMMIT");
    if (rc == SQLITE_OK) return {};
    Error error{describe(db_, rc, what)};
    roll_back();
    return error;
}

}  // namespace fl::library
