// Consult routes to screens, and the consult's marks on other screens: the demo label and the queue badge.
#include "ui/screens/consult_screens.h"

#include "ui/screens/choice_dialog.h"
#include "ui/screens/consult_call_screen.h"
#include "ui/screens/consult_callback_screen.h"
#include "ui/screens/consult_consent_screen.h"
#include "ui/screens/consult_end_screen.h"
#include "ui/screens/consult_pick_screen.h"
#include "ui/screens/consult_wait_screen.h"
#include "ui/screens/message_screen.h"
#include "ui/theme/theme.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {

ConsultChoices ConsultChoices::decode(const std::string& param) {
    ConsultChoices choices;
    const size_t slash = param.find('/');
    choices.topic = param.substr(0, slash);
    if (slash != std::string::npos) choices.language = param.substr(slash + 1);
    return choices;
}

ConsultUiStatus consult_status(const UiContext& context) {
    return context.consult != nullptr ? context.consult->status() : ConsultUiStatus{};
}

std::unique_ptr<Screen> make_consult_screen(const Route& route, const UiContext& context) {
    using Phase = ConsultUiStatus::Phase;
    const ConsultChoices choices = ConsultChoices::decode(route.param);
    if (route.screen == "consult") {
        // The 12348 tile (or Red): wherever the consult is now.
        if (context.consult == nullptr) {
            return std::make_unique<MessageScreen>("consult_unavailable", "consult.title", "consult.unavailable");
        }
        switch (context.consult->status().phase) {
            case Phase::Requesting:
            case Phase::Queued: return std::make_unique<ConsultWaitScreen>(false);
            case Phase::Offered: return std::make_unique<ConsultWaitScreen>(true);
            case Phase::InCall: return std::make_unique<ConsultCallScreen>();
            case Phase::Ended: return std::make_unique<ConsultEndScreen>(false);
            case Phase::Idle: break;
        }
        if (!context.consult->has_microphone()) {
            return std::make_unique<MessageScreen>("consult_no_microphone", "consult.title", "consult.no_microphone");
        }
        return std::make_unique<ConsultPickScreen>(ConsultPickScreen::Step::Topic, ConsultChoices{});
    }
    if (route.screen == "consult_language") return std::make_unique<ConsultPickScreen>(ConsultPickScreen::Step::Language, choices);
    if (route.screen == "consult_callback") return std::make_unique<ConsultCallbackScreen>(choices);
    if (route.screen == "consult_consent") return std::make_unique<ConsultConsentScreen>(choices);
    if (route.screen == "consult_wait") return std::make_unique<ConsultWaitScreen>(route.param == "offered");
    if (route.screen == "consult_call") return std::make_unique<ConsultCallScreen>();
    if (route.screen == "consult_end") return std::make_unique<ConsultEndScreen>(route.param == "hangup");
    if (route.screen == "consult_hangup") {
        return std::make_unique<ChoiceDialog>(
            "consult_hangup", "consult.hangup.question",
            std::vector<ChoiceDialog::Choice>{{"consult_hangup.stay", "consult.hangup.stay", Navigation::back()},
                                              {"consult_hangup.confirm", "consult.hangup.confirm",
                                               Navigation::push({"consult_end", "hangup"})}});
    }
    return nullptr;
}

void draw_demo_label(DrawList& list, const UiContext& context, float x, float y, bool right_aligned) {
    BilingualStyle style;
    style.mongolian_size = 24;
    style.chinese_size = 28;
    style.mongolian_height = 130;
    style.mongolian_columns = 5;
    style.chinese_width = 300;
    style.gap = 10;
    // Measured by drawing into a scratch list first (right alignment needs the width), then on a panel that size.
    DrawList scratch;
    const DesignSize size = draw_bilingual_key(scratch, context, "consult.demo", style, x + 14, y + 8, theme::kBackground);
    if (right_aligned) {
        x -= size.w + 28;
        scratch.commands.clear();
        draw_bilingual_key(scratch, context, "consult.demo", style, x + 14, y + 8, theme::kBackground);
    }
    list.fill(context.to_screen({x, y, size.w + 28, size.h + 16}), theme::kAccent);
    for (auto& command : scratch.commands) list.commands.push_back(std::move(command));
}

void draw_consult_badge(DrawList& list, const UiContext& context) {
    const ConsultUiStatus status = consult_status(context);
    if (status.camera_capturing) {
        // Never expected away from the call screen; if the camera is open anyway, it is said on every screen.
        const Rect dot{theme::kDesignWidth - theme::kSafeX - 40, theme::kDesignHeight - theme::kSafeY - 40, 40, 40};
        list.fill(context.to_screen(dot), Color{230, 40, 40, 255});
    }
    using Phase = ConsultUiStatus::Phase;
    if (status.phase != Phase::Queued && status.phase != Phase::Requesting && status.phase != Phase::Ended) return;
    const std::map<std::string, std::string> values{{"position", std::to_string(status.queue_position)}};
    BilingualStyle style;
    style.mongolian_size = 22;
    style.chinese_size = 26;
    style.mongolian_height = 120;
    style.mongolian_columns = 6;
    style.chinese_width = 330;
    style.chinese_lines = 2;
    style.gap = 8;
    // Ended while the viewer was elsewhere: the end screen (and its reason) waits behind Red on home.
    const std::string key = status.phase == Phase::Queued ? "consult.badge.queued"
                            : status.phase == Phase::Ended ? "consult.badge.ended"
                                                           : "consult.badge.requesting";
    const std::string mongolian = context.strings.format(Language::Mongolian, key, values);
    const std::string chinese = context.strings.format(Language::Chinese, key, values);
    // Measured first, then drawn so that its right edge stays inside the title-safe area.
    DrawList scratch;
    const DesignSize size = draw_bilingual(scratch, context, mongolian, chinese, style, 0, 0, theme::kText);
    const float x = theme::kDesignWidth - theme::kSafeX - size.w - 32;
    const float y = theme::kSafeY;
    scratch.commands.clear();
    draw_bilingual(scratch, context, mongolian, chinese, style, x + 16, y + 8, theme::kText);
    list.fill(context.to_screen({x, y, size.w + 32, size.h + 16}), theme::kConsult);
    for (auto& command : scratch.commands) list.commands.push_back(std::move(command));
}

}  // namespace fl::ui
