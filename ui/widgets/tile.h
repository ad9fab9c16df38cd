// Tiles: a programme (thumbnail and bilingual title) and an action (big label, e.g. the 12348 consult).
#pragma once

#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

struct ProgramTile {
    Rect rect;  // design units, on screen (after scrolling)
    std::string image_path;
    std::string mongolian;
    std::string chinese;
    float focus = 0.0f;  // 0..1: grows and lights up
};

struct ActionTile {
    Rect rect;
    std::string headline;  // drawn large, e.g. "12348" (optional)
    std::string mongolian;
    std::string chinese;
    std::string mongolian_note;  // smaller second label (optional)
    std::string chinese_note;
    Color panel;
    Color panel_focused;
    float focus = 0.0f;
};

void draw_program_tile(DrawList& list, const UiContext& context, const ProgramTile& tile);
void draw_action_tile(DrawList& list, const UiContext& context, const ActionTile& tile);

// A focused element grows about its centre by up to theme::kFocusScale.
Rect grown(Rect rect, float focus);

}  // namespace fl::ui
