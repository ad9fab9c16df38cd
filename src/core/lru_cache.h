// A map with a byte budget that forgets the least recently used entries first; not synchronised.
#pragma once

#include <cstddef>
#include <list>
#include <unordered_map>
#include <utility>

namespace fl {

template <class Key, class Value, class Hash = std::hash<Key>>
class LruCache {
public:
    explicit LruCache(size_t byte_budget) : budget_(byte_budget) {}

    // The cached value, marked as just used; nullptr when absent.
    const Value* find(const Key& key) {
        auto found = entries_.find(key);
        if (found == entries_.end()) {
            ++misses_;
            return nullptr;
        }
        ++hits_;
        by_age_.splice(by_age_.begin(), by_age_, found->second.age);
        return &found->second.value;
    }

    // Stores value, costing `bytes` of the budget. An entry bigger than a quarter of the budget is not kept,
    // so one huge item cannot flush everything else.
    void insert(Key key, Value value, size_t bytes) {
        if (bytes > budget_ / 4 || entries_.count(key) != 0) return;
        by_age_.push_front(key);
        entries_.emplace(std::move(key), Entry{std::move(value), by_age_.begin(), bytes});
        bytes_ += bytes;
        while (bytes_ > budget_ && !by_age_.empty()) {
            auto oldest = entries_.find(by_age_.back());
            bytes_ -= oldest->second.bytes;
            entries_.erase(oldest);
            by_age_.pop_back();
        }
    }

    void clear() {
        entries_.clear();
        by_age_.clear();
        bytes_ = 0;
    }

    size_t size() const { return entries_.size(); }
    size_t bytes() const { return bytes_; }
    size_t hits() const { return hits_; }
    size_t misses() const { return misses_; }

private:
    struct Entry {
        Value value;
        typename std::list<Key>::iterator age;
        size_t bytes;
    };

    std::unordered_map<Key, Entry, Hash> entries_;
    std::list<Key> by_age_;  // front = most recently used
    size_t budget_;
    size_t bytes_ = 0;
    size_t hits_ = 0;
    size_t misses_ = 0;
};

}  // namespace fl
