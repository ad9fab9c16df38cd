// Parsing, loading and lookups of key map files (format described in key_map.h).
#include "input/key_map.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace fl::input {

namespace {

constexpr std::string_view kBlanks = " \t\r\v\f";
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kBlanks);
    return text.substr(first, last - first + 1);
}

bool is_lowercase_letter(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Screen ids are lowercase words: a letter, then letters, digits or '_'.
bool is_screen_id(std::string_view name) {
    if (name.empty() || !is_lowercase_letter(name.front())) return false;
    for (const char c : name) {
        if (!is_lowercase_letter(c) && !is_digit(c) && c != '_') return false;
    }
    return true;
}

char to_lower_ascii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t index = 0; index < a.size(); ++index) {
        if (to_lower_ascii(a[index]) != to_lower_ascii(b[index])) return false;
    }
    return true;
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::string unknown_action_message(std::string_view value, bool in_global_section) {
    std::string message = "unknown action " + quoted(value);
    for (const Action action : all_actions()) {
        if (equal_ignoring_ascii_case(action_name(action), value)) {
            return message + " (did you mean " + quoted(action_name(action)) + "? action names are case-sensitive)";
        }
    }
    message += " (expected one of ";
    for (const Action action : all_actions()) {
        if (action != all_actions().front()) message += ", ";
        message += action_name(action);
    }
    if (!in_global_section) message += ", or " + std::string(KeyMap::kUnboundValue) + " to unbind the key here";
    message += ")";
    return message;
}

}  // namespace

Result<KeyMap> KeyMap::parse(std::string_view text, std::string_view file_name, const KeyNameCheck& is_known_key) {
    if (text.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) text.remove_prefix(kUtf8ByteOrderMark.size());

    KeyMap map;
    int line_number = 0;
    const auto fail = [&](const std::string& problem) {
        return Error{std::string(file_name) + ":" + std::to_string(line_number) + ": " + problem};
    };

    while (!text.empty()) {
        const auto line_end = text.find('\n');
        const std::string_view raw_line = text.substr(0, line_end);
        text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
        ++line_number;

        const std::string_view line = trim(raw_line);
        if (line.empty() || line.front() == '#') continue;

        if (line.front() == '[') {
            const auto close = line.find(']');
            if (close == std::string_view::npos) return fail("line is not '[SECTION]' (missing ']')");
            const std::string_view after = trim(line.substr(close + 1));
            if (!after.empty() && after.front() != '#') {
                return fail("unexpected text " + quoted(after) + " after the section header");
            }
            const std::string_view name = trim(line.substr(1, close - 1));
            if (!is_screen_id(name)) {
                return fail("section name " + quoted(name) +
                            " is not 'global' or a lowercase screen id like 'player' (letters a-z, digits, '_')");
            }
            if (const Section* earlier = map.find_section(name)) {
                return fail("[" + std::string(name) + "] appears twice (first on line " +
                            std::to_string(earlier->line) + "); merge the two sections");
            }
            map.sections_.push_back(Section{std::string(name), {}, line_number});
            continue;
        }

        const auto equals = line.find('=');
        if (equals == std::string_view::npos) return fail("line is not 'KEY = ACTION'");
        const std::string_view key_name = trim(line.substr(0, equals));
        std::string_view value = line.substr(equals + 1);
        value = trim(value.substr(0, value.find('#')));
        if (key_name.empty() || value.empty()) return fail("line is not 'KEY = ACTION'");

        if (map.sections_.empty()) {
            return fail("binding comes before any section; put it under [global] or a [screen] section");
        }
        Section& section = map.sections_.back();
        const bool in_global_section = section.name == kGlobalSection;

        if (is_known_key && !is_known_key(key_name)) return fail("unknown key name " + quoted(key_name));

        std::optional<Action> action;
        if (value == kUnboundValue) {
            if (in_global_section) {
                return fail("'none' only unbinds a key in a screen section; in [global], delete the line instead");
            }
        } else {
            action = action_from_name(value);
            if (!action) return fail(unknown_action_message(value, in_global_section));
        }

        if (const Binding* earlier = find_binding(section, key_name)) {
            return fail(quoted(key_name) + " is bound twice in [" + section.name + "] (first on line " +
                        std::to_string(earlier->line) + ")");
        }
        section.bindings.push_back(Binding{std::string(key_name), action, line_number});
    }

    if (map.find_section(kGlobalSection) == nullptr) {
        return Error{std::string(file_name) + ": no [global] section (every screen falls back to it; add one)"};
    }
    return map;
}

Result<KeyMap> KeyMap::load(const std::string& path, const KeyNameCheck& is_known_key) {
    std::error_code status_error;
    const auto status = std::filesystem::status(path, status_error);
    if (!std::filesystem::exists(status)) return Error{"cannot read key map '" + path + "': the file does not exist"};
    if (!std::filesystem::is_regular_file(status)) {
        return Error{"cannot read key map '" + path + "': it is not a regular file"};
    }

    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{"cannot read key map '" + path + "': the file cannot be opened (check its permissions)"};
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad()) return Error{"cannot read key map '" + path + "': reading the file failed"};
    return parse(text, path, is_known_key);
}

std::optional<Action> KeyMap::lookup(std::string_view screen, std::string_view key_name) const {
    if (const Section* screen_section = find_section(screen)) {
        if (const Binding* binding = find_binding(*screen_section, key_name)) return binding->action;
    }
    if (const Section* global = find_section(kGlobalSection)) {
        if (const Binding* binding = find_binding(*global, key_name)) return binding->action;
    }
    return std::nullopt;
}

std::vector<std::string> KeyMap::keys_for(std::string_view screen, Action action) const {
    std::vector<std::string> keys;
    const Section* screen_section = screen == kGlobalSection ? nullptr : find_section(screen);
    if (screen_section != nullptr) {
        for (const Binding& binding : screen_section->bindings) {
            if (binding.action == action) keys.push_back(binding.key_name);
        }
    }
    if (const Section* global = find_section(kGlobalSection)) {
        for (const Binding& binding : global->bindings) {
            if (binding.action != action) continue;
            if (screen_section != nullptr && find_binding(*screen_section, binding.key_name) != nullptr) continue;
            keys.push_back(binding.key_name);
        }
    }
    return keys;
}

std::vector<std::string> KeyMap::screens() const {
    std::vector<std::string> names;
    names.reserve(sections_.size());
    for (const Section& section : sections_) names.push_back(section.name);
    return names;
}

const KeyMap::Section* KeyMap::find_section(std::string_view name) const {
    for (const Section& section : sections_) {
        if (section.name == name) return &section;
    }
    return nullptr;
}

const KeyMap::Binding* KeyMap::find_binding(const Section& section, std::string_view key_name) {
    for (const Binding& binding : section.bindings) {
        if (binding.key_name == key_name) return &binding;
    }
    return nullptr;
}

}  // namespace fl::input
