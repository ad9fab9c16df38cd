// A dialog over the current screen with a question and a row of choices: exit confirmation, the context menu.
#pragma once

#include <string>
#include <vector>

#include "ui/screens/screen.h"

namespace fl::ui {

class ChoiceDialog final : public Screen {
public:
    struct Choice {
        std::string id;          // focus id, e.g. "exit.stay"
        std::string string_key;  // label
        Navigation navigation;   // what Ok on it does
    };

    ChoiceDialog(std::string screen_id, std::string question_key, std::vector<Choice> choices)
        : screen_id_(std::move(screen_id)), question_key_(std::move(question_key)), choices_(std::move(choices)) {}
    std::string_view id() const override { return screen_id_; }
    bool is_overlay() const override { return true; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    std::string screen_id_;
    std::string question_key_;
    std::vector<Choice> choices_;
};

}  // namespace fl::ui
