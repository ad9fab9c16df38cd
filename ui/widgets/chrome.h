// Screen chrome every page shares: the Mongolian rail with the app's name, the Chinese header, the hint bar.
#pragma once

#include <string_view>
#include <vector>

#include "ui/screens/screen.h"

namespace fl::ui {

// Page frame, left to right as Mongolian reads: the rail with the app's name, the page's Mongolian title as
// one full-height column, then the content under the Chinese title (design units).
inline constexpr float kRailRight = 176.0f;
inline constexpr float kTitleColumnLeft = 200.0f;
inline constexpr float kContentLeft = 276.0f;
inline constexpr float kContentRight = 1824.0f;
inline constexpr float kContentTop = 150.0f;
inline constexpr float kHintBarTop = 930.0f;

// Background, rail, and the page title: Mongolian in its column, Chinese across the top.
void draw_chrome(DrawList& list, const UiContext& context, std::string_view mongolian_title,
                 std::string_view chinese_title);
void draw_chrome_key(DrawList& list, const UiContext& context, std::string_view title_key);
void draw_hint_bar(DrawList& list, const UiContext& context, const std::vector<Hint>& hints);

}  // namespace fl::ui
