// Layout cache: the key is the style's bytes followed by the text; least recently used layouts go first.
#include "text/text_engine.h"

#include <cstring>

namespace fl::text {
namespace {

std::string cache_key(std::string_view text, const TextStyle& style) {
    std::string key;
    key.reserve(sizeof(float) * 5 + 8 + text.size());
    auto put = [&key](const auto& value) {
        char bytes[sizeof value];
        std::memcpy(bytes, &value, sizeof value);
        key.append(bytes, sizeof value);
    };
    put(style.size_px);
    put(style.box_width);
    put(style.box_height);
    put(style.line_spacing);
    put(style.max_lines);
    key.push_back(static_cast<char>(style.mode));
    key.push_back(static_cast<char>(style.align));
    key.append(text);
    return key;
}

}  // namespace

TextEngine::TextEngine(std::shared_ptr<const FontSet> fonts, size_t layout_budget_bytes)
    : fonts_(std::move(fonts)), layouts_(layout_budget_bytes) {}

Result<std::unique_ptr<TextEngine>> TextEngine::with_default_fonts() {
    auto fonts = FontSet::from_manifest(default_font_directory());
    if (!fonts) return fonts.error();
    return std::make_unique<TextEngine>(std::move(fonts).value());
}

std::shared_ptr<const Layout> TextEngine::layout(std::string_view text, const TextStyle& style) {
    std::string key = cache_key(text, style);
    if (const auto* cached = layouts_.find(key)) return *cached;
    auto laid = std::make_shared<const Layout>(lay_out(text, style, *fonts_, shaper_));
    const size_t bytes = key.size() * 2 + laid->glyphs.size() * sizeof(PositionedGlyph) +
                         laid->lines.size() * sizeof(LayoutLine) + 256;
    layouts_.insert(std::move(key), laid, bytes);
    return laid;
}

}  // namespace fl::text
