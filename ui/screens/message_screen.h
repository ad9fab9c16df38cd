// A page with a title and a message and nothing to choose: legal aid information, features still to come.
#pragma once

#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

class MessageScreen final : public Screen {
public:
    MessageScreen(std::string screen_id, std::string title_key, std::string body_key)
        : screen_id_(std::move(screen_id)), title_key_(std::move(title_key)), body_key_(std::move(body_key)) {}
    std::string_view id() const override { return screen_id_; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    std::string screen_id_;
    std::string title_key_;
    std::string body_key_;
};

}  // namespace fl::ui
