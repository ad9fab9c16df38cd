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
    // Ours: the box's poll, conditional, on its kept connection, and once more on a fresh connection.
    fl::net::HttpRequest poll = first_request;
    poll.if_none_match = first.etag;
    poll.if_modified_since = first.last_modified;
    const auto warm = client.fetch(poll);
    fl::net::HttpClient fresh_client(fl::net::HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    const auto cold = fresh_client.fetch(poll);
    // Peer: the same poll without validators fetches the feed and its signature in full every time.
    fl::net::HttpRequest full = first_request;
    const auto feed = client.fetch(full);
    full.url = url + ".minisig";
    const auto signature = client.fetch(full);

    const auto http = [](const fl::net::HttpResponse& r) { return r.http_bytes_sent + r.http_bytes_received; };
    const auto tls = [](const fl::net::HttpResponse& r) { return r.tls_bytes_sent + r.tls_bytes_received; };
    std::printf("feed poll on the wire, %zu-byte feed, nginx over TLS on 127.0.0.1\n",
                static_cast<size_t>(std::filesystem::file_size(publisher.www() + "/feed.json")));
    std::printf("  ours: 304 poll, kept connection   status %ld  HTTP %6llu bytes  TLS handshake %6llu bytes  (goal: HTTP < 1024)\n",
                warm.status, static_cast<unsigned long long>(http(warm)), static_cast<unsigned long long>(tls(warm)));
    std::printf("  ours: 304 poll, new connection    status %ld  HTTP %6llu bytes  TLS handshake %6llu bytes  (handshake included)\n",
                cold.status, static_cast<unsigned long long>(http(cold)), static_cast<unsigned long long>(tls(cold)));
    std::printf("  peer: full re-fetch feed + .minisig status %ld  HTTP %6llu bytes  TLS handshake %6llu bytes\n", feed.status,
                static_cast<unsigned long long>(http(feed) + http(signature)),
                static_cast<unsigned long long>(tls(feed) + tls(signature)));
    return warm.status == 304 && http(warm) < 1024 ? 0 : 1;
}
