// Tile drawing: panel, focus ring, thumbnail (placeholder while loading or broken), Mongolian strip left of it.
#include "ui/widgets/tile.h"

#include <algorithm>

#include "ui/theme/theme.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {
namespace {

Color mix(Color a, Color b, float t) {
    auto channel = [t](uint8_t from, uint8_t to) {
        return static_cast<uint8_t>(static_cast<float>(from) + (static_cast<float>(to) - static_cast<float>(from)) * t);
    };
    return {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b), channel(a.a, b.a)};
}

void draw_focus_ring(DrawList& list, const UiContext& context, Rect rect, float focus) {
    if (focus <= 0.0f) return;
    Color ring = theme::kFocus;
    ring.a = static_cast<uint8_t>(255.0f * focus);
    const float border = theme::kFocusBorder;
    list.stroke(context.to_screen({rect.x - border, rect.y - border, rect.w + 2 * border, rect.h + 2 * border}), ring,
                border * context.scale);
}

// Mongolian tile titles: two columns of this size fit a five-word title.
constexpr float kStripTextSize = 24.0f;
constexpr float kStripWidth = 92.0f;

}  // namespace

Rect grown(Rect rect, float focus) {
    // Wide elements (settings rows, the consult tile) grow by at most this much on each side.
    constexpr float kMaxGrowth = 24.0f;
    const float longest = std::max(rect.w, rect.h);
    const float most = longest > 0.0f ? std::min(theme::kFocusScale, 1.0f + 2.0f * kMaxGrowth / longest) : 1.0f;
    const float factor = 1.0f + (most - 1.0f) * focus;
    const float w = rect.w * factor;
    const float h = rect.h * factor;
    return {rect.x - (w - rect.w) / 2, rect.y - (h - rect.h) / 2, w, h};
}

void draw_program_tile(DrawList& list, const UiContext& context, const ProgramTile& tile) {
    const Rect box = grown(tile.rect, tile.focus);
    const float k = box.w / tile.rect.w;  // content grows with the tile
    list.fill(context.to_screen(box), mix(theme::kPanel, theme::kPanelFocused, tile.focus));
    const bool mongolian = shows(context.settings.language, Language::Mongolian);
    const bool chinese = shows(context.settings.language, Language::Chinese);
    const float pad = 10.0f * k;
    const float strip = mongolian ? kStripWidth * k : 0.0f;
    const float title_line = chinese ? 40.0f * k : 0.0f;
    // A 16:9 picture as wide as fits, and no taller than leaves room for the Chinese title.
    const float image_w = std::min(box.w - strip - 2 * pad, (box.h - 2 * pad - title_line) * 16.0f / 9.0f);
    const float image_h = image_w * 9.0f / 16.0f;
    if (mongolian) {
        text::TextStyle column;
        column.mode = text::LayoutMode::Vertical;
        column.size_px = kStripTextSize * k;
        column.box_height = image_h;
        column.max_lines = 2;
        draw_text(list, context, tile.mongolian, column, box.x + pad, box.y + pad, theme::kText);
    }
    list.image(tile.image_path, context.to_screen({box.x + pad + strip, box.y + pad, image_w, image_h}));
    if (chinese) {
        text::TextStyle line;
        line.mode = text::LayoutMode::Horizontal;
        line.size_px = theme::kTileTextSize * k;
        line.box_width = box.w - 2 * pad;
        line.max_lines = 1;
        draw_text(list, context, tile.chinese, line, box.x + pad, box.y + pad + image_h + 6.0f * k, theme::kText);
    }
    draw_focus_ring(list, context, box, tile.focus);
}

void draw_action_tile(DrawList& list, const UiContext& context, const ActionTile& tile) {
    const Rect box = grown(tile.rect, tile.focus);
    const float k = box.w / tile.rect.w;
    list.fill(context.to_screen(box), mix(tile.panel, tile.panel_focused, tile.focus));
    const float pad = 20.0f * k;
    float x = box.x + pad;
    if (shows(context.settings.language, Language::Mongolian)) {
        text::TextStyle column;
        column.mode = text::LayoutMode::Vertical;
        column.size_px = 30.0f * k;
        column.box_height = box.h - 2 * pad;
        column.max_lines = 2;
        const DesignSize size = draw_text(list, context, tile.mongolian, column, x, box.y + pad, theme::kText);
        x += size.w + 8.0f * k;
        if (!tile.mongolian_note.empty()) {
            column.size_px = 24.0f * k;
            column.max_lines = 1;
            x += draw_text(list, context, tile.mongolian_note, column, x, box.y + pad, theme::kTextDim).w + 16.0f * k;
        }
    }
    float y = box.y + pad;
    const float width = box.x + box.w - pad - x;
    if (!tile.headline.empty()) {
        text::TextStyle big;
        big.mode = text::LayoutMode::Horizontal;
        big.size_px = 72.0f * k;
        big.box_width = width;
        big.max_lines = 1;
        y += draw_text(list, context, tile.headline, big, x, y - 10.0f * k, theme::kText).h - 10.0f * k;
    }
    if (shows(context.settings.language, Language::Chinese)) {
        text::TextStyle line;
        line.mode = text::LayoutMode::Horizontal;
        line.size_px = 34.0f * k;
        line.box_width = width;
        line.max_lines = 2;
        y += draw_text(list, context, tile.chinese, line, x, y, theme::kText).h + 6.0f * k;
        if (!tile.chinese_note.empty()) {
            line.size_px = 24.0f * k;
            draw_text(list, context, tile.chinese_note, line, x, y, theme::kTextDim);
        }
    }
    draw_focus_ring(list, context, box, tile.focus);
}

}  // namespace fl::ui
