// Runs the screens: history (Back pops, Home goes home), focus moves, scrolling and focus animation, events.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ui/screens/screen.h"

namespace fl::ui {

using EventSink = std::function<void(std::string_view name, nlohmann::json fields)>;

class ScreenHost {
public:
    ScreenHost(UiContext& context, EventSink events, std::function<void()> settings_changed);

    void show_home(uint64_t now_ms);
    // Opens the last screen of path directly (family-lawyer --play) with home and the rest of path beneath it.
    void show(const std::vector<Route>& path, uint64_t now_ms);

    // One remote action (held: a repeat of a key kept down); returns whether anything on screen changed.
    bool handle(input::Action action, uint64_t now_ms, bool held = false);

    // Lets the top screen move on by itself (Screen::update); returns whether anything on screen changed.
    bool update(uint64_t now_ms);

    // The frame at now_ms.
    void draw(DrawList& list, uint64_t now_ms);

    // Animations in flight need frames until this time; nullopt when the screen is still.
    std::optional<uint64_t> animating_until() const;
    // When the top screen changes by itself next (a control overlay hiding); nullopt when never.
    std::optional<uint64_t> next_change_ms(uint64_t now_ms) const;
    // Closes every screen (so playback stops and remembers its place) before the app exits.
    void leave_all();

    bool quit_requested() const { return quit_; }
    std::string_view screen_id() const;
    const std::string& focused() const;
    const View& current_view() const;

    // Rebuilds every screen's view (after the interface language changed, say).
    void refresh_views();

private:
    struct Entry {
        Route route;
        std::unique_ptr<Screen> screen;
        View view;
        ViewState state;
        FocusNavigator navigator;
        // scroll animation: from -> to over the focus animation time
        ViewState scroll_from;
        ViewState scroll_to;
    };

    Entry& top() { return stack_.back(); }
    const Entry& top() const { return stack_.back(); }
    Entry make_entry(const Route& route, uint64_t now_ms);  // built and focused, not yet announced or entered
    void push(const Route& route, uint64_t now_ms);
    void pop(uint64_t now_ms);
    void apply(const Navigation& navigation, uint64_t now_ms);
    void set_focus(Entry& entry, const std::string& id, uint64_t now_ms);
    void aim_scroll(Entry& entry, const Focusable& focused);
    void advance_animations(Entry& entry, uint64_t now_ms);
    void announce_screen();
    void rebuild_top_view();

    UiContext& context_;
    EventSink events_;
    std::function<void()> settings_changed_;
    std::vector<Entry> stack_;
    uint64_t animation_start_ = 0;
    bool quit_ = false;
};

}  // namespace fl::ui
