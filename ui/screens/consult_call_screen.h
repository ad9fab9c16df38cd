// The call: the lawyer full screen, the viewer's own picture in a corner, mute, camera off and hang up, signal
// quality and elapsed time, and a camera-on indicator whenever the camera captures. Back asks before hanging up.
#pragma once

#include "ui/screens/consult_screens.h"

namespace fl::ui {

class ConsultCallScreen final : public Screen {
public:
    std::string_view id() const override { return "consult_call"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
    std::optional<Navigation> back(UiContext& context) override;
    Navigation update(UiContext& context) override;
    std::optional<uint64_t> next_change_ms(uint64_t now_ms) const override;
    void leaving(UiContext& context) override;

private:
    bool camera_wanted_ = true;
    bool ended_shown_ = false;
    uint64_t connected_at_ms_ = 0;
};

// "m:ss" (or "h:mm:ss") of a call's length.
std::string call_clock(uint64_t elapsed_ms);

}  // namespace fl::ui
