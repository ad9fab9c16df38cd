// Feed benchmark: a generated 10,000-item bilingual feed, signed; our parse + validate + verify against simdjson's bare parse of the same bytes, and memory.
#include <sodium.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>
#include <nlohmann/json.hpp>
#include <simdjson.h>
#include <string>
#include <vector>

#include "feed/feed_time.h"
#include "feed/feed_validator.h"
#include "feed/feed_verifier.h"
#include "feed/minisign.h"

// Heap accounting: every operator new/delete goes through these, so the figures cover nlohmann, our code and the
// catalogue (libsodium and ICU allocate little and use malloc directly).
namespace {
std::atomic<long long> g_current{0};
std::atomic<long long> g_peak{0};

void* counted_alloc(std::size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (!p) throw std::bad_alloc();
    const long long now = g_current += static_cast<long long>(malloc_usable_size(p));
    long long peak = g_peak.load();
    while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
    }
    return p;
}

void counted_free(void* p) {
    if (!p) return;
    g_current -= static_cast<long long>(malloc_usable_size(p));
    std::free(p);
}
}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace {

int kItems = 10000;  // the first argument changes it (e.g. a small feed for callgrind)
constexpr int kRuns = 7;

// Words to build texts from: Mongolian (traditional script, with NNBSP before suffixes) and Chinese legal phrases.
const char* const kMongolian[] = {
    "ᠬᠠᠤᠯᠢ", "ᠡᠷᠬᠡ", "ᠭᠡᠷᠡᠯᠲᠡ", "ᠭᠡᠷ ᠪᠦᠯᠢ", "ᠵᠡᠭᠡᠯ", "ᠴᠠᠯᠢᠩ", "ᠬᠥᠳᠡᠯᠮᠦᠷᠢ", "ᠨᠤᠲᠤᠭ", "ᠭᠠᠵᠠᠷ",
    "ᠭᠡᠷ᠎ᠡ", "ᠰᠤᠷᠭᠠᠯ", "ᠬᠡᠦᠬᠡᠳ", "ᠦᠨᠳᠦᠰᠦᠨ", "ᠲᠤᠰᠠᠯᠠᠮᠵᠢ", "ᠱᠢᠭᠦᠨ", "ᠵᠠᠰᠠᠬᠤ", "ᠣᠷᠤᠨ", "ᠮᠠᠯᠴᠢᠨ",
    "ᠪᠢᠴᠢᠭ", "ᠭᠡᠷ\u202Fᠡᠴᠡ", "ᠬᠠᠤᠯᠢ\u202Fᠶᠢᠨ", "ᠡᠷᠬᠡ\u202Fᠶᠢ", "ᠪᠦᠷᠢᠳᠬᠡᠯ", "ᠰᠢᠢᠳᠪᠦᠷᠢ"};
const char* const kChinese[] = {"法律援助", "婚姻登记", "离婚诉讼", "草原承包", "劳动合同", "拖欠工资", "借条",
                                "利息", "担保", "赡养老人", "未成年人保护", "宪法", "调解", "证据", "仲裁",
                                "土地确权", "工伤认定", "继承", "抚养费", "12348热线"};

std::string words(const char* const* list, std::size_t count, unsigned seed, int how_many, const char* separator) {
    std::string text;
    for (int i = 0; i < how_many; ++i) {
        seed = seed * 1103515245u + 12345u;
        if (i) text += separator;
        text += list[(seed >> 16) % count];
    }
    return text;
}

std::string hex64(unsigned seed) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 64; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out += kHex[(seed >> 24) & 15];
    }
    return out;
}

std::string bilingual(const std::string& mn, const std::string& zh) {
    return R"({"mn-Mong": ")" + mn + R"(", "zh-Hans": ")" + zh + R"("})";
}

std::string generate_feed() {
    constexpr std::size_t kMn = sizeof kMongolian / sizeof *kMongolian;
    constexpr std::size_t kZh = sizeof kChinese / sizeof *kChinese;
    std::string feed = R"({"format": "family-lawyer-feed/1", "sequence": 5000, "published": "2026-11-01T08:00:00Z",
 "expires": "2026-12-15T08:00:00Z", "publisher": )" + bilingual("ᠱᠢᠭᠦᠨ ᠵᠠᠰᠠᠬᠤ ᠲᠢᠩᠬᠢᠮ", "内蒙古自治区司法厅") + ",\n";
    feed += R"( "categories": [)";
    for (int c = 0; c < 20; ++c) {
        feed += std::string(c ? "," : "") + "\n  {\"id\": \"category-" + std::to_string(c) + "\", \"title\": " +
                bilingual(words(kMongolian, kMn, 7u * c, 2, " "), words(kChinese, kZh, 7u * c, 2, "与")) +
                ", \"item_ids\": [";
        for (int i = c; i < kItems; i += 20) feed += std::string(i != c ? ", " : "") + "\"item-" + std::to_string(i) + "\"";
        feed += "]}";
    }
    feed += "],\n \"featured\": [\"item-1\", \"item-2\", \"item-3\"],\n \"items\": [";
    for (int i = 0; i < kItems; ++i) {
        const std::string id = "item-" + std::to_string(i);
        const std::string base = "https://media.example.cn/p/" + id + "/";
        const auto seed = static_cast<unsigned>(i);
        feed += std::string(i ? "," : "") + "\n  {\"id\": \"" + id + "\", \"type\": \"video\", \"title\": " +
                bilingual(words(kMongolian, kMn, seed, 4, " "), words(kChinese, kZh, seed, 3, "、")) +
                ", \"summary\": " +
                bilingual(words(kMongolian, kMn, seed + 1, 24, " "), words(kChinese, kZh, seed + 1, 20, "，") + "。") +
                ", \"tags\": [\"law\"], \"duration_s\": " + std::to_string(300 + i % 1500) +
                ", \"thumbnail\": {\"url\": \"" + base + "thumb.jpg\", \"sha256\": \"" + hex64(seed * 4) +
                "\", \"bytes\": 48213, \"w\": 640, \"h\": 360}, \"stream\": {\"hls\": \"" + base +
                "hls/master.m3u8\"}, \"download\": {\"url\": \"" + base + id + ".mp4\", \"bytes\": 312000000, "
                "\"sha256\": \"" + hex64(seed * 4 + 1) + "\", \"height\": 1080}, \"captions\": [{\"lang\": \"mn-Mong\", "
                "\"url\": \"" + base + "subs/mn.vtt\", \"sha256\": \"" + hex64(seed * 4 + 2) + "\", \"bytes\": 20480}, "
                "{\"lang\": \"zh-Hans\", \"url\": \"" + base + "subs/zh.vtt\", \"sha256\": \"" + hex64(seed * 4 + 3) +
                "\", \"bytes\": 18000}]}";
    }
    feed += "\n ]\n}\n";
    return feed;
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.pop_back();  // the terminating NUL
    return out;
}

// A minisign signature file for the feed (the same bytes `minisign -S` writes), and the matching public key.
std::string sign(const std::string& feed, const std::string& comment, fl::feed::PublicKey& key) {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES], secret_key[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(public_key, secret_key);
    const unsigned char key_id[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    std::copy(key_id, key_id + 8, key.key_id.begin());
    std::copy(public_key, public_key + 32, key.key.begin());
    unsigned char hash[64];
    crypto_generichash(hash, 64, reinterpret_cast<const unsigned char*>(feed.data()), feed.size(), nullptr, 0);
    unsigned char block[74] = {'E', 'D'};
    std::copy(key_id, key_id + 8, block + 2);
    crypto_sign_detached(block + 10, nullptr, hash, 64, secret_key);
    std::string global_message(reinterpret_cast<const char*>(block + 10), 64);
    global_message += comment;
    unsigned char global[64];
    crypto_sign_detached(global, nullptr, reinterpret_cast<const unsigned char*>(global_message.data()),
                         global_message.size(), secret_key);
    return "untrusted comment: signature from minisign secret key\n" + base64(block, sizeof block) +
           "\ntrusted comment: " + comment + "\n" + base64(global, sizeof global) + "\n";
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1) kItems = std::max(1, std::atoi(argv[1]));
    if (sodium_init() < 0) return 1;
    const std::string feed = generate_feed();
    if (argc > 2) {  // feed_bench ITEMS OUT.json: only write the generated feed (for profiling elsewhere)
        std::FILE* out = std::fopen(argv[2], "wb");
        const bool written = out && std::fwrite(feed.data(), 1, feed.size(), out) == feed.size();
        if (out) std::fclose(out);
        return written ? 0 : 1;
    }
    fl::feed::TrustPolicy policy;
    policy.keys.emplace_back();
    const std::string signature = sign(feed, "sequence:5000 expires:2026-12-15T08:00:00Z", policy.keys.back());
    policy.allowed_hosts = {"media.example.cn"};
    policy.max_feed_bytes = feed.size();  // the product's cap is 2 MB (about 1,500 such items); measured here at 10,000
    const fl::feed::FeedInput input{feed, signature, "bench-feed.json", "https://media.example.cn/feed.json"};
    const int64_t now = *fl::feed::parse_utc_time("2026-11-20T00:00:00Z");

    std::vector<double> ours, simd;
    long long retained = 0, peak_during = 0;
    for (int run = 0; run < kRuns; ++run) {
        const long long before = g_current.load();
        g_peak = before;
        auto start = std::chrono::steady_clock::now();
        auto verified = fl::feed::verify_feed(input, policy, fl::feed::TrustState{4999}, now);
        ours.push_back(ms_since(start));
        if (!verified.ok()) {
            std::fprintf(stderr, "verification failed: %s\n", verified.error().message.c_str());
            return 1;
        }
        if (verified.value().catalog.items.size() != static_cast<std::size_t>(kItems)) return 1;
        retained = g_current.load() - before;
        peak_during = g_peak.load() - before;
    }
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(feed);
    for (int run = 0; run < kRuns; ++run) {
        auto start = std::chrono::steady_clock::now();
        simdjson::dom::element document;
        if (parser.parse(padded).get(document) != simdjson::SUCCESS) return 1;
        simd.push_back(ms_since(start));
    }
    // Where the time goes: the validator's fast path (simdjson, valid feeds), its strict path (nlohmann SAX with
    // positions, used when a feed has problems), nlohmann's own parse for reference, and the signature check.
    std::vector<double> fast_only, strict_only, nlohmann_only, signature_only, prehash_only;
    std::vector<double> stage_parse, stage_scan, stage_rules;
    fl::feed::FastPathTimings stages;
    fl::feed::ValidationOptions options;
    options.base = input.base;
    options.allowed_hosts = policy.allowed_hosts;
    options.max_bytes = feed.size();
    fl::feed::ValidationOptions strict = options;
    options.timings = &stages;
    strict.fast_path = false;
    for (int run = 0; run < kRuns; ++run) {
        auto start = std::chrono::steady_clock::now();
        if (!fl::feed::validate_feed(feed, options).catalog) return 1;
        fast_only.push_back(ms_since(start));
        stage_parse.push_back(stages.parse_ms);
        stage_scan.push_back(stages.text_scan_ms);
        stage_rules.push_back(stages.rules_ms);
        start = std::chrono::steady_clock::now();
        if (!fl::feed::validate_feed(feed, strict).catalog) return 1;
        strict_only.push_back(ms_since(start));
        start = std::chrono::steady_clock::now();
        { auto document = nlohmann::json::parse(feed); }
        nlohmann_only.push_back(ms_since(start));
        start = std::chrono::steady_clock::now();
        const auto hash = fl::feed::minisign_prehash(feed);
        prehash_only.push_back(ms_since(start));
        auto blocks = fl::feed::parse_signature_file(signature);
        if (!blocks.ok() || !fl::feed::verify_signature_block(blocks.value()[0], policy.keys[0], hash)) return 1;
        signature_only.push_back(ms_since(start));
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    const double ours_ms = median(ours), simd_ms = median(simd);
    const double mib = 1024.0 * 1024.0;
    std::printf("feed: %d items, %.1f MiB, signed (minisign ED, 1 key); median of %d runs\n", kItems,
                static_cast<double>(feed.size()) / mib, kRuns);
    std::printf("family-lawyer parse+validate+verify: %8.1f ms   (goal < 100 ms)\n", ours_ms);
    std::printf("  validator fast path (simdjson):    %8.1f ms, signature check %.1f ms\n", median(fast_only),
                median(signature_only));
    std::printf("    stages: simdjson parse (fresh parser) %.1f ms, text scan %.1f ms, rules + catalogue %.1f ms, "
                "BLAKE2b prehash %.1f ms (on a second thread in verify)\n",
                median(stage_parse), median(stage_scan), median(stage_rules), median(prehash_only));
    std::printf("  validator strict path (positions): %8.1f ms  (nlohmann::json::parse alone: %.1f ms)\n",
                median(strict_only), median(nlohmann_only));
    std::printf("simdjson bare DOM parse:             %8.1f ms\n", simd_ms);
    std::printf("ratio ours / simdjson:               %8.1fx    (goal <= 3x)\n", ours_ms / simd_ms);
    std::printf("loaded catalogue (heap retained):    %8.1f MiB  (goal < 30 MB)\n", static_cast<double>(retained) / mib);
    std::printf("peak heap while verifying:           %8.1f MiB\n", static_cast<double>(peak_during) / mib);
    std::printf("process peak RSS:                    %8.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
