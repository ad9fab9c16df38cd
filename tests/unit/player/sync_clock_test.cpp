// Tables for the A/V sync maths: frame decisions, seek-target trimming, the playback clock, sync statistics.
#include "media/sync_clock.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

using fl::media::FrameAction;
using fl::media::FrameDecision;

namespace {

struct FrameCase {
    const char* what;
    double frame_pts_s;
    std::optional<double> next_frame_pts_s;
    double master_clock_s;
    FrameAction expected;
    double expected_wait_until_s = 0;  // only for Wait; now_s is 100 in every case
};

}  // namespace

TEST_CASE("decide_frame: show, wait or drop against the master clock") {
    constexpr double now_s = 100.0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<FrameCase> cases = {
        {"exactly due, nothing behind", 2.00, std::nullopt, 2.00, FrameAction::Show},
        {"exactly due, next not due yet", 2.00, 2.04, 2.00, FrameAction::Show},
        {"late, next not due yet", 2.00, 2.04, 2.03, FrameAction::Show},
        {"late, next also due: drop", 2.00, 2.04, 2.05, FrameAction::Drop},
        {"next due within the early tolerance: drop", 2.00, 2.04, 2.036, FrameAction::Drop},
        {"very late but nothing newer: still show", 2.00, std::nullopt, 3.00, FrameAction::Show},
        {"early within tolerance counts as due", 2.004, 2.044, 2.00, FrameAction::Show},
        {"early beyond tolerance: wait until due", 2.04, 2.08, 2.00, FrameAction::Wait, 100.04},
        {"far ahead: wait at most the cap", 3.00, 3.04, 2.00, FrameAction::Wait, 100.0 + fl::media::kMaxFrameWait_s},
        {"beyond the no-sync threshold ahead: show", 20.0, 20.04, 2.00, FrameAction::Show},
        {"beyond the no-sync threshold behind: show", 2.00, 2.04, 20.0, FrameAction::Show},
        {"clock is NaN: show", 2.00, 2.04, nan, FrameAction::Show},
        {"next pts NaN: no drop", 2.00, nan, 2.50, FrameAction::Show},
    };
    for (const FrameCase& c : cases) {
        CAPTURE(c.what);
        const FrameDecision decision =
            fl::media::decide_frame(c.frame_pts_s, c.next_frame_pts_s, c.master_clock_s, now_s);
        CHECK(decision.action == c.expected);
        if (c.expected == FrameAction::Wait) CHECK(decision.wait_until_s == doctest::Approx(c.expected_wait_until_s));
    }
}

TEST_CASE("decide_frame: a 25 fps stream against a clock running at twice the speed drops every other frame") {
    // The main loop calls every 40 ms while the clock advances 80 ms per call: half the pictures must go.
    std::vector<double> queue;
    for (int index = 0; index < 50; ++index) queue.push_back(index * 0.04);
    size_t front = 0;
    int shown = 0;
    int dropped = 0;
    for (int call = 0; call < 25 && front < queue.size(); ++call) {
        const double clock_s = call * 0.08;
        while (front < queue.size()) {
            const std::optional<double> next =
                front + 1 < queue.size() ? std::optional(queue[front + 1]) : std::nullopt;
            const FrameDecision decision = fl::media::decide_frame(queue[front], next, clock_s, clock_s);
            if (decision.action == FrameAction::Wait) break;
            ++front;
            if (decision.action == FrameAction::Drop) {
                ++dropped;
            } else {
                ++shown;
                break;
            }
        }
    }
    CHECK(shown == 25);
    CHECK(dropped == 24);
}

TEST_CASE("ends_before_seek_target keeps the picture that covers the target") {
    using fl::media::ends_before_seek_target;
    CHECK(ends_before_seek_target(1.92, 0.04, 2.0));
    CHECK(ends_before_seek_target(1.96, 0.04, 2.0));  // ends exactly at the target
    CHECK_FALSE(ends_before_seek_target(2.00, 0.04, 2.0));
    CHECK_FALSE(ends_before_seek_target(1.99, 0.04, 2.01));  // covers 2.01
    CHECK_FALSE(ends_before_seek_target(2.5, 0.04, 2.0));
}

TEST_CASE("audio clock: the sound heard now was handed over one device buffer ago") {
    CHECK(fl::media::audio_clock_from_callback(10.0, 0.0) == doctest::Approx(10.0));
    CHECK(fl::media::audio_clock_from_callback(10.0, 1024.0 / 48000) == doctest::Approx(10.0 - 1024.0 / 48000));
}

TEST_CASE("video_ran_dry: only with nothing queued and the clock two frame durations past the last picture") {
    using fl::media::video_ran_dry;
    CHECK_FALSE(video_ran_dry(true, 10.0, 1.0, 0.04));
    CHECK_FALSE(video_ran_dry(false, 1.04, 1.0, 0.04));
    CHECK_FALSE(video_ran_dry(false, 1.08, 1.0, 0.04));
    CHECK(video_ran_dry(false, 1.09, 1.0, 0.04));
}

TEST_CASE("clamp_seek_target keeps targets inside the programme") {
    using fl::media::clamp_seek_target;
    CHECK(clamp_seek_target(-3, 60) == 0);
    CHECK(clamp_seek_target(12.5, 60) == 12.5);
    CHECK(clamp_seek_target(75, 60) == 60);
    CHECK(clamp_seek_target(75, 0) == 75);  // unknown duration bounds only the start
    CHECK(clamp_seek_target(std::nan(""), 60) == 0);
}

TEST_CASE("PlaybackClock runs with the system clock, pauses, and belongs to one serial") {
    fl::media::PlaybackClock clock;
    CHECK_FALSE(clock.get(0, 5.0).has_value());  // never set

    clock.set(10.0, 0, 100.0);
    REQUIRE(clock.get(0, 100.0).has_value());
    CHECK(*clock.get(0, 100.0) == doctest::Approx(10.0));
    CHECK(*clock.get(0, 100.5) == doctest::Approx(10.5));
    CHECK_FALSE(clock.get(1, 100.5).has_value());  // another serial: stale

    clock.set_paused(true, 101.0);
    CHECK(clock.paused());
    CHECK(*clock.get(0, 101.0) == doctest::Approx(11.0));
    CHECK(*clock.get(0, 150.0) == doctest::Approx(11.0));  // frozen
    clock.set_paused(true, 160.0);                         // pausing twice changes nothing
    CHECK(*clock.get(0, 170.0) == doctest::Approx(11.0));

    clock.set_paused(false, 200.0);
    CHECK(*clock.get(0, 200.0) == doctest::Approx(11.0));  // continues where it stopped
    CHECK(*clock.get(0, 200.25) == doctest::Approx(11.25));

    clock.set(2.0, 1, 300.0);  // a seek
    CHECK_FALSE(clock.get(0, 300.0).has_value());
    CHECK(*clock.get(1, 301.0) == doctest::Approx(3.0));

    clock.set_paused(true, 302.0);
    clock.set(5.0, 1, 303.0);  // set while paused stays paused at the new value
    CHECK(*clock.get(1, 400.0) == doctest::Approx(5.0));
}

TEST_CASE("SyncErrorHistogram percentiles by nearest rank, in 1 ms bins") {
    fl::media::SyncErrorHistogram histogram;
    CHECK(histogram.percentile_ms(0.99) == 0);
    for (int index = 0; index < 99; ++index) histogram.add(3.2);
    histogram.add(50.0);
    CHECK(histogram.count() == 100);
    CHECK(histogram.percentile_ms(0.99) == 4);  // the 99th value is 3.2 ms: bin [3, 4)
    CHECK(histogram.percentile_ms(1.0) == 51);  // the largest: bin [50, 51)
    CHECK(histogram.percentile_ms(0.5) == 4);
    histogram.add(50.0);
    CHECK(histogram.percentile_ms(0.99) == 51);  // 2 of 101 are large: rank 100 lands on one
    histogram.add(5000.0);                       // beyond the range: the last bin
    histogram.add(-1.0);                         // never below zero
    CHECK(histogram.percentile_ms(1.0) == fl::media::SyncErrorHistogram::kBinCount);
    CHECK(histogram.count() == 103);
}

TEST_CASE("SyncWindow reports the largest error once per second") {
    fl::media::SyncWindow window;
    CHECK_FALSE(window.add(5, 10.0).has_value());
    CHECK_FALSE(window.add(12, 10.4).has_value());
    CHECK_FALSE(window.add(7, 10.99).has_value());
    const auto first = window.add(1, 11.0);  // a second after the window began: report it, start the next
    REQUIRE(first.has_value());
    CHECK(*first == 12);
    CHECK_FALSE(window.add(3, 11.5).has_value());
    const auto second = window.add(2, 12.2);
    REQUIRE(second.has_value());
    CHECK(*second == 3);
    window.reset();
    CHECK_FALSE(window.add(100, 20.0).has_value());
}
