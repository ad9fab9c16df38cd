// Test feed publishing: demo catalogue rewritten with sequence, dates, sizes and hashes, signed with the minisign CLI.
#include "feed_publisher.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "feed/sha256.h"

#ifndef FL_DEMO_DIR
#define FL_DEMO_DIR "demo"
#endif
#ifndef FL_DEMO_SOURCE_DIR
#define FL_DEMO_SOURCE_DIR "content/demo"
#endif

namespace fl::test {
namespace {

std::string utc(std::time_t when) {
    char text[32];
    std::tm parts{};
    gmtime_r(&when, &parts);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// Fills "sha256" and "bytes" of a reference object from the file it names under www.
void describe_file(nlohmann::json& reference, const std::string& www) {
    const std::string path = www + "/" + reference.at("url").get<std::string>();
    auto hash = feed::sha256_of_file(path);
    if (!hash) throw std::runtime_error(hash.error().message);
    reference["sha256"] = hash.value();
    reference["bytes"] = std::filesystem::file_size(path);
}

}  // namespace

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

FeedPublisher::FeedPublisher(const std::string& dir) : dir_(dir), www_(dir + "/www"), keys_(dir + "/keys") {
    std::filesystem::create_directories(www_);
    std::filesystem::create_directories(keys_);
    for (const char* sub : {"thumbs", "clips", "subs"}) {
        std::filesystem::copy(std::string(FL_DEMO_DIR) + "/" + sub, www_ + "/" + sub,
                              std::filesystem::copy_options::recursive);
    }
    const auto made = run_command("minisign -G -W -p " + shell_quote(keys_ + "/test.pub") + " -s " +
                                  shell_quote(dir_ + "/test.key") + " </dev/null");
    if (made.exit_code != 0) throw std::runtime_error("minisign -G failed: " + made.err);
}

std::string FeedPublisher::marked_title(int64_t sequence, const std::string& variant) {
    return "草原承包经营权流转·第" + std::to_string(sequence) + "版" + variant;
}

std::string FeedPublisher::first_item_id() const {
    const auto document = nlohmann::json::parse(read_text(std::string(FL_DEMO_SOURCE_DIR) + "/catalog.json"));
    return document.at("items").at(0).at("id").get<std::string>();
}

std::string FeedPublisher::publish(int64_t sequence, const std::string& variant) {
    auto document = nlohmann::json::parse(read_text(std::string(FL_DEMO_SOURCE_DIR) + "/catalog.json"));
    const std::time_t now = std::time(nullptr);
    const std::string expires = utc(now + 30 * 86400);
    document["sequence"] = sequence;
    document["published"] = utc(now - 86400);
    document["expires"] = expires;
    for (auto& item : document.at("items")) {
        if (item.contains("thumbnail")) describe_file(item["thumbnail"], www_);
        if (item.contains("download")) describe_file(item["download"], www_);
        if (item.contains("captions")) {
            for (auto& caption : item["captions"]) describe_file(caption, www_);
        }
    }
    document["items"][0]["title"]["zh-Hans"] = marked_title(sequence, variant);
    const std::string bytes = document.dump(2);
    const std::string feed = www_ + "/feed.json";
    write_text(feed + ".next", bytes);
    const auto signed_result =
        run_command("minisign -S -s " + shell_quote(dir_ + "/test.key") + " -m " + shell_quote(feed + ".next") +
                    " -t " + shell_quote("sequence:" + std::to_string(sequence) + " expires:" + expires) + " -x " +
                    shell_quote(feed + ".next.minisig") + " </dev/null");
    if (signed_result.exit_code != 0) throw std::runtime_error("minisign -S failed: " + signed_result.err);
    // The signature first, then the feed: a poll in between sees the old feed with a signature it fails on at
    // worst, never a new feed without one.
    std::filesystem::rename(feed + ".next.minisig", feed + ".minisig");
    std::filesystem::rename(feed + ".next", feed);
    // nginx derives ETag and Last-Modified from size and modification second: two feeds of the same size published
    // within one second would look identical. Each sequence gets its own modification time.
    const timespec times[2] = {{0, UTIME_OMIT}, {1'767'225'600 + sequence * 60, 0}};  // 2026-01-01 + N minutes
    ::utimensat(AT_FDCWD, feed.c_str(), times, 0);
    return bytes;
}

feed::TrustPolicy FeedPublisher::policy(bool allow_loopback_http) const {
    feed::TrustPolicy policy;
    auto keys = feed::load_trusted_keys(keys_);
    if (!keys) throw std::runtime_error(keys.error().message);
    policy.keys = keys.value();
    policy.allowed_hosts = {"127.0.0.1"};
    policy.allow_loopback_http = allow_loopback_http;
    return policy;
}

}  // namespace fl::test
