// Feed poll cost on the wire: a conditional poll answered 304 (ours) against fetching feed + signature again (peer).
#include <cstdio>
#include <filesystem>

#include "byte_relay.h"
#include "feed_publisher.h"
#include "net/http_client.h"
#include "process.h"
#include "test_servers.h"

// Runs nginx over TLS (test CA, configured as docs/feed-on-the-box.md asks) on 127.0.0.1 with the demo catalogue
// published as a signed feed, behind a relay that counts TCP payload bytes. Columns: HTTP = request + response
// headers and bodies as libcurl reports them; TLS = the TLS handshake messages libcurl reports on top; wire = all
// TCP payload bytes both ways as the relay counted them (TLS records whole: headers, encryption tags, alerts).
int main() {
    fl::test::TempDir dir;
    fl::test::FeedPublisher publisher(dir.file("publish"));
    publisher.publish(1);
    const auto ca = fl::test::make_test_ca(dir.path());
    fl::test::Nginx nginx(dir.path(), publisher.www(), ca);
    fl::test::ByteRelay relay(nginx.port());
    const std::string url = "https://127.0.0.1:" + std::to_string(relay.port()) + "/feed.json";

    struct Measured {
        fl::net::HttpResponse response;
        uint64_t wire_bytes = 0;
    };
    const auto measure = [&relay](fl::net::HttpClient& client, const fl::net::HttpRequest& request) {
        const uint64_t before = relay.bytes_total();
        Measured measured{client.fetch(request), 0};
        measured.wire_bytes = relay.bytes_total() - before;
        return measured;
    };

    const fl::net::HttpClientOptions options{ca.ca_file, false, "family-lawyer"};
    fl::net::HttpClient client(options);
    fl::net::HttpRequest first_request;
    first_request.url = url;
    first_request.accept_gzip = true;
    const auto first = client.fetch(first_request);
    if (!first.ok()) {
        std::fprintf(stderr, "fetch failed: %s\n", first.error.c_str());
        return 1;
    }
    // Ours: the box's poll as feed_fetch sends it (If-None-Match only): on its kept connection; on a new
    // connection of the same client (the server closed the idle one since the last poll: the usual case with
    // hourly polls); on a first connection of a new client (after a reboot).
    fl::net::HttpRequest poll = first_request;
    poll.if_none_match = first.etag;
    const auto warm = measure(client, poll);
    poll.fresh_connection = true;
    const auto resumed = measure(client, poll);
    poll.fresh_connection = false;
    fl::net::HttpClient fresh_client(options);
    const auto cold = measure(fresh_client, poll);
    // Peer: the same poll without validators fetches the feed and its signature in full every time.
    fl::net::HttpRequest full = first_request;
    const auto feed = measure(client, full);
    full.url = url + ".minisig";
    const auto signature = measure(client, full);

    const auto http = [](const Measured& m) { return m.response.http_bytes_sent + m.response.http_bytes_received; };
    const auto tls = [](const Measured& m) { return m.response.tls_bytes_sent + m.response.tls_bytes_received; };
    const auto line = [](const char* what, long status, uint64_t http_bytes, uint64_t tls_bytes, uint64_t wire,
                         const char* handshake) {
        std::printf("  %-44s status %ld  HTTP %6llu  TLS %5llu  wire %6llu bytes  %s\n", what, status,
                    static_cast<unsigned long long>(http_bytes), static_cast<unsigned long long>(tls_bytes),
                    static_cast<unsigned long long>(wire), handshake);
    };
    const auto handshake = [](const Measured& m, bool new_connection) {
        if (!new_connection) return "(kept connection)";
        return m.response.tls_resumed ? "(TLS session resumed)" : "(full TLS handshake)";
    };
    std::printf(
        "feed poll on the wire, %zu-byte feed, nginx over TLS on 127.0.0.1 (goal: a 304 poll under 1024 bytes on "
        "the wire, kept or new connection)\n",
        static_cast<size_t>(std::filesystem::file_size(publisher.www() + "/feed.json")));
    line("ours: 304 poll, kept connection", warm.response.status, http(warm), tls(warm), warm.wire_bytes,
         handshake(warm, false));
    line("ours: 304 poll, new connection, same client", resumed.response.status, http(resumed), tls(resumed),
         resumed.wire_bytes, handshake(resumed, true));
    line("ours: 304 poll, first connection", cold.response.status, http(cold), tls(cold), cold.wire_bytes,
         handshake(cold, true));
    line("peer: full re-fetch of feed + .minisig", feed.response.status, http(feed) + http(signature),
         tls(feed) + tls(signature), feed.wire_bytes + signature.wire_bytes, "(kept connection)");
    const bool goal_met = warm.response.status == 304 && warm.wire_bytes < 1024 && resumed.response.status == 304 &&
                          resumed.response.tls_resumed && resumed.wire_bytes < 1024;
    std::printf("goal %s: kept %llu, new connection %llu wire bytes (limit 1023)\n", goal_met ? "met" : "MISSED",
                static_cast<unsigned long long>(warm.wire_bytes), static_cast<unsigned long long>(resumed.wire_bytes));
    return goal_met ? 0 : 1;
}
