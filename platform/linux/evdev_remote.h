// Reads TV remotes that reach Linux as input devices (rc-core IR receivers, the kernel CEC framework) on a thread.
#pragma once

#include <linux/input.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fl::linux_input {

struct RemoteKey {
    std::string name;  // KEY_* as in linux/input-event-codes.h
    bool down = false;
    bool repeat = false;  // the kernel's autorepeat (value 2)
};

// One kernel input event as a remote key; nullopt for everything that is not a known key.
std::optional<RemoteKey> decode_input_event(const input_event& event);

// True for a device that reports remote-control keys (OK, colour keys, channel/menu keys) but not letters:
// keyboards are left to SDL, which reads them itself.
bool looks_like_remote(int fd);

class EvdevRemote {
public:
    using KeyHandler = std::function<void(const RemoteKey&)>;

    // Opens each path (a device or a FIFO); with no paths, every /dev/input/event* that looks like a remote.
    // on_key runs on the reader thread. Devices that cannot be opened are skipped and named in `problems`.
    static std::unique_ptr<EvdevRemote> open(const std::vector<std::string>& paths, KeyHandler on_key,
                                             std::vector<std::string>& problems);
    ~EvdevRemote();
    EvdevRemote(const EvdevRemote&) = delete;
    EvdevRemote& operator=(const EvdevRemote&) = delete;

    size_t device_count() const { return fds_.size(); }

private:
    EvdevRemote() = default;
    void run();

    std::vector<int> fds_;
    int stop_pipe_[2] = {-1, -1};
    KeyHandler on_key_;
    std::thread reader_;
};

}  // namespace fl::linux_input
