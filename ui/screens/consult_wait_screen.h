// Waiting for a lawyer: place in the queue and the estimated wait. Back goes home and keeps the place; Red cancels;
// when a lawyer is ready the call opens (at once if the viewer was watching this screen, else after Ok).
#pragma once

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultWaitScreen final : public Screen {
public:
    // ask_before_joining: the viewer came back to an offer (from elsewhere), so Ok joins rather than joining at once.
    explicit ConsultWaitScreen(bool ask_before_joining) : ask_before_joining_(ask_before_joining) {}
    std::string_view id() const override { return "consult_wait"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
    std::optional<Navigation> back(UiContext& context) override;
    Navigation update(UiContext& context) override;
    void entered(UiContext& context) override;
    void leaving(UiContext& context) override;

private:
    bool ask_before_joining_;
    bool moved_on_ = false;  // the call or end screen has been opened from here
};

}  // namespace fl::ui
