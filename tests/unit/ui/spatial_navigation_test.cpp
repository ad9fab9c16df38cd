// Spatial focus navigation: rows, grids, irregular layouts, group memory, explicit links, reachability, properties.
#include "ui/focus/spatial_navigation.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using fl::ui::Direction;
using fl::ui::Focusable;
using fl::ui::FocusNavigator;
using fl::ui::reachable_from;

namespace {

constexpr Direction kUp = Direction::Up;
constexpr Direction kDown = Direction::Down;
constexpr Direction kLeft = Direction::Left;
constexpr Direction kRight = Direction::Right;

Focusable tile(std::string id, float x, float y, float w, float h, std::string group = {}) {
    Focusable element;
    element.id = std::move(id);
    element.rect = {x, y, w, h};
    element.group = std::move(group);
    return element;
}

// `count` tiles "<prefix>.<i>" left to right, all in `group`.
void add_row(std::vector<Focusable>& out, const std::string& prefix, const std::string& group, int count, float x0,
             float y, float w, float h, float gap) {
    for (int i = 0; i < count; ++i) {
        out.push_back(tile(prefix + "." + std::to_string(i), x0 + static_cast<float>(i) * (w + gap), y, w, h, group));
    }
}

Focusable& get(std::vector<Focusable>& elements, std::string_view id) {
    for (Focusable& element : elements) {
        if (element.id == id) return element;
    }
    FAIL("no element " << id);
    return elements.front();
}

const Focusable& get(const std::vector<Focusable>& elements, std::string_view id) {
    for (const Focusable& element : elements) {
        if (element.id == id) return element;
    }
    FAIL("no element " << id);
    return elements.front();
}

std::string describe(const std::optional<std::string>& id) {
    return id ? *id : std::string("(none)");
}

// What a screen does on a key press: move, and remember where focus landed. Returns the new focus.
std::string press(FocusNavigator& navigator, const std::vector<Focusable>& elements, const std::string& current,
                  Direction direction) {
    const std::optional<std::string> next = navigator.move(elements, current, direction);
    if (!next) return current;
    navigator.remember(get(elements, *next));
    return *next;
}

struct MoveCase {
    std::string from;
    Direction direction;
    std::string expected;  // "(none)" when nothing lies that way
};

// Every case with a fresh navigator (no group memory).
void check_moves(const std::vector<Focusable>& elements, const std::vector<MoveCase>& cases) {
    for (const MoveCase& c : cases) {
        const FocusNavigator navigator;
        INFO(c.from << " " << fl::ui::direction_name(c.direction));
        CHECK(describe(navigator.move(elements, c.from, c.direction)) == c.expected);
    }
}

// 3 rows x 4 columns of 240x135 tiles, rows are groups "r0".."r2", ids "r<row>.<column>".
std::vector<Focusable> grid(bool grouped) {
    std::vector<Focusable> elements;
    for (int r = 0; r < 3; ++r) {
        const std::string row = "r" + std::to_string(r);
        add_row(elements, row, grouped ? row : "", 4, 100, 100 + static_cast<float>(r) * 175, 240, 135, 20);
    }
    return elements;
}

// A big "12348 video consult" tile beside two rows of small tiles; the tile's top is at `hero_y`.
std::vector<Focusable> hero_layout(float hero_y) {
    std::vector<Focusable> elements{tile("hero", 0, hero_y, 600, 400)};
    add_row(elements, "row1", "row1", 4, 640, 100, 200, 180, 20);
    add_row(elements, "row2", "row2", 4, 640, 320, 200, 180, 20);
    return elements;
}

// Long row of narrow tiles, a short row of wider tiles below it, then a row of two very wide, taller tiles.
std::vector<Focusable> irregular_layout() {
    std::vector<Focusable> elements;
    add_row(elements, "long", "long", 6, 0, 0, 200, 150, 20);      // x 0 .. 1300
    add_row(elements, "short", "short", 3, 0, 200, 300, 150, 20);  // x 0 .. 940
    add_row(elements, "wide", "wide", 2, 0, 400, 700, 200, 20);    // x 0 .. 1420
    return elements;
}

// Settings screen: a header with two buttons, a vertical list on the left, option rows on the right.
std::vector<Focusable> settings_layout() {
    std::vector<Focusable> elements{tile("hdr.back", 120, 40, 160, 70, "header"),
                                    tile("hdr.search", 1640, 40, 160, 70, "header")};
    const char* const items[] = {"language", "subtitles", "network", "parental", "about"};
    for (int i = 0; i < 5; ++i) {
        elements.push_back(
            tile(std::string("settings.") + items[i], 120, 160 + static_cast<float>(i) * 110, 520, 90, "list"));
    }
    for (int i = 0; i < 3; ++i) {
        elements.push_back(
            tile("detail." + std::to_string(i), 720, 160 + static_cast<float>(i) * 140, 1000, 110, "detail"));
    }
    return elements;
}

// The home screen: tabs, the big consult tile beside two rows, two more rows of different lengths, a help button.
std::vector<Focusable> home_layout() {
    std::vector<Focusable> elements{
        tile("tab.home", 120, 40, 200, 70, "tabs"), tile("tab.consult", 340, 40, 200, 70, "tabs"),
        tile("tab.library", 560, 40, 200, 70, "tabs"), tile("tab.settings", 1600, 40, 200, 70, "tabs"),
        tile("home.hero", 120, 160, 560, 420)};
    add_row(elements, "home.row1", "home.row1", 5, 720, 160, 240, 200, 20);
    add_row(elements, "home.row2", "home.row2", 3, 720, 380, 240, 200, 20);
    add_row(elements, "home.row3", "home.row3", 6, 120, 640, 280, 160, 20);
    add_row(elements, "home.row4", "home.row4", 2, 120, 860, 400, 160, 20);
    elements.push_back(tile("home.help", 1600, 900, 200, 80));
    return elements;
}

bool contains(const std::vector<std::string>& ids, std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("a straight row moves left and right and stops at its ends") {
    std::vector<Focusable> row;
    add_row(row, "row", "row", 5, 100, 100, 240, 135, 20);
    check_moves(row, {
                         {"row.0", kRight, "row.1"},
                         {"row.2", kRight, "row.3"},
                         {"row.2", kLeft, "row.1"},
                         {"row.0", kLeft, "(none)"},
                         {"row.4", kRight, "(none)"},
                         {"row.2", kUp, "(none)"},
                         {"row.2", kDown, "(none)"},
                     });
}

TEST_CASE("a regular grid moves one cell at a time, with or without row groups") {
    const std::vector<MoveCase> cases{
        {"r0.0", kDown, "r1.0"}, {"r1.2", kDown, "r2.2"},   {"r2.3", kUp, "r1.3"},      {"r1.1", kRight, "r1.2"},
        {"r1.1", kLeft, "r1.0"}, {"r2.0", kDown, "(none)"}, {"r0.3", kRight, "(none)"}, {"r0.2", kUp, "(none)"},
        {"r2.1", kUp, "r1.1"},   {"r0.3", kLeft, "r0.2"},
    };
    SUBCASE("rows are groups") {
        check_moves(grid(true), cases);
    }
    SUBCASE("no groups") {
        check_moves(grid(false), cases);
    }
}

TEST_CASE("irregular rows: focus goes to the nearest row and the best aligned tile in it") {
    check_moves(irregular_layout(), {
                                        // the spec case: last tile of the long row -> last tile of the short row
                                        {"long.5", kDown, "short.2"},
                                        {"long.4", kDown, "short.2"},
                                        {"long.0", kDown, "short.0"},
                                        {"long.1", kDown, "short.1"},
                                        {"short.2", kUp, "long.3"},
                                        {"short.0", kUp, "long.0"},
                                        {"short.2", kDown, "wide.1"},
                                        {"short.0", kDown, "wide.0"},
                                        // the wide row never skips the short row on its way up
                                        {"wide.1", kUp, "short.2"},
                                        {"wide.0", kUp, "short.1"},
                                        // the end of a row: something further right in another row, or nothing
                                        {"short.2", kRight, "long.5"},
                                        {"long.5", kRight, "(none)"},
                                        {"wide.1", kDown, "(none)"},
                                    });
}

TEST_CASE("ranking: overlap, nearest band, perpendicular weight, tie-break, edge tolerance") {
    struct RankCase {
        const char* name;
        std::vector<Focusable> others;  // besides "cur" at (0, 0, 100, 100)
        Direction direction;
        std::string expected;
    };
    const std::vector<RankCase> cases{
        {"Right: an overlapping far tile beats a nearer diagonal one",
         {tile("A", 1000, 0, 100, 100), tile("B", 110, 110, 100, 100)},
         kRight,
         "A"},
        {"Down: an overlapping tile beats a better-scoring non-overlapping one in the same band",
         {tile("A", 90, 150, 100, 100), tile("B", -100, 110, 100, 100)},
         kDown,
         "A"},
        {"Down: a nearer row is never skipped for an aligned tile further down",
         {tile("A", 0, 400, 100, 100), tile("B", 150, 120, 100, 100)},
         kDown,
         "B"},
        {"Right: an aligned tile beats a slightly nearer one offset by 60px (weight > 1.5)",
         {tile("A", 200, 0, 100, 100), tile("B", 110, 60, 100, 100)},
         kRight,
         "A"},
        {"Right: a nearer tile offset by only 30px beats an aligned one (weight < 3)",
         {tile("A", 200, 0, 100, 100), tile("B", 110, 30, 100, 100)},
         kRight,
         "B"},
        {"Right: a tie goes to the top-most",
         {tile("B", 200, 200, 100, 100), tile("A", 200, -200, 100, 100)},
         kRight,
         "A"},
        {"Down: a tie at the same height goes to the left-most",
         {tile("B", 200, 200, 100, 100), tile("A", -200, 200, 100, 100)},
         kDown,
         "A"},
        {"Right: 3px of overlap is tolerated", {tile("A", 97, 0, 100, 100)}, kRight, "A"},
        {"Right: 5px of overlap is not", {tile("A", 95, 0, 100, 100)}, kRight, "(none)"},
        {"Left: a tile entirely to the right is not a candidate", {tile("A", 150, 0, 100, 100)}, kLeft, "(none)"},
        {"Up: the nearest of a column", {tile("A", 0, -400, 100, 100), tile("B", 0, -200, 100, 100)}, kUp, "B"},
    };
    for (const RankCase& c : cases) {
        INFO(c.name);
        std::vector<Focusable> elements{tile("cur", 0, 0, 100, 100)};
        elements.insert(elements.end(), c.others.begin(), c.others.end());
        const FocusNavigator navigator;
        CHECK(describe(navigator.move(elements, "cur", c.direction)) == c.expected);
    }
}

TEST_CASE("a big tile spanning two rows") {
    SUBCASE("Left from the first tile of either row reaches it") {
        check_moves(hero_layout(100), {{"row1.0", kLeft, "hero"}, {"row2.0", kLeft, "hero"}});
    }
    SUBCASE("Right from it with nothing remembered goes to the nearest row") {
        check_moves(hero_layout(100), {{"hero", kRight, "row1.0"}});  // centred between the rows: top-most
        check_moves(hero_layout(150), {{"hero", kRight, "row2.0"}});  // centre nearer the second row
        check_moves(hero_layout(60), {{"hero", kRight, "row1.0"}});   // centre nearer the first row
    }
    SUBCASE("Right from it returns to the row focus came from") {
        const std::vector<Focusable> elements = hero_layout(100);
        FocusNavigator navigator;
        navigator.remember(get(elements, "row1.3"));
        std::string focus = press(navigator, elements, "row1.3", kDown);
        CHECK(focus == "row2.3");
        for (int i = 0; i < 3; ++i) focus = press(navigator, elements, focus, kLeft);
        CHECK(focus == "row2.0");
        focus = press(navigator, elements, focus, kLeft);
        CHECK(focus == "hero");
        // geometry alone would pick row1.0 (top-most of a tie); the second row was focused last
        focus = press(navigator, elements, focus, kRight);
        CHECK(focus == "row2.0");
        // and the first row still remembers its own tile
        focus = press(navigator, elements, focus, kUp);
        CHECK(focus == "row1.3");
        focus = press(navigator, elements, focus, kLeft);
        CHECK(focus == "row1.2");
        for (int i = 0; i < 2; ++i) focus = press(navigator, elements, focus, kLeft);
        CHECK(focus == "row1.0");
        focus = press(navigator, elements, focus, kLeft);
        CHECK(focus == "hero");
        // coming from the first row, Right goes back to where focus left it
        focus = press(navigator, elements, focus, kRight);
        CHECK(focus == "row1.0");
    }
}

TEST_CASE("rows remember their last focused tile") {
    const std::vector<Focusable> elements = grid(true);
    FocusNavigator navigator;
    navigator.remember(get(elements, "r0.3"));
    std::string focus = press(navigator, elements, "r0.3", kDown);
    CHECK(focus == "r1.3");
    for (int i = 0; i < 3; ++i) focus = press(navigator, elements, focus, kLeft);
    CHECK(focus == "r1.0");
    CHECK(navigator.remembered("r0") == std::optional<std::string>("r0.3"));
    CHECK(navigator.remembered("r1") == std::optional<std::string>("r1.0"));
    CHECK_FALSE(navigator.remembered("r2").has_value());

    SUBCASE("Up returns to where the row above was left, Down back again") {
        focus = press(navigator, elements, focus, kUp);
        CHECK(focus == "r0.3");
        focus = press(navigator, elements, focus, kDown);
        CHECK(focus == "r1.0");
        focus = press(navigator, elements, focus, kDown);  // r2 remembers nothing: straight down
        CHECK(focus == "r2.0");
    }
    SUBCASE("moving within a row never uses memory") {
        // r0 remembers r0.3, which lies to the right of r0.0, but Right goes to the neighbour
        CHECK(describe(navigator.move(elements, "r0.0", kRight)) == "r0.1");
    }
    SUBCASE("forget_all drops every row's memory") {
        navigator.forget_all();
        CHECK_FALSE(navigator.remembered("r0").has_value());
        CHECK(describe(navigator.move(elements, "r1.0", kUp)) == "r0.0");
    }
    SUBCASE("a remembered tile that no longer exists, or left its row, is ignored") {
        std::vector<Focusable> changed = elements;
        changed.erase(std::find_if(changed.begin(), changed.end(), [](const Focusable& e) { return e.id == "r0.3"; }));
        CHECK(describe(navigator.move(changed, "r1.0", kUp)) == "r0.0");
        std::vector<Focusable> regrouped = elements;
        get(regrouped, "r0.3").group = "elsewhere";
        CHECK(describe(navigator.move(regrouped, "r1.0", kUp)) == "r0.0");
    }
    SUBCASE("elements without a group are not remembered") {
        navigator.remember(tile("loose", 0, 0, 10, 10));
        CHECK_FALSE(navigator.remembered("").has_value());
        CHECK_FALSE(navigator.remembered("nope").has_value());
    }
}

TEST_CASE("group memory only applies in the pressed direction and to the adjacent row") {
    SUBCASE("a remembered element that does not lie that way is ignored") {
        const std::vector<Focusable> elements{tile("cur", 0, 300, 100, 100), tile("m.above", 0, 100, 100, 100, "m"),
                                              tile("m.right", 300, 300, 100, 100, "m")};
        FocusNavigator navigator;
        navigator.remember(get(elements, "m.right"));
        CHECK(describe(navigator.move(elements, "cur", kUp)) == "m.above");
        CHECK(describe(navigator.move(elements, "cur", kRight)) == "m.right");
    }
    SUBCASE("a more recently focused row further down does not pull focus past the nearest row") {
        std::vector<Focusable> elements = grid(true);
        elements.push_back(tile("hdr", 100, 0, 1000, 60));
        FocusNavigator navigator;
        navigator.remember(get(elements, "r2.2"));
        CHECK(describe(navigator.move(elements, "hdr", kDown)) == "r0.1");
        navigator.remember(get(elements, "r0.3"));
        CHECK(describe(navigator.move(elements, "hdr", kDown)) == "r0.3");
    }
    SUBCASE("a recently focused group beside the path does not pull focus sideways") {
        std::vector<Focusable> elements{tile("tab", 0, 0, 200, 60, "tabs")};
        add_row(elements, "main", "main", 2, 0, 100, 200, 100, 20);
        elements.push_back(tile("side.0", 1200, 100, 200, 100, "side"));
        elements.push_back(tile("side.1", 1200, 220, 200, 100, "side"));
        FocusNavigator navigator;
        CHECK(describe(navigator.move(elements, "tab", kDown)) == "main.0");
        navigator.remember(get(elements, "main.1"));
        navigator.remember(get(elements, "side.1"));  // more recent, but "side" does not overlap the tab
        CHECK(describe(navigator.move(elements, "tab", kDown)) == "main.1");
    }
}

TEST_CASE("a vertical settings list next to a header and an options column") {
    const std::vector<Focusable> elements = settings_layout();
    check_moves(elements, {
                              {"settings.language", kUp, "hdr.back"},
                              {"hdr.back", kDown, "settings.language"},
                              {"hdr.search", kDown, "detail.0"},
                              {"hdr.back", kRight, "hdr.search"},
                              {"settings.subtitles", kDown, "settings.network"},
                              {"settings.parental", kRight, "detail.2"},
                              {"detail.0", kLeft, "settings.language"},
                              {"settings.about", kDown, "(none)"},
                              {"settings.about", kLeft, "(none)"},
                          });
    FocusNavigator navigator;
    navigator.remember(get(elements, "settings.language"));
    std::string focus = "settings.language";
    for (int i = 0; i < 3; ++i) focus = press(navigator, elements, focus, kDown);
    CHECK(focus == "settings.parental");
    focus = press(navigator, elements, focus, kRight);
    CHECK(focus == "detail.2");
    focus = press(navigator, elements, focus, kUp);
    CHECK(focus == "detail.1");
    focus = press(navigator, elements, focus, kLeft);  // back to the list item focus left, not the one beside
    CHECK(focus == "settings.parental");
    focus = press(navigator, elements, "settings.language", kUp);
    CHECK(focus == "hdr.back");
    focus = press(navigator, elements, focus, kDown);
    CHECK(focus == "settings.parental");
}

TEST_CASE("explicit links win, '!' blocks, unknown targets fall back to geometry") {
    std::vector<Focusable> elements;
    add_row(elements, "row", "row", 3, 0, 200, 100, 100, 20);
    elements.push_back(tile("top", 120, 0, 100, 100));
    const std::vector<MoveCase> geometry{
        {"row.0", kLeft, "(none)"}, {"row.1", kUp, "top"},   {"row.1", kRight, "row.2"},
        {"row.0", kRight, "row.1"}, {"top", kDown, "row.1"}, {"row.1", kDown, "(none)"},
    };
    check_moves(elements, geometry);

    get(elements, "row.0").next[fl::ui::index_of(kLeft)] = "row.2";     // wrap around
    get(elements, "row.1").next[fl::ui::index_of(kUp)] = "!";           // blocked
    get(elements, "row.1").next[fl::ui::index_of(kRight)] = "missing";  // typo: geometry decides
    get(elements, "row.0").next[fl::ui::index_of(kRight)] = "row.2";    // skip over row.1
    get(elements, "top").next[fl::ui::index_of(kDown)] = "top";         // itself: stay
    get(elements, "row.1").next[fl::ui::index_of(kDown)] = "top";       // anywhere, even against geometry
    check_moves(elements, {
                              {"row.0", kLeft, "row.2"},
                              {"row.1", kUp, "(none)"},
                              {"row.1", kRight, "row.2"},
                              {"row.0", kRight, "row.2"},
                              {"top", kDown, "(none)"},
                              {"row.1", kDown, "top"},
                          });

    SUBCASE("an explicit link beats group memory") {
        FocusNavigator navigator;
        navigator.remember(get(elements, "row.1"));
        get(elements, "top").next[fl::ui::index_of(kDown)] = "row.0";
        CHECK(describe(navigator.move(elements, "top", kDown)) == "row.0");
        get(elements, "top").next[fl::ui::index_of(kDown)] = "";
        CHECK(describe(navigator.move(elements, "top", kDown)) == "row.1");
    }
}

TEST_CASE("unknown current id, empty screen and a lone element give nullopt") {
    const FocusNavigator navigator;
    const std::vector<Focusable> elements = grid(true);
    for (const Direction direction : fl::ui::kAllDirections) {
        INFO(fl::ui::direction_name(direction));
        CHECK_FALSE(navigator.move(elements, "r9.9", direction).has_value());
        CHECK_FALSE(navigator.move(elements, "", direction).has_value());
        CHECK_FALSE(navigator.move({}, "r0.0", direction).has_value());
        CHECK_FALSE(navigator.move({tile("alone", 0, 0, 100, 100)}, "alone", direction).has_value());
    }
}

TEST_CASE("every element of the home screen is reachable from every other") {
    const std::vector<Focusable> elements = home_layout();
    REQUIRE(elements.size() == 22);
    // spot checks of the layout's intent
    check_moves(elements, {
                              {"home.row1.0", kLeft, "home.hero"},
                              {"home.row2.0", kLeft, "home.hero"},
                              {"home.hero", kRight, "home.row1.0"},
                              {"home.hero", kUp, "tab.consult"},
                              {"home.hero", kDown, "home.row3.0"},
                              {"home.row4.1", kRight, "home.help"},
                              {"home.row3.5", kDown, "home.help"},
                              {"tab.library", kRight, "tab.settings"},
                          });
    for (const Focusable& start : elements) {
        INFO("from " << start.id);
        const std::vector<std::string> reached = reachable_from(elements, start.id);
        REQUIRE(!reached.empty());
        CHECK(reached.front() == start.id);
        CHECK(reached.size() == elements.size());
        for (const Focusable& element : elements) {
            INFO("missing " << element.id);
            CHECK(contains(reached, element.id));
        }
    }
}

TEST_CASE("reachable_from finds the element a broken layout hides") {
    // A dialog whose designer blocked Right on "Cancel": the "Advanced" button beyond it can never get focus.
    std::vector<Focusable> dialog{tile("dialog.ok", 600, 800, 300, 100, "buttons"),
                                  tile("dialog.cancel", 940, 800, 300, 100, "buttons"),
                                  tile("dialog.advanced", 1280, 800, 300, 100, "buttons")};
    const std::vector<std::string> before = reachable_from(dialog, "dialog.ok");
    CHECK(contains(before, "dialog.advanced"));
    get(dialog, "dialog.cancel").next[fl::ui::index_of(kRight)] = "!";
    const std::vector<std::string> reached = reachable_from(dialog, "dialog.ok");
    CHECK(reached == std::vector<std::string>{"dialog.ok", "dialog.cancel"});
    CHECK_FALSE(contains(reached, "dialog.advanced"));
    // focus can still leave it, it just can never arrive
    CHECK(contains(reachable_from(dialog, "dialog.advanced"), "dialog.ok"));

    // The home screen with the help button's only ways in blocked.
    std::vector<Focusable> home = home_layout();
    REQUIRE(contains(reachable_from(home, "tab.home"), "home.help"));
    for (const char* id : {"home.row3.4", "home.row3.5"}) get(home, id).next[fl::ui::index_of(kDown)] = "!";
    get(home, "home.row4.1").next[fl::ui::index_of(kRight)] = "!";
    const std::vector<std::string> home_reached = reachable_from(home, "tab.home");
    CHECK_FALSE(contains(home_reached, "home.help"));
    CHECK(home_reached.size() == home.size() - 1);

    CHECK(reachable_from(home, "no.such.id").empty());
}

TEST_CASE("property: a move never goes against the pressed direction (random grids, fixed seed)") {
    std::mt19937 rng(20240611u);
    const auto uniform = [&rng](int low, int high) {  // inclusive; modulo keeps the sequence portable
        return low + static_cast<int>(rng() % static_cast<uint32_t>(high - low + 1));
    };
    const auto lies = [](const fl::ui::FocusRect& from, const fl::ui::FocusRect& to, Direction direction) {
        switch (direction) {
            case Direction::Right:
                return to.x >= from.x + from.w - fl::ui::kEdgeTolerance;
            case Direction::Left:
                return to.x + to.w <= from.x + fl::ui::kEdgeTolerance;
            case Direction::Down:
                return to.y >= from.y + from.h - fl::ui::kEdgeTolerance;
            case Direction::Up:
                return to.y + to.h <= from.y + fl::ui::kEdgeTolerance;
        }
        return false;
    };

    int checked_moves = 0;
    int memory_moves = 0;
    for (int layout = 0; layout < 300; ++layout) {
        std::vector<Focusable> elements;
        const int rows = uniform(1, 6);
        float y = 0;
        for (int r = 0; r < rows; ++r) {
            const float height = static_cast<float>(uniform(40, 300));
            float x = static_cast<float>(uniform(0, 300));
            const int tiles = uniform(1, 8);
            const int grouping = uniform(0, 2);  // 0: none, 1: by row, 2: by column
            for (int t = 0; t < tiles; ++t) {
                const float width = static_cast<float>(uniform(40, 400));
                std::string group;
                if (grouping == 1) group = "row" + std::to_string(r);
                if (grouping == 2) group = "col" + std::to_string(t);
                elements.push_back(tile("e" + std::to_string(r) + "." + std::to_string(t), x,
                                        y + static_cast<float>(uniform(0, 20)), width, height, group));
                x += width + static_cast<float>(uniform(10, 80));
            }
            y += height + 20 + static_cast<float>(uniform(10, 60));
        }
        if (uniform(0, 1) == 1) elements.push_back(tile("sidebar", -400, 0, 300, y));  // spans every row
        const std::string where = "layout " + std::to_string(layout);

        FocusNavigator navigator;
        for (int step = 0; step < 60; ++step) {
            const Focusable& from =
                elements[static_cast<std::size_t>(uniform(0, static_cast<int>(elements.size()) - 1))];
            const Direction direction = fl::ui::kAllDirections[static_cast<std::size_t>(uniform(0, 3))];
            const std::optional<std::string> next = navigator.move(elements, from.id, direction);
            bool something_that_way = false;
            for (const Focusable& other : elements) {
                something_that_way =
                    something_that_way || (other.id != from.id && lies(from.rect, other.rect, direction));
            }
            ++checked_moves;
            if (!next) {
                if (something_that_way) {
                    INFO(where << ": " << from.id << " " << fl::ui::direction_name(direction));
                    FAIL_CHECK("nullopt although an element lies that way");
                }
                continue;
            }
            const Focusable& to = get(elements, *next);
            if (!to.group.empty() && to.group != from.group && navigator.remembered(to.group) == to.id) ++memory_moves;
            const float from_cx = from.rect.x + from.rect.w / 2;
            const float from_cy = from.rect.y + from.rect.h / 2;
            const float to_cx = to.rect.x + to.rect.w / 2;
            const float to_cy = to.rect.y + to.rect.h / 2;
            bool ok = to.id != from.id && lies(from.rect, to.rect, direction);
            switch (direction) {
                case Direction::Right:
                    ok = ok && to_cx > from_cx;
                    break;
                case Direction::Left:
                    ok = ok && to_cx < from_cx;
                    break;
                case Direction::Down:
                    ok = ok && to_cy > from_cy;
                    break;
                case Direction::Up:
                    ok = ok && to_cy < from_cy;
                    break;
            }
            if (!ok) {
                INFO(where << ": " << from.id << " " << fl::ui::direction_name(direction) << " -> " << to.id);
                FAIL_CHECK("moved against the pressed direction");
            }
            navigator.remember(to);
        }
    }
    CHECK(checked_moves == 300 * 60);
    CHECK(memory_moves > 100);  // the walk really exercised group memory
}
