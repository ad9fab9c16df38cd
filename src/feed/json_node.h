// Read-only views of a parsed JSON value with one interface for nlohmann::json and simdjson DOM elements, so the feed rules are written once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace fl::feed {

enum class JsonKind { object, array, string, integer, big_unsigned, floating, boolean, null };

// The English name of a kind, as messages show it ("number" for every number).
std::string_view json_kind_name(JsonKind kind);
std::string_view json_kind_chinese(JsonKind kind);

// A value in an nlohmann document (the strict path, which also knows positions).
class NlohmannNode {
public:
    explicit NlohmannNode(const nlohmann::json& value) : value_(&value) {}

    JsonKind kind() const {
        switch (value_->type()) {
            case nlohmann::json::value_t::object: return JsonKind::object;
            case nlohmann::json::value_t::array: return JsonKind::array;
            case nlohmann::json::value_t::string: return JsonKind::string;
            case nlohmann::json::value_t::number_integer: return JsonKind::integer;
            case nlohmann::json::value_t::number_unsigned:
                return value_->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                           ? JsonKind::big_unsigned
                           : JsonKind::integer;
            case nlohmann::json::value_t::number_float: return JsonKind::floating;
            case nlohmann::json::value_t::boolean: return JsonKind::boolean;
            default: return JsonKind::null;
        }
    }
    std::string_view text() const { return value_->get_ref<const std::string&>(); }
    int64_t integer() const { return value_->get<int64_t>(); }
    std::size_t size() const { return value_->size(); }
    std::optional<NlohmannNode> member(std::string_view key) const {
        const auto& members = value_->get_ref<const nlohmann::json::object_t&>();
        auto found = members.find(std::string(key));
        if (found == members.end()) return std::nullopt;
        return NlohmannNode(found->second);
    }
    template <class F>
    void for_each_member(F&& f) const {
        for (const auto& [key, member] : value_->get_ref<const nlohmann::json::object_t&>()) f(std::string_view(key), NlohmannNode(member));
    }
    template <class F>
    void for_each_element(F&& f) const {
        std::size_t index = 0;
        for (const auto& element : value_->get_ref<const nlohmann::json::array_t&>()) f(index++, NlohmannNode(element));
    }

private:
    const nlohmann::json* value_;
};

// A value in a simdjson DOM (the fast path for valid feeds).
class SimdjsonNode {
public:
    explicit SimdjsonNode(simdjson::dom::element value) : value_(value) {}

    JsonKind kind() const {
        switch (value_.type()) {
            case simdjson::dom::element_type::OBJECT: return JsonKind::object;
            case simdjson::dom::element_type::ARRAY: return JsonKind::array;
            case simdjson::dom::element_type::STRING: return JsonKind::string;
            case simdjson::dom::element_type::INT64: return JsonKind::integer;
            case simdjson::dom::element_type::UINT64: return JsonKind::big_unsigned;  // only above INT64_MAX
            case simdjson::dom::element_type::DOUBLE: return JsonKind::floating;
            case simdjson::dom::element_type::BOOL: return JsonKind::boolean;
            default: return JsonKind::null;
        }
    }
    std::string_view text() const {
        std::string_view text;
        return value_.get_string().get(text) == simdjson::SUCCESS ? text : std::string_view();
    }
    int64_t integer() const {
        int64_t number = 0;
        return value_.get_int64().get(number) == simdjson::SUCCESS ? number : 0;
    }
    std::size_t size() const {
        simdjson::dom::array array;
        if (value_.get_array().get(array) == simdjson::SUCCESS) return array.size();
        simdjson::dom::object object;
        if (value_.get_object().get(object) == simdjson::SUCCESS) return object.size();
        return 0;
    }
    std::optional<SimdjsonNode> member(std::string_view key) const {
        simdjson::dom::object object;
        simdjson::dom::element found;
        if (value_.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
        if (object.at_key(key).get(found) != simdjson::SUCCESS) return std::nullopt;
        return SimdjsonNode(found);
    }
    template <class F>
    void for_each_member(F&& f) const {
        simdjson::dom::object object;
        if (value_.get_object().get(object) != simdjson::SUCCESS) return;
        for (const simdjson::dom::key_value_pair field : object) f(field.key, SimdjsonNode(field.value));
    }
    template <class F>
    void for_each_element(F&& f) const {
        simdjson::dom::array array;
        if (value_.get_array().get(array) != simdjson::SUCCESS) return;
        std::size_t index = 0;
        for (const simdjson::dom::element element : array) f(index++, SimdjsonNode(element));
    }

private:
    simdjson::dom::element value_;
};

}  // namespace fl::feed
