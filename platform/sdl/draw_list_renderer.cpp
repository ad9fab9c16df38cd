// Draw list rendering: one pass over the commands; missing or broken pictures get a placeholder, logged once.
#include "platform/sdl/draw_list_renderer.h"

#include <cmath>

#include "core/log.h"

namespace fl::sdl {
namespace {

SDL_Rect pixel_rect(const ui::Rect& rect) {
    const int x = static_cast<int>(std::lround(rect.x));
    const int y = static_cast<int>(std::lround(rect.y));
    return {x, y, static_cast<int>(std::lround(rect.x + rect.w)) - x, static_cast<int>(std::lround(rect.y + rect.h)) - y};
}

void set_color(SDL_Renderer* renderer, ui::Color color) { SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a); }

}  // namespace

DrawListRenderer::DrawListRenderer(SDL_Renderer* renderer, const text::FontSet& fonts, std::function<void()> wake)
    : renderer_(renderer), atlas_(fonts), text_(renderer, atlas_), loader_(std::move(wake)) {}

DrawListRenderer::~DrawListRenderer() {
    for (auto& [path, texture] : textures_) SDL_DestroyTexture(texture);
    for (auto& slot : video_) {
        if (slot.texture != nullptr) SDL_DestroyTexture(slot.texture);
    }
}

void DrawListRenderer::set_video_frame(std::shared_ptr<const media::VideoFrame> frame, int source) {
    if (source < 0 || static_cast<size_t>(source) >= video_.size()) return;
    VideoSlot& slot = video_[static_cast<size_t>(source)];
    if (frame == slot.frame) return;
    slot.frame = std::move(frame);
    if (!slot.frame || slot.frame->width <= 0 || slot.frame->height <= 0) return;
    if (slot.texture == nullptr || slot.width != slot.frame->width || slot.height != slot.frame->height) {
        if (slot.texture != nullptr) SDL_DestroyTexture(slot.texture);
        // The planes go straight into a YUV texture: no colour conversion on the CPU.
        slot.texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING,
                                          slot.frame->width, slot.frame->height);
        slot.width = slot.frame->width;
        slot.height = slot.frame->height;
        if (slot.texture == nullptr) log::warning("player", std::string("no video texture: ") + SDL_GetError());
    }
    if (slot.texture != nullptr) {
        // Straight from the decoder's planes (whatever their pitch) into the texture: the only copy on the way.
        const media::VideoFrame& picture = *slot.frame;
        SDL_UpdateYUVTexture(slot.texture, nullptr, picture.plane(0), picture.pitch(0), picture.plane(1),
                             picture.pitch(1), picture.plane(2), picture.pitch(2));
    }
}

bool DrawListRenderer::video_covers(const ui::DrawVideo& video) const {
    if (video.source < 0 || static_cast<size_t>(video.source) >= video_.size()) return false;
    const VideoSlot& slot = video_[static_cast<size_t>(video.source)];
    if (slot.texture == nullptr || !slot.frame) return false;
    int width = 0;
    int height = 0;
    if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0) return false;
    const SDL_Rect area = pixel_rect(video.rect);
    return area.x <= 0 && area.y <= 0 && area.x + area.w >= width && area.y + area.h >= height;
}

void DrawListRenderer::draw_video(const ui::DrawVideo& video) {
    const SDL_Rect area = pixel_rect(video.rect);
    set_color(renderer_, {0, 0, 0, 255});
    const bool known = video.source >= 0 && static_cast<size_t>(video.source) < video_.size();
    const VideoSlot& slot = video_[known ? static_cast<size_t>(video.source) : 0];
    if (!known || slot.texture == nullptr || !slot.frame || slot.height == 0 || area.h == 0) {
        SDL_RenderFillRect(renderer_, &area);
        return;
    }
    // Keep the picture's shape: black bars where the screen's differs, and only there (every pixel filled twice
    // costs a full-screen fill per frame when the renderer is the CPU).
    const double picture = static_cast<double>(slot.width) / slot.height;
    const double screen = static_cast<double>(area.w) / area.h;
    SDL_Rect target = area;
    SDL_Rect bars[2] = {area, area};
    if (picture > screen) {
        target.h = static_cast<int>(area.w / picture);
        target.y = area.y + (area.h - target.h) / 2;
        bars[0].h = target.y - area.y;
        bars[1].y = target.y + target.h;
        bars[1].h = area.y + area.h - bars[1].y;
    } else {
        target.w = static_cast<int>(area.h * picture);
        target.x = area.x + (area.w - target.w) / 2;
        bars[0].w = target.x - area.x;
        bars[1].x = target.x + target.w;
        bars[1].w = area.x + area.w - bars[1].x;
    }
    for (const SDL_Rect& bar : bars) {
        if (bar.w > 0 && bar.h > 0) SDL_RenderFillRect(renderer_, &bar);
    }
    SDL_RenderCopy(renderer_, slot.texture, nullptr, &target);
}

bool DrawListRenderer::collect_images() {
    bool arrived = false;
    for (auto& image : loader_.take_finished()) {
        arrived = true;
        if (!image.surface) {
            failed_.insert(image.path);
            log::warning("ui", image.problem + "; showing a placeholder");
            continue;
        }
        SDL_Texture* texture = SDL_CreateTextureFromSurface(renderer_, image.surface.get());
        if (texture == nullptr) {
            failed_.insert(image.path);
            continue;
        }
        textures_[image.path] = texture;
    }
    return arrived;
}

void DrawListRenderer::draw_image(const ui::DrawImage& image) {
    const SDL_Rect target = pixel_rect(image.rect);
    if (auto found = textures_.find(image.path); found != textures_.end()) {
        SDL_RenderCopy(renderer_, found->second, nullptr, &target);
        return;
    }
    if (!image.path.empty() && requested_.insert(image.path).second) loader_.request(image.path);
    // Placeholder: a calm panel with a frame, the same while loading and when the picture is broken.
    set_color(renderer_, {52, 70, 92, 255});
    SDL_RenderFillRect(renderer_, &target);
    set_color(renderer_, {86, 106, 132, 255});
    const int inset = std::max(4, target.h / 6);
    const SDL_Rect frame{target.x + inset, target.y + inset, target.w - 2 * inset, target.h - 2 * inset};
    SDL_RenderDrawRect(renderer_, &frame);
}

void DrawListRenderer::draw(const ui::DrawList& list) {
    SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_BLEND);
    // A picture under everything that covers the whole screen leaves nothing of the background to clear.
    const auto* first_video = list.commands.empty() ? nullptr : std::get_if<ui::DrawVideo>(&list.commands.front());
    if (first_video == nullptr || !video_covers(*first_video)) {
        set_color(renderer_, list.background);
        SDL_RenderClear(renderer_);
    }
    clips_.clear();
    for (const auto& command : list.commands) {
        if (const auto* fill = std::get_if<ui::FillRect>(&command)) {
            const SDL_Rect rect = pixel_rect(fill->rect);
            set_color(renderer_, fill->color);
            SDL_RenderFillRect(renderer_, &rect);
        } else if (const auto* stroke = std::get_if<ui::StrokeRect>(&command)) {
            const SDL_Rect outer = pixel_rect(stroke->rect);
            const int t = std::max(1, static_cast<int>(std::lround(stroke->thickness)));
            const SDL_Rect sides[4] = {{outer.x, outer.y, outer.w, t},
                                       {outer.x, outer.y + outer.h - t, outer.w, t},
                                       {outer.x, outer.y + t, t, outer.h - 2 * t},
                                       {outer.x + outer.w - t, outer.y + t, t, outer.h - 2 * t}};
            set_color(renderer_, stroke->color);
            SDL_RenderFillRects(renderer_, sides, 4);
        } else if (const auto* words = std::get_if<ui::DrawText>(&command)) {
            text_.draw(*words->layout, words->x, words->y,
                       SDL_Color{words->color.r, words->color.g, words->color.b, words->color.a});
        } else if (const auto* image = std::get_if<ui::DrawImage>(&command)) {
            draw_image(*image);
        } else if (const auto* video = std::get_if<ui::DrawVideo>(&command)) {
            draw_video(*video);
        } else if (const auto* clip = std::get_if<ui::PushClip>(&command)) {
            clips_.push_back(pixel_rect(clip->rect));
            SDL_RenderSetClipRect(renderer_, &clips_.back());
        } else if (std::holds_alternative<ui::PopClip>(command)) {
            if (!clips_.empty()) clips_.pop_back();
            SDL_RenderSetClipRect(renderer_, clips_.empty() ? nullptr : &clips_.back());
        }
    }
}

}  // namespace fl::sdl
