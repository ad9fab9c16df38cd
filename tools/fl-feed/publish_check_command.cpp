// fl-feed publish-check URL: fetches a published feed and its signature over HTTPS and verifies them exactly as a box
// does.
#include <cctype>
#include <cstdio>
#include <ctime>

#include "arguments.h"
#include "commands.h"
#include "feed/feed_fetch.h"
#include "net/http_client.h"
#include "trust_arguments.h"

namespace fl::feed_tool {
namespace {

// "https://Host:8443/dir/feed.json" -> "host": the feed's own host is where boxes allow its media.
std::string host_of(const std::string& url) {
    auto start = url.find("://");
    if (start == std::string::npos) return "";
    start += 3;
    std::string host = url.substr(start, url.find_first_of(":/?#", start) - start);
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

}  // namespace

int publish_check_command(const Args& args) {
    const std::string usage = "publish-check URL --keys DIR [--ca FILE] [--after SEQUENCE] [--allow-host HOST]...";
    auto parsed = parse_args(args, {"--keys", "--ca", "--after", "--allow-host", "--threshold"},
                             {"--allow-http-loopback"}, usage);
    if (!parsed) return kUsage;
    const auto keys_dir = parsed->value("--keys");
    if (parsed->positionals.size() != 1 || !keys_dir) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    const std::string& url = parsed->positionals[0];
    auto trust = trust_from_args(*parsed, *keys_dir);
    if (!trust) return kUsage;
    feed::TrustPolicy& policy = trust->policy;
    const feed::TrustState& last = trust->last;
    policy.allowed_hosts.push_back(host_of(url));
    policy.allow_loopback_http = parsed->flag("--allow-http-loopback");
    net::HttpClient client(net::HttpClientOptions{parsed->value("--ca").value_or(""), policy.allow_loopback_http,
                                                  "fl-feed publish-check"});
    const auto result =
        feed::fetch_signed_feed(client, url, nullptr, policy, last, static_cast<int64_t>(std::time(nullptr)));
    switch (result.kind) {
        case feed::FetchResult::Kind::Verified: {
            const auto& verified = *result.verified;
            std::printf("%s: boxes will accept this feed: sequence %lld, %zu programmes, expires %s%s\n", url.c_str(),
                        static_cast<long long>(verified.sequence), verified.catalog.items.size(),
                        verified.expires.c_str(), verified.stale ? " (EXPIRED: boxes show it as out of date)" : "");
            std::printf("%s：机顶盒会接受这个目录：序号 %lld，%zu 个节目，有效期至 %s%s\n", url.c_str(),
                        static_cast<long long>(verified.sequence), verified.catalog.items.size(),
                        verified.expires.c_str(), verified.stale ? "（已过期）" : "");
            return kOk;
        }
        case feed::FetchResult::Kind::Rejected:
            std::printf("%s: boxes will REFUSE this feed and keep their last one: %s\n", url.c_str(),
                        result.error.c_str());
            std::printf("%s：机顶盒会拒绝这个目录，继续显示旧目录\n", url.c_str());
            return kProblems;
        case feed::FetchResult::Kind::NotModified:
        case feed::FetchResult::Kind::Failed:
            break;
    }
    std::printf(
        "%s: boxes cannot fetch this feed (%s): %s\n", url.c_str(),
        result.outcome == net::Outcome::Transient ? "a passing fault, boxes will try again" : "check the address",
        result.error.c_str());
    std::printf("%s：机顶盒无法下载这个目录\n", url.c_str());
    return kProblems;
}

}  // namespace fl::feed_tool
