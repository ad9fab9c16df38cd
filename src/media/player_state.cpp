// Player state transitions.
#include "media/player_state.h"

namespace fl::media {

PlayerState next_player_state(PlayerState current, PlayerInput input) {
    if (current == PlayerState::Failed) return current;
    if (input == PlayerInput::FatalError) return PlayerState::Failed;
    switch (current) {
        case PlayerState::Opening:
            return input == PlayerInput::OpenSucceeded ? PlayerState::Playing : current;
        case PlayerState::Playing:
            if (input == PlayerInput::TogglePause) return PlayerState::Paused;
            if (input == PlayerInput::ReachedEnd) return PlayerState::Ended;
            return current;
        case PlayerState::Paused:
            return input == PlayerInput::TogglePause ? PlayerState::Playing : current;
        case PlayerState::Ended:
            return input == PlayerInput::Seek ? PlayerState::Playing : current;
        case PlayerState::Failed:
            break;
    }
    return current;
}

std::string_view player_state_name(PlayerState state) {
    switch (state) {
        case PlayerState::Opening:
            return "opening";
        case PlayerState::Playing:
            return "playing";
        case PlayerState::Paused:
            return "paused";
        case PlayerState::Ended:
            return "ended";
        case PlayerState::Failed:
            return "failed";
    }
    return "?";
}

}  // namespace fl::media
