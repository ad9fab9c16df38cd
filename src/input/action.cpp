// Names and digit values of the remote-control actions.
#include "input/action.h"

namespace fl::input {

namespace {

constexpr std::array<std::string_view, kActionCount> kActionNames = {
    "Up",       "Down",       "Left",   "Right",    "Ok",       "Back",        "Home",   "Menu",   "Info",
    "Digit0",   "Digit1",     "Digit2", "Digit3",   "Digit4",   "Digit5",      "Digit6", "Digit7", "Digit8",
    "Digit9",   "Red",        "Green",  "Yellow",   "Blue",     "PlayPause",   "Stop",   "Rewind", "FastForward",
    "VolumeUp", "VolumeDown", "Mute",   "Subtitle", "Language", "ContextMenu",
};

static_assert(static_cast<int>(Action::Digit9) - static_cast<int>(Action::Digit0) == 9, "digits must be contiguous");

constexpr std::array<Action, kActionCount> make_all_actions() {
    std::array<Action, kActionCount> actions{};
    for (std::size_t index = 0; index < kActionCount; ++index) actions[index] = static_cast<Action>(index);
    return actions;
}

constexpr std::array<Action, kActionCount> kAllActions = make_all_actions();

}  // namespace

const std::array<Action, kActionCount>& all_actions() {
    return kAllActions;
}

std::string_view action_name(Action action) {
    const auto index = static_cast<std::size_t>(action);
    if (index >= kActionCount) return "?";
    return kActionNames[index];
}

std::optional<Action> action_from_name(std::string_view name) {
    for (std::size_t index = 0; index < kActionCount; ++index) {
        if (kActionNames[index] == name) return static_cast<Action>(index);
    }
    return std::nullopt;
}

std::optional<int> digit_value(Action action) {
    const int offset = static_cast<int>(action) - static_cast<int>(Action::Digit0);
    if (offset < 0 || offset > 9) return std::nullopt;
    return offset;
}

}  // namespace fl::input
