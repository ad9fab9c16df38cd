// Settings file: "key = value" lines, written atomically so a crash or full disk never loses the old settings.
#include "ui/settings.h"

#include <sstream>

#include "core/files.h"

namespace fl::ui {

std::string_view language_code(UiLanguage language) {
    switch (language) {
        case UiLanguage::Mongolian: return "mn";
        case UiLanguage::Chinese: return "zh";
        case UiLanguage::Both: return "both";
    }
    return "both";
}

std::optional<UiLanguage> language_from_code(std::string_view code) {
    if (code == "mn") return UiLanguage::Mongolian;
    if (code == "zh") return UiLanguage::Chinese;
    if (code == "both") return UiLanguage::Both;
    return std::nullopt;
}

std::string_view subtitle_code(SubtitleMode mode) {
    switch (mode) {
        case SubtitleMode::Mongolian: return "mn";
        case SubtitleMode::Chinese: return "zh";
        case SubtitleMode::Both: return "both";
        case SubtitleMode::Off: return "off";
    }
    return "both";
}

std::optional<SubtitleMode> subtitle_from_code(std::string_view code) {
    if (code == "mn") return SubtitleMode::Mongolian;
    if (code == "zh") return SubtitleMode::Chinese;
    if (code == "both") return SubtitleMode::Both;
    if (code == "off") return SubtitleMode::Off;
    return std::nullopt;
}

Settings load_settings(const std::string& path, std::string* problem) {
    Settings settings;
    auto content = read_file(path);
    if (!content) return settings;
    std::istringstream lines(content.value());
    for (std::string line; std::getline(lines, line);) {
        const auto equals = line.find('=');
        if (line.empty() || line[0] == '#' || equals == std::string::npos) continue;
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t\r") + 1);
            return s;
        };
        const std::string key = trim(line.substr(0, equals));
        const std::string value = trim(line.substr(equals + 1));
        if (key == "language" && language_from_code(value)) {
            settings.language = *language_from_code(value);
        } else if (key == "subtitles" && subtitle_from_code(value)) {
            settings.subtitles = *subtitle_from_code(value);
        } else if (problem != nullptr) {
            *problem = path + ": ignored '" + line + "'";
        }
    }
    return settings;
}

Result<void> save_settings(const std::string& path, const Settings& settings) {
    std::string content = "# Family Lawyer settings\n";
    content += "language = " + std::string(language_code(settings.language)) + "\n";
    content += "subtitles = " + std::string(subtitle_code(settings.subtitles)) + "\n";
    return write_file_atomically(path, content);
}

}  // namespace fl::ui
