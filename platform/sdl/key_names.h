// Which key names exist for SDL keyboards and game controllers: the checks key map files are validated with.
#pragma once

#include <string>
#include <string_view>

#include <SDL.h>

namespace fl::sdl {

bool is_keyboard_key_name(std::string_view name);
bool is_controller_button_name(std::string_view name);

// The name a key map uses for a pressed key or button (SDL's own spelling).
std::string keyboard_key_name(SDL_Keycode key);
std::string controller_button_name(SDL_GameControllerButton button);

}  // namespace fl::sdl
