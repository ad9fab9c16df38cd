// Subtitles over video: Chinese lines centred at the bottom, Mongolian columns at the left, each on a dark band.
#pragma once

#include <string>
#include <vector>

#include "ui/screens/screen.h"
#include "ui/settings.h"

namespace fl::ui {

// Sizes in design units (1920x1080); everything stays inside the title-safe area (theme::kSafeX, kSafeY).
inline constexpr float kSubtitleChineseSize = 44.0f;
inline constexpr int kSubtitleChineseLines = 2;  // more is cut with an ellipsis
inline constexpr float kSubtitleMongolianSize = 40.0f;
inline constexpr int kSubtitleMongolianColumns = 3;  // more is cut with an ellipsis
inline constexpr float kSubtitlePadX = 20.0f;        // band around the text
inline constexpr float kSubtitlePadY = 10.0f;
inline constexpr float kSubtitleBandGap = 16.0f;  // between the Mongolian band and the space kept for Chinese
inline constexpr Color kSubtitleText{240, 244, 248, 255};
inline constexpr Color kSubtitleBand{0, 0, 0, 168};  // translucent: the picture shows through

// The subtitle lines of the current moment (each cue's text split at '\n'; empty lines are ignored).
struct SubtitleOverlayInput {
    std::vector<std::string> mongolian_lines;
    std::vector<std::string> chinese_lines;
    SubtitleMode mode = SubtitleMode::Both;
};

// Chinese: horizontal, centred on the bottom edge of the safe area, lines wrapped to the safe width, at most
// 2 lines. Mongolian: vertical columns (left to right) from the top-left corner of the safe area, at most 3
// columns; when Chinese shows too, the columns end above the room a 2-line Chinese band needs, so the bands never
// overlap and the columns do not reflow when the Chinese cue changes. Nothing is drawn for an empty language.
void draw_subtitles(DrawList& list, const UiContext& context, const SubtitleOverlayInput& input);

}  // namespace fl::ui
