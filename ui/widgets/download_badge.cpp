// Download badges: a bar at the foot of the picture coloured by state, with a bilingual label when done or failed.
#include "ui/widgets/download_badge.h"

#include <algorithm>

#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {
namespace {

constexpr Color kDownloadGreen{64, 176, 96, 255};
constexpr Color kDownloadRed{208, 72, 60, 255};
constexpr Color kBadgeBack{0, 0, 0, 190};
constexpr float kBarHeight = 10.0f;

// The bilingual label for key (Mongolian column first, then the Chinese line) on a dark plate at (x, y).
void draw_plate(DrawList& list, const UiContext& context, std::string_view key, float x, float y, float max_width,
                float column_height, int columns, Color plate, Color color) {
    BilingualStyle style;
    style.mongolian_size = 22.0f;
    style.chinese_size = 24.0f;
    style.mongolian_height = column_height;
    style.mongolian_columns = columns;
    style.chinese_width = max_width - 60.0f;
    style.gap = 10.0f;
    DrawList text;  // laid out first so that the plate fits it
    const DesignSize size = draw_bilingual_key(text, context, key, style, x + 8, y + 6, color);
    list.fill(context.to_screen({x, y, size.w + 16, size.h + 12}), plate);
    for (auto& command : text.commands) list.commands.push_back(std::move(command));
}

}  // namespace

void draw_download_badge(DrawList& list, const UiContext& context, Rect picture, std::string_view item_id, bool label) {
    if (context.downloads == nullptr) return;
    const auto status = context.downloads->download_status(item_id);
    if (!status) return;
    const Rect bar{picture.x, picture.bottom() - kBarHeight, picture.w, kBarHeight};
    list.fill(context.to_screen(bar), kBadgeBack);
    const bool done = status->state == DownloadView::State::Done;
    const bool failed = status->state == DownloadView::State::Failed;
    const float fraction = done || failed ? 1.0f : std::clamp(status->fraction, 0.0f, 1.0f);
    list.fill(context.to_screen({bar.x, bar.y, bar.w * fraction, bar.h}), failed ? kDownloadRed : kDownloadGreen);
    if ((done || failed) && label) {
        draw_plate(list, context, done ? "download.done" : "download.failed", picture.x, picture.y, picture.w,
                   picture.h - 60.0f, 1, kBadgeBack, done ? theme::kText : theme::kAccent);
    } else if (done) {
        constexpr float kMark = 30.0f;
        list.fill(context.to_screen({picture.right() - kMark - 8, picture.y + 8, kMark, kMark}), kDownloadGreen);
        list.fill(context.to_screen({picture.right() - kMark, picture.y + 16, kMark - 16, kMark - 16}), theme::kText);
    }
}

void draw_stale_note(DrawList& list, const UiContext& context) {
    if (!context.catalog_stale) return;
    draw_plate(list, context, "feed.stale", kContentRight - 560.0f, 20.0f, 560.0f, 120.0f, 3, kDownloadRed,
               theme::kText);
}

}  // namespace fl::ui
