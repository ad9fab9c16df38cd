// Key script parsing: comma-separated action names and wait:MS steps, blanks ignored.
#include "app/key_script.h"

#include <cstdlib>
#include <string>

namespace fl::app {

Result<std::vector<ScriptStep>> parse_key_script(std::string_view script) {
    std::vector<ScriptStep> steps;
    size_t start = 0;
    while (start <= script.size()) {
        const size_t comma = script.find(',', start);
        std::string word(script.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        word.erase(0, word.find_first_not_of(" \t"));
        word.erase(word.find_last_not_of(" \t") + 1);
        if (!word.empty()) {
            if (word.rfind("wait:", 0) == 0) {
                char* end = nullptr;
                const long ms = std::strtol(word.c_str() + 5, &end, 10);
                if (end == word.c_str() + 5 || *end != '\0' || ms < 0 || ms > 600000) {
                    return Error{"--keys: '" + word + "' should be wait:MILLISECONDS (0 to 600000)"};
                }
                steps.push_back({ScriptStep::Kind::Wait, input::Action::Ok, static_cast<uint64_t>(ms)});
            } else if (const auto action = input::action_from_name(word)) {
                steps.push_back({ScriptStep::Kind::Press, *action, 0});
            } else {
                return Error{"--keys: unknown action '" + word + "' (use names like Up, Ok, Back, Home, Digit5, Red)"};
            }
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return steps;
}

}  // namespace fl::app
