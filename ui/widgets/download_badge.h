// Download state drawn over a programme's picture (a progress bar, a "kept offline" mark) and the stale-catalogue note.
#pragma once

#include <string_view>

#include "ui/screens/screen.h"

namespace fl::ui {

// Over the bottom of picture (design units, on screen): nothing when the programme was never downloaded; a
// bar filling with the bytes while it downloads; a full green bar when done, a full red one when it failed. With
// label (a large picture) the state is also written out in both languages; without (a tile, whose own titles sit
// beside the picture) a done download gets a green corner mark instead.
void draw_download_badge(DrawList& list, const UiContext& context, Rect picture, std::string_view item_id,
                         bool label = false);

// A note at the top right that the catalogue shown has expired (kept because nothing newer could be fetched).
void draw_stale_note(DrawList& list, const UiContext& context);

}  // namespace fl::ui
