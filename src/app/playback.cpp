// Playback port: opens the player, loads captions in the background (else shows the file's own subtitle tracks),
// saves the resume point every few seconds and when the viewer stops, marks programmes watched to the end finished.
#include "app/playback.h"

#include <algorithm>

#include "core/clock.h"
#include "core/log.h"

namespace fl::app {
namespace {

constexpr uint64_t kSaveEveryMs = 5000;

std::future<std::optional<media::SubtitleTrack>> load_caption(const feed::Item& item, const std::string& language) {
    std::string path;
    for (const auto& caption : item.captions) {
        if (caption.lang == language) path = caption.path;
    }
    return std::async(std::launch::async, [path, language]() -> std::optional<media::SubtitleTrack> {
        if (path.empty()) return std::nullopt;
        auto track = media::load_subtitles(path);
        if (!track) {
            log::warning("player", "subtitles not shown: " + track.error().message);
            return std::nullopt;
        }
        track.value().language = language;
        return std::move(track).value();
    });
}

// Cue texts split into the lines the overlay draws.
std::vector<std::string> split_lines(const std::vector<std::string>& texts) {
    std::vector<std::string> lines;
    for (const std::string& text : texts) {
        size_t start = 0;
        for (size_t end = text.find('\n'); ; end = text.find('\n', start)) {
            lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return lines;
}

std::vector<std::string> texts_at(const media::SubtitleTrack& track, double t) {
    std::vector<std::string> texts;
    for (const media::Cue* cue : track.active_at(t)) texts.push_back(cue->text);
    return texts;
}

template <class T>
void collect(std::future<T>& future, T& slot) {
    if (future.valid() && future.wait_for(std::chrono::seconds(0)) == std::future_status::ready) slot = future.get();
}

}  // namespace

AppPlayback::AppPlayback(EventLog& events, std::function<void()> wake, library::WatchHistory* history, bool audio)
    : events_(events), wake_(std::move(wake)), history_(history), audio_(audio) {}

AppPlayback::~AppPlayback() { stop(); }

void AppPlayback::play(const feed::Item& item, double start_s) {
    stop();
    item_id_ = item.id;
    finished_recorded_ = false;
    shown_frame_ = false;
    last_saved_ms_ = monotonic_ms();
    media::PlayerOptions options;
    options.start_at_s = start_s;
    options.audio = audio_;
    options.wake = wake_;
    options.events = [this](std::string_view name, nlohmann::json fields) { events_.write(name, std::move(fields)); };
    player_ = media::Player::open(item.media_path, std::move(options));
    player_->set_volume(volume_);
    player_->set_muted(muted_);
    mongolian_.reset();
    chinese_.reset();
    mongolian_future_ = load_caption(item, "mn-Mong");
    chinese_future_ = load_caption(item, "zh-Hans");
}

void AppPlayback::stop() {
    if (!player_) return;
    remember_position(true);
    player_.reset();
    if (history_ != nullptr) history_->flush();
}

void AppPlayback::remember_position(bool force) {
    if (!player_ || history_ == nullptr || item_id_.empty()) return;
    const media::PlayerState state = player_->state();
    if (state == media::PlayerState::Ended) {
        if (!finished_recorded_) history_->mark_finished(item_id_);
        finished_recorded_ = true;
        return;
    }
    if (state != media::PlayerState::Playing && state != media::PlayerState::Paused) return;
    const uint64_t now = monotonic_ms();
    if (!force && now - last_saved_ms_ < kSaveEveryMs) return;
    last_saved_ms_ = now;
    history_->save_position(item_id_, player_->position_s(), player_->duration_s());
}

void AppPlayback::toggle_pause() {
    if (player_) player_->toggle_pause();
}

void AppPlayback::seek_by(double delta_s) {
    if (player_) player_->seek_by(delta_s);
}

void AppPlayback::seek_to_fraction(double fraction) {
    if (player_) player_->seek_to(std::clamp(fraction, 0.0, 1.0) * player_->duration_s());
}

void AppPlayback::change_volume(float delta) {
    volume_ = std::clamp(volume_ + delta, 0.0f, 1.0f);
    muted_ = false;
    if (player_) {
        player_->set_volume(volume_);
        player_->set_muted(false);
    }
}

void AppPlayback::toggle_mute() {
    muted_ = !muted_;
    if (player_) player_->set_muted(muted_);
}

ui::PlaybackStatus AppPlayback::status() const {
    ui::PlaybackStatus status;
    status.volume = volume_;
    status.muted = muted_;
    if (!player_) return status;
    using State = ui::PlaybackStatus::State;
    switch (player_->state()) {
        case media::PlayerState::Opening: status.state = State::Opening; break;
        case media::PlayerState::Playing: status.state = State::Playing; break;
        case media::PlayerState::Paused: status.state = State::Paused; break;
        case media::PlayerState::Ended: status.state = State::Ended; break;
        case media::PlayerState::Failed: status.state = State::Failed; break;
    }
    status.position_s = player_->position_s();
    status.duration_s = player_->duration_s();
    status.error_code = player_->error_code();
    return status;
}

std::optional<double> AppPlayback::resume_position(const std::string& item_id) const {
    if (history_ == nullptr) return std::nullopt;
    return history_->resume_position(item_id);
}

std::vector<std::string> AppPlayback::subtitle_lines(bool mongolian) const {
    if (!player_) return {};
    collect(mongolian_future_, mongolian_);
    collect(chinese_future_, chinese_);
    // The catalogue's subtitle file first; without one, the file's own track in that language.
    const std::optional<media::SubtitleTrack>& file_track = mongolian ? mongolian_ : chinese_;
    const double position = player_->position_s();
    if (file_track) return split_lines(texts_at(*file_track, position));
    return split_lines(player_->subtitle_texts(mongolian ? "mn-Mong" : "zh-Hans", position));
}

std::shared_ptr<const media::VideoFrame> AppPlayback::take_due_frame(uint64_t now_ms,
                                                                    std::optional<uint64_t>& next_call_ms) {
    next_call_ms.reset();
    if (!player_) return nullptr;
    remember_position(false);
    auto frame = player_->take_due_frame(now_ms, next_call_ms);
    if (frame) shown_frame_ = true;
    if (!next_call_ms && player_->state() == media::PlayerState::Playing) next_call_ms = now_ms + kSaveEveryMs;
    return frame;
}

}  // namespace fl::app
