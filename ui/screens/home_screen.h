// The home screen: the first thing a viewer sees, and where Home always returns.
#pragma once

#include "ui/screens/screen.h"

namespace fl::ui {

class HomeScreen final : public Screen {
public:
    std::string_view id() const override { return "home"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    void draw_element(DrawList& list, const UiContext& context, const Focusable& element, const ViewState& state) const;
};

}  // namespace fl::ui
