// Demuxed packets waiting for one decoder, tagged with the seek serial they belong to; a seek flushes them.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "media/change_signal.h"
#include "media/ffmpeg_support.h"

namespace fl::media {

struct QueuedPacket {
    PacketPtr packet;  // null: the end of the stream for this serial (the decoder drains)
    uint64_t serial = 0;
};

class PacketQueue {
public:
    // space_freed is notified whenever a packet leaves, so the demuxer can read on.
    explicit PacketQueue(ChangeSignal& space_freed);

    // The stream's time base, for queued_duration_s (set once the stream is known).
    void set_time_base(double time_base_s);

    // Appends a packet (null marks the end of the stream). Packets of a serial older than the queue's are dropped.
    void push(PacketPtr packet, uint64_t serial);
    // Waits for the next packet; nullopt once the queue was aborted.
    std::optional<QueuedPacket> pop();
    // Drops everything queued; from now on only packets of this serial are taken.
    void flush(uint64_t serial);
    // Wakes every waiter for good.
    void abort();

    size_t byte_size() const;
    size_t packet_count() const;
    double queued_duration_s() const;

private:
    ChangeSignal& space_freed_;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<QueuedPacket> packets_;
    double time_base_s_ = 0;
    uint64_t serial_ = 0;
    size_t bytes_ = 0;
    int64_t duration_ticks_ = 0;
    bool aborted_ = false;
};

}  // namespace fl::media
