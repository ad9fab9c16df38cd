// How far an element is highlighted: 1 for the focused one once its animation ends, easing in and out.
#pragma once

#include <string_view>

#include "ui/screens/screen.h"

namespace fl::ui {

inline float focus_amount(const ViewState& state, std::string_view id) {
    const float t = state.focus_progress;
    const float eased = t * t * (3.0f - 2.0f * t);
    if (id == state.focused) return eased;
    if (id == state.previous_focus) return 1.0f - eased;
    return 0.0f;
}

inline Rect scrolled(const ViewState& state, const Focusable& element) {
    return {element.rect.x + state.scroll_x_of(element.group), element.rect.y + state.scroll_y, element.rect.w,
            element.rect.h};
}

}  // namespace fl::ui
