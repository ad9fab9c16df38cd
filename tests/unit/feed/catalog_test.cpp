// Catalogue model tests: the shipped demo catalogue, the generated demo media, references resolved into the model.
#include "feed/catalog.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using fl::feed::Catalog;
using fl::feed::Item;

const std::string kDemoSource = FL_DEMO_SOURCE_DIR;
const std::string kDemoGenerated = FL_DEMO_DIR;

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open ", path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Decodes UTF-8; an invalid sequence yields U+FFFD, which every script check below rejects.
std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> result;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x6  ? 2
                                   : (lead >> 4) == 0xE  ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || i + length > text.size()) {
            result.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
        bool valid = true;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = valid && (next & 0xC0) == 0x80;
            cp = (cp << 6) | (next & 0x3F);
        }
        result.push_back(valid ? cp : 0xFFFD);
        i += valid ? length : 1;
    }
    return result;
}

std::string code_point_name(char32_t cp) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string digits;
    for (auto value = static_cast<uint32_t>(cp); value != 0 || digits.size() < 4; value >>= 4) {
        digits.insert(digits.begin(), kHex[value & 0xF]);
    }
    return "U+" + digits;
}

bool is_mongolian_letter(char32_t cp) {
    return (cp >= 0x1820 && cp <= 0x1878) || (cp >= 0x1880 && cp <= 0x18AA);
}

bool is_han(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

// Only U+1800–18AF, U+202F (before case suffixes), spaces and digits; at least one letter; NNBSP joins two words.
void check_mongolian(std::string_view text, const std::string& where) {
    INFO(where, ": ", text);
    const std::vector<char32_t> cps = code_points(text);
    REQUIRE(!cps.empty());
    bool has_letter = false;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t cp = cps[i];
        const bool allowed = (cp >= 0x1800 && cp <= 0x18AF) || cp == 0x202F || cp == U' ' || (cp >= U'0' && cp <= U'9');
        CHECK_MESSAGE(allowed, code_point_name(cp), " not allowed");
        has_letter = has_letter || is_mongolian_letter(cp);
        if (cp == 0x202F) {
            CHECK((i > 0 && cps[i - 1] != U' ' && cps[i - 1] != 0x202F));
            CHECK((i + 1 < cps.size() && is_mongolian_letter(cps[i + 1])));
        }
        if (cp == U' ') CHECK((i > 0 && i + 1 < cps.size() && cps[i + 1] != U' '));
    }
    CHECK(has_letter);
}

// Only CJK ideographs, CJK and fullwidth punctuation, and digits; at least one ideograph.
void check_chinese(std::string_view text, const std::string& where) {
    INFO(where, ": ", text);
    const std::vector<char32_t> cps = code_points(text);
    REQUIRE(!cps.empty());
    bool has_han = false;
    for (char32_t cp : cps) {
        const bool allowed = is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
                             (cp >= U'0' && cp <= U'9');
        CHECK_MESSAGE(allowed, code_point_name(cp), " not allowed");
        has_han = has_han || is_han(cp);
    }
    CHECK(has_han);
}

void check_text(const fl::feed::LocalizedText& text, const std::string& where) {
    check_mongolian(text.mn, where + "/mn-Mong");
    check_chinese(text.zh, where + "/zh-Hans");
}

std::size_t word_count(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        if (c == ' ') {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return words;
}

Catalog load_or_fail(const std::string& path) {
    auto result = fl::feed::load_catalog(path);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
    return std::move(result).value();
}

// A small valid catalogue: one item with local files, one with a stream and a download on a server.
const std::string kValid = R"({
  "format": "family-lawyer-feed/1", "sequence": 7,
  "published": "2026-11-01T08:00:00Z", "expires": "2027-11-01T08:00:00Z",
  "publisher": {"mn-Mong": "ᠱᠢᠭᠦᠨ ᠵᠠᠰᠠᠬᠤ ᠲᠢᠩᠬᠢᠮ", "zh-Hans": "司法厅"},
  "categories": [
    {"id": "family", "title": {"mn-Mong": "ᠭᠡᠷ ᠪᠦᠯᠢ", "zh-Hans": "婚姻家庭"}, "item_ids": ["a-01"]},
    {"id": "loans", "title": {"mn-Mong": "ᠵᠡᠭᠡᠯ", "zh-Hans": "借贷"}, "item_ids": ["b-02"]}
  ],
  "featured": ["b-02"],
  "items": [
    {"id": "a-01", "type": "video",
     "title": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ", "zh-Hans": "结婚"}, "summary": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ", "zh-Hans": "结婚登记。"},
     "duration_s": 8, "thumbnail": {"url": "thumbs/a-01.png", "w": 480, "h": 270},
     "download": {"url": "clips/a-01.mp4", "height": 720},
     "captions": [{"lang": "mn-Mong", "url": "subs/a-01.mn.vtt"}, {"lang": "zh-Hans", "url": "subs/a-01.zh.vtt"}]},
    {"id": "b-02", "type": "video",
     "title": {"mn-Mong": "ᠵᠡᠭᠡᠯ ᠦᠨ ᠪᠢᠴᠢᠭ", "zh-Hans": "借条"}, "summary": {"mn-Mong": "ᠵᠡᠭᠡᠯ", "zh-Hans": "写好借条。"},
     "duration_s": 1260, "thumbnail": {"url": "thumbs/b-02.png", "w": 640, "h": 360},
     "stream": {"hls": "https://media.example.cn/b-02/master.m3u8"},
     "download": {"url": "https://media.example.cn/b-02/b-02.mp4", "height": 1080, "bytes": 312000000,
                  "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
     "captions": []}
  ]
})";

// kValid with the one occurrence of from replaced by to (fails the test if from is not there exactly once).
std::string replaced(std::string_view from, std::string_view to) {
    std::string text = kValid;
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "not in the fixture: ", from);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "more than once in the fixture: ", from);
    text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("the shipped demo catalogue loads: 6 categories, 18 items, 4-5 featured, all references resolve") {
    const Catalog catalog = load_or_fail(kDemoSource + "/catalog.json");
    CHECK(catalog.sequence == 1);
    CHECK(catalog.published == "2026-11-01T08:00:00Z");
    CHECK(catalog.expires == "2027-11-01T08:00:00Z");
    CHECK(catalog.publisher.zh == "内蒙古自治区司法厅");
    CHECK(catalog.base_dir == kDemoSource);
    REQUIRE(catalog.categories.size() == 6);
    REQUIRE(catalog.items.size() == 18);
    CHECK(catalog.featured.size() >= 4);
    CHECK(catalog.featured.size() <= 5);

    const std::vector<std::string> expected_categories = {"grassland", "wages", "family", "loans", "law", "kids"};
    std::set<std::string> listed;
    for (std::size_t c = 0; c < catalog.categories.size(); ++c) {
        const auto& category = catalog.categories[c];
        CHECK(category.id == expected_categories[c]);
        CHECK(catalog.find_category(category.id) == &category);
        CHECK(category.item_ids.size() == 3);
        for (const auto& id : category.item_ids) {
            CHECK_MESSAGE(catalog.find_item(id) != nullptr, id);
            CHECK_MESSAGE(listed.insert(id).second, id, " is in two categories");
        }
    }
    CHECK(listed.size() == 18);  // every item is in exactly one category
    for (const auto& id : catalog.featured) CHECK_MESSAGE(catalog.find_item(id) != nullptr, id);
    CHECK(catalog.find_category("grassland")->title.zh == "草原与土地承包");
    CHECK(catalog.find_category("kids")->title.zh == "少儿普法动画");
    CHECK(catalog.find_item("grassland-contract-01") == &catalog.items.front());
    CHECK(catalog.find_item("no-such-item") == nullptr);
    CHECK(catalog.find_category("no-such-category") == nullptr);
}

TEST_CASE(
    "the shipped demo catalogue: every text is real Mongolian script or Chinese, ids and paths follow the naming") {
    const Catalog catalog = load_or_fail(kDemoSource + "/catalog.json");
    check_text(catalog.publisher, "/publisher");
    for (const auto& category : catalog.categories) {
        check_text(category.title, "category " + category.id);
        CHECK(word_count(category.title.mn) <= 5);
    }
    for (const Item& item : catalog.items) {
        CHECK(fl::feed::is_valid_id(item.id));
        CHECK(item.type == "video");
        check_text(item.title, item.id + "/title");
        check_text(item.summary, item.id + "/summary");
        CHECK_MESSAGE(word_count(item.title.mn) <= 5, item.id);
        CHECK(item.duration_s == 8);  // the generated clips are 8 s long
        CHECK(item.thumbnail_w == 480);
        CHECK(item.thumbnail_h == 270);
        CHECK(item.media_path == kDemoSource + "/clips/" + item.id + ".mp4");
        CHECK(item.thumbnail_path == kDemoSource + "/thumbs/" + item.id + ".png");
        REQUIRE(item.captions.size() == 2);
        CHECK(item.captions[0].lang == "mn-Mong");
        CHECK(item.captions[0].path == kDemoSource + "/subs/" + item.id + ".mn.vtt");
        CHECK(item.captions[1].lang == "zh-Hans");
        CHECK(item.captions[1].path == kDemoSource + "/subs/" + item.id + ".zh.vtt");
    }
}

TEST_CASE("the generated demo content exists for every item: clip, PNG thumbnail, two WebVTT files") {
    const std::string generated_catalog = kDemoGenerated + "/catalog.json";
    REQUIRE_MESSAGE(std::filesystem::exists(generated_catalog), "build the demo_content target first");
    CHECK(read_file(generated_catalog) == read_file(kDemoSource + "/catalog.json"));
    const Catalog catalog = load_or_fail(generated_catalog);
    REQUIRE(catalog.items.size() == 18);
    for (const Item& item : catalog.items) {
        INFO(item.id);
        const std::string clip = read_file(item.media_path);
        REQUIRE(clip.size() > 1000);
        CHECK(clip.substr(4, 4) == "ftyp");
        const std::size_t moov = clip.find("moov");
        CHECK(moov != std::string::npos);
        CHECK(moov < clip.find("mdat"));  // +faststart: the index comes first, for streaming

        const std::string png = read_file(item.thumbnail_path);
        REQUIRE(png.size() > 24);
        CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
        CHECK(png.substr(12, 4) == "IHDR");
        auto be32 = [&](std::size_t at) {
            uint32_t value = 0;
            for (std::size_t k = 0; k < 4; ++k) value = (value << 8) | static_cast<unsigned char>(png[at + k]);
            return value;
        };
        CHECK(be32(16) == static_cast<uint32_t>(item.thumbnail_w));
        CHECK(be32(20) == static_cast<uint32_t>(item.thumbnail_h));

        REQUIRE(item.captions.size() == 2);
        for (const auto& caption : item.captions) {
            const std::string vtt = read_file(caption.path);
            CHECK(vtt.starts_with("WEBVTT\n"));  // also: no BOM
            std::size_t cues = 0;
            for (std::size_t at = vtt.find("-->"); at != std::string::npos; at = vtt.find("-->", at + 3)) ++cues;
            CHECK(cues == 3);
            const auto& title = caption.lang == "mn-Mong" ? item.title.mn : item.title.zh;
            CHECK(vtt.find("\n" + title + "\n") != std::string::npos);  // the first cue is the title
            CHECK(vtt.find("00:00:05.500 --> 00:00:08.000") != std::string::npos);
        }
    }
}

TEST_CASE("a valid catalogue parses into the model with paths resolved against base_dir") {
    auto result = fl::feed::parse_catalog(kValid, "catalog.json", "/srv/demo");
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
    const Catalog& catalog = result.value();
    CHECK(catalog.sequence == 7);
    CHECK(catalog.publisher.zh == "司法厅");
    CHECK(catalog.base_dir == "/srv/demo");
    REQUIRE(catalog.items.size() == 2);
    const Item& a = catalog.items[0];
    CHECK(a.title.mn == "ᠭᠡᠷᠡᠯᠲᠡ");
    CHECK(a.summary.zh == "结婚登记。");
    CHECK(a.media_path == "/srv/demo/clips/a-01.mp4");
    CHECK(a.thumbnail_path == "/srv/demo/thumbs/a-01.png");
    CHECK(a.captions[1].path == "/srv/demo/subs/a-01.zh.vtt");
    CHECK(a.download.location == "/srv/demo/clips/a-01.mp4");
    CHECK(a.download.sha256.empty());  // optional for files next to a local catalogue
    CHECK(a.download_height == 720);
    CHECK(a.stream_hls.empty());
    const Item& b = catalog.items[1];
    CHECK(b.stream_hls == "https://media.example.cn/b-02/master.m3u8");
    CHECK(b.media_path == b.stream_hls);  // remote: play the stream
    CHECK(b.download.location == "https://media.example.cn/b-02/b-02.mp4");
    CHECK(b.download.bytes == 312000000);
    CHECK(b.download.sha256 == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    CHECK(catalog.items[1].duration_s == 1260);
    CHECK(catalog.items[1].thumbnail_w == 640);
    CHECK(catalog.items[1].captions.empty());
    CHECK(catalog.find_category("loans")->item_ids == std::vector<std::string>{"b-02"});
    CHECK(catalog.featured == std::vector<std::string>{"b-02"});

    auto trailing_slash = fl::feed::parse_catalog(kValid, "catalog.json", "/srv/demo/");
    REQUIRE(trailing_slash.ok());
    CHECK(trailing_slash.value().items[0].media_path == "/srv/demo/clips/a-01.mp4");
}

TEST_CASE("ids: the pattern ^[a-z0-9][a-z0-9-]{0,63}$") {
    CHECK(fl::feed::is_valid_id("a"));
    CHECK(fl::feed::is_valid_id("0-grassland-contract-01"));
    CHECK(fl::feed::is_valid_id(std::string(64, 'x')));
    CHECK_FALSE(fl::feed::is_valid_id(std::string(65, 'x')));
    CHECK_FALSE(fl::feed::is_valid_id(""));
    CHECK_FALSE(fl::feed::is_valid_id("-a"));
    CHECK_FALSE(fl::feed::is_valid_id("A-01"));
    CHECK_FALSE(fl::feed::is_valid_id("a_01"));
    CHECK_FALSE(fl::feed::is_valid_id("a.01"));
    CHECK_FALSE(fl::feed::is_valid_id("../../etc/passwd"));
}

TEST_CASE("load_catalog: a missing file, an oversized file, and base_dir taken from the file's directory") {
    auto missing = fl::feed::load_catalog(kDemoSource + "/no-such-catalog.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == kDemoSource + "/no-such-catalog.json: cannot open: No such file or directory");

    auto valid_at = fl::feed::parse_catalog(kValid, "catalog.json", "/srv/demo");
    REQUIRE(valid_at.ok());
    Item windowed = valid_at.value().items[0];
    CHECK(windowed.valid_at("2026-01-01T00:00:00Z"));  // no window: always
    windowed.valid_from = "2026-12-01T00:00:00Z";
    windowed.valid_until = "2027-01-01T00:00:00Z";
    CHECK_FALSE(windowed.valid_at("2026-11-30T23:59:59Z"));
    CHECK(windowed.valid_at("2026-12-01T00:00:00Z"));
    CHECK_FALSE(windowed.valid_at("2027-01-01T00:00:00Z"));

    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "fl-feed-catalog-test";
    std::filesystem::create_directories(dir);
    const std::string valid_path = (dir / "catalog.json").string();
    std::ofstream(valid_path, std::ios::binary) << kValid;
    auto loaded = fl::feed::load_catalog(valid_path);
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    CHECK(loaded.value().base_dir == dir.string());
    CHECK(loaded.value().items[0].media_path == dir.string() + "/clips/a-01.mp4");

    const std::string big_path = (dir / "big.json").string();
    std::ofstream(big_path, std::ios::binary) << std::string(fl::feed::kMaxCatalogBytes + 1, ' ');
    auto big = fl::feed::load_catalog(big_path);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message.starts_with(big_path + ": the file is too large: 2097153 bytes (at most 2097152)"));

    const std::string broken_path = (dir / "broken.json").string();
    std::ofstream(broken_path, std::ios::binary) << replaced(R"("sequence": 7,)", "");
    auto broken = fl::feed::load_catalog(broken_path);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.starts_with(broken_path + ":1:1: /sequence: missing (required) / 缺少此项（必填）"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("visible_at leaves out items outside their window, from rows and featured, and drops emptied rows") {
    Catalog catalog;
    catalog.published = "2026-11-01T00:00:00Z";
    auto item = [](std::string id, std::string from, std::string until) {
        Item result;
        result.id = std::move(id);
        result.valid_from = std::move(from);
        result.valid_until = std::move(until);
        return result;
    };
    catalog.items = {item("always", "", ""), item("ended", "", "2026-11-20T00:00:00Z"),
                     item("later", "2026-12-24T00:00:00Z", ""), item("now", "2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z")};
    catalog.categories = {{"mixed", {}, {"ended", "always", "later", "now"}}, {"gone", {}, {"ended", "later"}}};
    catalog.featured = {"later", "now"};

    const Catalog visible = catalog.visible_at("2026-11-28T12:00:00Z");
    std::vector<std::string> ids;
    for (const Item& shown : visible.items) ids.push_back(shown.id);
    CHECK(ids == std::vector<std::string>{"always", "now"});
    REQUIRE(visible.categories.size() == 1);
    CHECK(visible.categories[0].id == "mixed");
    CHECK(visible.categories[0].item_ids == std::vector<std::string>{"always", "now"});
    CHECK(visible.featured == std::vector<std::string>{"now"});

    // A clock before the publication time is wrong: nothing is hidden.
    const Catalog wrong_clock = catalog.visible_at("1970-01-01T00:00:10Z");
    CHECK(wrong_clock.items.size() == 4);
    CHECK(wrong_clock.categories.size() == 2);
    CHECK(wrong_clock.featured.size() == 2);
}
