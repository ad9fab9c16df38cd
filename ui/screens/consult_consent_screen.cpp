// Consent page: the privacy promise in both scripts, a note when the call will be sound only, two buttons.
#include "ui/screens/consult_consent_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {

constexpr float kButtonTop = 710.0f;
constexpr float kButtonH = 190.0f;
constexpr float kButtonW = 420.0f;

}  // namespace

View ConsultConsentScreen::view(const UiContext& context) {
    (void)context;
    View view;
    view.focusables.push_back({"consult_consent.agree", {kContentLeft, kButtonTop, kButtonW, kButtonH}, "consult_consent", {"!", "", "", ""}});
    view.focusables.push_back({"consult_consent.decline", {kContentLeft + kButtonW + 40, kButtonTop, kButtonW, kButtonH}, "consult_consent", {"", "!", "", ""}});
    view.default_focus = "consult_consent.agree";
    view.hints = {{"确定", "hint.select"}, {"返回", "hint.back"}};
    return view;
}

void ConsultConsentScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "consult.consent.title");
    BilingualStyle body;
    body.mongolian_size = theme::kMongolianBodySize;
    body.chinese_size = theme::kBodySize + 4;
    body.mongolian_height = kButtonTop - kContentTop - 50;
    body.mongolian_columns = 12;
    body.chinese_width = 1050;
    body.chinese_lines = 6;
    body.gap = 40;
    draw_bilingual_key(list, context, "consult.consent.body", body, kContentLeft, kContentTop + 20, theme::kText);
    const bool has_camera = context.consult != nullptr && context.consult->has_camera();
    if (!has_camera) {
        // No camera: said here, beside the buttons, before the call (and again on the call screen).
        BilingualStyle note;
        note.mongolian_size = theme::kMongolianBodySize;
        note.chinese_size = theme::kBodySize;
        note.mongolian_height = kButtonH + 20;
        note.mongolian_columns = 3;
        note.chinese_width = kContentRight - (kContentLeft + 2 * kButtonW + 100) - 120;
        note.chinese_lines = 3;
        draw_bilingual_key(list, context, "consult.consent.audio_only", note, kContentLeft + 2 * kButtonW + 100, kButtonTop,
                           theme::kAccent);
    }
    for (const auto& element : view.focusables) {
        const bool agree = element.id == "consult_consent.agree";
        const std::string key = agree ? "consult.consent.agree" : "consult.consent.decline";
        draw_action_tile(list, context,
                         {scrolled(state, element), "", context.strings.get(Language::Mongolian, key),
                          context.strings.get(Language::Chinese, key), "", "", agree ? theme::kConsult : theme::kPanel,
                          agree ? theme::kConsultFocused : theme::kPanelFocused, focus_amount(state, element.id)});
    }
    draw_hint_bar(list, context, view.hints);
}

Navigation ConsultConsentScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    if (action != input::Action::Ok) return Navigation::none();
    if (focused == "consult_consent.decline") return Navigation::home();
    if (focused != "consult_consent.agree" || context.consult == nullptr) return Navigation::none();
    context.consult->request(choices_.topic, choices_.language);
    return Navigation::push({"consult_wait", ""});
}

}  // namespace fl::ui
