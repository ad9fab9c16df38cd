// KeyPressTracker timing rules as tables of key downs, ups, polls and frames: Ok vs long press, our own repeat
// delay and rate, dropping repeats until a frame is presented, key take-over, and deadlines.
#include "input/key_press_tracker.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "input/action.h"

using fl::input::Action;
using fl::input::ActionEvent;
using fl::input::KeyPressTracker;
using fl::input::KeyTiming;

namespace {

enum class Op {
    Press,     // key_down(action, t, os_repeat = false)
    OsRepeat,  // key_down(action, t, os_repeat = true)
    Release,   // key_up(action, t)
    Poll,      // poll(t)
    Frame,     // frame_presented()
    Deadline,  // next_deadline(): expected is the time, or "none"
};

struct Step {
    Op op;
    Action action;
    uint64_t t_ms;
    std::string expected;  // events as "Down, Down+" ('+' marks a repeat); "" for none
};

struct Sequence {
    const char* name;
    KeyTiming timing;
    std::vector<Step> steps;
};

std::string describe(const std::vector<ActionEvent>& events) {
    std::string text;
    for (const ActionEvent& event : events) {
        if (!text.empty()) text += ", ";
        text += fl::input::action_name(event.action);
        if (event.repeat) text += "+";
    }
    return text;
}

std::string describe(const std::optional<uint64_t>& deadline) {
    return deadline ? std::to_string(*deadline) : std::string("none");
}

std::string run_step(KeyPressTracker& tracker, const Step& step) {
    switch (step.op) {
        case Op::Press:
            return describe(tracker.key_down(step.action, step.t_ms, false));
        case Op::OsRepeat:
            return describe(tracker.key_down(step.action, step.t_ms, true));
        case Op::Release:
            return describe(tracker.key_up(step.action, step.t_ms));
        case Op::Poll:
            return describe(tracker.poll(step.t_ms));
        case Op::Frame:
            tracker.frame_presented();
            return "";
        case Op::Deadline:
            return describe(tracker.next_deadline());
    }
    return "?";
}

void run_sequence(const Sequence& sequence) {
    KeyPressTracker tracker(sequence.timing);
    for (std::size_t index = 0; index < sequence.steps.size(); ++index) {
        const Step& step = sequence.steps[index];
        INFO(std::string(sequence.name) << ", step " << index << " at " << step.t_ms << " ms");
        CHECK(run_step(tracker, step) == step.expected);
    }
}

constexpr Action kOk = Action::Ok;
constexpr Action kDown = Action::Down;
constexpr Action kLeft = Action::Left;
constexpr Action kRight = Action::Right;
constexpr Action kUp = Action::Up;
constexpr Action kAny = Action::Up;  // for steps whose action does not matter

}  // namespace

TEST_CASE("Ok: short press, long press, OS repeats, late polls") {
    const std::vector<Sequence> sequences = {
        {"short Ok",
         {},
         {{Op::Press, kOk, 1000, ""},
          {Op::Deadline, kAny, 0, "1600"},
          {Op::Poll, kOk, 1599, ""},
          {Op::Release, kOk, 1599, "Ok"},
          {Op::Deadline, kAny, 0, "none"},
          {Op::Poll, kOk, 1700, ""}}},
        {"long Ok gives ContextMenu exactly once and nothing on release",
         {},
         {{Op::Press, kOk, 0, ""},
          {Op::Poll, kOk, 300, ""},
          {Op::Poll, kOk, 599, ""},
          {Op::Poll, kOk, 600, "ContextMenu"},
          {Op::Deadline, kAny, 0, "none"},
          {Op::Poll, kOk, 680, ""},
          {Op::Poll, kOk, 5000, ""},
          {Op::Release, kOk, 5000, ""},
          {Op::Poll, kOk, 6000, ""}}},
        {"OS repeats of Ok are ignored",
         {},
         {{Op::Press, kOk, 0, ""},
          {Op::OsRepeat, kOk, 250, ""},
          {Op::OsRepeat, kOk, 300, ""},
          {Op::OsRepeat, kOk, 550, ""},
          {Op::Release, kOk, 590, "Ok"}}},
        {"OS repeats do not restart the long-press timer",
         {},
         {{Op::Press, kOk, 0, ""}, {Op::OsRepeat, kOk, 500, ""}, {Op::Poll, kOk, 600, "ContextMenu"}}},
        {"a release after the long-press time with no poll in between is still a long press",
         {},
         {{Op::Press, kOk, 0, ""}, {Op::Release, kOk, 900, "ContextMenu"}, {Op::Poll, kOk, 1000, ""}}},
        {"a key pressed while Ok is held ends Ok as a short press",
         {},
         {{Op::Press, kOk, 0, ""},
          {Op::Press, kDown, 100, "Ok, Down"},
          {Op::Release, kOk, 150, ""},
          {Op::Poll, kDown, 499, ""},
          {Op::Release, kDown, 499, ""}}},
        {"a key pressed after the long press only gives its own event",
         {},
         {{Op::Press, kOk, 0, ""},
          {Op::Poll, kOk, 600, "ContextMenu"},
          {Op::Press, kDown, 700, "Down"},
          {Op::Release, kOk, 750, ""}}},
        {"the long-press time is configurable",
         {1000, 400, 80},
         {{Op::Press, kOk, 0, ""},
          {Op::Deadline, kAny, 0, "1000"},
          {Op::Poll, kOk, 999, ""},
          {Op::Poll, kOk, 1000, "ContextMenu"}}},
        {"a short press under a longer long-press time",
         {1000, 400, 80},
         {{Op::Press, kOk, 0, ""}, {Op::Release, kOk, 800, "Ok"}}},
    };
    for (const Sequence& sequence : sequences) run_sequence(sequence);
}

TEST_CASE("other keys: first press, repeat delay and rate, OS repeats ignored, key_up stops") {
    const std::vector<Sequence> sequences = {
        {"repeat after 400 ms, then every 80 ms",
         {},
         {{Op::Press, kDown, 0, "Down"},
          {Op::Deadline, kAny, 0, "400"},
          {Op::Poll, kDown, 399, ""},
          {Op::Poll, kDown, 400, "Down+"},
          {Op::Frame, kAny, 0, ""},
          {Op::Deadline, kAny, 0, "480"},
          {Op::Poll, kDown, 479, ""},
          {Op::Poll, kDown, 480, "Down+"},
          {Op::Frame, kAny, 0, ""},
          {Op::Poll, kDown, 560, "Down+"},
          {Op::Frame, kAny, 0, ""},
          {Op::Release, kDown, 600, ""},
          {Op::Deadline, kAny, 0, "none"},
          {Op::Poll, kDown, 640, ""}}},
        {"OS repeats are ignored: we own the rate",
         {},
         {{Op::Press, kRight, 0, "Right"},
          {Op::OsRepeat, kRight, 30, ""},
          {Op::OsRepeat, kRight, 60, ""},
          {Op::OsRepeat, kRight, 390, ""},
          {Op::Deadline, kAny, 0, "400"},
          {Op::Poll, kRight, 400, "Right+"}}},
        {"a release before the delay gives no repeat",
         {},
         {{Op::Press, kUp, 0, "Up"}, {Op::Release, kUp, 399, ""}, {Op::Poll, kUp, 400, ""}}},
        {"an OS repeat of a key that is not held does nothing",
         {},
         {{Op::OsRepeat, kUp, 0, ""}, {Op::Deadline, kAny, 0, "none"}}},
        {"a late poll emits one repeat and keeps the cadence",
         {},
         {{Op::Press, kUp, 0, "Up"},
          {Op::Poll, kUp, 1000, "Up+"},
          {Op::Deadline, kAny, 0, "1040"},
          {Op::Frame, kAny, 0, ""},
          {Op::Poll, kUp, 1040, "Up+"}}},
        {"delay and rate are configurable",
         {600, 250, 50},
         {{Op::Press, kDown, 2000, "Down"},
          {Op::Poll, kDown, 2249, ""},
          {Op::Poll, kDown, 2250, "Down+"},
          {Op::Frame, kAny, 0, ""},
          {Op::Deadline, kAny, 0, "2300"},
          {Op::Poll, kDown, 2300, "Down+"}}},
        {"a key bound straight to ContextMenu behaves like any other key",
         {},
         {{Op::Press, Action::ContextMenu, 0, "ContextMenu"}, {Op::Release, Action::ContextMenu, 100, ""}}},
    };
    for (const Sequence& sequence : sequences) run_sequence(sequence);
}

TEST_CASE("drop repeats, not frames") {
    const std::vector<Sequence> sequences = {
        {"repeats that fall due before the frame is presented are dropped, not postponed",
         {},
         {{Op::Press, kDown, 0, "Down"},
          {Op::Poll, kDown, 400, "Down+"},
          {Op::Poll, kDown, 480, ""},
          {Op::Poll, kDown, 560, ""},
          {Op::Frame, kAny, 0, ""},
          {Op::Poll, kDown, 600, ""},
          {Op::Deadline, kAny, 0, "640"},
          {Op::Poll, kDown, 640, "Down+"},
          {Op::Poll, kDown, 720, ""}}},
        {"first presses are never dropped",
         {},
         {{Op::Press, kDown, 0, "Down"},
          {Op::Poll, kDown, 400, "Down+"},
          {Op::Release, kDown, 420, ""},
          {Op::Press, kDown, 430, "Down"},
          {Op::Release, kDown, 440, ""},
          {Op::Press, kUp, 450, "Up"},
          {Op::Press, kOk, 460, ""},
          {Op::Release, kOk, 470, "Ok"}}},
        {"the frame gate holds across keys: a new key's first repeat waits for a frame too",
         {},
         {{Op::Press, kDown, 0, "Down"},
          {Op::Poll, kDown, 400, "Down+"},
          {Op::Press, kLeft, 410, "Left"},
          {Op::Poll, kLeft, 810, ""},
          {Op::Frame, kAny, 0, ""},
          {Op::Poll, kLeft, 890, "Left+"}}},
        {"frames without repeats change nothing",
         {},
         {{Op::Frame, kAny, 0, ""},
          {Op::Frame, kAny, 0, ""},
          {Op::Press, kDown, 0, "Down"},
          {Op::Frame, kAny, 0, ""},
          {Op::Poll, kDown, 400, "Down+"}}},
    };
    for (const Sequence& sequence : sequences) run_sequence(sequence);
}

TEST_CASE("a second key takes over from the held one") {
    const std::vector<Sequence> sequences = {
        {"the first key stops repeating; its release is ignored",
         {},
         {{Op::Press, kLeft, 0, "Left"},
          {Op::Poll, kLeft, 400, "Left+"},
          {Op::Frame, kAny, 0, ""},
          {Op::Press, kRight, 450, "Right"},
          {Op::Deadline, kAny, 0, "850"},
          {Op::Poll, kRight, 480, ""},
          {Op::Release, kLeft, 500, ""},
          {Op::Deadline, kAny, 0, "850"},
          {Op::Poll, kRight, 850, "Right+"},
          {Op::Release, kRight, 900, ""},
          {Op::Deadline, kAny, 0, "none"}}},
        {"Ok pressed while a key repeats: the key stops, Ok waits for its release",
         {},
         {{Op::Press, kDown, 0, "Down"},
          {Op::Press, kOk, 100, ""},
          {Op::Deadline, kAny, 0, "700"},
          {Op::Poll, kOk, 400, ""},
          {Op::Release, kDown, 450, ""},
          {Op::Release, kOk, 500, "Ok"}}},
        {"two keys mapped to one action: the second press is a new press",
         {},
         {{Op::Press, kUp, 0, "Up"}, {Op::Press, kUp, 300, "Up"}, {Op::Deadline, kAny, 0, "700"}}},
    };
    for (const Sequence& sequence : sequences) run_sequence(sequence);
}

TEST_CASE("nothing pending: no deadline, so the main loop can sleep") {
    KeyPressTracker tracker;
    CHECK_FALSE(tracker.next_deadline().has_value());
    CHECK(tracker.poll(123456).empty());
    CHECK(tracker.key_up(Action::Back, 10).empty());
    CHECK_FALSE(tracker.next_deadline().has_value());

    CHECK(tracker.key_down(Action::Back, 20, false) == std::vector<ActionEvent>{{Action::Back, false}});
    CHECK(tracker.next_deadline() == uint64_t{420});
    CHECK(tracker.key_up(Action::Back, 30).empty());
    CHECK_FALSE(tracker.next_deadline().has_value());
}

// A main loop that polls only at next_deadline(), as the app's loop does, while a key is held for a second.
namespace {

struct HoldResult {
    int repeats = 0;
    int first_presses = 0;
    int polls = 0;
};

HoldResult hold_down_for_one_second(uint64_t draw_time_ms) {
    KeyPressTracker tracker;
    HoldResult result;
    constexpr uint64_t kNoFrameDue = UINT64_MAX;
    uint64_t frame_due = kNoFrameDue;  // when the UI finishes drawing the last repeat
    const auto count = [&](const std::vector<ActionEvent>& events, uint64_t now) {
        for (const ActionEvent& event : events) {
            if (event.repeat) {
                ++result.repeats;
                frame_due = now + draw_time_ms;
            } else {
                ++result.first_presses;
            }
        }
    };
    count(tracker.key_down(Action::Down, 0, false), 0);
    for (uint64_t now = 1; now < 1000; ++now) {
        if (frame_due <= now) {
            tracker.frame_presented();
            frame_due = kNoFrameDue;
        }
        if (tracker.next_deadline() && *tracker.next_deadline() <= now) {
            ++result.polls;
            count(tracker.poll(now), now);
        }
    }
    count(tracker.key_up(Action::Down, 1000), 1000);
    return result;
}

}  // namespace

TEST_CASE("held for a second: 8 repeats with a fast UI, 3 with a slow one, never a queue") {
    const HoldResult fast = hold_down_for_one_second(16);
    CHECK(fast.first_presses == 1);
    CHECK(fast.repeats == 8);  // 400, 480, ..., 960
    CHECK(fast.polls == 8);

    const HoldResult slow = hold_down_for_one_second(200);
    CHECK(slow.first_presses == 1);
    CHECK(slow.repeats == 3);  // 400, 640, 880: the repeats due while drawing were dropped
    CHECK(slow.polls == 8);    // the cadence did not change
}

TEST_CASE("Ok held for three seconds with a poll every 10 ms gives one ContextMenu and no Ok") {
    KeyPressTracker tracker;
    std::vector<ActionEvent> all_events;
    const auto keep = [&](const std::vector<ActionEvent>& events) {
        all_events.insert(all_events.end(), events.begin(), events.end());
    };
    keep(tracker.key_down(Action::Ok, 0, false));
    for (uint64_t now = 10; now < 3000; now += 10) {
        keep(tracker.key_down(Action::Ok, now, true));  // the OS repeats too
        keep(tracker.poll(now));
        tracker.frame_presented();
    }
    keep(tracker.key_up(Action::Ok, 3000));
    CHECK(all_events == std::vector<ActionEvent>{{Action::ContextMenu, false}});
}
