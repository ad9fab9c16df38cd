// SRT induction probes over a plain UDP socket: the listener answers statelessly, so the reply time is one RTT.
#include "consult/media/rtt_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>

namespace fl::consult {
namespace {

void put_u32(uint8_t* at, uint32_t value) {
    at[0] = static_cast<uint8_t>(value >> 24);
    at[1] = static_cast<uint8_t>(value >> 16);
    at[2] = static_cast<uint8_t>(value >> 8);
    at[3] = static_cast<uint8_t>(value);
}

uint32_t get_u32(const uint8_t* at) {
    return (static_cast<uint32_t>(at[0]) << 24) | (static_cast<uint32_t>(at[1]) << 16) |
           (static_cast<uint32_t>(at[2]) << 8) | static_cast<uint32_t>(at[3]);
}

// An SRT control packet of type handshake (16-byte header) carrying an induction request (48 bytes).
std::array<uint8_t, 64> induction_request(uint32_t socket_id) {
    std::array<uint8_t, 64> packet{};
    put_u32(&packet[0], 0x80000000u);  // control packet, type 0 = handshake
    put_u32(&packet[16], 4);           // handshake version 4: what a caller sends in the induction phase
    put_u32(&packet[20], 2);           // encryption 0, extension field 2 (datagram socket)
    put_u32(&packet[24], socket_id & 0x7fffffffu);  // initial sequence number
    put_u32(&packet[28], 1500);        // MTU
    put_u32(&packet[32], 8192);        // flow window
    put_u32(&packet[36], 1);           // handshake type: induction
    put_u32(&packet[40], socket_id);   // our socket id
    return packet;
}

}  // namespace

int latency_window_ms(double rtt_ms) {
    const double window = std::max(120.0, 4.0 * rtt_ms);
    return static_cast<int>(std::ceil(window / 10.0)) * 10;
}

std::optional<double> probe_srt_rtt_ms(const std::string& host, int port, int attempts, int timeout_ms) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr) return {};
    const int fd = socket(found->ai_family, SOCK_DGRAM, 0);
    if (fd < 0) {
        freeaddrinfo(found);
        return {};
    }
    const bool connected = ::connect(fd, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    std::optional<double> best;
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; connected && attempt < attempts; ++attempt) {
        const uint32_t socket_id = (random() & 0x3fffffffu) | 1u;
        const auto request = induction_request(socket_id);
        const auto sent_at = std::chrono::steady_clock::now();
        if (::send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) break;
        const auto deadline = sent_at + std::chrono::milliseconds(timeout_ms);
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd waiting{fd, POLLIN, 0};
            if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) break;
            std::array<uint8_t, 1500> reply{};
            const ssize_t got = ::recv(fd, reply.data(), reply.size(), 0);
            if (got < 0) break;  // e.g. ICMP port unreachable: nobody listens there
            // A handshake reply addressed to our socket id ends this attempt.
            if (got >= 64 && get_u32(&reply[0]) == 0x80000000u && get_u32(&reply[12]) == socket_id) {
                const double rtt = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent_at).count();
                best = best ? std::min(*best, rtt) : rtt;
                break;
            }
        }
    }
    close(fd);
    return best;
}

}  // namespace fl::consult
