// Packet queue: a deque under a mutex with byte and duration totals, flushed by serial, aborted on shutdown.
#include "media/packet_queue.h"

#include <utility>

namespace fl::media {

PacketQueue::PacketQueue(ChangeSignal& space_freed) : space_freed_(space_freed) {}

void PacketQueue::set_time_base(double time_base_s) {
    std::lock_guard lock(mutex_);
    time_base_s_ = time_base_s;
}

void PacketQueue::push(PacketPtr packet, uint64_t serial) {
    {
        std::lock_guard lock(mutex_);
        if (aborted_ || serial < serial_) return;
        if (packet) {
            bytes_ += static_cast<size_t>(packet->size);
            duration_ticks_ += packet->duration;
        }
        packets_.push_back({std::move(packet), serial});
    }
    arrived_.notify_one();
}

std::optional<QueuedPacket> PacketQueue::pop() {
    std::optional<QueuedPacket> taken;
    {
        std::unique_lock lock(mutex_);
        arrived_.wait(lock, [&] { return aborted_ || !packets_.empty(); });
        if (aborted_) return std::nullopt;
        taken = std::move(packets_.front());
        packets_.pop_front();
        if (taken->packet) {
            bytes_ -= static_cast<size_t>(taken->packet->size);
            duration_ticks_ -= taken->packet->duration;
        }
    }
    space_freed_.notify();
    return taken;
}

void PacketQueue::flush(uint64_t serial) {
    std::deque<QueuedPacket> dropped;
    {
        std::lock_guard lock(mutex_);
        dropped.swap(packets_);
        bytes_ = 0;
        duration_ticks_ = 0;
        serial_ = serial;
    }
    space_freed_.notify();
}

void PacketQueue::abort() {
    {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        packets_.clear();
        bytes_ = 0;
        duration_ticks_ = 0;
    }
    arrived_.notify_all();
    space_freed_.notify();
}

size_t PacketQueue::byte_size() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

size_t PacketQueue::packet_count() const {
    std::lock_guard lock(mutex_);
    return packets_.size();
}

double PacketQueue::queued_duration_s() const {
    std::lock_guard lock(mutex_);
    return static_cast<double>(duration_ticks_) * time_base_s_;
}

}  // namespace fl::media
