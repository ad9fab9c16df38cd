// The lawyer's stream in: SRT messages -> MPEG-TS demuxer (no parsing, no probing) -> low-delay decoders.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "media/video_frame.h"

namespace fl::consult {

class SrtLink;
class EchoCanceller;

struct DownlinkHooks {
    std::function<void()> first_picture;
    std::function<void()> first_sound;
    std::function<void(std::shared_ptr<const media::VideoFrame>)> picture;
    std::function<void(const std::string& code_and_message)> error;
};

class Downlink {
public:
    // link and echo (may be null) must outlive the downlink.
    Downlink(SrtLink& link, std::string video_decoder, std::string audio_decoder, bool play_on_device,
             EchoCanceller* echo, DownlinkHooks hooks);
    ~Downlink();
    Downlink(const Downlink&) = delete;
    Downlink& operator=(const Downlink&) = delete;

    void start();
    void stop();
    void observe(std::function<void(const media::VideoFrame&, uint64_t)> observer);

    uint64_t pictures() const { return pictures_; }
    uint64_t decode_errors() const { return decode_errors_; }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    void run();
    struct Decoding;

    SrtLink& link_;
    std::string video_decoder_, audio_decoder_;
    bool play_on_device_;
    EchoCanceller* echo_;
    DownlinkHooks hooks_;
    std::mutex observer_mutex_;
    std::function<void(const media::VideoFrame&, uint64_t)> observer_;
    std::atomic<bool> stopping_{false};
    std::atomic<uint64_t> pictures_{0};
    std::atomic<uint64_t> decode_errors_{0};
    std::atomic<int> width_{0}, height_{0};
    std::thread thread_;
};

}  // namespace fl::consult
