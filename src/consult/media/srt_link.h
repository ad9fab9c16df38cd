// One SRT caller connection (libsrt directly, so its statistics and reject reasons are visible): a consult's leg.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "core/result.h"

namespace fl::consult {

// Where a leg goes and how it is secured, from "srt://host:port?streamid=...&passphrase=...&pbkeylen=..".
struct SrtEndpoint {
    std::string host;
    int port = 0;
    std::string streamid;
    std::string passphrase;
    int pbkeylen = 0;
};

// Parses an srt:// URL (host may be a name, an IPv4 address or [IPv6]). Error message starts with "bad_params:".
Result<SrtEndpoint> parse_srt_url(const std::string& url);

struct SrtLinkOptions {
    int latency_ms = 120;
    int connect_timeout_ms = 3000;
    int peer_idle_timeout_ms = 5000;
};

// The last second's figures of one leg (srt_bstats with clearing).
struct SrtLinkStats {
    bool valid = false;
    double rtt_ms = 0;
    int64_t packets_sent = 0, packets_received = 0;
    int send_loss = 0, receive_loss = 0, retransmits = 0, send_drops = 0, receive_drops = 0;
    uint64_t bytes_sent = 0, bytes_received = 0;
    int send_buffer_ms = 0;
    int latency_ms = 0;
};

// A caller socket that can be reconnected while other threads send or receive on it: the socket handle is an id,
// and libsrt answers calls on a closed id with an error, so swapping it needs no lock around the I/O.
class SrtLink {
public:
    SrtLink(SrtEndpoint endpoint, SrtLinkOptions options);
    ~SrtLink();
    SrtLink(const SrtLink&) = delete;
    SrtLink& operator=(const SrtLink&) = delete;

    // One connection attempt (closes a previous socket first) that returns within ~50 ms once stop says true
    // (code "stopped"). Error message starts with a code: wrong_passphrase, peer_rejected, peer_unreachable
    // (timeout or no route), bad_params, stopped.
    Result<void> connect(const std::function<bool()>& stop = {});
    // Sends one message (at most 1316 bytes: seven MPEG-TS packets). False when the connection is not up.
    bool send(const uint8_t* data, int size);
    // Waits up to the receive timeout (100 ms) for one message. >0: bytes, 0: nothing yet, -1: not connected.
    int receive(uint8_t* buffer, int capacity);
    bool connected() const;
    // Whether the peer closed the connection (as opposed to falling silent): tells peer_gone from network_lost.
    bool closed_by_peer() const { return closed_by_peer_; }
    void close();
    SrtLinkStats take_stats();

    static constexpr int kMessageSize = 1316;

private:
    SrtEndpoint endpoint_;
    SrtLinkOptions options_;
    std::mutex connect_mutex_;
    std::atomic<int> socket_;
    mutable std::atomic<bool> closed_by_peer_{false};
    mutable std::atomic<uint64_t> last_receive_ms_{0};
    mutable std::atomic<bool> break_noted_{false};
    mutable uint64_t heard_total_ = 0;  // only the supervising thread calls connected()
};

// Starts libsrt once per process (idempotent, thread-safe).
void ensure_srt_started();

}  // namespace fl::consult
