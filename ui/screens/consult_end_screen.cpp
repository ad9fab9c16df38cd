// End screen: the reason's message in both scripts, the call's length, one button home.
#include "ui/screens/consult_end_screen.h"

#include "ui/screens/consult_call_screen.h"
#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {

constexpr Rect kHomeButton{kContentLeft, 740, 420, 140};

}  // namespace

std::string end_reason_key(const std::string& reason) {
    if (reason == "box_hangup" || reason == "lawyer_hangup" || reason == "cancelled" || reason == "offer_missed" ||
        reason == "network_lost" || reason == "wrong_passphrase") {
        return "consult.end." + reason;
    }
    if (reason == "hotline_unreachable") return "consult.end.unreachable";
    if (reason.rfind("hotline_", 0) == 0) return "consult.end.hotline_error";
    if (reason == "no_microphone") return "consult.no_microphone";
    if (reason == "peer_unreachable" || reason == "peer_rejected" || reason == "peer_gone" || reason == "codec_failed" ||
        reason == "microphone_failed" || reason == "bad_params") {
        return "consult.end.media_failed";
    }
    return "consult.end.other";
}

View ConsultEndScreen::view(const UiContext& context) {
    (void)context;
    View view;
    view.focusables.push_back({"consult_end.home", {kHomeButton.x, kHomeButton.y, kHomeButton.w, kHomeButton.h}, "consult_end", {}});
    view.default_focus = "consult_end.home";
    view.hints = {{"确定", "hint.home"}};
    return view;
}

void ConsultEndScreen::entered(UiContext& context) {
    if (hang_up_on_entry_ && context.consult != nullptr) context.consult->hang_up();
}

void ConsultEndScreen::leaving(UiContext& context) {
    if (context.consult != nullptr) context.consult->acknowledge_end();
}

void ConsultEndScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "consult.end.title");
    const ConsultUiStatus status = consult_status(context);
    if (status.demo) draw_demo_label(list, context, kContentRight, theme::kSafeY, true);
    BilingualStyle message;
    message.mongolian_size = theme::kMongolianHeadingSize + 4;
    message.chinese_size = theme::kTitleSize - 10;
    message.mongolian_height = kHomeButton.y - kContentTop - 80;
    message.mongolian_columns = 5;
    message.chinese_width = 1150;
    message.chinese_lines = 4;
    message.gap = 40;
    draw_bilingual_key(list, context, end_reason_key(status.end_reason), message, kContentLeft, kContentTop + 30, theme::kText);
    if (status.connected_at_ms != 0 && status.ended_at_ms >= status.connected_at_ms) {
        const std::map<std::string, std::string> values{{"time", call_clock(status.ended_at_ms - status.connected_at_ms)}};
        BilingualStyle duration;
        duration.mongolian_size = theme::kMongolianBodySize;
        duration.chinese_size = theme::kBodySize;
        duration.mongolian_height = kHomeButton.h;
        duration.mongolian_columns = 2;
        duration.chinese_width = 600;
        draw_bilingual(list, context, context.strings.format(Language::Mongolian, "consult.end.duration", values),
                       context.strings.format(Language::Chinese, "consult.end.duration", values), duration,
                       kHomeButton.right() + 60, kHomeButton.y, theme::kTextDim);
    }
    for (const auto& element : view.focusables) {
        draw_action_tile(list, context,
                         {scrolled(state, element), "", context.strings.get(Language::Mongolian, "consult.ok_home"),
                          context.strings.get(Language::Chinese, "consult.ok_home"), "", "", theme::kPanel, theme::kPanelFocused,
                          focus_amount(state, element.id)});
    }
    draw_hint_bar(list, context, view.hints);
}

Navigation ConsultEndScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)focused;
    (void)context;
    return action == input::Action::Ok ? Navigation::home() : Navigation::none();
}

std::optional<Navigation> ConsultEndScreen::back(UiContext& context) {
    (void)context;
    return Navigation::home();  // nothing behind this screen is worth returning to
}

}  // namespace fl::ui
