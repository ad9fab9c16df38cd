// The --events log: one JSON object per line with the event's name and t_ms, for tests and operators.
#pragma once

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace fl {

class EventLog {
public:
    EventLog() = default;
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // Starts writing to path (truncated). Without a call to open, events go nowhere.
    Result<void> open(const std::string& path);

    // Writes {"event": name, "t_ms": now, ...fields}; safe from any thread; flushed per line.
    void write(std::string_view name, nlohmann::json fields = nlohmann::json::object());

private:
    std::mutex mutex_;
    std::FILE* file_ = nullptr;
};

}  // namespace fl
