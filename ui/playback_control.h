// What the player screen may ask of playback; the app implements it over the FFmpeg player, tests over a fake.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "feed/catalog.h"

namespace fl::ui {

struct PlaybackStatus {
    enum class State : uint8_t { Idle, Opening, Playing, Paused, Ended, Failed } state = State::Idle;
    double position_s = 0;
    double duration_s = 0;
    float volume = 1.0f;
    bool muted = false;
    std::string error_code;  // open_failed, not_found, no_video, unsupported_codec, io_timeout, corrupt, network
};

class PlaybackControl {
public:
    virtual ~PlaybackControl() = default;
    virtual void play(const feed::Item& item, double start_s) = 0;
    // Stops and remembers where the viewer was.
    virtual void stop() = 0;
    virtual void toggle_pause() = 0;
    virtual void seek_by(double delta_s) = 0;
    virtual void seek_to_fraction(double fraction) = 0;
    virtual void change_volume(float delta) = 0;
    virtual void toggle_mute() = 0;
    virtual PlaybackStatus status() const = 0;
    // The saved resume point of an item, if it was left part-way.
    virtual std::optional<double> resume_position(const std::string& item_id) const = 0;
    // The subtitle lines showing now, per language (empty when none).
    virtual std::vector<std::string> subtitle_lines(bool mongolian) const = 0;
};

}  // namespace fl::ui
