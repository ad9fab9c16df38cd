// Pick screens: the question in both scripts above one row of tiles; Ok on a tile carries the choice onwards.
#include "ui/screens/consult_pick_screen.h"

#include "ui/screens/focus_animation.h"
#include "ui/theme/theme.h"
#include "ui/widgets/chrome.h"
#include "ui/widgets/text_block.h"
#include "ui/widgets/tile.h"

namespace fl::ui {
namespace {

constexpr float kGap = 32.0f;
constexpr float kTilesTop = 520.0f;
constexpr float kTileH = 300.0f;

}  // namespace

ConsultPickScreen::ConsultPickScreen(Step step, ConsultChoices choices) : step_(step), choices_(std::move(choices)) {
    if (step_ == Step::Topic) {
        options_ = {{"wages", "consult.topic.wages"},
                    {"grassland_land", "consult.topic.grassland_land"},
                    {"marriage_family", "consult.topic.marriage_family"},
                    {"loans", "consult.topic.loans"},
                    {"other", "consult.topic.other"}};
    } else {
        options_ = {{"mn-Mong", "consult.language.mn"}, {"zh-Hans", "consult.language.zh"}};
    }
}

View ConsultPickScreen::view(const UiContext& context) {
    (void)context;
    View view;
    const auto count = static_cast<float>(options_.size());
    const float available = kContentRight - kContentLeft;
    const float tile_w = std::min(460.0f, (available - (count - 1) * kGap) / count);
    float x = kContentLeft + (available - (count * tile_w + (count - 1) * kGap)) / 2;
    for (const auto& option : options_) {
        view.focusables.push_back({std::string(id()) + "." + option.value, {x, kTilesTop, tile_w, kTileH}, std::string(id()), {}});
        x += tile_w + kGap;
    }
    view.focusables.front().next[static_cast<size_t>(Direction::Left)].assign(1, kBlockedLink[0]);
    view.focusables.back().next[static_cast<size_t>(Direction::Right)].assign(1, kBlockedLink[0]);
    // The language preselects the interface's own when only one script shows.
    view.default_focus = view.focusables.front().id;
    if (step_ == Step::Language && context.settings.language == UiLanguage::Chinese) view.default_focus = view.focusables.back().id;
    view.hints = {{"确定", "hint.select"}, {"返回", "hint.back"}, {"主页", "hint.home"}};
    return view;
}

void ConsultPickScreen::draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) {
    draw_chrome_key(list, context, "consult.title");
    BilingualStyle question;
    question.mongolian_size = theme::kMongolianHeadingSize + 6;
    question.chinese_size = theme::kTitleSize - 8;
    question.mongolian_height = kTilesTop - kContentTop - 60;
    question.mongolian_columns = 3;
    question.chinese_width = kContentRight - kContentLeft - 200;
    question.chinese_lines = 2;
    draw_bilingual_key(list, context, step_ == Step::Topic ? "consult.topic.question" : "consult.language.question", question,
                       kContentLeft, kContentTop + 30, theme::kText);
    for (size_t i = 0; i < options_.size() && i < view.focusables.size(); ++i) {
        const auto& key = options_[i].string_key;
        draw_action_tile(list, context,
                         {scrolled(state, view.focusables[i]), "", context.strings.get(Language::Mongolian, key),
                          context.strings.get(Language::Chinese, key), "", "", theme::kPanel, theme::kConsultFocused,
                          focus_amount(state, view.focusables[i].id)});
    }
    draw_hint_bar(list, context, view.hints);
}

Navigation ConsultPickScreen::act(input::Action action, std::string_view focused, UiContext& context) {
    (void)context;
    if (action != input::Action::Ok) return Navigation::none();
    for (const auto& option : options_) {
        if (focused != std::string(id()) + "." + option.value) continue;
        ConsultChoices next = choices_;
        if (step_ == Step::Topic) {
            next.topic = option.value;
            return Navigation::push({"consult_language", next.encode()});
        }
        next.language = option.value;
        return Navigation::push({"consult_callback", next.encode()});
    }
    return Navigation::none();
}

}  // namespace fl::ui
