// The --keys script: remote actions to press in order, with waits, for tests and previews.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "input/action.h"

namespace fl::app {

struct ScriptStep {
    enum class Kind : uint8_t { Press, Wait } kind;
    input::Action action = input::Action::Ok;
    uint64_t wait_ms = 0;
};

// "Down,Down,Ok,wait:500,Back"; names are Action names. An unknown name is an error naming it.
Result<std::vector<ScriptStep>> parse_key_script(std::string_view script);

}  // namespace fl::app
