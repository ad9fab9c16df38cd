// The lawyer's voice to the speaker: a short FIFO drained by media::AudioOutput, tapped as the echo canceller's far end.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "media/audio_output.h"

namespace fl::consult {

class EchoCanceller;

class VoicePlayback {
public:
    // echo may be null (hardware echo cancellation or no microphone). Must outlive this object.
    VoicePlayback(bool want_device, EchoCanceller* echo);
    ~VoicePlayback();
    VoicePlayback(const VoicePlayback&) = delete;
    VoicePlayback& operator=(const VoicePlayback&) = delete;

    // Queues 48 kHz interleaved stereo float samples; starts the output on the first call. Keeps the queue under
    // ~150 ms by dropping the oldest sound, so a burst after a stall does not become lasting delay.
    void push(const float* interleaved, int frame_count);
    std::string output_name() const;

private:
    void fill(float* interleaved, int frame_count);

    EchoCanceller* echo_;
    std::mutex mutex_;
    std::vector<float> queue_;  // interleaved stereo
    size_t read_at_ = 0;
    bool started_ = false;
    std::unique_ptr<media::AudioOutput> output_;
};

}  // namespace fl::consult
