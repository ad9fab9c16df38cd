// Feed poll cost on the wire: a conditional poll answered 304 (ours) against fetching feed + signature again (peer).
#include <cstdio>
#include <filesystem>

#include "feed_publisher.h"
#include "net/http_client.h"
#include "process.h"
#include "test_servers.h"

// Runs nginx over TLS (test CA) on 127.0.0.1 with the demo catalogue published as a signed feed, then measures
// with libcurl's own byte counts: HTTP = request + response headers and bodies; TLS = TLS protocol messages
// (handshake, tickets, alerts) on top of that, as libcurl's debug callback reports them.
int main() {
    fl::test::TempDir dir;
    fl::test::FeedPublisher publisher(dir.file("publish"));
    publisher.publish(1);
    const auto ca = fl::test::make_test_ca(dir.path());
    fl::test::Nginx nginx(dir.path(), publisher.www(), ca);
    const std::string url = nginx.url("feed.json");

    fl::net::HttpClient client(fl::net::HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    fl::net::HttpRequest first_request;
    first_request.url = url;
    first_request.accept_gzip = true;
    const auto first = client.fetch(first_request);
    if (!first.ok()) {
        std::fprintf(stderr, "fetch failed: %s\n", first.error.c_str());
        return 1;
    }
    // Ours: the box's poll, conditional: on its kept connection; on a new connection of the same client (the
    // server closed the idle one since the last poll); on a first connection of a new client.
    fl::net::HttpRequest poll = first_request;
    poll.if_none_match = first.etag;
    poll.if_modified_since = first.last_modified;
    const auto warm = client.fetch(poll);
    poll.fresh_connection = true;
    const auto resumed = client.fetch(poll);
    poll.fresh_connection = false;
    fl::net::HttpClient fresh_client(fl::net::HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    const auto cold = fresh_client.fetch(poll);
    // Peer: the same poll without validators fetches the feed and its signature in full every time.
    fl::net::HttpRequest full = first_request;
    const auto feed = client.fetch(full);
    full.url = url + ".minisig";
    const auto signature = client.fetch(full);

    const auto http = [](const fl::net::HttpResponse& r) { return r.http_bytes_sent + r.http_bytes_received; };
    const auto tls = [](const fl::net::HttpResponse& r) { return r.tls_bytes_sent + r.tls_bytes_received; };
    const auto line = [](const char* what, long status, uint64_t http_bytes, uint64_t tls_bytes) {
        std::printf("  %-44s status %ld  HTTP %6llu bytes  TLS handshake %6llu bytes\n", what, status,
                    static_cast<unsigned long long>(http_bytes), static_cast<unsigned long long>(tls_bytes));
    };
    std::printf(
        "feed poll on the wire, %zu-byte feed, nginx over TLS on 127.0.0.1 (goal: a 304 poll under 1024 bytes)\n",
        static_cast<size_t>(std::filesystem::file_size(publisher.www() + "/feed.json")));
    line("ours: 304 poll, kept connection", warm.status, http(warm), tls(warm));
    line("ours: 304 poll, new connection, same client", resumed.status, http(resumed), tls(resumed));
    line("ours: 304 poll, first connection", cold.status, http(cold), tls(cold));
    line("peer: full re-fetch of feed + .minisig", feed.status, http(feed) + http(signature),
         tls(feed) + tls(signature));
    return warm.status == 304 && http(warm) < 1024 ? 0 : 1;
}
