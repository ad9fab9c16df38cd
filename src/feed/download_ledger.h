// The download ledger: what is being downloaded or kept offline, and how far it got; SQLite in WAL mode.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

struct sqlite3;

namespace fl::feed {

enum class DownloadState { Queued, Downloading, Done, Failed };

const char* download_state_name(DownloadState state);

struct DownloadRecord {
    std::string item_id;
    std::string url;
    std::string sha256;
    int64_t bytes = 0;     // expected size
    int64_t received = 0;  // bytes known to be on disk (synced before this was written)
    DownloadState state = DownloadState::Queued;
    std::string error;  // English, when Failed
    int64_t finished_unix = 0;
};

// One row per item id. WAL + synchronous=NORMAL: a kill -9 keeps the database consistent (it may lose the last
// update, which only makes a download resume a little earlier). Used from one thread at a time.
class DownloadLedger {
public:
    static Result<std::unique_ptr<DownloadLedger>> open(const std::string& path);
    ~DownloadLedger();
    DownloadLedger(const DownloadLedger&) = delete;
    DownloadLedger& operator=(const DownloadLedger&) = delete;

    Result<void> put(const DownloadRecord& record);  // insert or replace
    Result<void> set_progress(const std::string& item_id, int64_t received);
    Result<void> set_state(const std::string& item_id, DownloadState state, const std::string& error = "");
    Result<void> remove(const std::string& item_id);
    std::optional<DownloadRecord> find(const std::string& item_id) const;
    std::vector<DownloadRecord> all() const;  // oldest finished first, then the rest by id

private:
    explicit DownloadLedger(sqlite3* db) : db_(db) {}
    Result<void> exec(const std::string& sql, const std::vector<std::string>& text,
                      const std::vector<int64_t>& numbers);
    sqlite3* db_ = nullptr;
};

}  // namespace fl::feed
