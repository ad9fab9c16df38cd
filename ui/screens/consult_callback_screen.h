// The optional call-back number, typed with the remote's digit keys: Back deletes a digit, Ok confirms (or skips).
#pragma once

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultCallbackScreen final : public Screen {
public:
    static constexpr size_t kMaxDigits = 15;  // E.164 without the plus

    explicit ConsultCallbackScreen(ConsultChoices choices) : choices_(std::move(choices)) {}
    std::string_view id() const override { return "consult_callback"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
    std::optional<Navigation> back(UiContext& context) override;

private:
    ConsultChoices choices_;
    std::string digits_;
};

}  // namespace fl::ui
