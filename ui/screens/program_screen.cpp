// Programme page layout: picture left, Mongolian title and summary in columns, then the Chinese text, buttons below.
#include "ui/screens/program_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/screens/player_screen.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/download_badge.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {
constexpr float kPictureW = 800.0f;
constexpr float kPictureH = 450.0f;
constexpr float kTextLeft = kContentLeft + kPictureW + 40.0f;
constexpr float kButtonTop = kContentTop + kPictureH + 50.0f;
constexpr float kButtonW = 360.0f;
constexpr float kButtonH = 170.0f;
}  // namespace

SubtitleMode next_subtitle_mode(SubtitleMode mode) {
    switch (mode) {
        case SubtitleMode::Both: return SubtitleMode::Mongolian;
        case SubtitleMode::Mongolian: return SubtitleMode::Chinese;
        case SubtitleMode::Chinese: return SubtitleMode::Off;
        case SubtitleMode::Off: return SubtitleMode::Both;
    }
    return SubtitleMode::Both;
}

std::string subtitle_string_key(SubtitleMode mode) { return "sub." + std::string(subtitle_code(mode)); }

View ProgramScreen::view(const UiContext& context) {
    View view;
    resume_s_ = context.playback != nullptr ? context.playback->resume_position(item_id_) : std::nullopt;
    float x = kContentLeft;
    auto add = [&](const char* id, float width) {
        view.focusables.push_back({id, {x, kButtonTop, width, kButtonH}, "program.buttons", {}});
        x += width + 40;
    };
    if (resume_s_) {
        add("program.resume", kButtonW + 40);  // "continue from 12:34"
        add("program.from_start", kButtonW - 40);
    } else {
        add("program.play", kButtonW);
    }
    add("program.subtitles", kButtonW + 80);
    view.focusables.back().next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);
    view.default_focus = view.focusables.front().id;
    view.hints = {{"确定", "hint.select"}, {"返回", "hint.back"}, {"主页", "hint.home"}};
    const feed::Item* item = context.catalog.find_item(item_id_);
    if (context.downloads != nullptr && item != nullptr && !item->download.location.empty()) {
        view.hints.push_back({"绿", "hint.download"});
    }
    return view;
}

void ProgramScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    const feed::Item* item = context.catalog.find_item(item_id_);
    if (item == nullptr) {
        draw_chrome(list, context, "", "");
        return;
    }
    draw_chrome(list, context, item->title.mn, item->title.zh);
    list.image(item->thumbnail_path, context.to_screen({kContentLeft, kContentTop, kPictureW, kPictureH}));
    draw_download_badge(list, context, {kContentLeft, kContentTop, kPictureW, kPictureH}, item_id_, true);

    // Summary: Mongolian columns first, then the Chinese paragraph, then the duration.
    float x = kTextLeft;
    const float right = theme::kDesignWidth - theme::kSafeX;
    if (shows(context.settings.language, Language::Mongolian)) {
        text::TextStyle columns;
        columns.mode = text::LayoutMode::Vertical;
        columns.size_px = theme::kMongolianBodySize;
        columns.box_height = kPictureH;
        columns.box_width = shows(context.settings.language, Language::Chinese) ? 300 : right - x;
        x += draw_text(list, context, item->summary.mn, columns, x, kContentTop, theme::kText).w + 30;
    }
    float y = kContentTop;
    if (shows(context.settings.language, Language::Chinese)) {
        text::TextStyle paragraph;
        paragraph.mode = text::LayoutMode::Horizontal;
        paragraph.size_px = theme::kBodySize;
        paragraph.box_width = right - x;
        paragraph.box_height = kPictureH - 60;
        paragraph.line_spacing = 1.1f;
        y += draw_text(list, context, item->summary.zh, paragraph, x, y, theme::kText).h + 20;
    }
    const std::string minutes = std::to_string((item->duration_s + 59) / 60);
    BilingualStyle duration;
    duration.mongolian_size = 24;
    duration.chinese_size = 28;
    duration.mongolian_height = kPictureH - (y - kContentTop);
    duration.chinese_width = right - x;
    draw_bilingual(list, context,
                   minutes + " " + context.strings.get(Language::Mongolian, "program.minutes"),
                   context.strings.get(Language::Chinese, "program.duration") + " " + minutes + " " +
                       context.strings.get(Language::Chinese, "program.minutes"),
                   duration, x, std::max(y, kContentTop + kPictureH - 40), theme::kTextDim);

    for (const auto& element : view.focusables) {
        std::string mongolian;
        std::string chinese;
        std::string mongolian_note;
        std::string chinese_note;
        const auto label = [&](std::string_view key) {
            mongolian = context.strings.get(Language::Mongolian, key);
            chinese = context.strings.get(Language::Chinese, key);
        };
        if (element.id == "program.subtitles") {
            label("program.subtitles");
            const auto mode_key = subtitle_string_key(context.settings.subtitles);
            mongolian_note = context.strings.get(Language::Mongolian, mode_key);
            chinese_note = context.strings.get(Language::Chinese, mode_key);
        } else if (element.id == "program.resume") {
            const std::map<std::string, std::string> at{{"time", format_clock(resume_s_.value_or(0))}};
            mongolian = context.strings.format(Language::Mongolian, "program.resume_at", at);
            chinese = context.strings.format(Language::Chinese, "program.resume_at", at);
        } else {
            label(element.id == "program.from_start" ? "program.from_start" : "program.play");
        }
        const bool primary = element.id != "program.subtitles";
        draw_action_tile(list, context,
                         {scrolled(state, element), "", mongolian, chinese, mongolian_note, chinese_note,
                          primary ? theme::kConsult : theme::kPanel, primary ? theme::kConsultFocused : theme::kPanelFocused,
                          focus_amount(state, element.id)});
    }
    draw_hint_bar(list, context, view.hints);
}

Navigation ProgramScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    if (action == input::Action::Green && context.downloads != nullptr) {
        return context.downloads->start_download(item_id_) ? Navigation::refresh() : Navigation::none();
    }
    if (action == input::Action::Subtitle || (action == input::Action::Ok && focused == "program.subtitles")) {
        context.settings.subtitles = next_subtitle_mode(context.settings.subtitles);
        return Navigation::redraw();
    }
    if (action == input::Action::Ok && focused == "program.from_start") return Navigation::push({"player_from_start", item_id_});
    if (action == input::Action::Ok || action == input::Action::PlayPause) return Navigation::push({"player", item_id_});
    return Navigation::none();
}

}  // namespace fl::ui
