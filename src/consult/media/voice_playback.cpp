// Voice playback FIFO: bounded latency, silence on underrun, a mono 16-bit copy of what plays for echo cancelling.
#include "consult/media/voice_playback.h"

#include <algorithm>
#include <cmath>

#include "consult/media/echo_canceller.h"

namespace fl::consult {
namespace {

constexpr size_t kMaxQueuedFrames = media::AudioOutput::kSampleRate * 150 / 1000;
constexpr size_t kTrimToFrames = media::AudioOutput::kSampleRate * 60 / 1000;

}  // namespace

VoicePlayback::VoicePlayback(bool want_device, EchoCanceller* echo) : echo_(echo) {
    output_ = media::AudioOutput::open([this](float* out, int frames) { fill(out, frames); }, want_device);
}

VoicePlayback::~VoicePlayback() { output_.reset(); }  // stops the callback before the queue goes

std::string VoicePlayback::output_name() const { return output_ ? output_->name() : "none"; }

void VoicePlayback::push(const float* interleaved, int frame_count) {
    constexpr int channels = media::AudioOutput::kChannels;
    {
        std::lock_guard lock(mutex_);
        if (read_at_ > 0) {
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(read_at_));
            read_at_ = 0;
        }
        queue_.insert(queue_.end(), interleaved, interleaved + static_cast<ptrdiff_t>(frame_count) * channels);
        const size_t queued = queue_.size() / channels;
        if (queued > kMaxQueuedFrames)
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>((queued - kTrimToFrames) * channels));
    }
    if (!started_ && output_) {
        started_ = true;
        output_->set_paused(false);
    }
}

void VoicePlayback::fill(float* interleaved, int frame_count) {
    constexpr int channels = media::AudioOutput::kChannels;
    const size_t wanted = static_cast<size_t>(frame_count) * channels;
    size_t copied = 0;
    {
        std::lock_guard lock(mutex_);
        copied = std::min(wanted, queue_.size() - read_at_);
        std::copy_n(queue_.begin() + static_cast<ptrdiff_t>(read_at_), copied, interleaved);
        read_at_ += copied;
    }
    std::fill(interleaved + copied, interleaved + wanted, 0.0f);
    if (echo_ != nullptr) {
        std::vector<int16_t> mono(static_cast<size_t>(frame_count));
        for (int i = 0; i < frame_count; ++i) {
            const float mixed = 0.5f * (interleaved[2 * i] + interleaved[2 * i + 1]);
            mono[static_cast<size_t>(i)] = static_cast<int16_t>(std::lround(std::clamp(mixed, -1.0f, 1.0f) * 32767.0f));
        }
        echo_->far_end(mono.data(), frame_count);
    }
}

}  // namespace fl::consult
