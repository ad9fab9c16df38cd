// Acoustic echo cancellation with speexdsp: removes what the TV's speaker played from the microphone's signal.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>

struct SpeexEchoState_;
struct SpeexPreprocessState_;

namespace fl::consult {

// Mono 16-bit PCM. The far end (what we hand to the speaker) arrives on the audio output's thread, the near end
// (the microphone) on the capture thread; far_end() may be called from any thread.
class EchoCanceller {
public:
    // frame_samples: the unit process() works on (10 ms at 48 kHz); tail_samples: the longest echo path it learns.
    EchoCanceller(int sample_rate = 48000, int frame_samples = 480, int tail_samples = 9600);
    ~EchoCanceller();
    EchoCanceller(const EchoCanceller&) = delete;
    EchoCanceller& operator=(const EchoCanceller&) = delete;

    void far_end(const int16_t* samples, int count);
    // Cleans one frame of microphone samples in place (echo removed, then residual echo and noise suppressed).
    void process(int16_t* frame);
    int frame_samples() const { return frame_samples_; }

private:
    int frame_samples_;
    SpeexEchoState_* echo_;
    SpeexPreprocessState_* preprocess_;
    std::mutex far_mutex_;
    std::deque<int16_t> far_;
};

}  // namespace fl::consult
