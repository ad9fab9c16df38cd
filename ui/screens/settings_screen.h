// Settings: interface language, default subtitles, the catalogue's status and the version.
#pragma once

#include "ui/screens/screen.h"

namespace fl::ui {

class SettingsScreen final : public Screen {
public:
    std::string_view id() const override { return "settings"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
};

UiLanguage next_ui_language(UiLanguage language);

}  // namespace fl::ui
