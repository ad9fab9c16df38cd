// Key repeat, long press of Ok and repeat dropping for remote-control keys (rules in key_press_tracker.h).
#include "input/key_press_tracker.h"

namespace fl::input {

namespace {

// Milliseconds from start to now; 0 if the caller's clock went backwards.
uint64_t elapsed_ms(uint64_t start_ms, uint64_t now_ms) {
    return now_ms > start_ms ? now_ms - start_ms : 0;
}

}  // namespace

KeyPressTracker::KeyPressTracker(KeyTiming timing) : timing_(timing) {
    if (timing_.repeat_interval_ms == 0) timing_.repeat_interval_ms = 1;
}

std::vector<ActionEvent> KeyPressTracker::key_down(Action action, uint64_t t_ms, bool os_repeat) {
    if (os_repeat) return {};  // we own the repeat rate, whatever the keyboard or remote sends

    std::vector<ActionEvent> events = finish_held_key(t_ms);  // a new key takes over from a held one
    held_ = action;
    pressed_at_ms_ = t_ms;
    long_press_emitted_ = false;
    if (action == Action::Ok) return events;  // short or long is only known later

    events.push_back(ActionEvent{action, false});
    next_repeat_at_ms_ = t_ms + timing_.repeat_delay_ms;
    return events;
}

std::vector<ActionEvent> KeyPressTracker::key_up(Action action, uint64_t t_ms) {
    if (held_ != action) return {};  // a key that was taken over, or an up without a down
    return finish_held_key(t_ms);
}

std::vector<ActionEvent> KeyPressTracker::poll(uint64_t t_ms) {
    if (!held_) return {};

    if (*held_ == Action::Ok) {
        if (long_press_emitted_ || elapsed_ms(pressed_at_ms_, t_ms) < timing_.long_press_ms) return {};
        long_press_emitted_ = true;
        return {ActionEvent{Action::ContextMenu, false}};
    }

    if (t_ms < next_repeat_at_ms_) return {};
    // Keep the cadence; a late poll skips the repeats it missed instead of emitting them in a burst.
    const uint64_t missed_repeats = (t_ms - next_repeat_at_ms_) / timing_.repeat_interval_ms;
    next_repeat_at_ms_ += (missed_repeats + 1) * timing_.repeat_interval_ms;
    if (waiting_for_frame_) return {};  // dropped: the UI has not drawn the previous repeat yet
    waiting_for_frame_ = true;
    return {ActionEvent{*held_, true}};
}

std::optional<uint64_t> KeyPressTracker::next_deadline() const {
    if (!held_) return std::nullopt;
    if (*held_ == Action::Ok) {
        if (long_press_emitted_) return std::nullopt;  // only the release is left, and it needs no timer
        return pressed_at_ms_ + timing_.long_press_ms;
    }
    return next_repeat_at_ms_;
}

void KeyPressTracker::frame_presented() {
    waiting_for_frame_ = false;
}

std::vector<ActionEvent> KeyPressTracker::finish_held_key(uint64_t t_ms) {
    if (!held_) return {};
    const Action action = *held_;
    held_.reset();
    if (action != Action::Ok || long_press_emitted_) return {};
    // Released (or taken over) after the long-press time without a poll in between: it was still a long press.
    if (elapsed_ms(pressed_at_ms_, t_ms) >= timing_.long_press_ms) return {ActionEvent{Action::ContextMenu, false}};
    return {ActionEvent{Action::Ok, false}};
}

}  // namespace fl::input
