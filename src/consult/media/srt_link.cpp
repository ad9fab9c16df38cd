// SRT caller legs over libsrt: URL parsing, connection with clear reject codes, message I/O and per-second stats.
#include "consult/media/srt_link.h"

#include <netdb.h>
#include <srt/srt.h>
#include <sys/socket.h>
#include <syslog.h>

#include <charconv>
#include <cstring>
#include <mutex>
#include <utility>

#include "core/clock.h"
#include "core/log.h"

namespace fl::consult {
namespace {

std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            int value = 0;
            const auto [end, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            if (error == std::errc() && end == text.data() + i + 3) {
                out.push_back(static_cast<char>(value));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

int parse_int(std::string_view text, int fallback) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : fallback;
}

template <class T>
void set_option(int socket, SRT_SOCKOPT option, T value) {
    srt_setsockflag(socket, option, &value, sizeof value);
}

}  // namespace

void ensure_srt_started() {
    static std::once_flag once;
    std::call_once(once, [] {
        srt_startup();
        srt_setloglevel(LOG_CRIT);  // libsrt's own lines are noise here; errors come back as values
    });
}

Result<SrtEndpoint> parse_srt_url(const std::string& url) {
    constexpr std::string_view scheme = "srt://";
    if (url.rfind(scheme, 0) != 0) return Error{"bad_params: not an srt:// URL: " + url};
    std::string_view rest = std::string_view(url).substr(scheme.size());
    std::string_view query;
    if (const size_t mark = rest.find('?'); mark != std::string_view::npos) {
        query = rest.substr(mark + 1);
        rest = rest.substr(0, mark);
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    SrtEndpoint endpoint;
    std::string_view port_text;
    if (!rest.empty() && rest.front() == '[') {
        const size_t close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            return Error{"bad_params: bad IPv6 address in " + url};
        endpoint.host = std::string(rest.substr(1, close - 1));
        port_text = rest.substr(close + 2);
    } else {
        const size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos) return Error{"bad_params: no port in " + url};
        endpoint.host = std::string(rest.substr(0, colon));
        port_text = rest.substr(colon + 1);
    }
    endpoint.port = parse_int(port_text, 0);
    if (endpoint.host.empty() || endpoint.port <= 0 || endpoint.port > 65535)
        return Error{"bad_params: bad host or port in " + url};
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const size_t equals = pair.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view key = pair.substr(0, equals);
        const std::string value = percent_decode(pair.substr(equals + 1));
        if (key == "streamid") endpoint.streamid = value;
        else if (key == "passphrase") endpoint.passphrase = value;
        else if (key == "pbkeylen") endpoint.pbkeylen = parse_int(value, 0);
    }
    return endpoint;
}

SrtLink::SrtLink(SrtEndpoint endpoint, SrtLinkOptions options)
    : endpoint_(std::move(endpoint)), options_(options), socket_(SRT_INVALID_SOCK) {
    ensure_srt_started();
}

SrtLink::~SrtLink() { close(); }

void SrtLink::close() {
    const int old = socket_.exchange(SRT_INVALID_SOCK);
    if (old != SRT_INVALID_SOCK) srt_close(old);
}

Result<void> SrtLink::connect(const std::function<bool()>& stop) {
    std::lock_guard lock(connect_mutex_);
    close();
    closed_by_peer_ = false;
    break_noted_ = false;
    heard_total_ = 0;

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(endpoint_.port);
    if (getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr)
        return Error{"peer_unreachable: cannot resolve " + endpoint_.host};

    const int socket = srt_create_socket();
    if (socket == SRT_INVALID_SOCK) {
        freeaddrinfo(found);
        return Error{std::string("peer_unreachable: no SRT socket: ") + srt_getlasterror_str()};
    }
    set_option(socket, SRTO_TRANSTYPE, SRTT_LIVE);
    set_option(socket, SRTO_LATENCY, options_.latency_ms);
    set_option(socket, SRTO_CONNTIMEO, options_.connect_timeout_ms);
    set_option(socket, SRTO_PEERIDLETIMEO, options_.peer_idle_timeout_ms);
    set_option(socket, SRTO_RCVTIMEO, 100);
    if (!endpoint_.passphrase.empty()) {
        srt_setsockflag(socket, SRTO_PASSPHRASE, endpoint_.passphrase.data(), static_cast<int>(endpoint_.passphrase.size()));
        set_option(socket, SRTO_PBKEYLEN, endpoint_.pbkeylen == 24 || endpoint_.pbkeylen == 32 ? endpoint_.pbkeylen : 16);
    }
    if (!endpoint_.streamid.empty())
        srt_setsockflag(socket, SRTO_STREAMID, endpoint_.streamid.data(), static_cast<int>(endpoint_.streamid.size()));

    // Connects without blocking (SRTO_RCVSYN off) and waits on an epoll in short slices, so that stop is heard
    // while a black-holed peer keeps the handshake unanswered; reads block again (100 ms) once connected.
    set_option(socket, SRTO_RCVSYN, false);
    const int started = srt_connect(socket, found->ai_addr, static_cast<int>(found->ai_addrlen));
    freeaddrinfo(found);
    const std::string where = endpoint_.host + ":" + port;
    SRT_SOCKSTATUS state = started == SRT_ERROR ? SRTS_BROKEN : srt_getsockstate(socket);
    if (started != SRT_ERROR && state != SRTS_CONNECTED) {
        const int poller = srt_epoll_create();
        int events = SRT_EPOLL_OUT | SRT_EPOLL_ERR;
        srt_epoll_add_usock(poller, socket, &events);
        const uint64_t deadline = monotonic_ms() + static_cast<uint64_t>(options_.connect_timeout_ms) + 500;
        for (;;) {
            SRT_EPOLL_EVENT ready[2];
            srt_epoll_uwait(poller, ready, 2, 50);
            state = srt_getsockstate(socket);
            if (state != SRTS_CONNECTING && state != SRTS_INIT && state != SRTS_OPENED) break;
            if ((stop && stop()) || monotonic_ms() >= deadline) break;
        }
        srt_epoll_release(poller);
    }
    if (state != SRTS_CONNECTED) {
        std::string message;
        if (state == SRTS_CONNECTING || state == SRTS_INIT || state == SRTS_OPENED) {
            message = stop && stop() ? "stopped: connection attempt to " + where + " abandoned"
                                     : "peer_unreachable: no SRT answer from " + where;
        } else {
            const int reason = srt_getrejectreason(socket);
            if (reason == SRT_REJ_BADSECRET || reason == SRT_REJ_UNSECURE)
                message = "wrong_passphrase: " + where + " refused the encryption passphrase";
            else if (reason == SRT_REJ_TIMEOUT || reason == SRT_REJ_UNKNOWN || srt_getlasterror(nullptr) == SRT_ENOSERVER)
                message = "peer_unreachable: no SRT answer from " + where;
            else
                message = "peer_rejected: " + where + " refused the connection (" + srt_rejectreason_str(reason) + ")";
        }
        srt_close(socket);
        return Error{message};
    }
    set_option(socket, SRTO_RCVSYN, true);
    last_receive_ms_ = monotonic_ms();
    socket_ = socket;
    return {};
}

bool SrtLink::send(const uint8_t* data, int size) {
    const int socket = socket_.load();
    if (socket == SRT_INVALID_SOCK) return false;
    return srt_sendmsg2(socket, reinterpret_cast<const char*>(data), size, nullptr) != SRT_ERROR;
}

int SrtLink::receive(uint8_t* buffer, int capacity) {
    const int socket = socket_.load();
    if (socket == SRT_INVALID_SOCK) return -1;
    const int got = srt_recvmsg(socket, reinterpret_cast<char*>(buffer), capacity);
    if (got > 0) {
        last_receive_ms_ = monotonic_ms();
        return got;
    }
    if (got == SRT_ERROR) {
        const int error = srt_getlasterror(nullptr);
        if (error == SRT_ETIMEOUT || error == SRT_EASYNCRCV) return 0;
        return -1;
    }
    return 0;
}

bool SrtLink::connected() const {
    const int socket = socket_.load();
    if (socket == SRT_INVALID_SOCK) return false;
    if (srt_getsockstate(socket) == SRTS_CONNECTED) {
        // Heard from the peer lately (data or acknowledgements)? Tells a closed peer from a silent network.
        SRT_TRACEBSTATS totals{};
        if (srt_bstats(socket, &totals, 0) == 0) {
            const uint64_t heard = static_cast<uint64_t>(totals.pktRecvTotal) + static_cast<uint64_t>(totals.pktRecvACKTotal);
            if (heard != heard_total_) {
                heard_total_ = heard;
                last_receive_ms_ = monotonic_ms();
            }
        }
        // libsrt declares a connection broken only after 16 silent keep-alive periods (~5 s or more) whatever the
        // idle timeout says: judge the silence here, so give-up times are what the parameters ask for.
        if (monotonic_ms() - last_receive_ms_.load() <= static_cast<uint64_t>(options_.peer_idle_timeout_ms)) return true;
        break_noted_ = true;
        closed_by_peer_ = false;
        return false;
    }
    if (!break_noted_.exchange(true)) {
        const uint64_t silent = monotonic_ms() - last_receive_ms_.load();
        closed_by_peer_ = silent * 4 < static_cast<uint64_t>(options_.peer_idle_timeout_ms) * 3;
    }
    return false;
}

SrtLinkStats SrtLink::take_stats() {
    SrtLinkStats stats;
    const int socket = socket_.load();
    if (socket == SRT_INVALID_SOCK) return stats;
    SRT_TRACEBSTATS perf{};
    if (srt_bstats(socket, &perf, 1) != 0) return stats;
    stats.valid = true;
    stats.rtt_ms = perf.msRTT;
    stats.packets_sent = perf.pktSent;
    stats.packets_received = perf.pktRecv;
    stats.send_loss = perf.pktSndLoss;
    stats.receive_loss = perf.pktRcvLoss;
    stats.retransmits = perf.pktRetrans;
    stats.send_drops = perf.pktSndDrop;
    stats.receive_drops = perf.pktRcvDrop;
    stats.bytes_sent = perf.byteSent;
    stats.bytes_received = perf.byteRecv;
    stats.send_buffer_ms = perf.msSndBuf;
    int latency = 0;
    int size = sizeof latency;
    if (srt_getsockflag(socket, SRTO_PEERLATENCY, &latency, &size) == 0) stats.latency_ms = latency;
    return stats;
}

}  // namespace fl::consult
