// Settings list: each row shows its name and current value; Ok (or Left/Right) cycles the value.
#include "ui/screens/settings_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/screens/program_screen.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {
constexpr float kRowW = 1100.0f;
constexpr float kRowH = 150.0f;
constexpr float kRowGap = 24.0f;

std::string language_string_key(UiLanguage language) { return "lang." + std::string(language_code(language)); }
}  // namespace

UiLanguage next_ui_language(UiLanguage language) {
    switch (language) {
        case UiLanguage::Both: return UiLanguage::Mongolian;
        case UiLanguage::Mongolian: return UiLanguage::Chinese;
        case UiLanguage::Chinese: return UiLanguage::Both;
    }
    return UiLanguage::Both;
}

View SettingsScreen::view(const UiContext& context) {
    (void)context;
    View view;
    // Left and Right change the value, so they must not move focus away from the list.
    const std::array<std::string, 4> stay{"", "", "!", "!"};
    view.focusables.push_back({"settings.language", {kContentLeft, kContentTop, kRowW, kRowH}, "settings.list", stay});
    view.focusables.push_back(
        {"settings.subtitles", {kContentLeft, kContentTop + kRowH + kRowGap, kRowW, kRowH}, "settings.list", stay});
    view.default_focus = "settings.language";
    view.hints = {{"确定", "hint.change"}, {"返回", "hint.back"}, {"主页", "hint.home"}};
    return view;
}

void SettingsScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "settings.title");
    for (const auto& element : view.focusables) {
        const bool language = element.id == "settings.language";
        const std::string name_key = language ? "settings.language" : "settings.subtitles";
        const std::string value_key =
            language ? language_string_key(context.settings.language) : subtitle_string_key(context.settings.subtitles);
        draw_action_tile(list, context,
                         {scrolled(state, element), "", context.strings.get(Language::Mongolian, name_key),
                          context.strings.get(Language::Chinese, name_key),
                          context.strings.get(Language::Mongolian, value_key),
                          "◀ " + context.strings.get(Language::Chinese, value_key) + " ▶", theme::kPanel,
                          theme::kPanelFocused, focus_amount(state, element.id)});
    }
    // Read-only facts: catalogue and version.
    const float facts_top = kContentTop + 2 * (kRowH + kRowGap) + 20;
    const std::map<std::string, std::string> values{
        {"sequence", std::to_string(context.catalog.sequence)},
        {"count", std::to_string(context.catalog.items.size())}};
    BilingualStyle style;
    style.mongolian_size = theme::kMongolianBodySize;
    style.chinese_size = theme::kBodySize;
    style.mongolian_height = 220;
    style.chinese_width = 900;
    float x = kContentLeft;
    for (const char* key : {"settings.feed", "settings.version"}) {
        const bool feed = std::string_view(key) == "settings.feed";
        const std::string mongolian = context.strings.get(Language::Mongolian, key) + " " +
                                      (feed ? context.strings.format(Language::Mongolian, "settings.feed_status", values)
                                            : context.version);
        const std::string chinese = context.strings.get(Language::Chinese, key) + "：" +
                                    (feed ? context.strings.format(Language::Chinese, "settings.feed_status", values)
                                          : context.version);
        x += draw_bilingual(list, context, mongolian, chinese, style, x, facts_top, theme::kTextDim).w + 60;
    }
    draw_hint_bar(list, context, view.hints);
}

Navigation SettingsScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    const bool change = action == input::Action::Ok || action == input::Action::Left || action == input::Action::Right;
    if (!change) return Navigation::none();
    if (focused == "settings.language") context.settings.language = next_ui_language(context.settings.language);
    if (focused == "settings.subtitles") context.settings.subtitles = next_subtitle_mode(context.settings.subtitles);
    return Navigation::redraw();
}

}  // namespace fl::ui
