// After a consult: why it ended in words a viewer can act on (with the 12348 phone number where that helps), and
// how long the call lasted. Ok returns home.
#pragma once

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultEndScreen final : public Screen {
public:
    // hang_up_on_entry: reached from "hang up?" (the call is ended as this screen opens).
    explicit ConsultEndScreen(bool hang_up_on_entry) : hang_up_on_entry_(hang_up_on_entry) {}
    std::string_view id() const override { return "consult_end"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
    std::optional<Navigation> back(UiContext& context) override;
    void entered(UiContext& context) override;
    void leaving(UiContext& context) override;

private:
    bool hang_up_on_entry_;
};

// The i18n key that explains an end reason.
std::string end_reason_key(const std::string& reason);

}  // namespace fl::ui
