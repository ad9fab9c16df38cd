// Home: services (12348 consult, legal aid, settings), featured programmes, then one row per category.
#include "ui/screens/home_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/download_badge.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {

constexpr float kLabelColumn = 96.0f;  // Mongolian row label (up to two columns) left of the tiles
constexpr float kTilesLeft = kContentLeft + kLabelColumn;
constexpr float kGap = 24.0f;
constexpr float kTileW = (kContentRight - kTilesLeft - 3 * kGap) / 4;  // four tiles fill a row
constexpr float kTileH = 206.0f;
constexpr float kRowLabel = 52.0f;  // Chinese row label above the tiles
constexpr float kRowPitch = kRowLabel + kTileH + 30.0f;

struct RowSpec {
    std::string group;
    std::string mongolian;
    std::string chinese;
    std::vector<std::string> item_ids;
    bool more = false;  // ends with a tile that opens the category grid
};

std::vector<RowSpec> rows_of(const UiContext& context) {
    std::vector<RowSpec> rows;
    rows.push_back({"home.featured", context.strings.get(Language::Mongolian, "home.featured"),
                    context.strings.get(Language::Chinese, "home.featured"), context.catalog.featured, false});
    for (const auto& category : context.catalog.categories) {
        rows.push_back({"home.cat." + category.id, category.title.mn, category.title.zh, category.item_ids, true});
    }
    return rows;
}

float row_top(size_t row) { return kContentTop + static_cast<float>(row) * kRowPitch + kRowLabel; }

void draw_row_label(DrawList& list, const UiContext& context, const std::string& mongolian, const std::string& chinese,
                    float tiles_top) {
    if (shows(context.settings.language, Language::Chinese)) {
        text::TextStyle line;
        line.mode = text::LayoutMode::Horizontal;
        line.size_px = theme::kHeadingSize;
        line.box_width = 1200;
        line.max_lines = 1;
        draw_text(list, context, chinese, line, kTilesLeft, tiles_top - kRowLabel - 4, theme::kTextDim);
    }
    if (shows(context.settings.language, Language::Mongolian)) {
        text::TextStyle column;
        column.mode = text::LayoutMode::Vertical;
        column.size_px = 26.0f;
        column.box_height = kTileH + kRowLabel;
        column.max_lines = 2;
        draw_text(list, context, mongolian, column, kContentLeft, tiles_top - kRowLabel, theme::kTextDim);
    }
}

}  // namespace

View HomeScreen::view(const UiContext& context) {
    View view;
    view.viewport = {kContentLeft - 20, kContentTop - 10, kContentRight - kContentLeft + 40, kHintBarTop - kContentTop};
    const float services_top = row_top(0);
    view.focusables.push_back({"home.services.consult", {kTilesLeft, services_top, 2 * kTileW + kGap, kTileH}, "home.services", {}});
    view.focusables.push_back({"home.services.legal_aid", {kTilesLeft + 2 * (kTileW + kGap), services_top, kTileW, kTileH}, "home.services", {}});
    view.focusables.push_back({"home.services.settings", {kTilesLeft + 3 * (kTileW + kGap), services_top, kTileW, kTileH}, "home.services", {}});
    const auto rows = rows_of(context);
    for (size_t r = 0; r < rows.size(); ++r) {
        const float top = row_top(r + 1);
        float x = kTilesLeft;
        for (const auto& id : rows[r].item_ids) {
            view.focusables.push_back({rows[r].group + "." + id, {x, top, kTileW, kTileH}, rows[r].group, {}});
            x += kTileW + kGap;
        }
        if (rows[r].more) view.focusables.push_back({rows[r].group + ".more", {x, top, kTileW, kTileH}, rows[r].group, {}});
    }
    // Right at the end of a row stays there rather than jumping diagonally into the row above or below.
    for (size_t i = 0; i < view.focusables.size(); ++i) {
        const bool last_in_row = i + 1 == view.focusables.size() || view.focusables[i + 1].group != view.focusables[i].group;
        if (last_in_row) view.focusables[i].next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);  // not '= "!"': GCC 12 -Wrestrict false alarm
    }
    view.default_focus = view.focusables.size() > 3 ? view.focusables[3].id : view.focusables.front().id;
    view.hints = {{"确定", "hint.ok"}, {"返回", "hint.back"}, {"主页", "hint.home"}};
    if (context.downloads != nullptr) view.hints.push_back({"蓝", "hint.downloads"});
    return view;
}

void HomeScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "home.title");
    draw_stale_note(list, context);
    list.push_clip(context.to_screen(view.viewport));
    const auto rows = rows_of(context);
    draw_row_label(list, context, context.strings.get(Language::Mongolian, "home.services"),
                   context.strings.get(Language::Chinese, "home.services"), row_top(0) + state.scroll_y);
    for (size_t r = 0; r < rows.size(); ++r) {
        draw_row_label(list, context, rows[r].mongolian, rows[r].chinese, row_top(r + 1) + state.scroll_y);
    }
    // Unfocused tiles first, the focused one last so its growth overlaps its neighbours.
    const Focusable* focused = nullptr;
    for (const auto& element : view.focusables) {
        if (element.id == state.focused) {
            focused = &element;
            continue;
        }
        draw_element(list, context, element, state);
    }
    if (focused != nullptr) draw_element(list, context, *focused, state);
    list.pop_clip();
    draw_hint_bar(list, context, view.hints);
}

void HomeScreen::draw_element(DrawList& list, const UiContext& context, const Focusable& element,
                              const ViewState& state) const {
    const Rect rect = scrolled(state, element);
    if (rect.bottom() < kContentTop - kTileH || rect.y > kHintBarTop + 20) return;  // off screen
    const float focus = focus_amount(state, element.id);
    const auto text_of = [&](std::string_view key, Language language) { return context.strings.get(language, key); };
    if (element.id == "home.services.consult") {
        draw_action_tile(list, context,
                         {rect, "12348", text_of("tile.consult", Language::Mongolian), text_of("tile.consult", Language::Chinese),
                          text_of("tile.consult_hint", Language::Mongolian), text_of("tile.consult_hint", Language::Chinese),
                          theme::kConsult, theme::kConsultFocused, focus});
        return;
    }
    if (element.id == "home.services.legal_aid" || element.id == "home.services.settings") {
        const std::string key = element.id == "home.services.legal_aid" ? "tile.legal_aid" : "tile.settings";
        draw_action_tile(list, context,
                         {rect, "", text_of(key, Language::Mongolian), text_of(key, Language::Chinese), "", "",
                          theme::kPanel, theme::kPanelFocused, focus});
        return;
    }
    if (element.id.size() > 5 && element.id.compare(element.id.size() - 5, 5, ".more") == 0) {
        draw_action_tile(list, context,
                         {rect, "", text_of("tile.more", Language::Mongolian), text_of("tile.more", Language::Chinese), "", "",
                          theme::kPanel, theme::kPanelFocused, focus});
        return;
    }
    const std::string item_id = element.id.substr(element.id.rfind('.') + 1);
    if (const feed::Item* item = context.catalog.find_item(item_id)) {
        draw_program_tile(list, context, {rect, item->thumbnail_path, item->title.mn, item->title.zh, focus});
        draw_download_badge(list, context, grown(rect, focus), item_id);
    }
}

Navigation HomeScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)context;
    const std::string id(focused);
    if (action == input::Action::Red) return Navigation::push({"consult", ""});
    if (action == input::Action::Blue && context.downloads != nullptr) return Navigation::push({"downloads", ""});
    if (action != input::Action::Ok) return Navigation::none();
    if (id == "home.services.consult") return Navigation::push({"consult", ""});
    if (id == "home.services.legal_aid") return Navigation::push({"legal_aid", ""});
    if (id == "home.services.settings") return Navigation::push({"settings", ""});
    if (id.rfind("home.cat.", 0) == 0 && id.size() > 5 && id.compare(id.size() - 5, 5, ".more") == 0) {
        const std::string category = id.substr(9, id.size() - 9 - 5);
        return Navigation::push({"category", category});
    }
    return Navigation::push({"program", id.substr(id.rfind('.') + 1)});
}

}  // namespace fl::ui
