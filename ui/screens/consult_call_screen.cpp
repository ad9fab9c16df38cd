// Call screen: video under everything, then the self view, the status strip, the camera-on indicator and the
// control buttons; the clock ticks once a second.
#include "ui/screens/consult_call_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {

using Phase = ConsultUiStatus::Phase;

constexpr float kButtonW = 330.0f;
constexpr float kButtonH = 180.0f;
constexpr float kButtonTop = theme::kDesignHeight - theme::kSafeY - kButtonH;
constexpr Rect kSelfView{theme::kDesignWidth - theme::kSafeX - 448, theme::kSafeY, 448, 252};
constexpr Rect kStrip{theme::kSafeX, theme::kSafeY, 320, 96};
constexpr Color kMutedPanel{150, 104, 16, 255};
constexpr Color kMutedFocused{186, 132, 24, 255};
constexpr Color kLive{230, 40, 40, 255};

void draw_signal_bars(DrawList& list, const UiContext& context, int bars, float x, float bottom) {
    for (int i = 0; i < 4; ++i) {
        const float h = 14.0f + 10.0f * static_cast<float>(i);
        const Rect bar{x + static_cast<float>(i) * 18.0f, bottom - h, 12.0f, h};
        list.fill(context.to_screen(bar), i < bars ? theme::kText : Color{90, 100, 112, 255});
    }
}

BilingualStyle small_style(float column_height) {
    BilingualStyle style;
    style.mongolian_size = 24;
    style.chinese_size = 28;
    style.mongolian_height = column_height;
    style.mongolian_columns = 2;
    style.chinese_width = 340;
    style.gap = 10;
    return style;
}

}  // namespace

std::string call_clock(uint64_t elapsed_ms) {
    const uint64_t total = elapsed_ms / 1000;
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(total / 3600),
                      static_cast<unsigned long long>((total / 60) % 60), static_cast<unsigned long long>(total % 60));
    } else {
        std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(total / 60),
                      static_cast<unsigned long long>(total % 60));
    }
    return text;
}

View ConsultCallScreen::view(const UiContext& context) {
    View view;
    const bool camera = context.consult != nullptr && context.consult->has_camera();
    std::vector<std::string> buttons = {"consult_call.mute"};
    if (camera) buttons.push_back("consult_call.camera");
    buttons.push_back("consult_call.hangup");
    const auto count = static_cast<float>(buttons.size());
    float x = (theme::kDesignWidth - (count * kButtonW + (count - 1) * 40)) / 2;
    for (const auto& id : buttons) {
        view.focusables.push_back({id, {x, kButtonTop, kButtonW, kButtonH}, "consult_call", {}});
        x += kButtonW + 40;
    }
    view.focusables.front().next[static_cast<size_t>(Direction::Left)].assign(1, kBlockedLink[0]);
    view.focusables.back().next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);
    view.default_focus = "consult_call.mute";
    return view;
}

void ConsultCallScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    list.background = Color{0, 0, 0, 255};
    list.video(context.to_screen({0, 0, theme::kDesignWidth, theme::kDesignHeight}), DrawVideo::kRemote);
    const ConsultUiStatus status = consult_status(context);
    const bool has_camera = context.consult != nullptr && context.consult->has_camera();

    if (!status.remote_video) {
        BilingualStyle waiting;
        waiting.mongolian_size = 36;
        waiting.chinese_size = 42;
        waiting.mongolian_height = 300;
        waiting.mongolian_columns = 3;
        waiting.chinese_width = 900;
        draw_bilingual_key(list, context, "consult.call.waiting_video", waiting, 560, 380, theme::kTextDim);
    }

    // Self view, or what stands in for it.
    list.fill(context.to_screen({kSelfView.x - 4, kSelfView.y - 4, kSelfView.w + 8, kSelfView.h + 8}), theme::kPanel);
    if (status.camera_capturing && !status.audio_only) {
        list.video(context.to_screen(kSelfView), DrawVideo::kSelf);
    } else {
        const std::string key = has_camera ? (status.camera_capturing ? "consult.call.weak_line" : "consult.call.camera_is_off")
                                           : "consult.call.audio_only";
        draw_bilingual_key(list, context, key, small_style(kSelfView.h - 30), kSelfView.x + 20, kSelfView.y + 15, theme::kText);
    }
    // The camera-on indicator: whenever the camera device is open, whatever else is shown.
    if (status.camera_capturing) {
        const Rect dot{kSelfView.x, kSelfView.bottom() + 18, 28, 28};
        list.fill(context.to_screen({dot.x - 8, dot.y - 8, kSelfView.w + 8, 200}), theme::kScrim);
        list.fill(context.to_screen(dot), kLive);
        draw_bilingual_key(list, context, "consult.call.camera_live", small_style(180), dot.right() + 14, dot.y - 4, theme::kText);
    }

    // Status strip: elapsed time and signal; the demo label beneath.
    list.fill(context.to_screen(kStrip), theme::kScrim);
    text::TextStyle clock;
    clock.mode = text::LayoutMode::Horizontal;
    clock.size_px = 56;
    clock.max_lines = 1;
    const uint64_t since = status.connected_at_ms != 0 ? status.connected_at_ms : context.now_ms;
    draw_text(list, context, call_clock(context.now_ms > since ? context.now_ms - since : 0), clock, kStrip.x + 24,
              kStrip.y + 12, theme::kText);
    draw_signal_bars(list, context, status.quality_bars, kStrip.x + 220, kStrip.y + 72);
    if (status.demo) draw_demo_label(list, context, kStrip.x, kStrip.bottom() + 12);

    // Controls.
    for (const auto& element : view.focusables) {
        std::string key = "consult.call.hangup";
        if (element.id == "consult_call.mute") key = status.microphone_muted ? "consult.call.unmute" : "consult.call.mute";
        if (element.id == "consult_call.camera") key = camera_wanted_ ? "consult.call.camera_off" : "consult.call.camera_on";
        const bool hangup = element.id == "consult_call.hangup";
        // A muted microphone shows on its button in amber, as long as it lasts.
        const bool muted = element.id == "consult_call.mute" && status.microphone_muted;
        const Color panel = hangup ? theme::kConsult : muted ? kMutedPanel : theme::kPanel;
        const Color focused = hangup ? theme::kConsultFocused : muted ? kMutedFocused : theme::kPanelFocused;
        draw_action_tile(list, context,
                         {scrolled(state, element), "", context.strings.get(Language::Mongolian, key),
                          context.strings.get(Language::Chinese, key), "", "", panel, focused, focus_amount(state, element.id)});
    }
}

Navigation ConsultCallScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    if (context.consult == nullptr || action != input::Action::Ok) return Navigation::none();
    if (focused == "consult_call.mute") {
        context.consult->set_microphone_muted(!context.consult->status().microphone_muted);
        return Navigation::refresh();
    }
    if (focused == "consult_call.camera") {
        camera_wanted_ = !camera_wanted_;
        context.consult->set_camera_enabled(camera_wanted_);
        return Navigation::refresh();
    }
    if (focused == "consult_call.hangup") {
        context.consult->hang_up();
        ended_shown_ = true;
        return Navigation::push({"consult_end", ""});
    }
    return Navigation::none();
}

std::optional<Navigation> ConsultCallScreen::back(UiContext& context) {
    if (consult_status(context).phase != Phase::InCall) return Navigation::home();
    return Navigation::push({"consult_hangup", ""});  // asks first
}

Navigation ConsultCallScreen::update(UiContext& context) {
    const ConsultUiStatus status = consult_status(context);
    connected_at_ms_ = status.connected_at_ms;
    if (ended_shown_ || status.phase == Phase::InCall) return Navigation::none();
    ended_shown_ = true;
    return Navigation::push({"consult_end", ""});
}

std::optional<uint64_t> ConsultCallScreen::next_change_ms(uint64_t now_ms) const {
    if (ended_shown_ || connected_at_ms_ == 0 || now_ms < connected_at_ms_) return std::nullopt;
    return now_ms + 1000 - (now_ms - connected_at_ms_) % 1000;  // the clock's next second
}

void ConsultCallScreen::leaving(UiContext& context) {
    // Leaving the call by Home hangs up: the camera is never left on behind another screen.
    if (context.consult != nullptr) context.consult->hang_up();
}

}  // namespace fl::ui
