// Remote reader: poll() over the devices and a stop pipe; whole input_event records only; no busy waiting.
#include "platform/linux/evdev_remote.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/linux/evdev_keys.h"

namespace fl::linux_input {
namespace {

bool has_bit(const unsigned long* bits, int bit) {
    constexpr int kBitsPerLong = static_cast<int>(sizeof(unsigned long) * 8);
    return (bits[bit / kBitsPerLong] >> (bit % kBitsPerLong)) & 1UL;
}

std::vector<std::string> event_devices() {
    std::vector<std::string> paths;
    DIR* dir = opendir("/dev/input");
    if (dir == nullptr) return paths;
    while (const dirent* entry = readdir(dir)) {
        if (std::strncmp(entry->d_name, "event", 5) == 0) paths.push_back(std::string("/dev/input/") + entry->d_name);
    }
    closedir(dir);
    return paths;
}

}  // namespace

std::optional<RemoteKey> decode_input_event(const input_event& event) {
    if (event.type != EV_KEY || event.value < 0 || event.value > 2) return std::nullopt;
    const auto name = evdev_key_name(event.code);
    if (!name) return std::nullopt;
    return RemoteKey{std::string(*name), event.value != 0, event.value == 2};
}

bool looks_like_remote(int fd) {
    unsigned long bits[(KEY_MAX + 1) / (sizeof(unsigned long) * 8) + 1] = {};
    if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof bits), bits) < 0) return false;
    const bool remote_keys = has_bit(bits, KEY_OK) || has_bit(bits, KEY_RED) || has_bit(bits, KEY_SELECT) ||
                             has_bit(bits, KEY_CHANNELUP) || has_bit(bits, KEY_MENU);
    return remote_keys && !has_bit(bits, KEY_A);
}

std::unique_ptr<EvdevRemote> EvdevRemote::open(const std::vector<std::string>& paths, KeyHandler on_key,
                                               std::vector<std::string>& problems) {
    std::unique_ptr<EvdevRemote> remote(new EvdevRemote());
    remote->on_key_ = std::move(on_key);
    const bool discover = paths.empty();
    for (const auto& path : discover ? event_devices() : paths) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            if (!discover) problems.push_back("cannot open remote " + path + ": " + std::strerror(errno));
            continue;
        }
        if (discover && !looks_like_remote(fd)) {
            ::close(fd);
            continue;
        }
        remote->fds_.push_back(fd);
    }
    if (remote->fds_.empty()) return nullptr;
    if (pipe2(remote->stop_pipe_, O_CLOEXEC) != 0) {
        problems.push_back(std::string("cannot start the remote reader: ") + std::strerror(errno));
        for (const int fd : remote->fds_) ::close(fd);
        return nullptr;
    }
    remote->reader_ = std::thread([raw = remote.get()] { raw->run(); });
    return remote;
}

EvdevRemote::~EvdevRemote() {
    if (reader_.joinable()) {
        const char stop = 1;
        [[maybe_unused]] const ssize_t written = ::write(stop_pipe_[1], &stop, 1);
        reader_.join();
    }
    for (const int fd : fds_) ::close(fd);
    for (const int fd : stop_pipe_) {
        if (fd >= 0) ::close(fd);
    }
}

void EvdevRemote::run() {
    std::vector<pollfd> watched;
    watched.push_back({stop_pipe_[0], POLLIN, 0});
    for (const int fd : fds_) watched.push_back({fd, POLLIN, 0});
    std::vector<std::string> partial(fds_.size());  // bytes of an input_event not yet complete, per device
    for (;;) {
        if (::poll(watched.data(), watched.size(), -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (watched[0].revents != 0) return;
        for (size_t i = 1; i < watched.size(); ++i) {
            if (watched[i].revents & (POLLERR | POLLNVAL)) watched[i].fd = -1;  // unplugged: stop watching it
            if (!(watched[i].revents & (POLLIN | POLLHUP))) continue;
            char buffer[sizeof(input_event) * 32];
            const ssize_t got = ::read(watched[i].fd, buffer, sizeof buffer);
            if (got <= 0) {
                if (got == 0 || (errno != EAGAIN && errno != EINTR)) watched[i].fd = -1;
                continue;
            }
            std::string& pending = partial[i - 1];
            pending.append(buffer, static_cast<size_t>(got));
            size_t used = 0;
            while (pending.size() - used >= sizeof(input_event)) {
                input_event event{};
                std::memcpy(&event, pending.data() + used, sizeof event);
                used += sizeof event;
                if (auto key = decode_input_event(event)) on_key_(*key);
            }
            pending.erase(0, used);
        }
    }
}

}  // namespace fl::linux_input
