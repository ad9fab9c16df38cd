// A category's programmes as a grid of tiles.
#pragma once

#include <string>

#include "ui/screens/screen.h"

namespace fl::ui {

class CategoryScreen final : public Screen {
public:
    explicit CategoryScreen(std::string category_id) : category_id_(std::move(category_id)) {}
    std::string_view id() const override { return "category"; }
    View view(const UiContext& context) override;
    void draw(DrawList& list, const UiContext& context, const View& view, const ViewState& state) override;
    Navigation act(input::Action action, std::string_view focused, UiContext& context) override;

private:
    std::string category_id_;
};

}  // namespace fl::ui
