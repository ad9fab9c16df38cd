// The downloads screen: programmes kept for offline viewing (and those on their way), four a row; Yellow deletes one.
#pragma once

#include "ui/screens/screen.h"

namespace fl::ui {

class DownloadsScreen final : public Screen {
public:
    std::string_view id() const override { return "downloads"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;
};

}  // namespace fl::ui
