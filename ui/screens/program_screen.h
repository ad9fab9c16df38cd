// A programme's page: picture, titles, summary, duration, Play/Resume and the subtitle language.
#pragma once

#include <optional>
#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

class ProgramScreen final : public Screen {
public:
    explicit ProgramScreen(std::string item_id) : item_id_(std::move(item_id)) {}
    std::string_view id() const override { return "program"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    std::string item_id_;
    std::optional<double> resume_s_;  // where the viewer left this programme, read when the view is built
};

// Subtitle modes in the order the Subtitle key and the button cycle through them.
SubtitleMode next_subtitle_mode(SubtitleMode mode);
std::string subtitle_string_key(SubtitleMode mode);  // the i18n key naming the mode

}  // namespace fl::ui
