// Event log writer: serialised, line-buffered JSON lines stamped with the monotonic clock.
#include "core/event_log.h"

#include <cerrno>
#include <cstring>

#include "core/clock.h"

namespace fl {

EventLog::~EventLog() {
    if (file_ != nullptr) std::fclose(file_);
}

Result<void> EventLog::open(const std::string& path) {
    std::lock_guard lock(mutex_);
    if (file_ != nullptr) std::fclose(file_);
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) return Error{"cannot write events to " + path + ": " + std::strerror(errno)};
    return {};
}

void EventLog::write(std::string_view name, nlohmann::json fields) {
    const uint64_t now = monotonic_ms();
    std::lock_guard lock(mutex_);
    if (file_ == nullptr) return;
    nlohmann::json event = nlohmann::json::object();
    event["event"] = name;
    event["t_ms"] = now;
    for (auto& [key, value] : fields.items()) event[key] = std::move(value);
    const std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
}

}  // namespace fl
