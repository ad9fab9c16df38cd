// Subtitle overlay: lays out the current cues' lines inside the title-safe area and draws them on dark bands.
#include "ui/widgets/subtitle_overlay.h"

#include <algorithm>
#include <cmath>

#include "ui/theme/theme.h"

namespace fl::ui {
namespace {

// Mongolian band: the same padding on every side of the columns.
constexpr float kMongolianPad = 14.0f;

bool is_blank(const std::string& line) {
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// The lines as one paragraph with mandatory breaks; blank lines are left out.
std::string join_lines(const std::vector<std::string>& lines) {
    std::string joined;
    for (const std::string& line : lines) {
        if (is_blank(line)) continue;
        if (!joined.empty()) joined.push_back('\n');
        joined += line;
    }
    return joined;
}

// Draws a laid-out text at a design position, on whole pixels so glyphs stay sharp.
void place(DrawList& list, const UiContext& context, std::shared_ptr<const text::Layout> laid, float x, float y) {
    list.text(std::move(laid), std::round(x * context.scale), std::round(y * context.scale), kSubtitleText);
}

}  // namespace

void draw_subtitles(DrawList& list, const UiContext& context, const SubtitleOverlayInput& input) {
    const bool wants_mongolian = input.mode == SubtitleMode::Mongolian || input.mode == SubtitleMode::Both;
    const bool wants_chinese = input.mode == SubtitleMode::Chinese || input.mode == SubtitleMode::Both;
    const std::string mongolian = wants_mongolian ? join_lines(input.mongolian_lines) : std::string();
    const std::string chinese = wants_chinese ? join_lines(input.chinese_lines) : std::string();
    if ((mongolian.empty() && chinese.empty()) || context.scale <= 0.0f) return;

    // The canvas in design units (the screen may not be 16:9), and its title-safe area.
    const float design_width = context.screen_width > 0.0f ? context.screen_width / context.scale : theme::kDesignWidth;
    const float design_height =
        context.screen_height > 0.0f ? context.screen_height / context.scale : theme::kDesignHeight;
    const float safe_left = theme::kSafeX;
    const float safe_top = theme::kSafeY;
    const float safe_right = design_width - theme::kSafeX;
    const float safe_bottom = design_height - theme::kSafeY;

    // Chinese first: the Mongolian columns must end above the room it takes.
    float mongolian_bottom = safe_bottom;
    if (!chinese.empty()) {
        text::TextStyle style;
        style.mode = text::LayoutMode::Horizontal;
        style.size_px = kSubtitleChineseSize;
        style.box_width = safe_right - safe_left - 2.0f * kSubtitlePadX;
        style.align = text::Align::Center;
        style.max_lines = kSubtitleChineseLines;
        auto laid = context.layout(chinese, style);
        if (!laid->glyphs.empty()) {
            const float text_w = laid->width / context.scale;
            const float text_h = laid->height / context.scale;
            const float centre = (safe_left + safe_right) / 2.0f;
            const Rect band{centre - text_w / 2.0f - kSubtitlePadX, safe_bottom - text_h - 2.0f * kSubtitlePadY,
                            text_w + 2.0f * kSubtitlePadX, text_h + 2.0f * kSubtitlePadY};
            // Keep room for the tallest band (all lines, Han line pitch) so the columns never reflow with it.
            const float han_pitch = context.layout("\xE4\xB8\xAD", style)->line_pitch;  // U+4E2D
            const float pitch = std::max(laid->line_pitch, han_pitch) / context.scale;
            const float reserved = static_cast<float>(kSubtitleChineseLines) * pitch + 2.0f * kSubtitlePadY;
            mongolian_bottom = std::min(band.y, safe_bottom - reserved) - kSubtitleBandGap;

            list.fill(context.to_screen(band), kSubtitleBand);
            // The layout centres each line in box_width, so the box's left edge is the text's origin.
            place(list, context, std::move(laid), centre - style.box_width / 2.0f, band.y + kSubtitlePadY);
        }
    }

    if (!mongolian.empty()) {
        text::TextStyle style;
        style.mode = text::LayoutMode::Vertical;
        style.size_px = kSubtitleMongolianSize;
        style.box_height = mongolian_bottom - safe_top - 2.0f * kMongolianPad;
        style.align = text::Align::Start;
        style.max_lines = kSubtitleMongolianColumns;
        if (style.box_height < 2.0f * kSubtitleMongolianSize) return;  // no room for even a short column
        auto laid = context.layout(mongolian, style);
        if (laid->glyphs.empty()) return;
        const Rect band{safe_left, safe_top, laid->width / context.scale + 2.0f * kMongolianPad,
                        laid->height / context.scale + 2.0f * kMongolianPad};
        list.fill(context.to_screen(band), kSubtitleBand);
        place(list, context, std::move(laid), safe_left + kMongolianPad, safe_top + kMongolianPad);
    }
}

}  // namespace fl::ui
