// What a screen wants drawn, in screen pixels: rectangles, laid-out text and images; no SDL here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "text/layout.h"

namespace fl::ui {

struct Color {
    uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Color&) const = default;
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
};

struct FillRect {
    Rect rect;
    Color color;
};

struct StrokeRect {
    Rect rect;
    Color color;
    float thickness;
};

struct DrawText {
    std::shared_ptr<const text::Layout> layout;
    float x, y;  // top-left of the layout's box
    Color color;
};

// An image file drawn scaled into rect; while it loads, or if it cannot be read, a placeholder is drawn.
struct DrawImage {
    std::string path;
    Rect rect;
};

// The current video picture, scaled into rect keeping its aspect (black bars), or black when there is none.
// source picks the picture: the programme or the consult's lawyer (kRemote), or the consult's self view (kSelf).
struct DrawVideo {
    static constexpr int kRemote = 0;
    static constexpr int kSelf = 1;
    Rect rect;
    int source = kRemote;
};

// Clips the commands that follow to rect until the matching PopClip.
struct PushClip {
    Rect rect;
};
struct PopClip {};

using DrawCommand = std::variant<FillRect, StrokeRect, DrawText, DrawImage, DrawVideo, PushClip, PopClip>;

struct DrawList {
    std::vector<DrawCommand> commands;
    Color background;

    void fill(Rect rect, Color color) { commands.emplace_back(FillRect{rect, color}); }
    void stroke(Rect rect, Color color, float thickness) { commands.emplace_back(StrokeRect{rect, color, thickness}); }
    void text(std::shared_ptr<const text::Layout> layout, float x, float y, Color color) {
        commands.emplace_back(DrawText{std::move(layout), x, y, color});
    }
    void image(std::string path, Rect rect) { commands.emplace_back(DrawImage{std::move(path), rect}); }
    void video(Rect rect, int source = DrawVideo::kRemote) { commands.emplace_back(DrawVideo{rect, source}); }
    void push_clip(Rect rect) { commands.emplace_back(PushClip{rect}); }
    void pop_clip() { commands.emplace_back(PopClip{}); }
};

}  // namespace fl::ui
