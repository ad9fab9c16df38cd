// Strings file parsing: "key = text" lines, # comments; both languages must have exactly the same keys.
#include "ui/i18n/strings.h"

#include <sstream>

#include "core/files.h"
#include "core/log.h"

namespace fl::ui {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

std::string trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return {};
    const auto end = text.find_last_not_of(" \t\r");
    return std::string(text.substr(begin, end - begin + 1));
}

Result<Table> parse_table(std::string_view content, const std::string& file) {
    Table table;
    std::istringstream lines{std::string(content)};
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        const std::string trimmed = trim(line);
        if (trimmed.empty() || trimmed[0] == '#') continue;
        const auto equals = trimmed.find('=');
        const std::string where = file + ":" + std::to_string(number);
        if (equals == std::string::npos) return Error{where + ": line is not 'key = text'"};
        std::string key = trim(std::string_view(trimmed).substr(0, equals));
        std::string value = trim(std::string_view(trimmed).substr(equals + 1));
        if (key.empty()) return Error{where + ": empty key"};
        if (!table.emplace(std::move(key), std::move(value)).second) return Error{where + ": key defined twice"};
    }
    return table;
}

}  // namespace

Result<Strings> Strings::parse(std::string_view mongolian, std::string_view chinese, std::string_view where) {
    const std::string base(where);
    auto mn = parse_table(mongolian, base + "/mn-Mong.strings");
    if (!mn) return mn.error();
    auto zh = parse_table(chinese, base + "/zh-Hans.strings");
    if (!zh) return zh.error();
    for (const auto& [key, text] : zh.value()) {
        if (mn.value().count(key) == 0) return Error{base + "/mn-Mong.strings: missing key '" + key + "'"};
    }
    for (const auto& [key, text] : mn.value()) {
        if (zh.value().count(key) == 0) return Error{base + "/zh-Hans.strings: missing key '" + key + "'"};
    }
    Strings strings;
    strings.mongolian_ = std::move(mn).value();
    strings.chinese_ = std::move(zh).value();
    return strings;
}

Result<Strings> Strings::load(const std::string& directory) {
    auto mn = read_file(directory + "/mn-Mong.strings");
    if (!mn) return mn.error();
    auto zh = read_file(directory + "/zh-Hans.strings");
    if (!zh) return zh.error();
    return parse(mn.value(), zh.value(), directory);
}

const std::string& Strings::get(Language language, std::string_view key) const {
    const Table& table = language == Language::Mongolian ? mongolian_ : chinese_;
    if (const auto found = table.find(key); found != table.end()) return found->second;
    auto [slot, inserted] = missing_.emplace(std::string(key), std::string(key));
    if (inserted) log::warning("i18n", "missing string '" + std::string(key) + "'");
    return slot->second;
}

std::string Strings::format(Language language, std::string_view key,
                            const std::map<std::string, std::string>& values) const {
    std::string text = get(language, key);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
            text.replace(at, placeholder.size(), value);
        }
    }
    return text;
}

}  // namespace fl::ui
