// HLS variant choice from measured throughput: reads of the last few seconds, hysteresis in both directions.
#include "media/variant_choice.h"

#include <algorithm>

namespace fl::media {

VariantChooser::VariantChooser(std::vector<int64_t> bandwidths_bps) : bandwidths_(std::move(bandwidths_bps)) {
    if (bandwidths_.empty()) bandwidths_.push_back(0);
}

VariantSwitch VariantChooser::start() {
    current_ = 0;
    return {0, "start"};
}

std::optional<double> VariantChooser::throughput_bps() const {
    if (window_bytes_ < kMinSampleBytes || window_busy_s_ <= 0) return std::nullopt;
    return static_cast<double>(window_bytes_) * 8.0 / window_busy_s_;
}

size_t VariantChooser::highest_within(double bps) const {
    size_t best = 0;
    for (size_t index = 0; index < bandwidths_.size(); ++index) {
        if (static_cast<double>(bandwidths_[index]) <= bps) best = index;
    }
    return best;
}

std::optional<VariantSwitch> VariantChooser::switch_to(size_t index, const char* reason, double now_s) {
    if (index == current_) return std::nullopt;
    current_ = index;
    changed_at_s_ = now_s;
    above_since_s_.reset();
    below_since_s_.reset();
    return VariantSwitch{index, reason};
}

std::optional<VariantSwitch> VariantChooser::on_read(int64_t bytes, double busy_s, double now_s) {
    samples_.push_back({bytes, busy_s, now_s});
    window_bytes_ += bytes;
    window_busy_s_ += busy_s;
    while (samples_.size() > 1 && now_s - samples_.front().at_s > kWindow_s) {
        window_bytes_ -= samples_.front().bytes;
        window_busy_s_ -= samples_.front().busy_s;
        samples_.pop_front();
    }
    const auto measured = throughput_bps();
    if (!measured) return std::nullopt;

    const auto current_bps = static_cast<double>(bandwidths_[current_]);
    if (*measured < kDownMargin * current_bps && current_ > 0) {
        if (!below_since_s_) below_since_s_ = now_s;
        if (now_s - *below_since_s_ >= kDownHold_s) {
            return switch_to(std::min(current_ - 1, highest_within(kSafeShare * *measured)), "throughput_down", now_s);
        }
    } else {
        below_since_s_.reset();
    }

    if (current_ + 1 < bandwidths_.size() &&
        *measured >= kUpMargin * static_cast<double>(bandwidths_[current_ + 1])) {
        if (!above_since_s_) above_since_s_ = now_s;
        if (now_s - *above_since_s_ >= kUpHold_s && now_s - changed_at_s_ >= kUpHold_s) {
            return switch_to(current_ + 1, "throughput_up", now_s);
        }
    } else {
        above_since_s_.reset();
    }
    return std::nullopt;
}

std::optional<VariantSwitch> VariantChooser::on_stall(double now_s) {
    if (current_ == 0) return std::nullopt;
    const auto measured = throughput_bps();
    const size_t within = measured ? highest_within(kSafeShare * *measured) : 0;
    return switch_to(std::min(current_ - 1, within), "stall", now_s);
}

}  // namespace fl::media
