// Dialog: a scrim over the screen beneath, a centred panel, the question, and one button per choice.
#include "ui/screens/choice_dialog.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {
constexpr Rect kPanel{460, 260, 1000, 560};
constexpr float kButtonW = 300.0f;
constexpr float kButtonH = 130.0f;
constexpr float kButtonTop = kPanel.y + kPanel.h - kButtonH - 50;
}  // namespace

View ChoiceDialog::view(const UiContext& context) {
    (void)context;
    View view;
    const float total = static_cast<float>(choices_.size()) * kButtonW + static_cast<float>(choices_.size() - 1) * 40;
    float x = kPanel.x + (kPanel.w - total) / 2;
    for (const auto& choice : choices_) {
        view.focusables.push_back({choice.id, {x, kButtonTop, kButtonW, kButtonH}, screen_id_ + ".choices", {"!", "!", "", ""}});
        x += kButtonW + 40;
    }
    if (!choices_.empty()) view.default_focus = choices_.front().id;
    view.hints = {{"确定", "hint.select"}, {"返回", "hint.back"}};
    return view;
}

void ChoiceDialog::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    list.fill(context.to_screen({0, 0, theme::kDesignWidth, theme::kDesignHeight}), theme::kScrim);
    list.fill(context.to_screen(kPanel), theme::kPanel);
    list.stroke(context.to_screen(kPanel), theme::kAccent, 3 * context.scale);
    BilingualStyle style;
    style.mongolian_size = theme::kMongolianHeadingSize + 4;
    style.chinese_size = theme::kTitleSize - 4;
    style.mongolian_height = kButtonTop - kPanel.y - 80;
    style.chinese_width = kPanel.w - 200;
    draw_bilingual_key(list, context, question_key_, style, kPanel.x + 60, kPanel.y + 50, theme::kText);
    for (size_t i = 0; i < choices_.size() && i < view.focusables.size(); ++i) {
        const auto& key = choices_[i].string_key;
        draw_action_tile(list, context,
                         {scrolled(state, view.focusables[i]), "", context.strings.get(Language::Mongolian, key),
                          context.strings.get(Language::Chinese, key), "", "", theme::kPanelFocused, theme::kConsultFocused,
                          focus_amount(state, view.focusables[i].id)});
    }
}

Navigation ChoiceDialog::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)context;
    if (action != input::Action::Ok) return Navigation::none();
    for (const auto& choice : choices_) {
        if (choice.id == focused) return choice.navigation;
    }
    return Navigation::none();
}

}  // namespace fl::ui
