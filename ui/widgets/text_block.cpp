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
    struct Part {
        Language language;
        std::string_view text;
        text::LayoutMode mode;
        float size;
        float box_width;
        float box_height;
        int max_lines;
    };
    // Mongolian first: its columns on the left, the Chinese lines to their right.
    const Part parts[] = {
        {Language::Mongolian, mongolian, text::LayoutMode::Vertical, style.mongolian_size, 0.0f, style.mongolian_height,
         style.mongolian_columns},
        {Language::Chinese, chinese, text::LayoutMode::Horizontal, style.chinese_size, style.chinese_width, 0.0f,
         style.chinese_lines},
    };
    DesignSize used;
    float cursor = x;
    for (const Part& part : parts) {
        if (!shows(context.settings.language, part.language) || part.text.empty()) continue;
        text::TextStyle text_style;
        text_style.mode = part.mode;
        text_style.size_px = part.size;
        text_style.box_width = part.box_width;
        text_style.box_height = part.box_height;
        text_style.max_lines = part.max_lines;
        const DesignSize size = draw_text(list, context, part.text, text_style, cursor, y, color);
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
