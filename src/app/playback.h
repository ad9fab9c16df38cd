// Playback for the UI: the FFmpeg player, the programme's subtitle files and its resume point, behind one port.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "core/event_log.h"
#include "library/watch_history.h"
#include "media/player.h"
#include "media/subtitles.h"
#include "ui/playback_control.h"

namespace fl::app {

class AppPlayback final : public ui::PlaybackControl {
public:
    // history may be null (no data directory): then nothing is remembered.
    AppPlayback(EventLog& events, std::function<void()> wake, library::WatchHistory* history, bool audio);
    ~AppPlayback() override;

    void play(const feed::Item& item, double start_s) override;
    void stop() override;
    void toggle_pause() override;
    void seek_by(double delta_s) override;
    void seek_to_fraction(double fraction) override;
    void change_volume(float delta) override;
    void toggle_mute() override;
    ui::PlaybackStatus status() const override;
    std::optional<double> resume_position(const std::string& item_id) const override;
    std::vector<std::string> subtitle_lines(bool mongolian) const override;

    // Main loop: the picture due now (or null), and when to look again; keeps the resume point current.
    std::shared_ptr<const media::VideoFrame> take_due_frame(uint64_t now_ms, std::optional<uint64_t>& next_call_ms);
    bool active() const { return player_ != nullptr; }
    // A picture of the current programme has been handed to the screen.
    bool showing_video() const { return player_ != nullptr && shown_frame_; }

private:
    void remember_position(bool force);

    EventLog& events_;
    std::function<void()> wake_;
    library::WatchHistory* history_;
    bool audio_;
    std::unique_ptr<media::Player> player_;
    std::string item_id_;
    float volume_ = 1.0f;
    bool muted_ = false;
    uint64_t last_saved_ms_ = 0;
    bool finished_recorded_ = false;
    bool shown_frame_ = false;
    // Subtitle files are read off the main thread; the UI shows them once they have arrived.
    mutable std::future<std::optional<media::SubtitleTrack>> mongolian_future_;
    mutable std::future<std::optional<media::SubtitleTrack>> chinese_future_;
    mutable std::optional<media::SubtitleTrack> mongolian_;
    mutable std::optional<media::SubtitleTrack> chinese_;
};

}  // namespace fl::app
