// Consent before anything is sent or captured: what happens with the camera and microphone; agree or go home.
#pragma once

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultConsentScreen final : public Screen {
public:
    explicit ConsultConsentScreen(ConsultChoices choices) : choices_(std::move(choices)) {}
    std::string_view id() const override { return "consult_consent"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    ConsultChoices choices_;
};

}  // namespace fl::ui
