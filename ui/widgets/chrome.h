// Screen chrome every page shares: the Mongolian rail with the app's name, the Chinese header, the hint bar.
#pragma once

#include <string_view>
#include <vector>

#include "ui/screens/screen.h"

namespace fl::ui {

// Left edge of the content area, right of the Mongolian rail (design units).
inline constexpr float kContentLeft = 200.0f;
inline constexpr float kContentTop = 150.0f;
inline constexpr float kHintBarTop = 950.0f;

// Background, rail with the app's Mongolian name, and the page title (Mongolian column, then Chinese).
void draw_chrome(DrawList& list, const UiContext& context, std::string_view title_key);
void draw_page_title(DrawList& list, const UiContext& context, std::string_view mongolian, std::string_view chinese);
void draw_hint_bar(DrawList& list, const UiContext& context, const std::vector<Hint>& hints);

}  // namespace fl::ui
