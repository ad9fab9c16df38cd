// SDL key and button names: SDL_GetKeyFromName and the game-controller string tables decide what is valid.
#include "platform/sdl/key_names.h"

namespace fl::sdl {

bool is_keyboard_key_name(std::string_view name) {
    // SDL_GetKeyFromName ignores case, but events report SDL's own spelling: accept only that spelling.
    const SDL_Keycode key = SDL_GetKeyFromName(std::string(name).c_str());
    return key != SDLK_UNKNOWN && name == SDL_GetKeyName(key);
}

bool is_controller_button_name(std::string_view name) {
    return SDL_GameControllerGetButtonFromString(std::string(name).c_str()) != SDL_CONTROLLER_BUTTON_INVALID;
}

std::string keyboard_key_name(SDL_Keycode key) { return SDL_GetKeyName(key); }

std::string controller_button_name(SDL_GameControllerButton button) {
    const char* name = SDL_GameControllerGetStringForButton(button);
    return name != nullptr ? name : "";
}

}  // namespace fl::sdl
