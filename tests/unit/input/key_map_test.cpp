// Key maps: actions by name, parsing good and bad files (file:line errors), screen fallback, 'none', keys_for,
// and the shipped ui/keymaps files.
#include "input/key_map.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "input/action.h"

using fl::input::Action;
using fl::input::KeyMap;
using fl::input::KeyNameCheck;

namespace {

const KeyNameCheck kAnyKey = [](std::string_view) { return true; };

// Accepts only the names a tiny pretend keyboard has, so that unknown key names can be tested.
const KeyNameCheck kSmallKeyboard = [](std::string_view name) {
    static const std::set<std::string, std::less<>> names = {"Up",    "Down",   "Left", "Right",   "Return",
                                                             "Space", "Escape", "I",    "AC Back", "Keypad 5"};
    return names.find(name) != names.end();
};

KeyMap parse_ok(std::string_view text) {
    auto result = KeyMap::parse(text, "test.keymap", kSmallKeyboard);
    const std::string problem = result.ok() ? std::string() : result.error().message;
    INFO(problem);
    REQUIRE(result.ok());
    return std::move(result).value();
}

std::string parse_error(std::string_view text, const KeyNameCheck& check = kSmallKeyboard) {
    auto result = KeyMap::parse(text, "ui/keymaps/keyboard.keymap", check);
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

std::string keymap_path(std::string_view file_name) {
    return std::string(FL_KEYMAP_DIR) + "/" + std::string(file_name);
}

KeyMap load_shipped(std::string_view file_name, const KeyNameCheck& check) {
    auto result = KeyMap::load(keymap_path(file_name), check);
    const std::string problem = result.ok() ? std::string() : result.error().message;
    INFO(problem);
    REQUIRE(result.ok());
    return std::move(result).value();
}

bool all_upper_or_digit_or_underscore(std::string_view text) {
    for (const char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

// Shape checks: permissive, but they catch a key name written for the wrong device.
const KeyNameCheck kEvdevShape = [](std::string_view name) {
    return name.size() > 4 && name.substr(0, 4) == "KEY_" && all_upper_or_digit_or_underscore(name);
};
const KeyNameCheck kControllerShape = [](std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
};

}  // namespace

TEST_CASE("every action's name round-trips, exactly and case-sensitively") {
    CHECK(fl::input::all_actions().size() == 33);
    std::set<std::string_view> names;
    for (const Action action : fl::input::all_actions()) {
        const std::string_view name = fl::input::action_name(action);
        CHECK(names.insert(name).second);
        CHECK(fl::input::action_from_name(name) == action);
    }
    CHECK(fl::input::action_name(Action::Digit5) == "Digit5");
    CHECK(fl::input::action_name(Action::PlayPause) == "PlayPause");
    CHECK(fl::input::action_name(Action::ContextMenu) == "ContextMenu");
    CHECK(fl::input::action_from_name("FastForward") == Action::FastForward);
    CHECK_FALSE(fl::input::action_from_name("playpause").has_value());
    CHECK_FALSE(fl::input::action_from_name("Upp").has_value());
    CHECK_FALSE(fl::input::action_from_name(" Up").has_value());
    CHECK_FALSE(fl::input::action_from_name("").has_value());
    CHECK_FALSE(fl::input::action_from_name("none").has_value());
}

TEST_CASE("digit_value gives 0..9 for the digits only") {
    CHECK(fl::input::digit_value(Action::Digit0) == 0);
    CHECK(fl::input::digit_value(Action::Digit5) == 5);
    CHECK(fl::input::digit_value(Action::Digit9) == 9);
    CHECK_FALSE(fl::input::digit_value(Action::Info).has_value());
    CHECK_FALSE(fl::input::digit_value(Action::Red).has_value());
    CHECK_FALSE(fl::input::digit_value(Action::Ok).has_value());
}

TEST_CASE("a good file parses: comments, blanks, key names with spaces, sections") {
    const KeyMap map = parse_ok(
        "\xEF\xBB\xBF# keyboard for tests\r\n"
        "\n"
        "[global]   # the fallback\r\n"
        "  Up=Up\n"
        "\tDown   =   Down   # trailing comment\n"
        "Return = Ok\n"
        "AC Back = Back\n"
        "Keypad 5 = Digit5\n"
        "I = Info\n"
        "Escape = Back\n"
        "[player]\n"
        "Space = PlayPause\n"
        "I = none\n"
        "Return = ContextMenu\n"
        "[consult]\n");
    CHECK(map.screens() == std::vector<std::string>{"global", "player", "consult"});
    CHECK(map.lookup("home", "Up") == Action::Up);
    CHECK(map.lookup("home", "Down") == Action::Down);
    CHECK(map.lookup("home", "AC Back") == Action::Back);
    CHECK(map.lookup("home", "Keypad 5") == Action::Digit5);
    CHECK(map.lookup("home", "Return") == Action::Ok);
    CHECK(map.lookup("player", "Space") == Action::PlayPause);
    CHECK(map.lookup("player", "Return") == Action::ContextMenu);
    CHECK_FALSE(map.lookup("home", "Space").has_value());  // only [player] binds it
    CHECK_FALSE(map.lookup("home", "Left").has_value());   // a known key nobody binds
    CHECK_FALSE(map.lookup("home", "up").has_value());     // key names are exact
}

TEST_CASE("screen sections fall back to [global], 'none' unbinds there only") {
    const KeyMap map = parse_ok(
        "[global]\n"
        "Up = Up\n"
        "I = Info\n"
        "Return = Ok\n"
        "[player]\n"
        "I = none\n"
        "Up = VolumeUp\n");
    CHECK(map.lookup("player", "Up") == Action::VolumeUp);  // the screen's own binding wins
    CHECK(map.lookup("player", "Return") == Action::Ok);    // fallback to [global]
    CHECK_FALSE(map.lookup("player", "I").has_value());     // unbound on this screen
    CHECK(map.lookup("settings", "I") == Action::Info);     // no [settings]: global only
    CHECK(map.lookup("global", "I") == Action::Info);
    CHECK(map.lookup("settings", "Up") == Action::Up);
}

TEST_CASE("keys_for lists the screen's keys, then the global keys the screen does not override") {
    const KeyMap map = parse_ok(
        "[global]\n"
        "Escape = Back\n"
        "AC Back = Back\n"
        "Return = Ok\n"
        "I = Info\n"
        "[player]\n"
        "Space = Back\n"
        "AC Back = Info\n"
        "I = none\n");
    CHECK(map.keys_for("home", Action::Back) == std::vector<std::string>{"Escape", "AC Back"});
    CHECK(map.keys_for("player", Action::Back) == std::vector<std::string>{"Space", "Escape"});
    CHECK(map.keys_for("player", Action::Info) == std::vector<std::string>{"AC Back"});
    CHECK(map.keys_for("global", Action::Info) == std::vector<std::string>{"I"});
    CHECK(map.keys_for("player", Action::Red).empty());
    // Whatever keys_for names really produces the action on that screen.
    for (const std::string_view screen : {"home", "player", "global"}) {
        for (const Action action : fl::input::all_actions()) {
            for (const std::string& key : map.keys_for(screen, action)) {
                INFO(screen << " " << key);
                CHECK(map.lookup(screen, key) == action);
            }
        }
    }
}

TEST_CASE("an empty key name check accepts every key name") {
    auto result = KeyMap::parse("[global]\nAnything At All = Ok\n", "x.keymap", KeyNameCheck{});
    REQUIRE(result.ok());
    CHECK(result.value().lookup("home", "Anything At All") == Action::Ok);
}

TEST_CASE("errors name the file, the line and the problem") {
    struct Case {
        const char* text;
        std::string expected;
    };
    const std::string file = "ui/keymaps/keyboard.keymap";
    const std::string all_names =
        "Up, Down, Left, Right, Ok, Back, Home, Menu, Info, Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, "
        "Digit7, Digit8, Digit9, Red, Green, Yellow, Blue, PlayPause, Stop, Rewind, FastForward, VolumeUp, "
        "VolumeDown, Mute, Subtitle, Language, ContextMenu";
    const std::vector<Case> cases = {
        {"[global]\nUp = Upp\n", file + ":2: unknown action 'Upp' (expected one of " + all_names + ")"},
        {"[global]\n[player]\n\nUp = Upp\n",
         file + ":4: unknown action 'Upp' (expected one of " + all_names + ", or none to unbind the key here)"},
        {"[global]\nSpace = playpause\n",
         file + ":2: unknown action 'playpause' (did you mean 'PlayPause'? action names are case-sensitive)"},
        {"[global]\n# comment\nRetrun = Ok\n", file + ":3: unknown key name 'Retrun'"},
        {"[global]\nUp = Up\nDown = Down\n\n# again\n\nUp = Down\n",
         file + ":7: 'Up' is bound twice in [global] (first on line 2)"},
        {"[global]\nUp Up\n", file + ":2: line is not 'KEY = ACTION'"},
        {"[global]\n = Up\n", file + ":2: line is not 'KEY = ACTION'"},
        {"[global]\nUp = # nothing\n", file + ":2: line is not 'KEY = ACTION'"},
        {"# only a comment\n[player]\nSpace = PlayPause\n",
         file + ": no [global] section (every screen falls back to it; add one)"},
        {"", file + ": no [global] section (every screen falls back to it; add one)"},
        {"Up = Up\n[global]\n",
         file + ":1: binding comes before any section; put it under [global] or a [screen] section"},
        {"[global\n", file + ":1: line is not '[SECTION]' (missing ']')"},
        {"[global] Up = Up\n", file + ":1: unexpected text 'Up = Up' after the section header"},
        {"[global]\n[Player]\n",
         file + ":2: section name 'Player' is not 'global' or a lowercase screen id like 'player' (letters a-z, "
                "digits, '_')"},
        {"[global]\n[player]\n[global]\n",
         file + ":3: [global] appears twice (first on line 1); merge the two sections"},
        {"[global]\nI = none\n",
         file + ":2: 'none' only unbinds a key in a screen section; in [global], delete the line instead"},
    };
    for (const Case& test_case : cases) {
        INFO(test_case.text);
        CHECK(parse_error(test_case.text) == test_case.expected);
    }
}

TEST_CASE("a key may be bound again in another section, but not twice in one screen section") {
    CHECK(KeyMap::parse("[global]\nUp = Up\n[player]\nUp = Rewind\n", "a.keymap", kAnyKey).ok());
    CHECK(parse_error("[global]\n[player]\nSpace = PlayPause\nSpace = none\n") ==
          "ui/keymaps/keyboard.keymap:4: 'Space' is bound twice in [player] (first on line 3)");
}

TEST_CASE("load reads a file and names the path when it cannot") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "fl_key_map_test";
    std::filesystem::create_directories(dir);
    const std::string good_path = (dir / "good.keymap").string();
    const std::string bad_path = (dir / "bad.keymap").string();
    std::ofstream(good_path) << "[global]\nReturn = Ok\n";
    std::ofstream(bad_path) << "[global]\nReturn = Okay\n";

    auto good = KeyMap::load(good_path, kAnyKey);
    REQUIRE(good.ok());
    CHECK(good.value().lookup("home", "Return") == Action::Ok);

    auto bad = KeyMap::load(bad_path, kAnyKey);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind(bad_path + ":2: unknown action 'Okay'", 0) == 0);

    const std::string missing_path = (dir / "missing.keymap").string();
    auto missing = KeyMap::load(missing_path, kAnyKey);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "cannot read key map '" + missing_path + "': the file does not exist");

    auto directory = KeyMap::load(dir.string(), kAnyKey);
    REQUIRE_FALSE(directory.ok());
    CHECK(directory.error().message == "cannot read key map '" + dir.string() + "': it is not a regular file");

    std::filesystem::remove_all(dir);
}

TEST_CASE("shipped keyboard.keymap: the important keys, and every action from a PC keyboard") {
    const KeyMap map = load_shipped("keyboard.keymap", kAnyKey);
    CHECK(map.lookup("home", "Up") == Action::Up);
    CHECK(map.lookup("home", "Down") == Action::Down);
    CHECK(map.lookup("home", "Left") == Action::Left);
    CHECK(map.lookup("home", "Right") == Action::Right);
    CHECK(map.lookup("home", "Return") == Action::Ok);
    CHECK(map.lookup("home", "Keypad Enter") == Action::Ok);
    CHECK(map.lookup("home", "Escape") == Action::Back);
    CHECK(map.lookup("home", "AC Back") == Action::Back);
    CHECK(map.lookup("home", "Keypad 7") == Action::Digit7);
    CHECK(map.lookup("home", "3") == Action::Digit3);
    CHECK(map.lookup("home", "F1") == Action::Red);
    CHECK(map.lookup("home", "F4") == Action::Blue);
    CHECK(map.lookup("player", "Space") == Action::PlayPause);
    CHECK(map.lookup("player", "Up") == Action::Up);  // global fallback inside [player]
    CHECK(map.keys_for("home", Action::Back).front() == "Escape");

    const std::vector<std::string> screens = map.screens();
    CHECK(std::find(screens.begin(), screens.end(), "player") != screens.end());
    CHECK(std::find(screens.begin(), screens.end(), "consult") != screens.end());

    // Every action but ContextMenu (a long press of Ok) on every screen that follows [global] or [player].
    for (const std::string_view screen : {"home", "category", "program", "settings", "player"}) {
        for (const Action action : fl::input::all_actions()) {
            if (action == Action::ContextMenu) continue;
            INFO(screen << ": " << fl::input::action_name(action));
            CHECK_FALSE(map.keys_for(screen, action).empty());
        }
    }
    // The consult screen deliberately drops only the transport keys; navigation still works there.
    for (const Action action : {Action::Up, Action::Down, Action::Left, Action::Right, Action::Ok, Action::Back,
                                Action::Home, Action::VolumeUp, Action::VolumeDown, Action::Mute}) {
        INFO(fl::input::action_name(action));
        CHECK_FALSE(map.keys_for("consult", action).empty());
    }
    CHECK_FALSE(map.lookup("consult", "Backspace").has_value());
    CHECK(map.lookup("consult", "Escape") == Action::Back);
}

TEST_CASE("shipped evdev.keymap: IR and HDMI-CEC remotes") {
    const KeyMap map = load_shipped("evdev.keymap", kEvdevShape);
    CHECK(map.lookup("home", "KEY_OK") == Action::Ok);
    CHECK(map.lookup("home", "KEY_ENTER") == Action::Ok);
    CHECK(map.lookup("home", "KEY_BACK") == Action::Back);
    CHECK(map.lookup("home", "KEY_EXIT") == Action::Back);
    CHECK(map.lookup("home", "KEY_RED") == Action::Red);
    CHECK(map.lookup("home", "KEY_BLUE") == Action::Blue);
    CHECK(map.lookup("home", "KEY_UP") == Action::Up);
    CHECK(map.lookup("home", "KEY_NUMERIC_4") == Action::Digit4);
    CHECK(map.lookup("home", "KEY_4") == Action::Digit4);
    CHECK(map.lookup("home", "KEY_PLAYPAUSE") == Action::PlayPause);
    CHECK(map.lookup("home", "KEY_SUBTITLE") == Action::Subtitle);
    CHECK(map.lookup("home", "KEY_CONTEXT_MENU") == Action::ContextMenu);
    CHECK(map.lookup("player", "KEY_NEXTSONG") == Action::FastForward);
    CHECK_FALSE(map.lookup("consult", "KEY_PLAYPAUSE").has_value());
    CHECK(map.lookup("consult", "KEY_BACK") == Action::Back);
}

TEST_CASE("shipped gamecontroller.keymap: SDL controller buttons") {
    const KeyMap map = load_shipped("gamecontroller.keymap", kControllerShape);
    CHECK(map.lookup("home", "a") == Action::Ok);
    CHECK(map.lookup("home", "b") == Action::Back);
    CHECK(map.lookup("home", "dpup") == Action::Up);
    CHECK(map.lookup("home", "dpright") == Action::Right);
    CHECK(map.lookup("home", "guide") == Action::Home);
    CHECK(map.lookup("home", "start") == Action::Menu);
    CHECK(map.lookup("home", "x") == Action::Info);
    CHECK(map.lookup("home", "leftshoulder") == Action::Rewind);
    CHECK(map.lookup("player", "x") == Action::PlayPause);
    CHECK(map.lookup("player", "back") == Action::Info);
    CHECK_FALSE(map.lookup("consult", "rightshoulder").has_value());
}

TEST_CASE("a shipped map rejects key names for the wrong device") {
    // The keyboard map's names are not evdev names: the check must be consulted and the first line named.
    auto result = KeyMap::load(keymap_path("keyboard.keymap"), kEvdevShape);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("keyboard.keymap:") != std::string::npos);
    CHECK(result.error().message.find(": unknown key name 'Up'") != std::string::npos);
}
