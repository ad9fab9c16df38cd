// Interface strings (both languages, same keys) and settings files (defaults, round trip, damage).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/files.h"
#include "ui/i18n/strings.h"
#include "ui/settings.h"

namespace fl::ui {

TEST_CASE("the shipped strings load, with the same keys in Mongolian and Chinese") {
    auto strings = Strings::load(FL_UI_SOURCE_DIR "/i18n");
    REQUIRE_MESSAGE(strings.ok(), (strings.ok() ? "" : strings.error().message));
    CHECK(strings.value().get(Language::Chinese, "app.title") == "家庭律师");
    const std::string mongolian = strings.value().get(Language::Mongolian, "app.title");
    CHECK(mongolian.find("\xE1\xA0") != std::string::npos);  // U+18xx: Mongolian script
    CHECK(strings.value().format(Language::Chinese, "settings.feed_status", {{"sequence", "7"}, {"count", "18"}})
              .find("7") != std::string::npos);
    CHECK(strings.value().get(Language::Chinese, "no.such.key") == "no.such.key");
}

TEST_CASE("Mongolian strings hold Mongolian text, not stray escapes or Latin words") {
    auto content = read_file(FL_UI_SOURCE_DIR "/i18n/mn-Mong.strings");
    REQUIRE(content.ok());
    std::istringstream lines(content.value());
    int checked = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::string value = line.substr(line.find('=') + 1);
        // Placeholders such as {time} are allowed; remove them before looking.
        for (auto open = value.find('{'); open != std::string::npos; open = value.find('{')) {
            value.erase(open, value.find('}', open) - open + 1);
        }
        bool latin = false;
        for (const char c : value) latin = latin || ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        CHECK_MESSAGE(!latin, line);
        CHECK_MESSAGE(value.find("\xE1\xA0") != std::string::npos, line);  // some U+18xx letter
        CHECK_MESSAGE(value.find("202f") == std::string::npos, line);
        ++checked;
    }
    CHECK(checked > 40);
}

TEST_CASE("strings files that disagree or are malformed are refused with file and line") {
    auto missing = Strings::parse("a = ᠠ\n", "a = 甲\nb = 乙\n", "ui/i18n");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "ui/i18n/mn-Mong.strings: missing key 'b'");
    auto twice = Strings::parse("a = ᠠ\na = ᠡ\n", "a = 甲\n", "ui/i18n");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message == "ui/i18n/mn-Mong.strings:2: key defined twice");
    auto malformed = Strings::parse("a = ᠠ\n", "just text\n", "ui/i18n");
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.error().message == "ui/i18n/zh-Hans.strings:1: line is not 'key = text'");
}

TEST_CASE("settings: defaults without a file, a round trip, and damage falls back to defaults") {
    char dir[] = "/tmp/fl-settings-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    const std::string path = std::string(dir) + "/settings.ini";
    CHECK(load_settings(path) == Settings{});

    const Settings chosen{UiLanguage::Mongolian, SubtitleMode::Off};
    REQUIRE(save_settings(path, chosen).ok());
    CHECK(load_settings(path) == chosen);

    REQUIRE(write_file_atomically(path, "language = klingon\n\x01\x02 garbage\n").ok());
    std::string problem;
    CHECK(load_settings(path, &problem) == Settings{});
    CHECK_FALSE(problem.empty());
    std::remove(path.c_str());
    rmdir(dir);
}

TEST_CASE("an atomic write into a missing directory fails and says where") {
    const auto result = write_file_atomically("/nonexistent-dir/settings.ini", "x");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("/nonexistent-dir/settings.ini.tmp") != std::string::npos);
}

}  // namespace fl::ui
