// Text widgets: design-unit styles scaled to the screen; Mongolian first wherever both scripts are shown.
#include "ui/widgets/text_block.h"

#include <algorithm>

namespace fl::ui {

std::shared_ptr<const text::Layout> UiContext::layout(std::string_view utf8, text::TextStyle design_style) const {
    design_style.size_px *= scale;
    design_style.box_width *= scale;
    design_style.box_height *= scale;
    return text.layout(utf8, design_style);
}

DesignSize draw_text(DrawList& list, const UiContext& context, std::string_view utf8, const text::TextStyle& style,
                     float x, float y, Color color) {
    if (utf8.empty()) return {};
    auto laid = context.layout(utf8, style);
    const DesignSize size{laid->width / context.scale, laid->height / context.scale};
    list.text(std::move(laid), x * context.scale, y * context.scale, color);
    return size;
}

DesignSize draw_bilingual(DrawList& list, const UiContext& context, std::string_view mongolian, std::string_view chinese,
                          const BilingualStyle& style, float x, float y, Color color) {
    DesignSize used;
    float cursor = x;
    if (shows(context.settings.language, Language::Mongolian) && !mongolian.empty()) {
        text::TextStyle column;
        column.mode = text::LayoutMode::Vertical;
        column.size_px = style.mongolian_size;
        column.box_height = style.mongolian_height;
        column.max_lines = style.mongolian_columns;
        const DesignSize size = draw_text(list, context, mongolian, column, cursor, y, color);
        cursor += size.w + style.gap;
        used.h = size.h;
    }
    if (shows(context.settings.language, Language::Chinese) && !chinese.empty()) {
        text::TextStyle line;
        line.mode = text::LayoutMode::Horizontal;
        line.size_px = style.chinese_size;
        line.box_width = style.chinese_width;
        line.max_lines = style.chinese_lines;
        const DesignSize size = draw_text(list, context, chinese, line, cursor, y, color);
        cursor += size.w + style.gap;
        used.h = std::max(used.h, size.h);
    }
    used.w = cursor > x ? cursor - x - style.gap : 0.0f;
    return used;
}

DesignSize draw_bilingual_key(DrawList& list, const UiContext& context, std::string_view key,
                              const BilingualStyle& style, float x, float y, Color color) {
    return draw_bilingual(list, context, context.strings.get(Language::Mongolian, key),
                          context.strings.get(Language::Chinese, key), style, x, y, color);
}

}  // namespace fl::ui
