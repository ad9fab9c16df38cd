// Audio output: an SDL audio device pulling 48 kHz stereo float PCM, or a null sink that consumes it in real time.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace fl::media {

class AudioOutput {
public:
    static constexpr int kSampleRate = 48000;
    static constexpr int kChannels = 2;

    // Fills frame_count interleaved stereo float frames; called on the output's own thread, so it must not block.
    using Fill = std::function<void(float* interleaved, int frame_count)>;

    // Opens the default SDL audio device when want_device is set; without one (no sound card, CI, or not wanted)
    // returns a null sink that pulls the same PCM at the same pace and discards it, so the audio clock still runs.
    // The output starts paused.
    static std::unique_ptr<AudioOutput> open(Fill fill, bool want_device);

    virtual ~AudioOutput() = default;
    virtual void set_paused(bool paused) = 0;
    // How long one device buffer plays: the sound heard now was handed over about that long ago.
    virtual double buffer_s() const = 0;
    // "sdl:<driver>" or "null", for the log and events.
    virtual std::string name() const = 0;
};

}  // namespace fl::media
