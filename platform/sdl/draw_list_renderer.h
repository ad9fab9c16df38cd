// Draws a DrawList with an SDL_Renderer: rectangles, text through the glyph atlas, images from the loader.
#pragma once

#include <SDL.h>

#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "media/player.h"
#include "platform/sdl/image_loader.h"
#include "platform/sdl/text_drawer.h"
#include "text/glyph_atlas.h"
#include "ui/draw/draw_list.h"

namespace fl::sdl {

class DrawListRenderer {
public:
    DrawListRenderer(SDL_Renderer* renderer, const text::FontSet& fonts, std::function<void()> wake);
    ~DrawListRenderer();
    DrawListRenderer(const DrawListRenderer&) = delete;
    DrawListRenderer& operator=(const DrawListRenderer&) = delete;

    void draw(const ui::DrawList& list);

    // Turns decoded images into textures; returns true when one arrived (the frame needs redrawing).
    bool collect_images();
    bool loading_images() const { return loader_.busy(); }

    // The picture DrawVideo of this source shows from now on (null: black); uploaded to a YUV texture once per new
    // frame. Sources: ui::DrawVideo::kRemote (programme, consult lawyer) and kSelf (consult self view).
    void set_video_frame(std::shared_ptr<const media::VideoFrame> frame, int source = ui::DrawVideo::kRemote);
    size_t failed_images() const { return failed_.size(); }

private:
    void draw_image(const ui::DrawImage& image);
    void draw_video(const ui::DrawVideo& video);
    bool video_covers(const ui::DrawVideo& video) const;  // a picture to show over all of the output

    SDL_Renderer* renderer_;
    text::GlyphAtlas atlas_;
    TextDrawer text_;
    ImageLoader loader_;
    std::map<std::string, SDL_Texture*> textures_;
    std::set<std::string> requested_;
    std::set<std::string> failed_;
    std::vector<SDL_Rect> clips_;
    struct VideoSlot {
        std::shared_ptr<const media::VideoFrame> frame;
        SDL_Texture* texture = nullptr;
        int width = 0;
        int height = 0;
    };
    std::array<VideoSlot, 2> video_;  // by DrawVideo::source
};

}  // namespace fl::sdl
