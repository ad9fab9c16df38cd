// Call-back number entry: a large field of digits grouped for reading from the sofa, help in both scripts.
#include "ui/screens/consult_callback_screen.h"

#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {
namespace {

constexpr Rect kField{kContentLeft + 120, 450, 1000, 130};

// 139 1234 5678: groups of 3, 4, 4 as Chinese mobile numbers are read aloud.
std::string grouped(const std::string& digits) {
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 3 || i == 7 || i == 11) out += ' ';
        out += digits[i];
    }
    return out;
}

}  // namespace

View ConsultCallbackScreen::view(const UiContext& context) {
    (void)context;
    View view;  // nothing to focus: digits type, Back deletes, Ok goes on
    view.hints = {{"0-9", "hint.digits"}, {"返回", "hint.delete"}, {"确定", "hint.confirm"}};
    return view;
}

void ConsultCallbackScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    (void)state;
    draw_chrome_key(list, context, "consult.title");
    BilingualStyle question;
    question.mongolian_size = theme::kMongolianHeadingSize + 6;
    question.chinese_size = theme::kTitleSize - 8;
    question.mongolian_height = 270;
    question.mongolian_columns = 3;
    question.chinese_width = 1300;
    draw_bilingual_key(list, context, "consult.callback.question", question, kContentLeft, kContentTop + 30, theme::kText);

    list.fill(context.to_screen(kField), theme::kPanel);
    list.stroke(context.to_screen(kField), theme::kFocus, theme::kFocusBorder * context.scale);
    if (digits_.empty()) {
        BilingualStyle empty;
        empty.mongolian_size = 30;
        empty.chinese_size = 40;
        empty.mongolian_height = kField.h - 20;
        empty.mongolian_columns = 3;
        empty.chinese_width = kField.w - 120;
        draw_bilingual_key(list, context, "consult.callback.empty", empty, kField.x + 30, kField.y + 10, theme::kTextDim);
    } else {
        text::TextStyle number;
        number.mode = text::LayoutMode::Horizontal;
        number.size_px = 84;
        number.box_width = kField.w - 60;
        number.max_lines = 1;
        draw_text(list, context, grouped(digits_), number, kField.x + 40, kField.y + 8, theme::kText);
    }
    BilingualStyle help;
    help.mongolian_size = theme::kMongolianBodySize;
    help.chinese_size = theme::kBodySize;
    help.mongolian_height = kHintBarTop - (kField.bottom() + 50) - 20;
    help.mongolian_columns = 8;
    help.chinese_width = 1100;
    help.chinese_lines = 3;
    draw_bilingual_key(list, context, "consult.callback.help", help, kField.x, kField.bottom() + 50, theme::kTextDim);
    draw_hint_bar(list, context, view.hints);
}

Navigation ConsultCallbackScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)focused;
    if (const auto digit = input::digit_value(action)) {
        if (digits_.size() >= kMaxDigits) return Navigation::none();
        digits_ += static_cast<char>('0' + *digit);
        return Navigation::refresh();
    }
    if (action == input::Action::Ok) {
        // Too short to be a number: treated as none rather than sent.
        if (context.consult != nullptr) context.consult->set_callback_number(digits_.size() >= 3 ? digits_ : "");
        return Navigation::push({"consult_consent", choices_.encode()});
    }
    return Navigation::none();
}

std::optional<Navigation> ConsultCallbackScreen::back(UiContext& context) {
    (void)context;
    if (digits_.empty()) return std::nullopt;  // nothing typed: Back goes back
    digits_.pop_back();
    return Navigation::refresh();
}

}  // namespace fl::ui
