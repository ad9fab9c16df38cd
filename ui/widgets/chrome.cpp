// Chrome drawing: rail, header and hints at fixed design positions inside the title-safe area.
#include "ui/widgets/chrome.h"

#include "ui/theme/theme.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {

void draw_chrome(DrawList& list, const UiContext& context, std::string_view mongolian_title,
                 std::string_view chinese_title) {
    list.background = theme::kBackground;
    list.fill(context.to_screen({0, 0, kRailRight, theme::kDesignHeight}), theme::kPanel);
    const bool mongolian = shows(context.settings.language, Language::Mongolian);
    text::TextStyle column;
    column.mode = text::LayoutMode::Vertical;  // Han stands upright in a column when Mongolian is off
    column.size_px = theme::kMongolianTitleSize;
    column.box_height = theme::kDesignHeight - 2 * theme::kSafeY;
    column.max_lines = 1;
    draw_text(list, context, context.strings.get(mongolian ? Language::Mongolian : Language::Chinese, "app.title"),
              column, theme::kSafeX - (mongolian ? 0 : 4), theme::kSafeY, theme::kAccent);
    if (mongolian && !mongolian_title.empty()) {
        column.size_px = theme::kMongolianHeadingSize;
        column.box_height = kHintBarTop - theme::kSafeY;
        draw_text(list, context, mongolian_title, column, kTitleColumnLeft, theme::kSafeY, theme::kText);
    }
    if (shows(context.settings.language, Language::Chinese) && !chinese_title.empty()) {
        text::TextStyle line;
        line.mode = text::LayoutMode::Horizontal;
        line.size_px = theme::kTitleSize;
        line.box_width = kContentRight - kContentLeft;
        line.max_lines = 1;
        draw_text(list, context, chinese_title, line, kContentLeft, theme::kSafeY, theme::kText);
    }
}

void draw_chrome_key(DrawList& list, const UiContext& context, std::string_view title_key) {
    draw_chrome(list, context, context.strings.get(Language::Mongolian, title_key),
                context.strings.get(Language::Chinese, title_key));
}

void draw_hint_bar(DrawList& list, const UiContext& context, const std::vector<Hint>& hints) {
    float x = kContentLeft;
    // The row sits at the bar's top so that a vertical Mongolian label gets the whole bar down to the safe area:
    // a single word such as "delete" must fit one column, or it breaks inside the word.
    const float y = kHintBarTop;
    for (const auto& hint : hints) {
        text::TextStyle key;
        key.mode = text::LayoutMode::Horizontal;
        key.size_px = theme::kHintSize;
        const auto key_layout = context.layout(hint.key_label, key);
        const float key_w = key_layout->width / context.scale + 20;
        list.fill(context.to_screen({x, y, key_w, 40}), theme::kPanelFocused);
        list.text(key_layout, (x + 10) * context.scale, (y + 2) * context.scale, theme::kAccent);
        x += key_w + 10;
        BilingualStyle style;
        style.mongolian_size = 19;
        style.chinese_size = theme::kHintSize;
        style.mongolian_height = theme::kDesignHeight - theme::kSafeY - y;
        style.mongolian_columns = 3;  // the longest hints (digits, keep place) need a third column
        style.chinese_width = 300;
        style.gap = 8;
        x += draw_bilingual_key(list, context, hint.string_key, style, x, y, theme::kTextDim).w + 40;
    }
}

}  // namespace fl::ui
