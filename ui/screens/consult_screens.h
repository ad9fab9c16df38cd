// The 12348 consult's screens: which one a route opens, and what they share (the flow's choices carried in the
// route, the demo label, the queue badge shown over other screens).
#pragma once

#include <memory>
#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

// Routes: consult (where the consult is now: topic, waiting, call or end), consult_language, consult_callback,
// consult_consent, consult_wait, consult_call, consult_hangup, consult_end. nullptr for other routes.
std::unique_ptr<Screen> make_consult_screen(const Route& route, const UiContext& context);

// The viewer's choices so far, carried from screen to screen in Route::param ("topic/language"); the call-back
// number stays out of routes (they are logged) and goes to ConsultControl::set_callback_number.
struct ConsultChoices {
    std::string topic;
    std::string language;
    std::string encode() const { return language.empty() ? topic : topic + "/" + language; }
    static ConsultChoices decode(const std::string& param);
};

// The consult's status, or an idle one where no hotline is configured.
ConsultUiStatus consult_status(const UiContext& context);

// "Demo hotline" in both scripts on an accent panel whose top-left (or top-right, right_aligned) is at design
// position (x, y); the consult screens show it whenever the hotline says it is a demonstration.
void draw_demo_label(DrawList& list, const UiContext& context, float x, float y, bool right_aligned = false);

// The small "12348 · in the queue, place N" badge that other screens show while a consult waits (drawn by the app
// over whatever screen is up), "consult ended" when it ended meanwhile, and a red camera-on dot should the camera
// be open there. Nothing otherwise.
void draw_consult_badge(DrawList& list, const UiContext& context);

// The key label "Red" in hints.
inline constexpr const char* kRedKeyLabel = "红键";

}  // namespace fl::ui
