// Downloads grid: a tile per downloaded programme with its progress or state; Ok opens the programme, Yellow deletes.
#include "ui/screens/downloads_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/download_badge.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {
constexpr float kGap = 26.0f;
constexpr int kColumns = 4;
constexpr float kTileW = (kContentRight - kContentLeft - (kColumns - 1) * kGap) / kColumns;
constexpr float kTileH = 230.0f;
constexpr std::string_view kPrefix = "downloads.";
}  // namespace

View DownloadsScreen::view(const UiContext& context) {
    View view;
    view.viewport = {kContentLeft - 20, kContentTop - 10, kContentRight - kContentLeft + 40, kHintBarTop - kContentTop};
    std::vector<std::string> ids;
    if (context.downloads != nullptr) {
        for (auto& id : context.downloads->downloaded_items()) {
            if (context.catalog.find_item(id) != nullptr) ids.push_back(std::move(id));
        }
    }
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto column = static_cast<float>(i % kColumns);
        const auto row = static_cast<float>(i / kColumns);
        view.focusables.push_back(
            {std::string(kPrefix) + ids[i],
             {kContentLeft + column * (kTileW + kGap), kContentTop + 20 + row * (kTileH + 50), kTileW, kTileH},
             "downloads.grid",
             {}});
        if ((i + 1) % kColumns == 0 || i + 1 == ids.size()) {
            view.focusables.back().next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);
        }
    }
    if (!view.focusables.empty()) view.default_focus = view.focusables.front().id;
    view.hints = {{"返回", "hint.back"}};
    if (!ids.empty()) view.hints.insert(view.hints.begin(), {{"确定", "hint.ok"}, {"黄", "hint.delete"}});
    return view;
}

void DownloadsScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "downloads.title");
    if (view.focusables.empty()) {
        BilingualStyle style;
        style.mongolian_height = 400.0f;
        style.mongolian_columns = 4;
        style.chinese_width = 1100.0f;
        style.chinese_lines = 2;
        draw_bilingual_key(list, context, "downloads.empty", style, kContentLeft, kContentTop + 40, theme::kTextDim);
    }
    list.push_clip(context.to_screen(view.viewport));
    for (int pass = 0; pass < 2; ++pass) {  // the focused tile last, over its neighbours
        for (const auto& element : view.focusables) {
            if ((element.id == state.focused) != (pass == 1)) continue;
            const std::string item_id = element.id.substr(kPrefix.size());
            const feed::Item* item = context.catalog.find_item(item_id);
            if (item == nullptr) continue;
            const Rect rect = scrolled(state, element);
            const float focus = focus_amount(state, element.id);
            draw_program_tile(list, context, {rect, item->thumbnail_path, item->title.mn, item->title.zh, focus});
            draw_download_badge(list, context, grown(rect, focus), item_id);
        }
    }
    list.pop_clip();
    draw_hint_bar(list, context, view.hints);
}

Navigation DownloadsScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    if (focused.size() <= kPrefix.size()) return Navigation::none();
    const std::string item_id(focused.substr(kPrefix.size()));
    if (action == input::Action::Yellow && context.downloads != nullptr) {
        context.downloads->delete_download(item_id);
        return Navigation::refresh();
    }
    if (action == input::Action::Ok) return Navigation::push({"program", item_id});
    return Navigation::none();
}

}  // namespace fl::ui
