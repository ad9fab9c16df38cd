// The look of the 10-foot UI: sizes in design units (1920x1080 reference), colours, focus style, safe area.
#pragma once

#include "ui/draw/draw_list.h"

namespace fl::ui::theme {

// Design canvas; everything is laid out here and scaled to the screen (x2 at 3840x2160).
inline constexpr float kDesignWidth = 1920.0f;
inline constexpr float kDesignHeight = 1080.0f;

// Title-safe margins: 5 % of the canvas (Android TV: 48/27 dp of 960x540).
inline constexpr float kSafeX = 96.0f;
inline constexpr float kSafeY = 54.0f;

// Text sizes readable at 3 m (at least 24 px at 1080p; Mongolian is set a little larger than Han).
inline constexpr float kTitleSize = 52.0f;
inline constexpr float kMongolianTitleSize = 46.0f;
inline constexpr float kHeadingSize = 34.0f;
inline constexpr float kMongolianHeadingSize = 30.0f;
inline constexpr float kBodySize = 30.0f;
inline constexpr float kMongolianBodySize = 28.0f;
inline constexpr float kTileTextSize = 26.0f;
inline constexpr float kMongolianTileTextSize = 26.0f;
inline constexpr float kHintSize = 24.0f;

// Tiles.
inline constexpr float kTileWidth = 320.0f;
inline constexpr float kTileImageHeight = 180.0f;
inline constexpr float kTileGap = 32.0f;
inline constexpr float kRowGap = 40.0f;
inline constexpr float kFocusScale = 1.08f;         // focused tile grows by this much
inline constexpr float kFocusBorder = 6.0f;
inline constexpr unsigned kFocusAnimationMs = 160;  // grow/shrink time

// Colours: light text on a dark, calm background; focus in warm yellow, visible from the sofa.
inline constexpr Color kBackground{14, 26, 40, 255};
inline constexpr Color kPanel{28, 44, 64, 255};
inline constexpr Color kPanelFocused{44, 66, 94, 255};
inline constexpr Color kText{240, 244, 248, 255};
inline constexpr Color kTextDim{168, 184, 204, 255};
inline constexpr Color kAccent{255, 204, 64, 255};
inline constexpr Color kFocus{255, 214, 90, 255};
inline constexpr Color kConsult{200, 60, 48, 255};
inline constexpr Color kConsultFocused{228, 84, 64, 255};
inline constexpr Color kPlaceholder{52, 70, 92, 255};
inline constexpr Color kScrim{0, 0, 0, 170};

}  // namespace fl::ui::theme
