// A TCP relay on 127.0.0.1 that counts the bytes crossing it both ways: what a request really costs on the wire
// (TLS records with their headers and tags, not only what libcurl reports), for tests and benchmarks.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace fl::test {

// Listens on a port of its own (bound to port 0) and forwards every connection to 127.0.0.1:target_port.
class ByteRelay {
public:
    explicit ByteRelay(int target_port);
    ~ByteRelay();
    ByteRelay(const ByteRelay&) = delete;
    ByteRelay& operator=(const ByteRelay&) = delete;

    int port() const { return port_; }
    // Later connections go to this port instead (a server restarted on another port).
    void set_target_port(int target_port) { target_port_.store(target_port); }
    // TCP payload bytes so far, client to server and server to client, over all connections.
    uint64_t bytes_up() const { return up_.load(); }
    uint64_t bytes_down() const { return down_.load(); }
    uint64_t bytes_total() const { return bytes_up() + bytes_down(); }
    // Connections accepted so far.
    int connections() const { return connections_.load(); }
    // Acts like the middleboxes TLS 1.3's compatibility mode was made for: a connection whose ClientHello carries
    // an empty legacy session ID (a compact TLS 1.3 hello) is cut. Counts the connections cut.
    void cut_compact_tls13_hellos(bool cut) { cut_compact_hellos_.store(cut); }
    int compact_hellos_cut() const { return compact_hellos_cut_.load(); }

private:
    void run();

    std::atomic<int> target_port_{0};
    int listen_fd_ = -1;
    int wake_fds_[2] = {-1, -1};  // a pipe: writing to it ends run()
    int port_ = 0;
    std::atomic<uint64_t> up_{0};
    std::atomic<uint64_t> down_{0};
    std::atomic<int> connections_{0};
    std::atomic<bool> cut_compact_hellos_{false};
    std::atomic<int> compact_hellos_cut_{0};
    std::thread thread_;
};

}  // namespace fl::test
