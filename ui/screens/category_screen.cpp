// Category grid: four tiles a row, scrolling down; Ok opens the programme page.
#include "ui/screens/category_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {
constexpr float kGap = 26.0f;
constexpr int kColumns = 4;
constexpr float kTileW = (kContentRight - kContentLeft - (kColumns - 1) * kGap) / kColumns;
constexpr float kTileH = 230.0f;
}  // namespace

View CategoryScreen::view(const UiContext& context) {
    View view;
    view.viewport = {kContentLeft - 20, kContentTop - 10, kContentRight - kContentLeft + 40, kHintBarTop - kContentTop};
    if (const feed::Category* category = context.catalog.find_category(category_id_)) {
        for (size_t i = 0; i < category->item_ids.size(); ++i) {
            const auto column = static_cast<float>(i % kColumns);
            const auto row = static_cast<float>(i / kColumns);
            view.focusables.push_back({"category." + category->item_ids[i],
                                       {kContentLeft + column * (kTileW + kGap), kContentTop + 20 + row * (kTileH + 50),
                                        kTileW, kTileH},
                                       "category.grid",
                                       {}});
            // The end of a grid row stops Right instead of wrapping diagonally.
            const bool row_end = (i + 1) % kColumns == 0 || i + 1 == category->item_ids.size();
            if (row_end) view.focusables.back().next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);  // not '= "!"': GCC 12 -Wrestrict false alarm
        }
    }
    if (!view.focusables.empty()) view.default_focus = view.focusables.front().id;
    view.hints = {{"确定", "hint.ok"}, {"返回", "hint.back"}, {"主页", "hint.home"}};
    return view;
}

void CategoryScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    const feed::Category* category = context.catalog.find_category(category_id_);
    draw_chrome(list, context, category != nullptr ? category->title.mn : "", category != nullptr ? category->title.zh : "");
    list.push_clip(context.to_screen(view.viewport));
    for (int pass = 0; pass < 2; ++pass) {  // the focused tile last, over its neighbours
        for (const auto& element : view.focusables) {
            if ((element.id == state.focused) != (pass == 1)) continue;
            const feed::Item* item = context.catalog.find_item(element.id.substr(element.id.find('.') + 1));
            if (item == nullptr) continue;
            draw_program_tile(list, context, {scrolled(state, element), item->thumbnail_path, item->title.mn,
                                              item->title.zh, focus_amount(state, element.id)});
        }
    }
    list.pop_clip();
    draw_hint_bar(list, context, view.hints);
}

Navigation CategoryScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)context;
    if (action != input::Action::Ok || focused.empty()) return Navigation::none();
    return Navigation::push({"program", std::string(focused.substr(focused.find('.') + 1))});
}

}  // namespace fl::ui
