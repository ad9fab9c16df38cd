// Video picture and PCM queues: bounded, serial-filtered, waking their producer when room appears.
#include "media/frame_queues.h"

#include <algorithm>
#include <utility>

namespace fl::media {

VideoFrameQueue::VideoFrameQueue(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

bool VideoFrameQueue::push(std::shared_ptr<const VideoFrame> frame, bool& became_non_empty) {
    became_non_empty = false;
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return aborted_ || frame->serial < serial_ || frames_.size() < capacity_; });
    if (aborted_) return false;
    if (frame->serial < serial_) return true;
    became_non_empty = frames_.empty();
    frames_.push_back(std::move(frame));
    return true;
}

std::shared_ptr<const VideoFrame> VideoFrameQueue::peek(size_t index) const {
    std::lock_guard lock(mutex_);
    return index < frames_.size() ? frames_[index] : nullptr;
}

void VideoFrameQueue::pop_front() {
    {
        std::lock_guard lock(mutex_);
        if (frames_.empty()) return;
        frames_.pop_front();
    }
    room_.notify_all();
}

size_t VideoFrameQueue::discard_stale(uint64_t serial) {
    size_t dropped = 0;
    {
        std::lock_guard lock(mutex_);
        serial_ = std::max(serial_, serial);
        while (!frames_.empty() && frames_.front()->serial < serial_) {
            frames_.pop_front();
            ++dropped;
        }
    }
    room_.notify_all();
    return dropped;
}

void VideoFrameQueue::abort() {
    {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        frames_.clear();
    }
    room_.notify_all();
}

size_t VideoFrameQueue::size() const {
    std::lock_guard lock(mutex_);
    return frames_.size();
}

PcmQueue::PcmQueue(double capacity_s)
    : capacity_frames_(static_cast<size_t>(std::max(0.05, capacity_s) * kSampleRate)) {}

bool PcmQueue::push(PcmChunk chunk) {
    const size_t frames = chunk.samples.size() / kChannels;
    if (frames == 0) return true;
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return aborted_ || chunk.serial < serial_ || queued_frames_ < capacity_frames_; });
    if (aborted_) return false;
    if (chunk.serial < serial_) return true;
    queued_frames_ += frames;
    chunks_.push_back(std::move(chunk));
    return true;
}

PcmQueue::ReadResult PcmQueue::read(float* out, int frame_count, uint64_t serial) {
    ReadResult result;
    bool freed = false;
    {
        std::lock_guard lock(mutex_);
        while (result.frames < frame_count && !chunks_.empty()) {
            PcmChunk& front = chunks_.front();
            const size_t chunk_frames = front.samples.size() / kChannels;
            if (front.serial > serial) break;  // a seek happened after the caller read the serial
            if (front.serial < serial) {
                queued_frames_ -= chunk_frames - front_offset_frames_;
                chunks_.pop_front();
                front_offset_frames_ = 0;
                freed = true;
                continue;
            }
            const double offset_pts_s = front.pts_s + static_cast<double>(front_offset_frames_) / kSampleRate;
            if (result.frames == 0) result.first_pts_s = offset_pts_s;
            const size_t wanted = static_cast<size_t>(frame_count - result.frames);
            const size_t taken = std::min(wanted, chunk_frames - front_offset_frames_);
            std::copy_n(front.samples.data() + front_offset_frames_ * kChannels, taken * kChannels,
                        out + static_cast<size_t>(result.frames) * kChannels);
            result.frames += static_cast<int>(taken);
            result.end_pts_s = offset_pts_s + static_cast<double>(taken) / kSampleRate;
            front_offset_frames_ += taken;
            queued_frames_ -= taken;
            if (front_offset_frames_ == chunk_frames) {
                chunks_.pop_front();
                front_offset_frames_ = 0;
            }
            freed = true;
        }
    }
    if (freed) room_.notify_all();
    return result;
}

size_t PcmQueue::discard_stale(uint64_t serial) {
    size_t dropped = 0;
    {
        std::lock_guard lock(mutex_);
        serial_ = std::max(serial_, serial);
        while (!chunks_.empty() && chunks_.front().serial < serial_) {
            queued_frames_ -= chunks_.front().samples.size() / kChannels - front_offset_frames_;
            chunks_.pop_front();
            front_offset_frames_ = 0;
            ++dropped;
        }
    }
    room_.notify_all();
    return dropped;
}

void PcmQueue::abort() {
    {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        chunks_.clear();
        front_offset_frames_ = 0;
        queued_frames_ = 0;
    }
    room_.notify_all();
}

bool PcmQueue::empty() const {
    std::lock_guard lock(mutex_);
    return queued_frames_ == 0;
}

}  // namespace fl::media
