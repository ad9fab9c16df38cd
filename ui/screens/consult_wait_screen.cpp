// Waiting screen: a large place number, the estimate in minutes, what Back and Red do; follows the consult's phase.
#include "ui/screens/consult_wait_screen.h"

#include <algorithm>

#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {
namespace {

using Phase = ConsultUiStatus::Phase;

constexpr Rect kPlacePanel{kContentLeft, 250, 560, 360};
constexpr float kNoteTop = 660.0f;

}  // namespace

View ConsultWaitScreen::view(const UiContext& context) {
    View view;
    (void)context;
    if (ask_before_joining_) view.hints.push_back({"确定", "hint.join"});
    view.hints.push_back({"返回", "hint.keep_place"});
    view.hints.push_back({kRedKeyLabel, "hint.cancel"});
    return view;
}

void ConsultWaitScreen::entered(UiContext& context) {
    if (context.consult != nullptr && !ask_before_joining_) context.consult->set_waiting_here(true);
}

void ConsultWaitScreen::leaving(UiContext& context) {
    if (context.consult != nullptr) context.consult->set_waiting_here(false);
}

void ConsultWaitScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    (void)state;
    draw_chrome_key(list, context, "consult.title");
    const ConsultUiStatus status = consult_status(context);
    if (status.demo) draw_demo_label(list, context, kContentRight, theme::kSafeY, true);
    BilingualStyle big;
    big.mongolian_size = 40;
    big.chinese_size = 48;
    big.mongolian_height = kPlacePanel.h - 40;
    big.mongolian_columns = 4;
    big.chinese_width = kContentRight - kContentLeft - kPlacePanel.w - 200;
    big.chinese_lines = 2;
    const float text_x = kPlacePanel.right() + 60;
    if (status.phase == Phase::Queued) {
        list.fill(context.to_screen(kPlacePanel), theme::kPanel);
        text::TextStyle number;
        number.mode = text::LayoutMode::Horizontal;
        number.size_px = 220;
        number.box_width = kPlacePanel.w;
        number.align = text::Align::Center;
        number.max_lines = 1;
        draw_text(list, context, std::to_string(status.queue_position), number, kPlacePanel.x, kPlacePanel.y + 40, theme::kAccent);
        const std::map<std::string, std::string> values{{"position", std::to_string(status.queue_position)},
                                                        {"minutes", std::to_string(std::max(1, (status.estimated_wait_s + 59) / 60))}};
        const float used = draw_bilingual(list, context, context.strings.format(Language::Mongolian, "consult.wait.position", values),
                                          context.strings.format(Language::Chinese, "consult.wait.position", values), big, text_x,
                                          kPlacePanel.y, theme::kText)
                               .w;
        BilingualStyle estimate = big;
        estimate.mongolian_size = 32;
        estimate.chinese_size = 38;
        estimate.chinese_width = big.chinese_width - used + 20;
        const std::string key = status.estimated_wait_s < 60 ? "consult.wait.estimate_short" : "consult.wait.estimate";
        const bool mongolian = shows(context.settings.language, Language::Mongolian);
        const float estimate_x = mongolian ? text_x + used + 30 : text_x;
        const float estimate_y = mongolian ? kPlacePanel.y : kPlacePanel.y + 140;
        draw_bilingual(list, context, context.strings.format(Language::Mongolian, key, values),
                       context.strings.format(Language::Chinese, key, values), estimate, estimate_x, estimate_y, theme::kTextDim);
    } else {
        std::string key = "consult.wait.requesting";
        if (status.phase == Phase::Offered) key = ask_before_joining_ ? "consult.wait.offered" : "consult.wait.connecting";
        if (status.phase == Phase::InCall) key = "consult.wait.connecting";
        draw_bilingual_key(list, context, key, big, kContentLeft, kPlacePanel.y, status.phase == Phase::Offered ? theme::kAccent : theme::kText);
    }
    BilingualStyle note;
    note.mongolian_size = theme::kMongolianBodySize;
    note.chinese_size = theme::kBodySize;
    note.mongolian_height = kHintBarTop - kNoteTop - 20;
    note.mongolian_columns = 8;  // the whole sentence: the columns are short above the hint bar
    note.chinese_width = 1000;
    note.chinese_lines = 2;
    draw_bilingual_key(list, context, "consult.wait.leave_hint", note, kContentLeft, kNoteTop, theme::kTextDim);
    draw_hint_bar(list, context, view.hints);
}

Navigation ConsultWaitScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)focused;
    if (context.consult == nullptr) return Navigation::none();
    if (action == input::Action::Red) {
        context.consult->hang_up();
        moved_on_ = true;
        return Navigation::push({"consult_end", ""});
    }
    if (action == input::Action::Ok && context.consult->status().phase == Phase::Offered) {
        context.consult->accept();
        return Navigation::refresh();
    }
    return Navigation::none();
}

std::optional<Navigation> ConsultWaitScreen::back(UiContext& context) {
    (void)context;
    return Navigation::home();  // the place in the queue is kept; a badge shows it
}

Navigation ConsultWaitScreen::update(UiContext& context) {
    if (context.consult == nullptr || moved_on_) return Navigation::none();
    const auto phase = context.consult->status().phase;
    if (phase == Phase::InCall) {
        moved_on_ = true;
        return Navigation::push({"consult_call", ""});
    }
    if (phase == Phase::Ended) {
        moved_on_ = true;
        return Navigation::push({"consult_end", ""});
    }
    return Navigation::none();
}

}  // namespace fl::ui
