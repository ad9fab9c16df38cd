// The player's states and the one table of transitions between them, kept pure so tests can walk it.
#pragma once

#include <cstdint>
#include <string_view>

namespace fl::media {

enum class PlayerState : uint8_t { Opening, Playing, Paused, Ended, Failed };

// What can happen to a player: from the viewer (pause, seek) or from the pipeline (open, end, fatal error).
enum class PlayerInput : uint8_t { OpenSucceeded, TogglePause, Seek, ReachedEnd, FatalError };

// Opening -> Playing (opened) | Failed.   Playing <-> Paused (toggle).   Playing -> Ended (all streams played out).
// Ended -> Playing (seek back in).   Any but Failed -> Failed (fatal error).   Failed is final.
// Pausing while opening or after the end does nothing; a seek keeps Playing or Paused as they are.
PlayerState next_player_state(PlayerState current, PlayerInput input);

std::string_view player_state_name(PlayerState state);

}  // namespace fl::media
