// Message page: bilingual title and body; Back (or Ok) leaves.
#include "ui/screens/message_screen.h"

#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {

View MessageScreen::view(const UiContext& context) {
    (void)context;
    View view;
    view.hints = {{"返回", "hint.back"}, {"主页", "hint.home"}};
    return view;
}

void MessageScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    (void)state;
    draw_chrome_key(list, context, title_key_);
    BilingualStyle style;
    style.mongolian_size = theme::kMongolianBodySize + 6;
    style.chinese_size = theme::kBodySize + 6;
    style.mongolian_height = kHintBarTop - kContentTop - 60;
    style.mongolian_columns = 6;
    style.chinese_width = 1000;
    style.chinese_lines = 8;
    style.gap = 48;
    draw_bilingual_key(list, context, body_key_, style, kContentLeft, kContentTop + 20, theme::kText);
    draw_hint_bar(list, context, view.hints);
}

Navigation MessageScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)focused;
    (void)context;
    return action == input::Action::Ok ? Navigation::back() : Navigation::none();
}

}  // namespace fl::ui
