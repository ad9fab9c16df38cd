// Session reaper: one worker thread destroys retired consult sessions in the order they were handed over.
#include "consult/session_reaper.h"

namespace fl::consult {

SessionReaper::~SessionReaper() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    signal_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void SessionReaper::retire(std::unique_ptr<ConsultSession> session) {
    if (!session) return;
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(session));
        if (!worker_.joinable()) worker_ = std::thread([this] { run(); });
    }
    signal_.notify_all();
}

void SessionReaper::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        signal_.wait(lock, [this] { return closing_ || !waiting_.empty(); });
        if (waiting_.empty()) return;  // closing, nothing left
        std::unique_ptr<ConsultSession> session = std::move(waiting_.front());
        waiting_.pop_front();
        lock.unlock();
        session.reset();
        lock.lock();
    }
}

}  // namespace fl::consult
