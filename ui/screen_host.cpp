// Screen host: the only owner of UI navigation state; everything it changes is announced as an event.
#include "ui/screen_host.h"

#include <algorithm>

#include "ui/theme/theme.h"

namespace fl::ui {
namespace {

std::optional<Direction> direction_of(input::Action action) {
    switch (action) {
        case input::Action::Up: return Direction::Up;
        case input::Action::Down: return Direction::Down;
        case input::Action::Left: return Direction::Left;
        case input::Action::Right: return Direction::Right;
        default: return std::nullopt;
    }
}

const Focusable* find(const View& view, std::string_view id) {
    for (const auto& element : view.focusables) {
        if (element.id == id) return &element;
    }
    return nullptr;
}

float ease(float t) { return t * t * (3.0f - 2.0f * t); }

float& scroll_x_slot(ViewState& state, const std::string& group) {
    for (auto& [name, value] : state.scroll_x) {
        if (name == group) return value;
    }
    state.scroll_x.emplace_back(group, 0.0f);
    return state.scroll_x.back().second;
}

}  // namespace

float ViewState::scroll_x_of(std::string_view group) const {
    for (const auto& [name, value] : scroll_x) {
        if (name == group) return value;
    }
    return 0.0f;
}

ScreenHost::ScreenHost(UiContext& context, EventSink events, std::function<void()> settings_changed)
    : context_(context), events_(std::move(events)), settings_changed_(std::move(settings_changed)) {}

std::string_view ScreenHost::screen_id() const { return stack_.empty() ? "" : top().screen->id(); }

const std::string& ScreenHost::focused() const {
    static const std::string none;
    return stack_.empty() ? none : top().state.focused;
}

const View& ScreenHost::current_view() const { return top().view; }

void ScreenHost::announce_screen() {
    events_("screen", {{"screen", top().screen->id()}, {"param", top().route.param}});
    if (!top().state.focused.empty()) {
        events_("focus", {{"screen", top().screen->id()}, {"element", top().state.focused}});
    }
}

void ScreenHost::show_home(uint64_t now_ms) {
    stack_.clear();
    push({"home", ""}, now_ms);
}

void ScreenHost::show(const std::vector<Route>& path, uint64_t now_ms) {
    stack_.clear();
    if (path.empty()) {
        show_home(now_ms);
        return;
    }
    // The shown screen first, so that what it starts (playback) gets going before the ones beneath are built;
    // those are not announced until Back reaches them.
    push(path.back(), now_ms);
    std::vector<Entry> stack;
    stack.push_back(make_entry({"home", ""}, now_ms));
    for (size_t index = 0; index + 1 < path.size(); ++index) stack.push_back(make_entry(path[index], now_ms));
    stack.push_back(std::move(stack_.back()));
    stack_ = std::move(stack);
}

ScreenHost::Entry ScreenHost::make_entry(const Route& route, uint64_t now_ms) {
    context_.now_ms = now_ms;
    Entry entry;
    entry.route = route;
    entry.screen = make_screen(route, context_);
    entry.view = entry.screen->view(context_);
    if (!entry.view.default_focus.empty()) set_focus(entry, entry.view.default_focus, now_ms);
    entry.scroll_from = entry.scroll_to;
    entry.state.scroll_y = entry.scroll_to.scroll_y;
    entry.state.scroll_x = entry.scroll_to.scroll_x;
    return entry;
}

void ScreenHost::push(const Route& route, uint64_t now_ms) {
    // A covered screen shows where its animations were heading, not wherever a quick key caught them.
    if (!stack_.empty()) advance_animations(top(), animation_start_ + theme::kFocusAnimationMs);
    stack_.push_back(make_entry(route, now_ms));
    animation_start_ = now_ms;
    announce_screen();
    top().screen->entered(context_);
}

void ScreenHost::pop(uint64_t now_ms) {
    if (stack_.size() <= 1) {
        push({"exit", ""}, now_ms);  // Back on the root asks whether to leave
        return;
    }
    stack_.back().screen->leaving(context_);
    stack_.pop_back();
    rebuild_top_view();
    animation_start_ = now_ms;
    announce_screen();
}

void ScreenHost::rebuild_top_view() {
    // What a screen offers can change while it is covered (a resume point appears): build it again.
    Entry& entry = top();
    entry.view = entry.screen->view(context_);
    if (find(entry.view, entry.state.focused) == nullptr) entry.state.focused = entry.view.default_focus;
}

void ScreenHost::apply(const Navigation& navigation, uint64_t now_ms) {
    switch (navigation.kind) {
        case Navigation::Kind::None: break;
        case Navigation::Kind::Push: push(navigation.route, now_ms); break;
        case Navigation::Kind::Back: pop(now_ms); break;
        case Navigation::Kind::Home:
            while (stack_.size() > 1) {
                stack_.back().screen->leaving(context_);
                stack_.pop_back();
            }
            rebuild_top_view();
            animation_start_ = now_ms;
            announce_screen();
            break;
        case Navigation::Kind::Quit: quit_ = true; break;
        case Navigation::Kind::Redraw:
            settings_changed_();
            refresh_views();
            break;
        case Navigation::Kind::Refresh: break;
    }
}

void ScreenHost::refresh_views() {
    for (auto& entry : stack_) {
        entry.view = entry.screen->view(context_);
        // The focused element may be gone (a deleted download, a programme no longer in a new catalogue).
        if (find(entry.view, entry.state.focused) == nullptr) entry.state.focused = entry.view.default_focus;
    }
}

void ScreenHost::set_focus(Entry& entry, const std::string& id, uint64_t now_ms) {
    const Focusable* element = find(entry.view, id);
    if (element == nullptr) return;
    // Freeze the current scroll where the animation has got to, then aim at the new element.
    advance_animations(entry, now_ms);
    entry.state.previous_focus = entry.state.focused;
    entry.state.focused = id;
    entry.state.focus_progress = 0.0f;
    entry.navigator.remember(*element);
    entry.scroll_from.scroll_y = entry.state.scroll_y;
    entry.scroll_from.scroll_x = entry.state.scroll_x;
    aim_scroll(entry, *element);
    animation_start_ = now_ms;
}

void ScreenHost::aim_scroll(Entry& entry, const Focusable& focused) {
    const Rect& viewport = entry.view.viewport;
    const float margin_top = 60.0f;
    const float margin = 24.0f;
    float& target_y = entry.scroll_to.scroll_y;
    const float top_on_screen = focused.rect.y + target_y;
    if (top_on_screen - margin_top < viewport.y) target_y = viewport.y + margin_top - focused.rect.y;
    if ((focused.rect.y + focused.rect.h) + target_y + margin > viewport.bottom()) {
        target_y = viewport.bottom() - margin - (focused.rect.y + focused.rect.h);
    }
    target_y = std::min(target_y, 0.0f);
    float& target_x = scroll_x_slot(entry.scroll_to, focused.group);
    if (focused.rect.x + target_x - margin < viewport.x) target_x = viewport.x + margin - focused.rect.x;
    if ((focused.rect.x + focused.rect.w) + target_x + margin > viewport.right()) {
        target_x = viewport.right() - margin - (focused.rect.x + focused.rect.w);
    }
    target_x = std::min(target_x, 0.0f);
    scroll_x_slot(entry.scroll_from, focused.group);  // make sure both sides know the group
}

void ScreenHost::advance_animations(Entry& entry, uint64_t now_ms) {
    const float t = std::clamp(static_cast<float>(now_ms - std::min(now_ms, animation_start_)) /
                                   static_cast<float>(theme::kFocusAnimationMs),
                               0.0f, 1.0f);
    entry.state.focus_progress = t;
    const float k = ease(t);
    entry.state.scroll_y = entry.scroll_from.scroll_y + (entry.scroll_to.scroll_y - entry.scroll_from.scroll_y) * k;
    for (const auto& [group, to] : entry.scroll_to.scroll_x) {
        const float from = entry.scroll_from.scroll_x_of(group);
        scroll_x_slot(entry.state, group) = from + (to - from) * k;
    }
}

bool ScreenHost::handle(input::Action action, uint64_t now_ms, bool held) {
    if (stack_.empty() || quit_) return false;
    context_.now_ms = now_ms;
    context_.key_held = held;
    Entry& entry = top();
    if (const auto direction = direction_of(action)) {
        // A screen may use Left/Right itself (a settings value); explicit "!" links keep focus in place.
        const auto next = entry.navigator.move(entry.view.focusables, entry.state.focused, *direction);
        if (next && *next != entry.state.focused) {
            set_focus(entry, *next, now_ms);
            events_("focus", {{"screen", entry.screen->id()}, {"element", *next}});
            return true;
        }
        const Navigation navigation = entry.screen->act(action, entry.state.focused, context_);
        apply(navigation, now_ms);
        return navigation.kind != Navigation::Kind::None;
    }
    if (action == input::Action::Back) {
        if (const auto own = entry.screen->back(context_)) {
            apply(*own, now_ms);
            return true;
        }
        pop(now_ms);
        return true;
    }
    if (action == input::Action::Home) {
        if (stack_.size() == 1) return false;
        apply(Navigation::home(), now_ms);
        return true;
    }
    if (action == input::Action::ContextMenu && !entry.screen->is_overlay()) {
        push({"context", ""}, now_ms);
        return true;
    }
    const Navigation navigation = entry.screen->act(action, entry.state.focused, context_);
    apply(navigation, now_ms);
    return navigation.kind != Navigation::Kind::None;
}

bool ScreenHost::update(uint64_t now_ms) {
    if (stack_.empty() || quit_) return false;
    context_.now_ms = now_ms;
    context_.key_held = false;
    const Navigation navigation = top().screen->update(context_);
    apply(navigation, now_ms);
    return navigation.kind != Navigation::Kind::None;
}

void ScreenHost::draw(DrawList& list, uint64_t now_ms) {
    if (stack_.empty()) return;
    context_.now_ms = now_ms;
    advance_animations(top(), now_ms);
    size_t first = stack_.size() - 1;
    while (first > 0 && stack_[first].screen->is_overlay()) --first;
    for (size_t i = first; i < stack_.size(); ++i) {
        Entry& entry = stack_[i];
        entry.screen->draw(list, context_, entry.view, entry.state);
    }
}

std::optional<uint64_t> ScreenHost::next_change_ms(uint64_t now_ms) const {
    if (stack_.empty()) return std::nullopt;
    return top().screen->next_change_ms(now_ms);
}

void ScreenHost::leave_all() {
    while (!stack_.empty()) {
        stack_.back().screen->leaving(context_);
        stack_.pop_back();
    }
}

std::optional<uint64_t> ScreenHost::animating_until() const {
    if (stack_.empty()) return std::nullopt;
    const Entry& entry = top();
    if (entry.state.focus_progress >= 1.0f) return std::nullopt;
    return animation_start_ + theme::kFocusAnimationMs;
}

}  // namespace fl::ui
