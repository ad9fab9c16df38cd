// Key maps: which device key produces which Action on which screen, loaded from ui/keymaps/*.keymap files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "input/action.h"

namespace fl::input {

// Says whether a key name is one the input device can report (SDL keyboard names, SDL game-controller button
// names or evdev KEY_* names); the platform layer supplies it so that this module needs no SDL or Linux headers.
// Names are matched exactly, so the check should be exact too. An empty function accepts every name.
using KeyNameCheck = std::function<bool(std::string_view)>;

// File format (each shipped .keymap repeats this in its header):
//
//   # a comment line
//   [global]                 # bindings every screen falls back to
//   Up = Up                  # KEY = ACTION, blanks around '=' and at the ends are ignored
//   AC Back = Back           # key names may contain blanks
//   [player]                 # a screen section: lowercase screen id (home, category, program, settings, ...)
//   Space = PlayPause
//   I = none                 # 'none' unbinds a key on this screen even though [global] binds it
//
// A line whose first non-blank character is '#' is a comment; after a section header or an action name, '#'
// starts a trailing comment. Because of that and the '=' separator, keys named "=" or "#" cannot be bound.
// Each key may be bound once per section; one action may have any number of keys. [global] is required.
class KeyMap {
public:
    static constexpr std::string_view kGlobalSection = "global";
    static constexpr std::string_view kUnboundValue = "none";

    KeyMap() = default;

    // Parses key map text. Errors read "FILE:LINE: problem", e.g. "keyboard.keymap:12: unknown action 'Upp' ...".
    static Result<KeyMap> parse(std::string_view text, std::string_view file_name, const KeyNameCheck& is_known_key);

    // Reads and parses the file at path; an unreadable file is an error that names the path.
    static Result<KeyMap> load(const std::string& path, const KeyNameCheck& is_known_key);

    // The action a key produces on a screen: the screen's section first, then [global]. nullopt when the key is
    // not bound (or bound to 'none' in the screen's section).
    std::optional<Action> lookup(std::string_view screen, std::string_view key_name) const;

    // The keys that produce an action on a screen, in file order: the screen's section first, then [global]
    // (leaving out global keys the screen rebinds or unbinds). For on-screen hints such as "Back: Escape".
    std::vector<std::string> keys_for(std::string_view screen, Action action) const;

    // The section names in file order, [global] included.
    std::vector<std::string> screens() const;

private:
    struct Binding {
        std::string key_name;
        std::optional<Action> action;  // nullopt: 'none', unbound on this screen
        int line = 0;
    };
    struct Section {
        std::string name;
        std::vector<Binding> bindings;
        int line = 0;
    };

    const Section* find_section(std::string_view name) const;
    static const Binding* find_binding(const Section& section, std::string_view key_name);

    std::vector<Section> sections_;
};

}  // namespace fl::input
