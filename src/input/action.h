// The remote-control actions the UI understands, independent of which device or key produced them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fl::input {

enum class Action : uint8_t {
    Up,
    Down,
    Left,
    Right,
    Ok,
    Back,
    Home,
    Menu,
    Info,
    Digit0,
    Digit1,
    Digit2,
    Digit3,
    Digit4,
    Digit5,
    Digit6,
    Digit7,
    Digit8,
    Digit9,
    Red,
    Green,
    Yellow,
    Blue,
    PlayPause,
    Stop,
    Rewind,
    FastForward,
    VolumeUp,
    VolumeDown,
    Mute,
    Subtitle,
    Language,
    ContextMenu,  // a long press of Ok; key maps may also bind a key to it directly
};

inline constexpr std::size_t kActionCount = static_cast<std::size_t>(Action::ContextMenu) + 1;

// Every action in declaration order (for listings, hints and exhaustive tests).
const std::array<Action, kActionCount>& all_actions();

// The action's name exactly as key map files spell it, e.g. "Digit5", "PlayPause".
std::string_view action_name(Action action);

// The action with exactly this name (case-sensitive); nullopt for anything else.
std::optional<Action> action_from_name(std::string_view name);

// 0..9 for Digit0..Digit9; nullopt for every other action.
std::optional<int> digit_value(Action action);

}  // namespace fl::input
