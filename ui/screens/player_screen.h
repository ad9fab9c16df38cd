// Playing a programme: video full screen, subtitles in both scripts, progress and controls on demand.
#pragma once

#include <optional>
#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

class PlayerScreen final : public Screen {
public:
    PlayerScreen(std::string item_id, bool from_start) : item_id_(std::move(item_id)), from_start_(from_start) {}
    std::string_view id() const override { return "player"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
    std::optional<uint64_t> next_change_ms(uint64_t now_ms) const override;
    void entered(UiContext& context) override;
    void leaving(UiContext& context) override;
    Navigation update(UiContext& context) override;

private:
    void show_controls(uint64_t now_ms) { controls_until_ms_ = now_ms + kControlsMs; }
    static constexpr uint64_t kControlsMs = 4000;
    static constexpr uint64_t kErrorShownMs = 6000;  // a playback error stays this long, then the programme page

    std::string item_id_;
    bool from_start_;
    uint64_t controls_until_ms_ = 0;
    uint64_t volume_until_ms_ = 0;
    std::optional<uint64_t> failed_at_ms_;  // when the error message first showed
};

// "12:34" or "1:02:03".
std::string format_clock(double seconds);

}  // namespace fl::ui
