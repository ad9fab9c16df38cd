// Player screen: video with subtitles; Ok pauses, Left/Right seek 10 s, digits jump to 10-90 %, Up/Info shows
// the title and progress, Subtitle cycles the subtitle languages, volume keys show the level; Back stops; an error
// shows a bilingual message, then goes back to the programme page by itself (OK or Back at once).
#include "ui/screens/player_screen.h"

#include <algorithm>
#include <cmath>

#include "ui/screens/program_screen.h"
#include "ui/theme/theme.h"
#include "ui/widgets/subtitle_overlay.h"
#include "ui/widgets/text_block.h"

namespace fl::ui {
namespace {

constexpr float kSeekStep = 10.0f;
constexpr float kHeldSeekStep = 30.0f;  // Left/Right held down: faster
constexpr uint64_t kVolumeMs = 2000;

std::string error_key(const std::string& code) {
    if (code == "not_found" || code == "corrupt" || code == "no_video") return "player.error.missing";
    if (code == "network" || code == "io_timeout") return "player.error.network";
    if (code == "unsupported_codec") return "player.error.format";
    return "player.error.generic";
}

// A message in the middle of the screen: Mongolian column, then the Chinese line; then_key adds a second sentence.
void draw_centre_message(DrawList& list, const UiContext& context, std::string_view key,
                         std::string_view then_key = {}) {
    BilingualStyle style;
    style.mongolian_size = 40;
    style.chinese_size = 44;
    style.mongolian_height = 360;
    style.mongolian_columns = then_key.empty() ? 2 : 5;
    style.chinese_width = 1100;
    style.chinese_lines = then_key.empty() ? 2 : 4;
    const Rect band{theme::kSafeX + 200, 340, theme::kDesignWidth - 2 * theme::kSafeX - 400, 400};
    list.fill(context.to_screen(band), theme::kScrim);
    std::string mongolian = context.strings.get(Language::Mongolian, key);
    std::string chinese = context.strings.get(Language::Chinese, key);
    if (!then_key.empty()) {
        mongolian += " " + context.strings.get(Language::Mongolian, then_key);
        chinese += "。" + context.strings.get(Language::Chinese, then_key);
    }
    draw_bilingual(list, context, mongolian, chinese, style, band.x + 40, band.y + 20, theme::kText);
}

}  // namespace

std::string format_clock(double seconds) {
    const auto total = static_cast<long>(std::max(0.0, std::floor(seconds)));
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
    } else {
        std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    }
    return text;
}

View PlayerScreen::view(const UiContext& context) {
    (void)context;
    View view;  // nothing focusable: the remote controls playback directly
    view.hints = {{"确定", "player.paused"}, {"返回", "hint.back"}};
    return view;
}

void PlayerScreen::entered(UiContext& context) {
    show_controls(context.now_ms);
    const feed::Item* item = context.catalog.find_item(item_id_);
    if (context.playback == nullptr || item == nullptr) return;
    const auto resume = from_start_ ? std::nullopt : context.playback->resume_position(item_id_);
    context.playback->play(*item, resume.value_or(0.0));
}

void PlayerScreen::leaving(UiContext& context) {
    if (context.playback != nullptr) context.playback->stop();
}

std::optional<uint64_t> PlayerScreen::next_change_ms(uint64_t now_ms) const {
    std::optional<uint64_t> next;
    const uint64_t error_ends = failed_at_ms_ ? *failed_at_ms_ + kErrorShownMs : 0;
    for (const uint64_t until : {controls_until_ms_, volume_until_ms_, error_ends}) {
        if (until > now_ms) next = std::min(next.value_or(until), until);
    }
    return next;
}

void PlayerScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    (void)view;
    (void)state;
    list.background = Color{0, 0, 0, 255};
    list.video(context.to_screen({0, 0, theme::kDesignWidth, theme::kDesignHeight}));
    if (context.playback == nullptr) {
        draw_centre_message(list, context, "player.unavailable");
        return;
    }
    const PlaybackStatus status = context.playback->status();
    using State = PlaybackStatus::State;
    if (status.state == State::Failed) {
        draw_centre_message(list, context, error_key(status.error_code), "player.error.returning");
        return;
    }
    if (status.state == State::Opening || status.state == State::Idle) {
        draw_centre_message(list, context, "player.opening");
        return;
    }

    SubtitleOverlayInput subtitles;
    subtitles.mode = context.settings.subtitles;
    subtitles.mongolian_lines = context.playback->subtitle_lines(true);
    subtitles.chinese_lines = context.playback->subtitle_lines(false);
    const bool paused = status.state == State::Paused;
    const bool controls = paused || context.now_ms < controls_until_ms_;
    if (!controls) {
        draw_subtitles(list, context, subtitles);
    }

    if (context.now_ms < volume_until_ms_) {
        const auto level = static_cast<int>(std::lround(status.volume * 100.0f));
        const std::string key = status.muted ? "player.muted" : "player.volume";
        const std::map<std::string, std::string> values{{"level", std::to_string(level)}};
        BilingualStyle style;
        style.mongolian_size = 30;
        style.chinese_size = 34;
        style.mongolian_height = 160;
        style.chinese_width = 300;
        const Rect band{theme::kDesignWidth - theme::kSafeX - 420, theme::kSafeY, 420, 200};
        list.fill(context.to_screen(band), theme::kScrim);
        draw_bilingual(list, context, context.strings.format(Language::Mongolian, key, values),
                       context.strings.format(Language::Chinese, key, values), style, band.x + 24, band.y + 20,
                       theme::kText);
        const float bar = status.muted ? 0.0f : std::clamp(status.volume, 0.0f, 1.0f);
        list.fill(context.to_screen({band.x + 24, band.bottom() - 36, (band.w - 48), 12}), theme::kPanelFocused);
        list.fill(context.to_screen({band.x + 24, band.bottom() - 36, (band.w - 48) * bar, 12}), theme::kAccent);
    }
    if (!controls) return;

    // Title at the top, progress at the bottom, both inside the title-safe area.
    const feed::Item* item = context.catalog.find_item(item_id_);
    list.fill(context.to_screen({0, 0, theme::kDesignWidth, 230}), theme::kScrim);
    if (item != nullptr) {
        BilingualStyle title;
        title.mongolian_size = 32;
        title.chinese_size = 48;
        title.mongolian_height = 230 - 2 * theme::kSafeY + 40;
        title.mongolian_columns = 2;
        title.chinese_width = 1400;
        draw_bilingual(list, context, item->title.mn, item->title.zh, title, theme::kSafeX, theme::kSafeY - 20,
                       theme::kText);
    }
    const float bottom = theme::kDesignHeight - theme::kSafeY;
    list.fill(context.to_screen({0, bottom - 150, theme::kDesignWidth, 150 + theme::kSafeY}), theme::kScrim);
    const float bar_x = theme::kSafeX + 260;
    const float bar_w = theme::kDesignWidth - 2 * theme::kSafeX - 520;
    const float bar_y = bottom - 70;
    const float fraction =
        status.duration_s > 0 ? std::clamp(static_cast<float>(status.position_s / status.duration_s), 0.0f, 1.0f) : 0.0f;
    list.fill(context.to_screen({bar_x, bar_y, bar_w, 14}), theme::kPanelFocused);
    list.fill(context.to_screen({bar_x, bar_y, bar_w * fraction, 14}), theme::kAccent);
    list.fill(context.to_screen({bar_x + bar_w * fraction - 10, bar_y - 10, 20, 34}), theme::kText);
    text::TextStyle clock;
    clock.mode = text::LayoutMode::Horizontal;
    clock.size_px = 36;
    draw_text(list, context, format_clock(status.position_s), clock, theme::kSafeX + 40, bar_y - 16, theme::kText);
    draw_text(list, context, format_clock(status.duration_s), clock, bar_x + bar_w + 40, bar_y - 16, theme::kText);
    if (paused) {
        BilingualStyle style;
        style.mongolian_size = 28;
        style.chinese_size = 34;
        style.mongolian_height = 110;
        style.chinese_width = 300;
        draw_bilingual_key(list, context, "player.paused", style, theme::kSafeX + 40, bottom - 140, theme::kAccent);
    }
}

Navigation PlayerScreen::update(UiContext& context) {
    if (context.playback == nullptr || context.playback->status().state != PlaybackStatus::State::Failed) {
        return Navigation::none();
    }
    if (!failed_at_ms_) {
        failed_at_ms_ = context.now_ms;
        return Navigation::refresh();
    }
    // The message has been read (or nobody is there): back to the programme page.
    if (context.now_ms >= *failed_at_ms_ + kErrorShownMs) return Navigation::back();
    return Navigation::none();
}

Navigation PlayerScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)focused;
    PlaybackControl* playback = context.playback;
    show_controls(context.now_ms);
    if (playback == nullptr) return Navigation::refresh();
    using input::Action;
    if (action == Action::Ok && playback->status().state == PlaybackStatus::State::Failed) {
        return Navigation::back();  // OK dismisses the error message
    }
    if (action == Action::Ok || action == Action::PlayPause) {
        playback->toggle_pause();
    } else if (action == Action::Left || action == Action::Rewind) {
        playback->seek_by(context.key_held ? -kHeldSeekStep : -kSeekStep);
    } else if (action == Action::Right || action == Action::FastForward) {
        playback->seek_by(context.key_held ? kHeldSeekStep : kSeekStep);
    } else if (const auto digit = input::digit_value(action); digit && *digit > 0) {
        playback->seek_to_fraction(*digit / 10.0);
    } else if (action == Action::Subtitle) {
        context.settings.subtitles = next_subtitle_mode(context.settings.subtitles);
        controls_until_ms_ = 0;  // show the subtitles right away
        return Navigation::redraw();  // a setting changed: it is saved
    } else if (action == Action::VolumeUp || action == Action::VolumeDown || action == Action::Mute) {
        if (action == Action::Mute) {
            playback->toggle_mute();
        } else {
            playback->change_volume(action == Action::VolumeUp ? 0.1f : -0.1f);
        }
        volume_until_ms_ = context.now_ms + kVolumeMs;
        controls_until_ms_ = 0;
    } else if (action == Action::Stop) {
        return Navigation::back();
    }
    return Navigation::refresh();
}

}  // namespace fl::ui
