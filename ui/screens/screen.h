// The contract between a screen and the host that runs it: what is focusable, how it draws, what an action does.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feed/catalog.h"
#include "input/action.h"
#include "text/text_engine.h"
#include "ui/draw/draw_list.h"
#include "ui/focus/spatial_navigation.h"
#include "ui/i18n/strings.h"
#include "ui/download_control.h"
#include "ui/playback_control.h"
#include "ui/screens/consult_control.h"
#include "ui/settings.h"

namespace fl::ui {

// Everything a screen may read. Screens never reach for globals.
struct UiContext {
    text::TextEngine& text;
    const Strings& strings;
    const feed::Catalog& catalog;
    Settings& settings;
    float scale = 1.0f;       // screen pixels per design unit
    float screen_width = 1920.0f;
    float screen_height = 1080.0f;
    std::string version;
    PlaybackControl* playback = nullptr;  // null where nothing can play (then the player says so)
    ConsultControl* consult = nullptr;    // null where no hotline is configured (then the consult screens say so)
    DownloadControl* downloads = nullptr; // null without a remote feed (nothing to download)
    bool catalog_stale = false;           // the catalogue shown is past its expiry: marked on screen
    uint64_t now_ms = 0;                  // the host's clock at this action or frame
    bool key_held = false;                // the action is a repeat of a held key
    // Told the i18n key of a UI string that did not fit its place and was cut (a translation too long for it).
    std::function<void(std::string_view key)> string_cut = nullptr;

    // A text layout with sizes and boxes given in design units.
    std::shared_ptr<const text::Layout> layout(std::string_view utf8, text::TextStyle design_style) const;
    Rect to_screen(Rect design) const { return {design.x * scale, design.y * scale, design.w * scale, design.h * scale}; }
};

// Where to go after an action.
struct Route {
    std::string screen;  // home, category, program, settings, legal_aid, player, consult, exit
    std::string param;   // category or item id
    bool operator==(const Route&) const = default;
};

struct Navigation {
    enum class Kind : uint8_t { None, Push, Back, Home, Quit, Redraw, Refresh } kind = Kind::None;
    Route route;

    static Navigation none() { return {}; }
    static Navigation push(Route route) { return {Kind::Push, std::move(route)}; }
    static Navigation back() { return {Kind::Back, {}}; }
    static Navigation home() { return {Kind::Home, {}}; }
    static Navigation quit() { return {Kind::Quit, {}}; }
    static Navigation redraw() { return {Kind::Redraw, {}}; }    // a setting changed in place: save and redraw
    static Navigation refresh() { return {Kind::Refresh, {}}; }  // something shown changed: redraw only
};

// Remote keys and what they do here, shown in the hint bar.
struct Hint {
    std::string key_label;   // e.g. "OK", "↩"
    std::string string_key;  // i18n key of the description
};

// The focusable layout of a screen in design units, before scrolling.
struct View {
    std::vector<Focusable> focusables;
    std::string default_focus;
    Rect viewport{0, 0, 1920, 1080};  // the part of the canvas that scrolls; elements outside it scroll into it
    std::vector<Hint> hints;
};

// How the host has the screen positioned and focused right now.
struct ViewState {
    std::string focused;
    float focus_progress = 1.0f;  // 0..1 animation of the focus highlight
    std::string previous_focus;   // shrinking back while focus_progress < 1
    float scroll_x_of(std::string_view group) const;
    float scroll_y = 0.0f;
    std::vector<std::pair<std::string, float>> scroll_x;  // per group
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual std::string_view id() const = 0;
    virtual View view(const UiContext& context) = 0;
    virtual void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) = 0;
    // An action on the focused element; Back and Home have defaults in the host.
    virtual Navigation act(input::Action action, std::string_view focused, UiContext& context) = 0;
    // Whether the screen draws over the one beneath it (dialogs, menus).
    virtual bool is_overlay() const { return false; }
    // A time at which the screen changes by itself (an overlay hiding, a clock ticking); nullopt when still.
    virtual std::optional<uint64_t> next_change_ms(uint64_t now_ms) const {
        (void)now_ms;
        return std::nullopt;
    }
    // The screen was just shown for the first time: start what it runs (playback).
    virtual void entered(UiContext& context) { (void)context; }
    // The screen is leaving the stack (Back, Home): release what it holds.
    virtual void leaving(UiContext& context) { (void)context; }
    // Back pressed: where the screen goes instead of the one beneath (a digit deleted, a question asked first);
    // nullopt for the usual step back.
    virtual std::optional<Navigation> back(UiContext& context) {
        (void)context;
        return std::nullopt;
    }
    // Every turn of the main loop: where the screen goes by itself (an error message timing out); none to stay.
    virtual Navigation update(UiContext& context) {
        (void)context;
        return Navigation::none();
    }
};

std::unique_ptr<Screen> make_screen(const Route& route, const UiContext& context);

}  // namespace fl::ui
