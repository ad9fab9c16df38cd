// Audio output over SDL's audio callback (the only SDL use in src/), with a real-time null sink as the fallback.
#include "media/audio_output.h"

#include <SDL.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/log.h"

namespace fl::media {
namespace {

constexpr int kDeviceBufferFrames = 1024;  // about 21 ms at 48 kHz
constexpr std::chrono::milliseconds kNullSinkTick{10};

// SDL_InitSubSystem / SDL_QuitSubSystem are reference counted but not thread-safe; players open on worker threads.
std::mutex sdl_audio_init_mutex;

class SdlAudioOutput final : public AudioOutput {
public:
    explicit SdlAudioOutput(Fill fill) : fill_(std::move(fill)) {}
    SdlAudioOutput(const SdlAudioOutput&) = delete;
    SdlAudioOutput& operator=(const SdlAudioOutput&) = delete;

    ~SdlAudioOutput() override {
        if (device_ != 0) SDL_CloseAudioDevice(device_);  // waits for a running callback to return
        if (subsystem_started_) {
            std::lock_guard lock(sdl_audio_init_mutex);
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
        }
    }

    // Opens the device on a short-lived SDL thread: SDL keeps an error buffer per calling thread and frees it only
    // for threads it created itself, so opening from the player's std::thread would leak it.
    bool start() {
        SDL_Thread* opener = SDL_CreateThread(&SdlAudioOutput::open_on_sdl_thread, "fl-audio-open", this);
        if (opener == nullptr) return false;
        int opened = 0;
        SDL_WaitThread(opener, &opened);
        return opened == 1;
    }

    void set_paused(bool paused) override { SDL_PauseAudioDevice(device_, paused ? 1 : 0); }
    double buffer_s() const override { return static_cast<double>(buffer_frames_) / kSampleRate; }
    std::string name() const override { return "sdl:" + driver_; }

private:
    static int open_on_sdl_thread(void* self) { return static_cast<SdlAudioOutput*>(self)->open_device() ? 1 : 0; }

    bool open_device() {
        {
            std::lock_guard lock(sdl_audio_init_mutex);
            if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
                log::warning("player", std::string("no SDL audio: ") + SDL_GetError());
                return false;
            }
            subsystem_started_ = true;
        }
        SDL_AudioSpec wanted{};
        wanted.freq = kSampleRate;
        wanted.format = AUDIO_F32SYS;
        wanted.channels = kChannels;
        wanted.samples = kDeviceBufferFrames;
        wanted.callback = &SdlAudioOutput::callback;
        wanted.userdata = this;
        SDL_AudioSpec obtained{};
        device_ = SDL_OpenAudioDevice(nullptr, 0, &wanted, &obtained, 0);  // SDL converts if the device differs
        if (device_ == 0) {
            log::warning("player", std::string("no audio device: ") + SDL_GetError());
            return false;
        }
        buffer_frames_ = obtained.samples > 0 ? obtained.samples : kDeviceBufferFrames;
        const char* driver = SDL_GetCurrentAudioDriver();
        driver_ = driver != nullptr ? driver : "unknown";
        return true;
    }

    static void callback(void* self, Uint8* stream, int length_bytes) {
        auto* output = static_cast<SdlAudioOutput*>(self);
        const int frame_count = length_bytes / static_cast<int>(sizeof(float) * kChannels);
        output->fill_(reinterpret_cast<float*>(stream), frame_count);
    }

    Fill fill_;
    SDL_AudioDeviceID device_ = 0;
    bool subsystem_started_ = false;
    int buffer_frames_ = kDeviceBufferFrames;
    std::string driver_;
};

class NullAudioOutput final : public AudioOutput {
public:
    explicit NullAudioOutput(Fill fill) : fill_(std::move(fill)), thread_([this] { run(); }) {}
    NullAudioOutput(const NullAudioOutput&) = delete;
    NullAudioOutput& operator=(const NullAudioOutput&) = delete;

    ~NullAudioOutput() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }

    void set_paused(bool paused) override {
        {
            std::lock_guard lock(mutex_);
            paused_ = paused;
        }
        changed_.notify_all();
    }
    double buffer_s() const override { return 0; }  // consumed is heard: nothing sits in between
    std::string name() const override { return "null"; }

private:
    void run() {
        using Clock = std::chrono::steady_clock;
        std::vector<float> scratch(static_cast<size_t>(kSampleRate / 10) * kChannels);  // room for 100 ms
        const int scratch_frames = kSampleRate / 10;
        Clock::time_point consumed_until = Clock::now();
        double fractional_frames = 0;
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            changed_.wait_for(lock, kNullSinkTick, [&] { return stopping_; });
            if (stopping_) break;
            const Clock::time_point now = Clock::now();
            if (paused_) {
                consumed_until = now;
                fractional_frames = 0;
                continue;
            }
            const double elapsed_s = std::chrono::duration<double>(now - consumed_until).count();
            consumed_until = now;
            double due = elapsed_s * kSampleRate + fractional_frames;
            int due_frames = static_cast<int>(due);
            fractional_frames = due - due_frames;
            lock.unlock();
            while (due_frames > 0) {
                const int frames = std::min(due_frames, scratch_frames);
                fill_(scratch.data(), frames);
                due_frames -= frames;
            }
            lock.lock();
        }
    }

    Fill fill_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopping_ = false;
    bool paused_ = true;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace

std::unique_ptr<AudioOutput> AudioOutput::open(Fill fill, bool want_device) {
    if (want_device) {
        auto device = std::make_unique<SdlAudioOutput>(fill);
        if (device->start()) return device;
    }
    return std::make_unique<NullAudioOutput>(std::move(fill));
}

}  // namespace fl::media
