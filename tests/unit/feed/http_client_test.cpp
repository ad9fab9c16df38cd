// HttpClient against real servers on 127.0.0.1: the fault server's hostile answers and nginx over TLS with a test CA.
#include "net/http_client.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "byte_relay.h"
#include "net/backoff.h"
#include "process.h"
#include "test_servers.h"

using fl::net::HttpClient;
using fl::net::HttpClientOptions;
using fl::net::HttpRequest;
using fl::net::Outcome;

namespace {

HttpRequest get(const std::string& url) {
    HttpRequest request;
    request.url = url;
    return request;
}

std::string pattern_bytes(size_t size) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 7919 + i / 251) & 0xFF);
    return data;
}

// nginx over TLS serving a small feed.json, reached through a byte-counting relay; a second CA for impostors.
struct RelayedNginx {
    fl::test::TempDir dir;
    fl::test::TestCa ca = make_ca(dir.file("ca"));
    fl::test::TestCa other_ca = make_ca(dir.file("other-ca"));
    std::string root = make_root(dir.file("www"));
    fl::test::Nginx nginx{dir.path(), root, ca};
    fl::test::ByteRelay relay{nginx.port()};
    std::string url = "https://127.0.0.1:" + std::to_string(relay.port()) + "/feed.json";

    static fl::test::TestCa make_ca(const std::string& directory) {
        std::filesystem::create_directories(directory);
        return fl::test::make_test_ca(directory);
    }
    static std::string make_root(const std::string& directory) {
        std::filesystem::create_directories(directory);
        std::ofstream(directory + "/feed.json") << R"({"sequence":1})";
        return directory;
    }
};

struct FaultFixture {
    fl::test::TempDir dir;
    std::string payload = pattern_bytes(300'000);
    std::string root;
    std::unique_ptr<fl::test::FaultServer> server;
    HttpClient client{HttpClientOptions{"", true, "family-lawyer-test"}};

    FaultFixture() {
        root = dir.file("root");
        std::filesystem::create_directories(root);
        std::ofstream(root + "/data.bin", std::ios::binary) << payload;
        server = std::make_unique<fl::test::FaultServer>(root, dir.file("fault.log"));
    }

    HttpRequest quick(const std::string& path) const {
        HttpRequest request;
        request.url = server->url(path);
        request.low_speed_time_s = 1;
        request.low_speed_bytes_per_s = 1000;
        request.deadline_ms = 10'000;
        return request;
    }
};

}  // namespace

TEST_CASE("http client refuses file URLs, plain http to other hosts and user names in URLs") {
    HttpClient strict;
    CHECK(strict.refuse_url("file:///etc/passwd").has_value());
    CHECK(strict.refuse_url("http://example.org/feed.json").has_value());
    CHECK(strict.refuse_url("http://127.0.0.1:80/feed.json").has_value());  // loopback needs the test flag
    CHECK(strict.refuse_url("https://user:secret@example.org/feed.json").has_value());
    CHECK(strict.refuse_url("concat:https://a/b|https://c/d").has_value());
    CHECK_FALSE(strict.refuse_url("https://example.org/feed.json").has_value());
    HttpClient loopback(HttpClientOptions{"", true, "t"});
    CHECK_FALSE(loopback.refuse_url("http://127.0.0.1:8080/feed.json").has_value());
    CHECK(loopback.refuse_url("http://10.0.0.1/feed.json").has_value());

    const auto response = strict.fetch(get("file:///etc/passwd"));
    CHECK(response.outcome == Outcome::Permanent);
    CHECK(response.body.empty());
    CHECK(response.error.find("only https") != std::string::npos);
}

TEST_CASE("http client fetches a body and answers a conditional GET with 304 under 1 KB") {
    FaultFixture f;
    auto first = f.client.fetch(f.quick("files/data.bin"));
    REQUIRE(first.ok());
    CHECK(first.status == 200);
    CHECK(first.body == f.payload);
    REQUIRE_FALSE(first.etag.empty());

    HttpRequest again = f.quick("files/data.bin");
    again.if_none_match = first.etag;
    const auto second = f.client.fetch(again);
    CHECK(second.not_modified());
    CHECK(second.body.empty());
    CHECK(second.http_bytes_sent + second.http_bytes_received > 0);
    CHECK(second.http_bytes_sent + second.http_bytes_received < 1024);
}

TEST_CASE("http client reports 503 as transient with its Retry-After and 404 as permanent") {
    FaultFixture f;
    const auto storm = f.client.fetch(f.quick("status/503/data.bin?retry_after=7"));
    CHECK(storm.outcome == Outcome::Transient);
    CHECK(storm.status == 503);
    REQUIRE(storm.retry_after_s.has_value());
    CHECK(*storm.retry_after_s == 7);
    const auto missing = f.client.fetch(f.quick("files/nothing-here.bin"));
    CHECK(missing.outcome == Outcome::Permanent);
    CHECK(missing.status == 404);
    CHECK(f.client.fetch(f.quick("status/429/x")).outcome == Outcome::Transient);
    CHECK(f.client.fetch(f.quick("status/403/x")).outcome == Outcome::Permanent);
}

TEST_CASE("http client gives up on a hung server and on slowloris headers") {
    FaultFixture f;
    const auto hung = f.client.fetch(f.quick("hang/data.bin"));
    CHECK(hung.outcome == Outcome::Transient);
    CHECK(hung.error.find("too slow") != std::string::npos);
    const auto slow = f.client.fetch(f.quick("slowloris/data.bin"));
    CHECK(slow.outcome == Outcome::Transient);
    CHECK(slow.status != 200);
}

TEST_CASE("http client stops an endless body and a gzip bomb at the byte cap") {
    FaultFixture f;
    HttpRequest endless = f.quick("endless/feed.json");
    endless.max_body_bytes = 1 << 20;
    const auto stopped = f.client.fetch(endless);
    CHECK(stopped.outcome == Outcome::Permanent);
    CHECK(stopped.error.find("larger than the limit") != std::string::npos);
    CHECK(stopped.body.size() <= (1u << 20));

    HttpRequest bomb = f.quick("gzipbomb/feed.json");
    bomb.accept_gzip = true;
    bomb.max_body_bytes = 1 << 20;
    const auto defused = f.client.fetch(bomb);
    CHECK(defused.outcome == Outcome::Permanent);
    CHECK(defused.error.find("larger than the limit") != std::string::npos);
    CHECK(defused.body.size() <= (1u << 20));
}

TEST_CASE("http client reports a truncated body as transient and refuses a redirect to file") {
    FaultFixture f;
    const auto cut = f.client.fetch(f.quick("truncated/data.bin"));
    CHECK(cut.outcome == Outcome::Transient);
    CHECK(cut.error.find("cut") != std::string::npos);

    const auto to_file = f.client.fetch(f.quick("redirect-file/data.bin"));
    CHECK(to_file.outcome == Outcome::Permanent);
    CHECK(to_file.error.find("redirect refused") != std::string::npos);
    CHECK(to_file.body.find("root:") == std::string::npos);

    const auto followed = f.client.fetch(f.quick("redirect/data.bin"));
    CHECK(followed.ok());
    CHECK(followed.body == f.payload);
}

TEST_CASE("http client resumes with Range into a sink at the right offset") {
    FaultFixture f;
    std::string assembled = f.payload.substr(0, 100'000);
    HttpRequest request = f.quick("files/data.bin");
    request.resume_from = 100'000;
    uint64_t first_offset = UINT64_MAX;
    request.sink = [&](uint64_t offset, std::string_view data) {
        if (first_offset == UINT64_MAX) first_offset = offset;
        assembled.resize(offset);
        assembled.append(data);
        return true;
    };
    const auto response = f.client.fetch(request);
    REQUIRE(response.ok());
    CHECK(response.status == 206);
    CHECK(first_offset == 100'000);
    REQUIRE(response.total_size.has_value());
    CHECK(*response.total_size == f.payload.size());
    CHECK(assembled == f.payload);
    CHECK(response.body.empty());

    HttpRequest cut = f.quick("cut/5000/data.bin");
    std::string partial;
    cut.sink = [&](uint64_t, std::string_view data) {
        partial.append(data);
        return true;
    };
    const auto broken = f.client.fetch(cut);
    CHECK(broken.outcome == Outcome::Transient);
    CHECK(partial == f.payload.substr(0, 5000));
}

TEST_CASE("http client sends a JSON body with a bearer token and can be cancelled") {
    FaultFixture f;
    HttpRequest post = f.quick("echo");
    post.method = "POST";
    post.body = R"({"offer":"v=0"})";
    post.bearer_token = "token-123";
    const auto echoed = f.client.fetch(post);
    REQUIRE(echoed.ok());
    CHECK(echoed.body.find(R"("method": "POST")") != std::string::npos);
    CHECK(echoed.body.find("Bearer token-123") != std::string::npos);
    CHECK(echoed.body.find(R"(\"offer\")") != std::string::npos);

    std::atomic<bool> cancel{false};
    HttpRequest poll = f.quick("hang/long-poll");
    poll.low_speed_time_s = 0;  // a long-poll may sit idle
    poll.deadline_ms = 0;
    poll.cancel = &cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel = true;
    });
    const auto abandoned = f.client.fetch(poll);
    canceller.join();
    CHECK(abandoned.outcome == Outcome::Cancelled);
}

TEST_CASE("http client trusts the test CA over TLS and refuses an unknown certificate") {
    fl::test::TempDir dir;
    const auto ca = fl::test::make_test_ca(dir.path());
    const std::string root = dir.file("www");
    std::filesystem::create_directories(root);
    std::ofstream(root + "/hello.json") << R"({"hello":"world"})";
    fl::test::Nginx nginx(dir.path(), root, ca);

    HttpClient trusting(HttpClientOptions{ca.ca_file, false, "t"});
    const auto good = trusting.fetch(get(nginx.url("hello.json")));
    INFO(good.error);
    REQUIRE(good.ok());
    CHECK(good.body == R"({"hello":"world"})");
    CHECK(good.tls_bytes_received > 0);

    HttpClient system_ca;
    const auto refused = system_ca.fetch(get(nginx.url("hello.json")));
    CHECK(refused.outcome == Outcome::Permanent);
    CHECK(refused.body.empty());
}

TEST_CASE("http client resumes its TLS session on a new connection and still verifies a new server certificate") {
    RelayedNginx server;
    auto& [dir, ca, other_ca, root, nginx, relay, url] = server;

    HttpClient client(HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    auto first_bytes = relay.bytes_total();
    const auto first = client.fetch(get(url));
    first_bytes = relay.bytes_total() - first_bytes;
    INFO(first.error);
    REQUIRE(first.ok());
    CHECK_FALSE(first.tls_resumed);

    // The next poll on a new connection (the server closed the idle one meanwhile) resumes the session: no
    // certificate, no signature, so far fewer bytes than the first connection.
    HttpRequest poll = get(url);
    poll.if_none_match = first.etag;
    poll.fresh_connection = true;
    auto resumed_bytes = relay.bytes_total();
    const auto resumed = client.fetch(poll);
    resumed_bytes = relay.bytes_total() - resumed_bytes;
    INFO(resumed.error);
    REQUIRE(resumed.not_modified());
    CHECK(relay.connections() == 2);
    CHECK(resumed.tls_resumed);
    CHECK(resumed.tls_bytes_received + 300 < first.tls_bytes_received);
    CHECK(resumed_bytes + 400 < first_bytes);
    CHECK(resumed_bytes < 1024);

    // A client that trusts another CA is refused by this server, also after a session of the right client exists.
    HttpClient wrong_ca(HttpClientOptions{other_ca.ca_file, false, "family-lawyer"});
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto refused = wrong_ca.fetch(poll);
        CHECK(refused.outcome == Outcome::Permanent);
        CHECK_FALSE(refused.tls_resumed);
    }

    // Another server on the same address with a certificate from another CA: the client's cached session does not
    // let it skip verification; the poll fails on the certificate.
    nginx.restart_with(other_ca);
    relay.set_target_port(nginx.port());  // the same port unless another test took it meanwhile
    const auto impostor = client.fetch(poll);
    CHECK(impostor.outcome == Outcome::Permanent);
    CHECK(impostor.error.find("certificate") != std::string::npos);
    CHECK_FALSE(impostor.tls_resumed);

    // The real server again: a full handshake, then resumption works again.
    nginx.restart_with(ca);
    relay.set_target_port(nginx.port());
    const auto again = client.fetch(poll);
    INFO(again.error);
    CHECK(again.not_modified());
    CHECK_FALSE(again.tls_resumed);
    const auto resumed_again = client.fetch(poll);
    CHECK(resumed_again.not_modified());
    CHECK(resumed_again.tls_resumed);
}

TEST_CASE("a path that cuts compact TLS 1.3 handshakes gets them in middlebox compatibility mode from then on") {
    RelayedNginx server;
    auto& [dir, ca, other_ca, root, nginx, relay, url] = server;

    // Without the middlebox the compact form goes through: nothing to cut.
    HttpClient direct(HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    REQUIRE(direct.fetch(get(url)).ok());

    relay.cut_compact_tls13_hellos(true);
    HttpClient client(HttpClientOptions{ca.ca_file, false, "family-lawyer"});
    const auto first = client.fetch(get(url));
    INFO(first.error);
    CHECK(first.ok());
    CHECK(first.body == R"({"sequence":1})");
    CHECK(relay.compact_hellos_cut() == 1);  // the compact hello was cut once, the compatible one went through
    HttpRequest again = get(url);
    again.fresh_connection = true;
    const auto second = client.fetch(again);
    CHECK(second.ok());
    CHECK(relay.compact_hellos_cut() == 1);  // the client remembers: no second cut

    // A certificate problem is not a cut handshake: no second try, the error stays the certificate's.
    HttpClient wrong_ca(HttpClientOptions{other_ca.ca_file, false, "family-lawyer"});
    relay.cut_compact_tls13_hellos(false);
    const int connections = relay.connections();
    const auto refused = wrong_ca.fetch(get(url));
    CHECK(refused.outcome == Outcome::Permanent);
    CHECK(relay.connections() == connections + 1);
}

TEST_CASE("backoff grows with full jitter up to its ceiling and honours Retry-After") {
    fl::net::Backoff backoff(1000, 600'000, 42);
    uint64_t largest = 0;
    for (int i = 0; i < 30; ++i) {
        const uint64_t delay = backoff.next_delay_ms();
        CHECK(delay <= 600'000);
        largest = std::max(largest, delay);
    }
    CHECK(largest > 60'000);  // the ceiling grew far beyond the first second
    backoff.reset();
    CHECK(backoff.next_delay_ms() <= 1000);
    CHECK(backoff.next_delay_ms(30) >= 30'000);
    CHECK(backoff.next_delay_ms(int64_t{1} << 40) == 600'000);  // a hostile Retry-After is cut to the ceiling
}
