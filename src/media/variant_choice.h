// Which HLS variant to fetch: throughput measured while reading, one step up when it stays well above the next
// variant's bandwidth, down at once on a stall or when it falls below the current one's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace fl::media {

struct VariantSwitch {
    size_t to = 0;       // index into the bandwidths, lowest first
    std::string reason;  // "start", "throughput_up", "throughput_down", "stall"
};

class VariantChooser {
public:
    static constexpr double kWindow_s = 3.0;      // throughput: bytes over reading time in the last 3 s
    static constexpr double kUpMargin = 1.5;      // up when measured >= 1.5 x the next variant's bandwidth ...
    static constexpr double kUpHold_s = 3.0;      // ... for this long (wall time) since the last change
    static constexpr double kDownMargin = 1.0;    // down when measured < the current variant's bandwidth ...
    static constexpr double kDownHold_s = 2.0;    // ... for this long
    static constexpr double kSafeShare = 0.8;     // a step down goes to a variant that needs <= 80 % of it
    static constexpr int64_t kMinSampleBytes = 32 * 1024;  // no verdict on fewer bytes than this in the window

    // bandwidths_bps: the variants' advertised bandwidths (bits per second), lowest first, at least one.
    explicit VariantChooser(std::vector<int64_t> bandwidths_bps);

    // Where to start: the lowest variant (nothing is known about the network yet).
    VariantSwitch start();
    size_t current() const { return current_; }

    // One read: bytes delivered and the time the reader spent waiting for them; now_s is wall time.
    std::optional<VariantSwitch> on_read(int64_t bytes, double busy_s, double now_s);
    // The picture or sound ran dry: step down right away.
    std::optional<VariantSwitch> on_stall(double now_s);

    // Bits per second over the window; nullopt while it holds fewer than kMinSampleBytes.
    std::optional<double> throughput_bps() const;

private:
    std::optional<VariantSwitch> switch_to(size_t index, const char* reason, double now_s);
    size_t highest_within(double bps) const;

    struct Sample {
        int64_t bytes;
        double busy_s;
        double at_s;
    };
    std::vector<int64_t> bandwidths_;
    size_t current_ = 0;
    double changed_at_s_ = 0;
    std::deque<Sample> samples_;
    int64_t window_bytes_ = 0;
    double window_busy_s_ = 0;
    std::optional<double> above_since_s_;  // measured well above the next variant since then
    std::optional<double> below_since_s_;  // measured below the current variant since then
};

}  // namespace fl::media
