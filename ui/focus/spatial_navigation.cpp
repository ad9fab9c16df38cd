// Spatial focus navigation: candidate filtering, scoring, group memory and reachability (rules in the header).
#include "ui/focus/spatial_navigation.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace fl::ui {

namespace {

constexpr double kScoreTieEpsilon = 1e-3;

const Focusable* find_element(const std::vector<Focusable>& elements, std::string_view id) {
    for (const Focusable& element : elements) {
        if (element.id == id) return &element;
    }
    return nullptr;
}

bool is_horizontal(Direction direction) {
    return direction == Direction::Left || direction == Direction::Right;
}

// Does `to` lie beyond `from` in `direction`, allowing kEdgeTolerance of overlap at the facing edge?
bool lies_in_direction(const FocusRect& from, const FocusRect& to, Direction direction) {
    switch (direction) {
        case Direction::Right:
            return to.x >= from.x + from.w - kEdgeTolerance;
        case Direction::Left:
            return to.x + to.w <= from.x + kEdgeTolerance;
        case Direction::Down:
            return to.y >= from.y + from.h - kEdgeTolerance;
        case Direction::Up:
            return to.y + to.h <= from.y + kEdgeTolerance;
    }
    return false;
}

// Distance along `direction` from `from`'s facing edge to `to`'s near edge (0 when they touch or overlap).
double near_gap(const FocusRect& from, const FocusRect& to, Direction direction) {
    double gap = 0.0;
    switch (direction) {
        case Direction::Right:
            gap = double{to.x} - (double{from.x} + double{from.w});
            break;
        case Direction::Left:
            gap = double{from.x} - (double{to.x} + double{to.w});
            break;
        case Direction::Down:
            gap = double{to.y} - (double{from.y} + double{from.h});
            break;
        case Direction::Up:
            gap = double{from.y} - (double{to.y} + double{to.h});
            break;
    }
    return std::max(0.0, gap);
}

// Distance along `direction` from `from`'s facing edge to `to`'s far edge (0 when that is not beyond it).
double far_gap(const FocusRect& from, const FocusRect& to, Direction direction) {
    double gap = 0.0;
    switch (direction) {
        case Direction::Right:
            gap = double{to.x} + double{to.w} - (double{from.x} + double{from.w});
            break;
        case Direction::Left:
            gap = double{from.x} - double{to.x};
            break;
        case Direction::Down:
            gap = double{to.y} + double{to.h} - (double{from.y} + double{from.h});
            break;
        case Direction::Up:
            gap = double{from.y} - double{to.y};
            break;
    }
    return std::max(0.0, gap);
}

// Offset between the centres on the axis perpendicular to `direction`.
double perpendicular_offset(const FocusRect& from, const FocusRect& to, Direction direction) {
    if (is_horizontal(direction)) {
        return std::fabs((double{to.y} + double{to.h} / 2.0) - (double{from.y} + double{from.h} / 2.0));
    }
    return std::fabs((double{to.x} + double{to.w} / 2.0) - (double{from.x} + double{from.w} / 2.0));
}

// Do the two rects overlap on the axis perpendicular to `direction` (side by side in the pressed direction)?
bool overlaps_perpendicular(const FocusRect& from, const FocusRect& to, Direction direction) {
    double from_start = 0.0;
    double from_extent = 0.0;
    double to_start = 0.0;
    double to_extent = 0.0;
    if (is_horizontal(direction)) {
        from_start = from.y;
        from_extent = from.h;
        to_start = to.y;
        to_extent = to.h;
    } else {
        from_start = from.x;
        from_extent = from.w;
        to_start = to.x;
        to_extent = to.w;
    }
    const double overlap = std::min(from_start + from_extent, to_start + to_extent) - std::max(from_start, to_start);
    const double needed = std::min(double{kEdgeTolerance}, std::min(from_extent, to_extent) / 2.0);
    return overlap > needed && overlap > 0.0;
}

struct Candidate {
    const Focusable* element = nullptr;
    bool overlaps = false;
    double near = 0.0;  // facing edge to the candidate's near edge, along the direction (>= 0)
    double far = 0.0;   // facing edge to the candidate's far edge, along the direction (>= 0)
    double score = 0.0;
};

// Ranking rule 4: overlapping first, then lowest score, then top-most, then left-most.
bool ranks_before(const Candidate& a, const Candidate& b) {
    if (a.overlaps != b.overlaps) return a.overlaps;
    if (std::fabs(a.score - b.score) > kScoreTieEpsilon) return a.score < b.score;
    const FocusRect& ra = a.element->rect;
    const FocusRect& rb = b.element->rect;
    if (ra.y != rb.y) return ra.y < rb.y;
    return ra.x < rb.x;
}

}  // namespace

std::string_view direction_name(Direction direction) {
    switch (direction) {
        case Direction::Up:
            return "Up";
        case Direction::Down:
            return "Down";
        case Direction::Left:
            return "Left";
        case Direction::Right:
            return "Right";
    }
    return "?";
}

std::optional<std::string> FocusNavigator::move(const std::vector<Focusable>& elements, std::string_view current,
                                                Direction direction) const {
    const Focusable* from = find_element(elements, current);
    if (from == nullptr) return std::nullopt;

    // Rule 2: explicit links.
    const std::string& link = from->next[index_of(direction)];
    if (link == kBlockedLink || link == from->id) return std::nullopt;
    if (!link.empty() && find_element(elements, link) != nullptr) return link;

    // Rule 3: candidates lying in the pressed direction.
    std::vector<Candidate> candidates;
    candidates.reserve(elements.size());
    bool any_overlapping = false;
    for (const Focusable& element : elements) {
        if (element.id == from->id) continue;
        if (!lies_in_direction(from->rect, element.rect, direction)) continue;
        Candidate candidate;
        candidate.element = &element;
        candidate.overlaps = overlaps_perpendicular(from->rect, element.rect, direction);
        candidate.near = near_gap(from->rect, element.rect, direction);
        candidate.far = far_gap(from->rect, element.rect, direction);
        candidate.score =
            candidate.near + kPerpendicularWeight * perpendicular_offset(from->rect, element.rect, direction);
        any_overlapping = any_overlapping || candidate.overlaps;
        candidates.push_back(candidate);
    }
    if (candidates.empty()) return std::nullopt;

    // Rule 4a: Left/Right stay among the overlapping candidates when there are any.
    if (is_horizontal(direction) && any_overlapping) {
        std::erase_if(candidates, [](const Candidate& candidate) { return !candidate.overlaps; });
    }
    // Rule 4b: the nearest band.
    double nearest_far = candidates.front().far;
    for (const Candidate& candidate : candidates) nearest_far = std::min(nearest_far, candidate.far);
    std::erase_if(candidates, [nearest_far](const Candidate& candidate) {
        return !(candidate.near < nearest_far || candidate.far <= nearest_far);
    });

    // Rules 4c-4e: overlap, score, top-left.
    const Candidate* winner = &candidates.front();
    for (const Candidate& candidate : candidates) {
        if (ranks_before(candidate, *winner)) winner = &candidate;
    }
    const Focusable& best = *winner->element;
    if (best.group.empty() || best.group == from->group) return best.id;

    // Rule 5: group memory among the groups parallel to the winner.
    const Focusable* restored = nullptr;
    uint64_t restored_stamp = 0;
    for (const Candidate& candidate : candidates) {
        const Focusable& element = *candidate.element;
        if (element.group.empty() || element.group == from->group) continue;
        if (candidate.overlaps != winner->overlaps) continue;
        const auto memory = memory_.find(element.group);
        if (memory == memory_.end()) continue;
        if (restored != nullptr && memory->second.stamp <= restored_stamp) continue;
        const Focusable* target = find_element(elements, memory->second.id);
        if (target == nullptr || target->group != element.group || target->id == from->id) continue;
        if (!lies_in_direction(from->rect, target->rect, direction)) continue;
        restored = target;
        restored_stamp = memory->second.stamp;
    }
    return restored != nullptr ? restored->id : best.id;
}

void FocusNavigator::remember(const Focusable& focused) {
    if (focused.group.empty()) return;
    Memory& memory = memory_[focused.group];
    memory.id = focused.id;
    memory.stamp = ++clock_;
}

std::optional<std::string> FocusNavigator::remembered(std::string_view group) const {
    const auto memory = memory_.find(group);
    if (memory == memory_.end()) return std::nullopt;
    return memory->second.id;
}

void FocusNavigator::forget_all() {
    memory_.clear();
    clock_ = 0;
}

std::vector<std::string> reachable_from(const std::vector<Focusable>& elements, std::string_view start) {
    std::vector<std::string> order;
    if (find_element(elements, start) == nullptr) return order;

    const FocusNavigator navigator;  // empty memory: geometry and explicit links only
    std::set<std::string, std::less<>> seen;
    order.emplace_back(start);
    seen.emplace(start);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::string from = order[i];  // copy: push_back below may reallocate
        for (const Direction direction : kAllDirections) {
            std::optional<std::string> next = navigator.move(elements, from, direction);
            if (next && seen.insert(*next).second) order.push_back(std::move(*next));
        }
    }
    return order;
}

}  // namespace fl::ui
