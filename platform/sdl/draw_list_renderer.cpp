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
    if (video_texture_ != nullptr) SDL_DestroyTexture(video_texture_);
}

void DrawListRenderer::set_video_frame(std::shared_ptr<const media::VideoFrame> frame) {
    if (frame == video_frame_) return;
    video_frame_ = std::move(frame);
    if (!video_frame_ || video_frame_->width <= 0 || video_frame_->height <= 0) return;
    if (video_texture_ == nullptr || video_width_ != video_frame_->width || video_height_ != video_frame_->height) {
        if (video_texture_ != nullptr) SDL_DestroyTexture(video_texture_);
        // The planes go straight into a YUV texture: no colour conversion on the CPU.
        video_texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING,
                                           video_frame_->width, video_frame_->height);
        video_width_ = video_frame_->width;
        video_height_ = video_frame_->height;
        if (video_texture_ == nullptr) log::warning("player", std::string("no video texture: ") + SDL_GetError());
    }
    if (video_texture_ != nullptr) {
        const int chroma = (video_frame_->width + 1) / 2;
        SDL_UpdateYUVTexture(video_texture_, nullptr, video_frame_->y.data(), video_frame_->width,
                             video_frame_->u.data(), chroma, video_frame_->v.data(), chroma);
    }
}

void DrawListRenderer::draw_video(const ui::DrawVideo& video) {
    const SDL_Rect area = pixel_rect(video.rect);
    set_color(renderer_, {0, 0, 0, 255});
    SDL_RenderFillRect(renderer_, &area);
    if (video_texture_ == nullptr || !video_frame_ || video_height_ == 0 || area.h == 0) return;
    // Keep the picture's shape: black bars where the screen's differs.
    const double picture = static_cast<double>(video_width_) / video_height_;
    const double screen = static_cast<double>(area.w) / area.h;
    SDL_Rect target = area;
    if (picture > screen) {
        target.h = static_cast<int>(area.w / picture);
        target.y = area.y + (area.h - target.h) / 2;
    } else {
        target.w = static_cast<int>(area.h * picture);
        target.x = area.x + (area.w - target.w) / 2;
    }
    SDL_RenderCopy(renderer_, video_texture_, nullptr, &target);
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
    set_color(renderer_, list.background);
    SDL_RenderClear(renderer_);
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
