// The viewer's settings (interface language, default subtitles), kept in the data directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ui/i18n/strings.h"

namespace fl::ui {

enum class SubtitleMode : uint8_t { Mongolian, Chinese, Both, Off };

struct Settings {
    UiLanguage language = UiLanguage::Both;
    SubtitleMode subtitles = SubtitleMode::Both;
    bool operator==(const Settings&) const = default;
};

std::string_view language_code(UiLanguage language);  // mn, zh, both
std::optional<UiLanguage> language_from_code(std::string_view code);
std::string_view subtitle_code(SubtitleMode mode);  // mn, zh, both, off
std::optional<SubtitleMode> subtitle_from_code(std::string_view code);

// Reads settings.ini; a missing file gives the defaults, a damaged one gives the defaults and an error to log.
Settings load_settings(const std::string& path, std::string* problem = nullptr);
Result<void> save_settings(const std::string& path, const Settings& settings);

}  // namespace fl::ui
