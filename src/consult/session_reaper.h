// Ends finished consult sessions on a thread of its own, so that a hang-up still on its way or media still
// connecting never holds up the thread that starts the next consult.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "consult/consult_session.h"

namespace fl::consult {

class SessionReaper {
public:
    SessionReaper() = default;
    // Waits for every session handed over so far to end (each is bounded by its own timeouts).
    ~SessionReaper();
    SessionReaper(const SessionReaper&) = delete;
    SessionReaper& operator=(const SessionReaper&) = delete;

    // Takes the session; its destructor (hang-up, threads joined, media stopped) runs on the reaper's thread.
    void retire(std::unique_ptr<ConsultSession> session);

private:
    void run();

    std::mutex mutex_;
    std::condition_variable signal_;
    std::deque<std::unique_ptr<ConsultSession>> waiting_;
    bool closing_ = false;
    std::thread worker_;  // started by the first retire()
};

}  // namespace fl::consult
