// The KEY_* table: names spelled as in linux/input-event-codes.h, values taken from that header.
#include "platform/linux/evdev_keys.h"

#include <linux/input-event-codes.h>

#include <array>
#include <utility>

namespace fl::linux_input {
namespace {

#define FL_KEY(name) std::pair<std::string_view, int>{#name, name}

// Keys a TV remote, a CEC adapter or a keyboard standing in for one can send.
constexpr std::array kKeys{
    FL_KEY(KEY_UP), FL_KEY(KEY_DOWN), FL_KEY(KEY_LEFT), FL_KEY(KEY_RIGHT), FL_KEY(KEY_OK), FL_KEY(KEY_ENTER),
    FL_KEY(KEY_KPENTER), FL_KEY(KEY_SELECT), FL_KEY(KEY_BACK), FL_KEY(KEY_ESC), FL_KEY(KEY_EXIT), FL_KEY(KEY_BACKSPACE),
    FL_KEY(KEY_HOME), FL_KEY(KEY_HOMEPAGE), FL_KEY(KEY_MENU), FL_KEY(KEY_ROOT_MENU), FL_KEY(KEY_MEDIA_TOP_MENU),
    FL_KEY(KEY_CONTEXT_MENU), FL_KEY(KEY_OPTION), FL_KEY(KEY_SETUP), FL_KEY(KEY_INFO), FL_KEY(KEY_EPG),
    FL_KEY(KEY_0), FL_KEY(KEY_1), FL_KEY(KEY_2), FL_KEY(KEY_3), FL_KEY(KEY_4), FL_KEY(KEY_5), FL_KEY(KEY_6),
    FL_KEY(KEY_7), FL_KEY(KEY_8), FL_KEY(KEY_9), FL_KEY(KEY_NUMERIC_0), FL_KEY(KEY_NUMERIC_1), FL_KEY(KEY_NUMERIC_2),
    FL_KEY(KEY_NUMERIC_3), FL_KEY(KEY_NUMERIC_4), FL_KEY(KEY_NUMERIC_5), FL_KEY(KEY_NUMERIC_6), FL_KEY(KEY_NUMERIC_7),
    FL_KEY(KEY_NUMERIC_8), FL_KEY(KEY_NUMERIC_9), FL_KEY(KEY_RED), FL_KEY(KEY_GREEN), FL_KEY(KEY_YELLOW),
    FL_KEY(KEY_BLUE), FL_KEY(KEY_PLAYPAUSE), FL_KEY(KEY_PLAY), FL_KEY(KEY_PAUSE), FL_KEY(KEY_PLAYCD),
    FL_KEY(KEY_PAUSECD), FL_KEY(KEY_STOP), FL_KEY(KEY_STOPCD), FL_KEY(KEY_REWIND), FL_KEY(KEY_FASTFORWARD),
    FL_KEY(KEY_FASTREVERSE), FL_KEY(KEY_PREVIOUSSONG), FL_KEY(KEY_NEXTSONG), FL_KEY(KEY_VOLUMEUP),
    FL_KEY(KEY_VOLUMEDOWN), FL_KEY(KEY_MUTE), FL_KEY(KEY_SUBTITLE), FL_KEY(KEY_LANGUAGE), FL_KEY(KEY_AUDIO),
    FL_KEY(KEY_SOUND),
};

#undef FL_KEY

}  // namespace

bool is_evdev_key_name(std::string_view name) {
    for (const auto& [known, code] : kKeys) {
        if (known == name) return true;
    }
    return false;
}

std::optional<std::string_view> evdev_key_name(int code) {
    for (const auto& [name, known] : kKeys) {
        if (known == code) return name;
    }
    return std::nullopt;
}

}  // namespace fl::linux_input
