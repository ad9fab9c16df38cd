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

namespace {

// Draws a laid-out text at a design position; returns its size in design units.
DesignSize place(DrawList& list, const UiContext& context, std::shared_ptr<const text::Layout> laid, float x, float y,
                 Color color) {
    const DesignSize size{laid->width / context.scale, laid->height / context.scale};
    list.text(std::move(laid), x * context.scale, y * context.scale, color);
    return size;
}

}  // namespace

DesignSize draw_text(DrawList& list, const UiContext& context, std::string_view utf8, const text::TextStyle& style,
                     float x, float y, Color color) {
    if (utf8.empty()) return {};
    return place(list, context, context.layout(utf8, style), x, y, color);
}

DesignSize draw_bilingual(DrawList& list, const UiContext& context, std::string_view mongolian, std::string_view chinese,
                          const BilingualStyle& style, float x, float y, Color color, bool* cut) {
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
        auto laid = context.layout(part.text, text_style);
        if (cut != nullptr && laid->warnings.truncated) *cut = true;
        const DesignSize size = place(list, context, std::move(laid), cursor, y, color);
        cursor += size.w + style.gap;
        used.h = std::max(used.h, size.h);
    }
    used.w = cursor > x ? cursor - x - style.gap : 0.0f;
    return used;
}

DesignSize draw_bilingual_key(DrawList& list, const UiContext& context, std::string_view key,
                              const BilingualStyle& style, float x, float y, Color color) {
    bool cut = false;
    const DesignSize used = draw_bilingual(list, context, context.strings.get(Language::Mongolian, key),
                                           context.strings.get(Language::Chinese, key), style, x, y, color, &cut);
    if (cut && context.string_cut) context.string_cut(key);
    return used;
}

}  // namespace fl::ui
