// Chrome drawing: rail, header and hints at fixed design positions inside the title-safe area.
#include "ui/widgets/chrome.h"

#include "ui/theme/theme.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {

void draw_chrome(DrawList& list, const UiContext& context, std::string_view title_key) {
    list.background = theme::kBackground;
    list.fill(context.to_screen({0, 0, 176, theme::kDesignHeight}), theme::kPanel);
    if (shows(context.settings.language, Language::Mongolian)) {
        text::TextStyle rail;
        rail.mode = text::LayoutMode::Vertical;
        rail.size_px = theme::kMongolianTitleSize;
        rail.box_height = theme::kDesignHeight - 2 * theme::kSafeY;
        rail.max_lines = 1;
        draw_text(list, context, context.strings.get(Language::Mongolian, "app.title"), rail, theme::kSafeX,
                  theme::kSafeY, theme::kAccent);
    } else {
        text::TextStyle rail;
        rail.mode = text::LayoutMode::Vertical;  // Han upright in a column
        rail.size_px = theme::kMongolianTitleSize;
        rail.box_height = theme::kDesignHeight - 2 * theme::kSafeY;
        draw_text(list, context, context.strings.get(Language::Chinese, "app.title"), rail, theme::kSafeX - 4,
                  theme::kSafeY, theme::kAccent);
    }
    if (!title_key.empty()) {
        draw_page_title(list, context, context.strings.get(Language::Mongolian, title_key),
                        context.strings.get(Language::Chinese, title_key));
    }
}

void draw_page_title(DrawList& list, const UiContext& context, std::string_view mongolian, std::string_view chinese) {
    BilingualStyle style;
    style.mongolian_size = theme::kMongolianHeadingSize;
    style.chinese_size = theme::kTitleSize;
    style.mongolian_height = kContentTop - theme::kSafeY - 10;
    style.mongolian_columns = 2;
    style.chinese_width = 1200;
    draw_bilingual(list, context, mongolian, chinese, style, kContentLeft, theme::kSafeY, theme::kText);
}

void draw_hint_bar(DrawList& list, const UiContext& context, const std::vector<Hint>& hints) {
    float x = kContentLeft;
    const float y = kHintBarTop + 8;
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
        style.mongolian_size = 22;
        style.chinese_size = theme::kHintSize;
        style.mongolian_height = theme::kDesignHeight - theme::kSafeY - y;
        style.chinese_width = 300;
        style.gap = 8;
        x += draw_bilingual_key(list, context, hint.string_key, style, x, y, theme::kTextDim).w + 40;
    }
}

}  // namespace fl::ui
