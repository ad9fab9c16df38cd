// Byte-counting TCP relay: one poll() thread forwarding accepted connections to a local port and counting payload.
#include "byte_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace fl::test {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    return address;
}

// Writes all of data to fd (blocking); false when the peer is gone.
bool write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// A TLS handshake record holding a ClientHello whose legacy_session_id is empty: record header (5 bytes), handshake
// header (4), legacy_version (2), random (32), then the session ID's length byte at offset 43.
bool is_hello_without_session_id(const char* data, size_t size) {
    constexpr size_t kSessionIdLength = 43;
    return size > kSessionIdLength && data[0] == 0x16 && data[5] == 0x01 && data[kSessionIdLength] == 0;
}

}  // namespace

ByteRelay::ByteRelay(int target_port) : target_port_(target_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        ::pipe2(wake_fds_, O_CLOEXEC) != 0) {
        if (listen_fd_ >= 0) ::close(listen_fd_);
        throw std::runtime_error("the byte relay could not listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

ByteRelay::~ByteRelay() {
    const char stop = 'x';
    [[maybe_unused]] const auto written = ::write(wake_fds_[1], &stop, 1);
    thread_.join();
    ::close(listen_fd_);
    ::close(wake_fds_[0]);
    ::close(wake_fds_[1]);
}

void ByteRelay::run() {
    struct Pair {
        int client = -1;
        int server = -1;
        bool client_spoke = false;
    };
    std::vector<Pair> pairs;
    const auto close_pair = [](Pair& pair) {
        ::close(pair.client);
        ::close(pair.server);
        pair.client = pair.server = -1;
    };
    for (;;) {
        std::vector<pollfd> watched{{wake_fds_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
        for (const auto& pair : pairs) {
            watched.push_back({pair.client, POLLIN, 0});
            watched.push_back({pair.server, POLLIN, 0});
        }
        if (::poll(watched.data(), watched.size(), -1) < 0) continue;
        if (watched[0].revents != 0) break;
        if (watched[1].revents & POLLIN) {
            const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client >= 0) {
                const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                const sockaddr_in target = loopback(target_port_.load());
                if (server >= 0 && ::connect(server, reinterpret_cast<const sockaddr*>(&target), sizeof target) == 0) {
                    pairs.push_back({client, server});
                    connections_.fetch_add(1);
                } else {
                    ::close(client);
                    if (server >= 0) ::close(server);
                }
            }
        }
        for (size_t i = 0; i + 2 < watched.size(); i += 2) {
            Pair& pair = pairs[i / 2];
            for (int side = 0; side < 2 && pair.client >= 0; ++side) {
                if (watched[i + 2 + static_cast<size_t>(side)].revents == 0) continue;
                const int from = side == 0 ? pair.client : pair.server;
                const int to = side == 0 ? pair.server : pair.client;
                char buffer[16384];
                const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    close_pair(pair);
                    break;
                }
                // Counted before forwarding, so the count is complete by the time the other side has the bytes.
                (side == 0 ? up_ : down_).fetch_add(static_cast<uint64_t>(n));
                if (side == 0 && !pair.client_spoke) {
                    pair.client_spoke = true;
                    if (cut_compact_hellos_.load() && is_hello_without_session_id(buffer, static_cast<size_t>(n))) {
                        compact_hellos_cut_.fetch_add(1);
                        close_pair(pair);
                        break;
                    }
                }
                if (!write_all(to, buffer, static_cast<size_t>(n))) close_pair(pair);
            }
        }
        std::erase_if(pairs, [](const Pair& pair) { return pair.client < 0; });
    }
    for (auto& pair : pairs) close_pair(pair);
}

}  // namespace fl::test
