// Interface strings per language, loaded from ui/i18n/*.strings data files.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace fl::ui {

enum class Language : uint8_t { Mongolian, Chinese };

// Which scripts the interface shows; Mongolian always comes first where both appear.
enum class UiLanguage : uint8_t { Mongolian, Chinese, Both };

inline bool shows(UiLanguage ui, Language language) {
    return ui == UiLanguage::Both || (ui == UiLanguage::Mongolian) == (language == Language::Mongolian);
}

class Strings {
public:
    // Reads mn-Mong.strings and zh-Hans.strings from directory; both must define the same keys.
    static Result<Strings> load(const std::string& directory);
    static Result<Strings> parse(std::string_view mongolian, std::string_view chinese, std::string_view where);

    // The text for key; a missing key returns the key itself so a gap is visible, never a crash.
    const std::string& get(Language language, std::string_view key) const;

    // get() with {name} placeholders replaced.
    std::string format(Language language, std::string_view key,
                       const std::map<std::string, std::string>& values) const;

private:
    std::map<std::string, std::string, std::less<>> mongolian_;
    std::map<std::string, std::string, std::less<>> chinese_;
    mutable std::map<std::string, std::string, std::less<>> missing_;
};

}  // namespace fl::ui
