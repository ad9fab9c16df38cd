// Events the updater or the download manager wrote (name and fields), kept thread-safely for a test to look at.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace fl::test {

struct RecordedEvents {
    std::mutex mutex;
    std::vector<std::pair<std::string, nlohmann::json>> list;

    std::function<void(std::string_view, nlohmann::json)> sink() {
        return [this](std::string_view name, nlohmann::json fields) {
            std::lock_guard lock(mutex);
            list.emplace_back(std::string(name), std::move(fields));
        };
    }
    int count(const std::string& name) {
        std::lock_guard lock(mutex);
        int n = 0;
        for (const auto& [event, fields] : list) n += event == name ? 1 : 0;
        return n;
    }
    // The fields of the latest event with that name; null when there is none.
    nlohmann::json last(const std::string& name) {
        std::lock_guard lock(mutex);
        for (auto it = list.rbegin(); it != list.rend(); ++it) {
            if (it->first == name) return it->second;
        }
        return nullptr;
    }
};

}  // namespace fl::test
