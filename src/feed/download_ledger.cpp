// Download ledger over SQLite: WAL, synchronous=NORMAL, one table, prepared per call (a few rows, rare writes).
#include "feed/download_ledger.h"

#include <sqlite3.h>

#include <chrono>

namespace fl::feed {
namespace {

DownloadState state_from(std::string_view name) {
    if (name == "downloading") return DownloadState::Downloading;
    if (name == "done") return DownloadState::Done;
    if (name == "failed") return DownloadState::Failed;
    return DownloadState::Queued;
}

std::string column_text(sqlite3_stmt* statement, int column) {
    const auto* text = sqlite3_column_text(statement, column);
    return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

const char* download_state_name(DownloadState state) {
    switch (state) {
        case DownloadState::Queued:
            return "queued";
        case DownloadState::Downloading:
            return "downloading";
        case DownloadState::Done:
            return "done";
        case DownloadState::Failed:
            return "failed";
    }
    return "queued";
}

Result<std::unique_ptr<DownloadLedger>> DownloadLedger::open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return Error{"cannot open the download ledger " + path + ": " + message};
    }
    std::unique_ptr<DownloadLedger> ledger(new DownloadLedger(db));
    sqlite3_busy_timeout(db, 5000);
    for (const char* sql :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "CREATE TABLE IF NOT EXISTS downloads (item_id TEXT PRIMARY KEY, url TEXT NOT NULL, "
          "sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, received INTEGER NOT NULL, state TEXT NOT NULL, "
          "error TEXT NOT NULL, finished INTEGER NOT NULL)"}) {
        char* error = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error != nullptr ? error : "unknown error";
            sqlite3_free(error);
            return Error{"download ledger " + path + ": " + message};
        }
    }
    return ledger;
}

DownloadLedger::~DownloadLedger() {
    sqlite3_close(db_);
}

Result<void> DownloadLedger::exec(const std::string& sql, const std::vector<std::string>& text,
                                  const std::vector<int64_t>& numbers) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        return Error{std::string("download ledger: ") + sqlite3_errmsg(db_)};
    }
    int index = 1;
    for (const auto& value : text) sqlite3_bind_text(statement, index++, value.c_str(), -1, SQLITE_TRANSIENT);
    for (const auto value : numbers) sqlite3_bind_int64(statement, index++, value);
    const int rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) return Error{std::string("download ledger: ") + sqlite3_errmsg(db_)};
    return {};
}

Result<void> DownloadLedger::put(const DownloadRecord& record) {
    return exec(
        "INSERT OR REPLACE INTO downloads (item_id, url, sha256, state, error, bytes, received, finished) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {record.item_id, record.url, record.sha256, download_state_name(record.state), record.error},
        {record.bytes, record.received, record.finished_unix});
}

Result<void> DownloadLedger::set_progress(const std::string& item_id, int64_t received) {
    return exec("UPDATE downloads SET received = ?2 WHERE item_id = ?1", {item_id}, {received});
}

Result<void> DownloadLedger::set_state(const std::string& item_id, DownloadState state, const std::string& error) {
    return exec("UPDATE downloads SET state = ?2, error = ?3, finished = ?4 WHERE item_id = ?1",
                {item_id, download_state_name(state), error}, {state == DownloadState::Done ? now_unix() : 0});
}

Result<void> DownloadLedger::remove(const std::string& item_id) {
    return exec("DELETE FROM downloads WHERE item_id = ?", {item_id}, {});
}

std::vector<DownloadRecord> DownloadLedger::all() const {
    std::vector<DownloadRecord> records;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "SELECT item_id, url, sha256, bytes, received, state, error, finished FROM downloads "
                           "ORDER BY finished = 0, finished, item_id",
                           -1, &statement, nullptr) != SQLITE_OK) {
        return records;
    }
    while (sqlite3_step(statement) == SQLITE_ROW) {
        DownloadRecord record;
        record.item_id = column_text(statement, 0);
        record.url = column_text(statement, 1);
        record.sha256 = column_text(statement, 2);
        record.bytes = sqlite3_column_int64(statement, 3);
        record.received = sqlite3_column_int64(statement, 4);
        record.state = state_from(column_text(statement, 5));
        record.error = column_text(statement, 6);
        record.finished_unix = sqlite3_column_int64(statement, 7);
        records.push_back(std::move(record));
    }
    sqlite3_finalize(statement);
    return records;
}

std::optional<DownloadRecord> DownloadLedger::find(const std::string& item_id) const {
    for (auto& record : all()) {
        if (record.item_id == item_id) return record;
    }
    return std::nullopt;
}

}  // namespace fl::feed
