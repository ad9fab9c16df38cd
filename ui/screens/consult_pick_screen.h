// One question with a row of large answer tiles: the consult's topic, then its language.
#pragma once

#include <string>
#include <vector>

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultPickScreen final : public Screen {
public:
    struct Option {
        std::string value;       // wages, mn-Mong, ...
        std::string string_key;  // its label
    };
    // Topic: options are the five topics; Ok goes to the language. Language: Ok goes to the call-back number.
    enum class Step : uint8_t { Topic, Language };

    ConsultPickScreen(Step step, ConsultChoices choices);
    std::string_view id() const override { return step_ == Step::Topic ? "consult_topic" : "consult_language"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    Step step_;
    ConsultChoices choices_;
    std::vector<Option> options_;
};

}  // namespace fl::ui
