// speexdsp's MDF echo canceller plus its preprocessor (residual echo and noise), fed from a far-end FIFO.
#include "consult/media/echo_canceller.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>
#include <vector>

namespace fl::consult {

EchoCanceller::EchoCanceller(int sample_rate, int frame_samples, int tail_samples)
    : frame_samples_(frame_samples),
      echo_(speex_echo_state_init(frame_samples, tail_samples)),
      preprocess_(speex_preprocess_state_init(frame_samples, sample_rate)) {
    int rate = sample_rate;
    speex_echo_ctl(echo_, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    speex_preprocess_ctl(preprocess_, SPEEX_PREPROCESS_SET_ECHO_STATE, echo_);
    int on = 1;
    speex_preprocess_ctl(preprocess_, SPEEX_PREPROCESS_SET_DENOISE, &on);
}

EchoCanceller::~EchoCanceller() {
    speex_preprocess_state_destroy(preprocess_);
    speex_echo_state_destroy(echo_);
}

void EchoCanceller::far_end(const int16_t* samples, int count) {
    std::lock_guard lock(far_mutex_);
    far_.insert(far_.end(), samples, samples + count);
    // The FIFO's depth shifts the echo path the filter sees; keep it short so the path stays inside the tail.
    const size_t keep = static_cast<size_t>(frame_samples_) * 3;
    if (far_.size() > keep) far_.erase(far_.begin(), far_.begin() + static_cast<ptrdiff_t>(far_.size() - keep));
}

void EchoCanceller::process(int16_t* frame) {
    std::vector<int16_t> far(static_cast<size_t>(frame_samples_), 0);
    {
        std::lock_guard lock(far_mutex_);
        const size_t take = std::min(far.size(), far_.size());
        std::copy_n(far_.begin(), take, far.begin());
        far_.erase(far_.begin(), far_.begin() + static_cast<ptrdiff_t>(take));
    }
    std::vector<int16_t> cleaned(static_cast<size_t>(frame_samples_));
    speex_echo_cancellation(echo_, frame, far.data(), cleaned.data());
    speex_preprocess_run(preprocess_, cleaned.data());
    std::copy(cleaned.begin(), cleaned.end(), frame);
}

}  // namespace fl::consult
