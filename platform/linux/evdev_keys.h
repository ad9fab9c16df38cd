// Linux input KEY_* names and codes: how IR (rc-core) and HDMI-CEC remotes arrive on a Linux box.
#pragma once

#include <optional>
#include <string_view>

namespace fl::linux_input {

bool is_evdev_key_name(std::string_view name);
std::optional<std::string_view> evdev_key_name(int code);

}  // namespace fl::linux_input
