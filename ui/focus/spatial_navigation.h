// Spatial focus navigation for the 10-foot UI: where a D-pad press moves focus, with explicit links and group memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fl::ui {

// Screen pixels, y grows downwards. Width and height are expected to be >= 0.
struct FocusRect {
    float x, y, w, h;
};

enum class Direction : uint8_t { Up, Down, Left, Right };

inline constexpr std::array<Direction, 4> kAllDirections{Direction::Up, Direction::Down, Direction::Left,
                                                         Direction::Right};

// Index into Focusable::next for a direction.
constexpr std::size_t index_of(Direction direction) {
    return static_cast<std::size_t>(direction);
}

// "Up", "Down", "Left" or "Right" (for logs and test messages).
std::string_view direction_name(Direction direction);

// Value of Focusable::next[direction] that keeps focus where it is.
inline constexpr std::string_view kBlockedLink = "!";

struct Focusable {
    std::string id;  // unique on the screen, e.g. "home.row2.item3"
    FocusRect rect;
    // Row / grid / column id ("" = none); groups remember their last focused child.
    std::string group;
    // Explicit override per Direction (index = Direction): "" = use geometry, "!" = blocked (stay).
    std::array<std::string, 4> next{};
};

// How far (pixels) a neighbour may overlap the current element's facing edge and still count as lying beyond it,
// and how much perpendicular overlap two elements need before they count as "overlapping" (side by side).
inline constexpr float kEdgeTolerance = 4.0f;

// Weight of the perpendicular centre offset against the distance along the pressed direction.
inline constexpr double kPerpendicularWeight = 2.5;

// Decides where focus goes when a D-pad direction is pressed.
//
// move(elements, current, direction) applies these rules, in order:
//  1. Unknown `current` (no element with that id): nullopt.
//  2. Explicit link: current.next[direction] == "!" or names `current` itself: nullopt (focus stays).
//     A link naming an element that exists wins outright and is returned as-is (no group memory).
//     A link naming an element that does not exist is ignored and geometry decides.
//  3. Candidates: every other element whose rect lies in the pressed direction, allowing kEdgeTolerance of overlap:
//       Right: cand.x >= cur.x + cur.w - tol        Left: cand.x + cand.w <= cur.x + tol
//       Down:  cand.y >= cur.y + cur.h - tol        Up:   cand.y + cand.h <= cur.y + tol
//     No candidate: nullopt.
//  4. Ranking, best first:
//     a. Overlap: a candidate overlaps when its span on the perpendicular axis (y span for Left/Right, x span for
//        Up/Down) overlaps the current one's by more than kEdgeTolerance (by more than half the thinner of the two
//        for elements thinner than 2 * kEdgeTolerance). For Left/Right, when any candidate overlaps, only the
//        overlapping ones are considered (stay in the row).
//     b. Nearest band: of the candidates still considered, only those that start before the nearest one ends
//        (near edge closer than the smallest far edge, along the direction) stay in the running, so focus never
//        skips over a closer row or column (Down from the end of a long row lands in the short row below it,
//        not in a wider row further down).
//     c. Within the band, overlapping candidates beat non-overlapping ones.
//     d. Lowest score = gap between the facing edges along the direction (0 when they touch or overlap)
//        + kPerpendicularWeight * |perpendicular offset between the two centres|.
//     e. Ties (scores within 1e-3): the top-most, then the left-most.
//  5. Group memory: if the winner has a non-empty group different from current's group, the "parallel" groups
//     compete: the non-empty groups, other than current's, of band candidates in the winner's overlap class
//     (the winner's own group among them). The most recently remembered of those groups whose remembered element
//     still exists, is still in that group and also lies in the pressed direction supplies the result (it need not
//     be in the band). Otherwise the winner is returned. So moving Down into a row returns to where you were in
//     that row, and moving Right off a tile that spans two rows returns to the row you were last in.
//     Moving within a group (winner in current's group) never uses memory.
class FocusNavigator {
public:
    // The element focus moves to from `current` in `direction`, or nullopt if nothing lies that way.
    std::optional<std::string> move(const std::vector<Focusable>& elements, std::string_view current,
                                    Direction direction) const;

    // Called by the screen whenever focus lands somewhere; elements without a group are not remembered.
    void remember(const Focusable& focused);

    // The last element remembered for `group`, if any.
    std::optional<std::string> remembered(std::string_view group) const;

    void forget_all();

private:
    struct Memory {
        std::string id;
        uint64_t stamp = 0;  // larger = remembered more recently
    };
    std::map<std::string, Memory, std::less<>> memory_;
    uint64_t clock_ = 0;
};

// Every element reachable from `start` by D-pad moves (breadth-first over move() with an empty group memory, trying
// Up, Down, Left, Right from each element), in visiting order starting with `start`. Empty if `start` is unknown.
// Used to prove a screen has no elements that focus can never reach.
std::vector<std::string> reachable_from(const std::vector<Focusable>& elements, std::string_view start);

}  // namespace fl::ui
