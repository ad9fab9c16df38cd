// Decoded output waiting for its time: video pictures for the main thread, PCM for the audio device; both by serial.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "media/video_frame.h"

namespace fl::media {

// A few decoded pictures ahead of the clock (each 12 MB at 4K, so few). One producer, one consumer.
class VideoFrameQueue {
public:
    explicit VideoFrameQueue(size_t capacity);

    // Waits for room, then appends. A frame older than the queue's serial is dropped (and counts as pushed).
    // Returns false once aborted. became_non_empty tells the producer to wake the consumer.
    bool push(std::shared_ptr<const VideoFrame> frame, bool& became_non_empty);
    // The queued frame at index (0 = oldest), or null.
    std::shared_ptr<const VideoFrame> peek(size_t index) const;
    void pop_front();
    // Moves the queue to a new serial: drops older frames and wakes a producer waiting for room. Returns how many.
    size_t discard_stale(uint64_t serial);
    void abort();
    size_t size() const;

private:
    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable room_;
    std::deque<std::shared_ptr<const VideoFrame>> frames_;
    uint64_t serial_ = 0;
    bool aborted_ = false;
};

// Interleaved float PCM (48 kHz stereo) in chunks stamped with the stream time of their first sample.
struct PcmChunk {
    std::vector<float> samples;  // interleaved, kChannels per frame
    double pts_s = 0;
    uint64_t serial = 0;
};

class PcmQueue {
public:
    static constexpr int kChannels = 2;
    static constexpr int kSampleRate = 48000;

    explicit PcmQueue(double capacity_s);

    // Waits while the queue holds its capacity, then appends. Stale chunks are dropped. False once aborted.
    bool push(PcmChunk chunk);

    struct ReadResult {
        int frames = 0;          // sample frames written to the output
        double first_pts_s = 0;  // stream time of the first one
        double end_pts_s = 0;    // stream time just after the last one
    };
    // Never waits (the audio callback calls it): copies up to frame_count frames of this serial, skipping others.
    ReadResult read(float* out, int frame_count, uint64_t serial);
    size_t discard_stale(uint64_t serial);
    void abort();
    bool empty() const;

private:
    const size_t capacity_frames_;
    mutable std::mutex mutex_;
    std::condition_variable room_;
    std::deque<PcmChunk> chunks_;
    size_t front_offset_frames_ = 0;  // frames of the front chunk already read
    size_t queued_frames_ = 0;        // unread frames in all chunks
    uint64_t serial_ = 0;
    bool aborted_ = false;
};

}  // namespace fl::media
