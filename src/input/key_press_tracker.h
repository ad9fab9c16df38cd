// Turns raw key downs and ups (already mapped to Actions) into UI events: our own key repeat, long press of Ok,
// and "drop repeats, not frames". Pure logic: no threads, no clocks; times arrive as arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "input/action.h"

namespace fl::input {

struct ActionEvent {
    Action action;
    bool repeat;  // true for repeats of a held key; first presses, Ok and ContextMenu have false

    friend bool operator==(const ActionEvent&, const ActionEvent&) = default;
};

struct KeyTiming {
    uint64_t long_press_ms = 600;      // Ok held this long becomes ContextMenu
    uint64_t repeat_delay_ms = 400;    // from the first press to the first repeat
    uint64_t repeat_interval_ms = 80;  // between repeats (0 is treated as 1)
};

// Rules:
// - Ok: nothing on key down. Released before long_press_ms: Ok. Still held at long_press_ms: ContextMenu (from
//   poll, exactly once) and nothing on release. OS repeats are ignored.
// - Every other action: an event on the first key down; while held, repeats after repeat_delay_ms and then every
//   repeat_interval_ms, emitted from poll. OS repeats are ignored (we own the rate); key_up stops repeating.
// - A key down while another key is held takes over: the earlier key stops repeating and its key_up is ignored.
//   A pending Ok that is taken over ends as if released then (Ok when short; nothing after ContextMenu).
// - Drop repeats, not frames: after a repeat is emitted, repeats that fall due are dropped (not postponed) until
//   frame_presented() says the UI has drawn. First presses are never dropped.
// - A late poll emits at most one repeat and keeps the repeat cadence; it never releases a burst of catch-up events.
class KeyPressTracker {
public:
    explicit KeyPressTracker(KeyTiming timing = {});

    // os_repeat: the platform marked this key down as its own auto-repeat (SDL's repeat flag, evdev value 2).
    std::vector<ActionEvent> key_down(Action action, uint64_t t_ms, bool os_repeat);
    std::vector<ActionEvent> key_up(Action action, uint64_t t_ms);

    // Emits what timers have made due by t_ms (a repeat, or ContextMenu).
    std::vector<ActionEvent> poll(uint64_t t_ms);

    // When poll must be called next; nullopt when nothing is pending, so the main loop can sleep without wake-ups.
    std::optional<uint64_t> next_deadline() const;

    // The UI has presented a frame showing the effect of the events so far: repeats may flow again.
    void frame_presented();

private:
    // What the held key ends with when it is released or taken over.
    std::vector<ActionEvent> finish_held_key(uint64_t t_ms);

    KeyTiming timing_;
    std::optional<Action> held_;       // the key whose repeats or long press we are timing
    uint64_t pressed_at_ms_ = 0;       // when held_ went down
    uint64_t next_repeat_at_ms_ = 0;   // when held_ (not Ok) repeats next
    bool long_press_emitted_ = false;  // held_ is Ok and ContextMenu was already emitted
    bool waiting_for_frame_ = false;   // a repeat was emitted and no frame has been presented since
};

}  // namespace fl::input
