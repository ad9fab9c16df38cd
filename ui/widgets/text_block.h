// Text widgets: one text in a box, and the bilingual label (Mongolian column first, then Chinese line).
#pragma once

#include <string_view>

#include "ui/screens/screen.h"

namespace fl::ui {

// Draws utf8 laid out in a design-unit style at design position (x, y); returns its size in design units.
struct DesignSize {
    float w = 0, h = 0;
};
DesignSize draw_text(DrawList& list, const UiContext& context, std::string_view utf8, const text::TextStyle& style,
                     float x, float y, Color color);

struct BilingualStyle {
    float mongolian_size = 28.0f;
    float chinese_size = 30.0f;
    float mongolian_height = 200.0f;  // column length for the Mongolian text
    int mongolian_columns = 1;        // at most this many columns, then an ellipsis
    float chinese_width = 600.0f;     // line length for the Chinese text
    int chinese_lines = 1;
    float gap = 16.0f;
};

// Mongolian vertical on the left, Chinese horizontal to its right (as the settings allow); returns the size used.
// cut, when given, is set when either text did not fit and ends in an ellipsis.
DesignSize draw_bilingual(DrawList& list, const UiContext& context, std::string_view mongolian, std::string_view chinese,
                          const BilingualStyle& style, float x, float y, Color color, bool* cut = nullptr);

// The same for an i18n key; a cut string is reported to context.string_cut.
DesignSize draw_bilingual_key(DrawList& list, const UiContext& context, std::string_view key,
                              const BilingualStyle& style, float x, float y, Color color);

}  // namespace fl::ui
