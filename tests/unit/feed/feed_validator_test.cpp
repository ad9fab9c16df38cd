// Strict feed validator tests: the hostile-input list (parsing, text, references), positions and bilingual messages.
#include "feed/feed_validator.h"
#include "feed/strict_json.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using fl::feed::FeedProblem;
using fl::feed::ValidationOptions;
using fl::feed::ValidationReport;

const std::string kHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// A valid feed as an operator would publish it: absolute https URLs on media.example.cn, one relative caption.
const std::string kFeed = R"({
  "format": "family-lawyer-feed/1",
  "sequence": 1042,
  "published": "2026-11-01T08:00:00Z",
  "expires": "2026-12-15T08:00:00Z",
  "publisher": {"mn-Mong": "ᠱᠢᠭᠦᠨ ᠵᠠᠰᠠᠬᠤ ᠲᠢᠩᠬᠢᠮ", "zh-Hans": "司法厅"},
  "categories": [
    {"id": "family", "title": {"mn-Mong": "ᠭᠡᠷ ᠪᠦᠯᠢ", "zh-Hans": "婚姻家庭"}, "item_ids": ["divorce-basics-01"]}
  ],
  "featured": ["divorce-basics-01"],
  "items": [
    {
      "id": "divorce-basics-01",
      "type": "video",
      "title": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ ᠴᠤᠯᠤᠯᠠᠬᠤ", "zh-Hans": "离婚的基本知识"},
      "summary": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ", "zh-Hans": "协议离婚与诉讼离婚。"},
      "tags": ["family"],
      "duration_s": 1260,
      "valid_from": "2026-11-01T00:00:00Z",
      "valid_until": "2027-11-01T00:00:00Z",
      "thumbnail": {"url": "https://media.example.cn/t/divorce-basics-01.jpg", "sha256": "HASH", "bytes": 48213, "w": 640, "h": 360},
      "stream": {"hls": "https://media.example.cn/hls/divorce-basics-01/master.m3u8"},
      "download": {"url": "https://media.example.cn/mp4/divorce-basics-01.mp4", "bytes": 312000000, "sha256": "HASH", "height": 1080},
      "captions": [
        {"lang": "mn-Mong", "url": "subs/divorce-basics-01.mn.vtt", "sha256": "HASH", "bytes": 20480},
        {"lang": "zh-Hans", "url": "https://media.example.cn/subs/divorce-basics-01.zh.vtt", "sha256": "HASH", "bytes": 18000}
      ]
    }
  ],
  "_editor_note": "extension keys start with an underscore and are ignored"
})";

std::string feed() {
    std::string text = kFeed;
    for (std::size_t at = text.find("HASH"); at != std::string::npos; at = text.find("HASH")) text.replace(at, 4, kHash);
    return text;
}

// The feed with the one occurrence of from replaced by to.
std::string with(std::string_view from, std::string_view to, std::string text = feed()) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "not in the fixture: ", from);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "more than once in the fixture: ", from);
    text.replace(at, from.size(), to);
    return text;
}

ValidationOptions options() {
    ValidationOptions o;
    o.source_name = "feed.json";
    o.base = "https://media.example.cn/feeds/feed.json";
    o.allowed_hosts = {"media.example.cn"};
    return o;
}

ValidationReport check(const std::string& text, const ValidationOptions& o = options()) {
    return fl::feed::validate_feed(text, o);
}

std::string all(const ValidationReport& report) {
    std::string text;
    for (const FeedProblem& p : report.problems) text += fl::feed::format_problem(p) + "\n";
    return text;
}

// The single problem a text has (fails otherwise); every problem must have both languages.
FeedProblem only_problem(const std::string& text, const ValidationOptions& o = options()) {
    const ValidationReport report = check(text, o);
    REQUIRE_MESSAGE(report.problems.size() == 1, all(report));
    CHECK_FALSE(report.catalog.has_value());
    const FeedProblem& p = report.problems.front();
    CHECK_FALSE(p.english.empty());
    CHECK_FALSE(p.chinese.empty());
    CHECK(p.file == "feed.json");
    return p;
}

// 1-based line and code-point column of the first occurrence of needle in text (the test's own count).
std::pair<int, int> position_of(const std::string& text, std::string_view needle) {
    const std::size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

TEST_CASE("validator: a valid published feed gives the catalogue with URLs resolved against the feed's URL") {
    const ValidationReport report = check(feed());
    REQUIRE_MESSAGE(report.problems.empty(), all(report));
    REQUIRE(report.catalog.has_value());
    const auto& item = report.catalog->items.at(0);
    CHECK(item.id == "divorce-basics-01");
    CHECK(item.tags == std::vector<std::string>{"family"});
    CHECK(item.valid_from == "2026-11-01T00:00:00Z");
    CHECK(item.thumbnail_path == "https://media.example.cn/t/divorce-basics-01.jpg");
    CHECK(item.thumbnail_bytes == 48213);
    CHECK(item.thumbnail_sha256 == kHash);
    CHECK(item.stream_hls == "https://media.example.cn/hls/divorce-basics-01/master.m3u8");
    CHECK(item.media_path == item.stream_hls);
    CHECK(item.download.bytes == 312000000);
    CHECK(item.download_height == 1080);
    REQUIRE(item.captions.size() == 2);
    CHECK(item.captions[0].path == "https://media.example.cn/feeds/subs/divorce-basics-01.mn.vtt");
    CHECK(item.captions[0].bytes == 20480);
    CHECK(report.catalog->expires == "2026-12-15T08:00:00Z");
}

TEST_CASE("validator: every problem at once, in document order, each with line:column and pointer") {
    std::string text = with(R"("sequence": 1042)", R"("sequence": "1042")");
    text = with(R"("type": "video")", R"("type": "video", "rating": 5)", text);
    text = with(R"("item_ids": ["divorce-basics-01"])", R"("item_ids": ["divorce-basics-99"])", text);
    text = with(R"("bytes": 48213)", R"("bytes": 0)", text);
    const ValidationReport report = check(text);
    INFO(all(report));
    REQUIRE(report.problems.size() == 4);
    CHECK(report.problems[0].pointer == "/sequence");
    CHECK(std::pair(report.problems[0].line, report.problems[0].column) == position_of(text, R"("1042")"));
    CHECK(report.problems[1].pointer == "/categories/0/item_ids/0");
    CHECK(std::pair(report.problems[1].line, report.problems[1].column) == position_of(text, R"("divorce-basics-99")"));
    CHECK(report.problems[2].pointer == "/items/0/rating");
    CHECK(report.problems[3].pointer == "/items/0/thumbnail/bytes");
    CHECK(std::pair(report.problems[3].line, report.problems[3].column) == position_of(text, "0, \"w\""));
    CHECK(contains(report.problems[0].english, "expected an integer, found string"));
    CHECK(contains(report.problems[0].chinese, "应为整数"));
    CHECK(contains(report.problems[2].english, "unknown key \"rating\""));
    CHECK(contains(report.problems[2].chinese, "未知的键"));
    CHECK(contains(fl::feed::format_problem(report.problems[1]),
                   "no programme has the id \"divorce-basics-99\" / 没有 id 为 \"divorce-basics-99\" 的节目"));
}

TEST_CASE("validator: a missing member is placed at its object") {
    const std::string text = with(R"("h": 360)", R"("hh": 360)");
    const ValidationReport report = check(text);
    REQUIRE(report.problems.size() == 2);
    CHECK(report.problems[0].pointer == "/items/0/thumbnail/h");
    CHECK(std::pair(report.problems[0].line, report.problems[0].column) == position_of(text, R"({"url": "https://media.example.cn/t/)"));
    CHECK(contains(report.problems[0].english, "missing"));
    CHECK(report.problems[1].pointer == "/items/0/thumbnail/hh");
}

TEST_CASE("validator: syntax errors - truncated file, trailing garbage, empty file - with a position") {
    const std::string text = feed();
    const FeedProblem truncated = only_problem(text.substr(0, text.find("\"duration_s\"")));
    CHECK(contains(truncated.english, "JSON syntax error"));
    CHECK(truncated.chinese == "文件不完整（意外结束）");
    CHECK(truncated.line == position_of(text, "\"duration_s\"").first);
    const FeedProblem trailing = only_problem(text + "\n]x");
    CHECK(trailing.chinese == "文件末尾有多余的内容");
    CHECK(trailing.line == position_of(text + "\n]x", "]x").first);
    CHECK(only_problem("").english == "the file is empty");
}

TEST_CASE("validator: numbers - 2^64, 1e400, a fraction, a negative sequence") {
    FeedProblem p = only_problem(with(R"("sequence": 1042)", R"("sequence": 18446744073709551616)"));
    CHECK(p.pointer == "/sequence");
    CHECK(contains(p.english, "too large"));
    p = only_problem(with(R"("duration_s": 1260)", R"("duration_s": 1e400)"));
    CHECK(contains(p.english, "number overflow"));  // the parser stops here
    CHECK(p.chinese == "数字超出范围");
    CHECK(p.line == position_of(feed(), R"("duration_s": 1260)").first);
    p = only_problem(with(R"("duration_s": 1260)", R"("duration_s": 12.5)"));
    CHECK(contains(p.english, "expected an integer"));
    p = only_problem(with(R"("sequence": 1042)", R"("sequence": -1)"));
    CHECK(contains(p.english, "out of range (0 to"));
    p = only_problem(with(R"("sequence": 1042)", R"("sequence": 9223372036854775808)"));
    CHECK(p.pointer == "/sequence");
}

TEST_CASE("validator: nesting deeper than 16 stops the read, even 2,000,000 levels") {
    const std::string deep = R"({"_x": )" + std::string(2000000, '[') + std::string(2000000, ']') + "}";
    ValidationOptions o = options();
    o.max_bytes = deep.size() + 1;
    const FeedProblem p = only_problem(deep, o);
    CHECK(contains(p.english, "more than 16 levels"));
    CHECK(p.line == 1);
    CHECK(p.column == 8 + 15);  // the 16th '[' (the object is level 1)
}

TEST_CASE("validator: size over 2 MB, a BOM, a 10 MB title") {
    CHECK(contains(only_problem(std::string(fl::feed::kMaxCatalogBytes + 1, ' ')).english, "too large"));
    CHECK(contains(only_problem(with("离婚的基本知识", std::string(10 << 20, 'x'))).english, "too large"));
    const FeedProblem bom = only_problem("\xEF\xBB\xBF" + feed());
    CHECK(contains(bom.english, "byte order mark"));
    CHECK(contains(bom.chinese, "BOM"));
}

TEST_CASE("validator: invalid UTF-8, overlong UTF-8 and a lone surrogate are refused where they occur") {
    FeedProblem p = only_problem(with("离婚的基本知识", "离婚\xff"));
    CHECK(contains(p.chinese, "UTF-8"));
    CHECK(p.line == position_of(feed(), "离婚的基本知识").first);
    p = only_problem(with("离婚的基本知识", "离婚\xc0\xaf"));
    CHECK(contains(p.chinese, "UTF-8"));
    p = only_problem(with("离婚的基本知识", R"(离婚\ud800)"));
    CHECK(contains(p.english, "surrogate"));
    for (char c : p.english) CHECK(static_cast<unsigned char>(c) < 0x80);  // raw bytes are escaped in messages
}

TEST_CASE("validator: control characters, U+0000, bidi controls, PUA Mongolian, text not in NFC") {
    const std::string nul = with("离婚的基本知识", R"(离婚\u0000)");
    FeedProblem p = only_problem(nul);
    CHECK(p.pointer == "/items/0/title/zh-Hans");
    CHECK(contains(p.english, "control character U+0000"));
    CHECK(contains(p.chinese, "控制字符 U+0000"));
    CHECK(std::pair(p.line, p.column) == position_of(nul, R"("离婚\u0000")"));
    CHECK(contains(only_problem(with("离婚的基本知识", "离婚\u0085")).english, "U+0085"));
    CHECK(contains(only_problem(with("离婚的基本知识", "离婚\u202e")).english, "bidirectional control character U+202E"));
    CHECK(contains(only_problem(with("离婚的基本知识", "离婚\u2067")).english, "U+2067"));
    p = only_problem(with("ᠭᠡᠷᠡᠯᠲᠡ ᠴᠤᠯᠤᠯᠠᠬᠤ", "\ue234\ue26a ᠭᠡᠷ"));
    CHECK(p.pointer == "/items/0/title/mn-Mong");
    CHECK(contains(p.english, "private-use character U+E234"));
    CHECK(contains(p.chinese, "蒙科立"));
    p = only_problem(with("离婚的基本知识", "离婚 cafe\u0301"));
    CHECK(contains(p.english, "NFC"));
    CHECK(only_problem(with(R"("type": "video")", "\"type\": \"vid\\u0000eo\"")).pointer == "/items/0/type");
}

TEST_CASE("validator: duplicate and unknown keys") {
    FeedProblem p = only_problem(with(R"("sequence": 1042,)", R"("sequence": 1042, "sequence": 1043,)"));
    CHECK(p.pointer == "/sequence");
    CHECK(contains(p.english, "duplicate key \"sequence\""));
    CHECK(p.column == position_of(feed(), R"("sequence")").second + 18);
    const ValidationReport report = check(with(R"("sequence": 1042,)", R"("sequence": 1043, "sequence": 1042,)"));
    CHECK(report.problems.size() == 1);
    p = only_problem(with(R"("hls": )", R"("dash": "x", "hls": )"));
    CHECK(p.pointer == "/items/0/stream/dash");
    CHECK(contains(p.english, "allowed: hls"));
}

TEST_CASE("validator: texts - missing language, no Mongolian letters, no Chinese, too long, empty") {
    FeedProblem p = only_problem(with(R"({"mn-Mong": "ᠭᠡᠷ ᠪᠦᠯᠢ", "zh-Hans": "婚姻家庭"})", R"({"zh-Hans": "婚姻家庭"})"));
    CHECK(p.pointer == "/categories/0/title/mn-Mong");
    CHECK(contains(p.english, "missing the Mongolian text"));
    CHECK(contains(p.chinese, "缺少蒙古文"));
    p = only_problem(with("ᠭᠡᠷ ᠪᠦᠯᠢ", "gerbul"));
    CHECK(contains(p.english, "no Mongolian letters"));
    p = only_problem(with("婚姻家庭", "family"));
    CHECK(contains(p.english, "no Chinese characters"));
    std::string long_title;
    for (int i = 0; i < 81; ++i) long_title += "法";
    p = only_problem(with("离婚的基本知识", long_title));
    CHECK(contains(p.english, "81 characters (at most 80)"));
    std::string summary = "协";
    for (int i = 0; i < 500; ++i) summary += "议";
    CHECK(contains(only_problem(with("协议离婚与诉讼离婚。", summary)).english, "501 characters (at most 500)"));
    CHECK(only_problem(with("司法厅", "")).english == "empty text");
}

TEST_CASE("validator: ids and dangling references") {
    FeedProblem p = only_problem(with(R"("tags": ["family"])", R"("tags": ["../../etc/passwd"])"));
    CHECK(p.pointer == "/items/0/tags/0");
    CHECK(contains(p.english, "not a valid id"));
    const ValidationReport report = check(with(R"("id": "divorce-basics-01")", R"("id": "../../etc/passwd")"));
    INFO(all(report));
    REQUIRE(report.problems.size() == 3);  // the bad id, and both references that now dangle
    CHECK(report.problems[0].pointer == "/categories/0/item_ids/0");
    CHECK(report.problems[1].pointer == "/featured/0");
    CHECK(report.problems[2].pointer == "/items/0/id");
    p = only_problem(with(R"("featured": ["divorce-basics-01"])", R"("featured": ["divorce-basics-01", "divorce-basics-01"])"));
    CHECK(contains(p.english, "listed twice"));
}

TEST_CASE("validator: URLs - schemes, hosts, relative paths, loopback http only when allowed") {
    const std::string thumb = "https://media.example.cn/t/divorce-basics-01.jpg";
    FeedProblem p = only_problem(with(thumb, "file:///etc/passwd"));
    CHECK(p.pointer == "/items/0/thumbnail/url");
    CHECK(contains(p.english, "\"file:\" scheme is not allowed"));
    CHECK(contains(only_problem(with(thumb, "javascript:alert(1)")).english, "\"javascript:\" scheme"));
    CHECK(contains(only_problem(with(thumb, "concat:a.mp4|b.mp4")).english, "\"concat:\" scheme"));
    CHECK(contains(only_problem(with(thumb, "http://media.example.cn/t/a.jpg")).english, "plain http://"));
    p = only_problem(with(thumb, "https://evil.example.com/a.jpg"));
    CHECK(contains(p.english, "\"evil.example.com\" is not on the list"));
    CHECK(contains(p.chinese, "不在允许的服务器列表中"));
    CHECK(contains(only_problem(with(thumb, "https://user@media.example.cn/a.jpg")).english, "user name"));
    CHECK(contains(only_problem(with(thumb, "//media.example.cn/a.jpg")).english, "https://"));
    CHECK(contains(only_problem(with("subs/divorce-basics-01.mn.vtt", "../../etc/passwd")).english, "\"..\""));
    CHECK(contains(only_problem(with("subs/divorce-basics-01.mn.vtt", "/etc/passwd")).english, "must not start with '/'"));
    CHECK(contains(only_problem(with("subs/divorce-basics-01.mn.vtt", "subs\\\\a.vtt")).english, "only letters"));

    const std::string loopback = with(thumb, "http://127.0.0.1:8080/t/a.jpg");
    CHECK(contains(only_problem(loopback).english, "plain http://"));
    ValidationOptions o = options();
    o.allow_loopback_http = true;
    CHECK(check(loopback, o).problems.empty());
    CHECK(contains(only_problem(with(thumb, "http://localhost:8080/t/a.jpg"), o).english, "plain http://"));
}

TEST_CASE("validator: sha256 and bytes required for files on a server, optional beside a local catalogue") {
    FeedProblem p = only_problem(with(R"("sha256": ")" + kHash + R"(", "bytes": 48213)", R"("sha256": "ABC", "bytes": 48213)"));
    CHECK(p.pointer == "/items/0/thumbnail/sha256");
    CHECK(contains(p.english, "64 lower-case hexadecimal"));
    p = only_problem(with(R"(, "sha256": ")" + kHash + R"(", "bytes": 20480)", R"(, "bytes": 20480)"));
    CHECK(p.pointer == "/items/0/captions/0/sha256");
    CHECK(contains(p.english, "required for files on a server"));
    ValidationOptions local = options();
    local.base = "/usr/share/family-lawyer/demo";
    local.any_https_host = true;
    const ValidationReport report = check(with(R"(, "sha256": ")" + kHash + R"(", "bytes": 20480)", ""), local);
    REQUIRE_MESSAGE(report.catalog.has_value(), all(report));
    CHECK(report.catalog->items[0].captions[0].path == "/usr/share/family-lawyer/demo/subs/divorce-basics-01.mn.vtt");
}

TEST_CASE("validator: dates, validity window, stream or download, caption languages") {
    CHECK(contains(only_problem(with("2026-12-15T08:00:00Z", "2026-10-15T08:00:00Z")).english, "later than /published"));
    CHECK(contains(only_problem(with("2026-12-15T08:00:00Z", "2026-02-30T08:00:00Z")).english, "not a UTC time"));
    CHECK(contains(only_problem(with("2027-11-01T00:00:00Z", "2026-01-01T00:00:00Z")).english, "later than valid_from"));
    const std::string stream = R"("stream": {"hls": "https://media.example.cn/hls/divorce-basics-01/master.m3u8"},)";
    CHECK(check(with(stream, "")).problems.empty());  // a download alone is enough
    const std::string download =
        R"("download": {"url": "https://media.example.cn/mp4/divorce-basics-01.mp4", "bytes": 312000000, "sha256": ")" +
        kHash + R"(", "height": 1080},)";
    FeedProblem p = only_problem(with(download, "", with(stream, "")));
    CHECK(p.pointer == "/items/0/stream");
    CHECK(contains(p.english, "needs a stream, a download, or both"));
    p = only_problem(with(R"({"lang": "zh-Hans")", R"({"lang": "mn-Mong")"));
    CHECK(p.pointer == "/items/0/captions/1/lang");
    CHECK(contains(only_problem(with(R"({"lang": "zh-Hans")", R"({"lang": "en")")).english, "unsupported language"));
}

TEST_CASE("validator: a cap on how many problems are reported") {
    std::string text = feed();
    std::string many = "[";
    for (int i = 0; i < 300; ++i) many += std::string(i ? "," : "") + "\"BAD_" + std::to_string(i) + "\"";
    many += "]";
    text = with(R"("featured": ["divorce-basics-01"])", "\"featured\": " + many, text);
    const ValidationReport report = check(text);
    CHECK(report.problems.size() == 100);
    CHECK(report.truncated);
}

TEST_CASE("validator: the fast path (simdjson) and the strict path agree - same catalogue, same verdict") {
    ValidationOptions strict = options();
    strict.fast_path = false;
    const ValidationReport fast_report = check(feed());
    const ValidationReport strict_report = check(feed(), strict);
    REQUIRE(fast_report.catalog.has_value());
    REQUIRE(strict_report.catalog.has_value());
    const auto& a = *fast_report.catalog;
    const auto& b = *strict_report.catalog;
    CHECK(a.sequence == b.sequence);
    CHECK(a.publisher.mn == b.publisher.mn);
    REQUIRE(a.items.size() == b.items.size());
    CHECK(a.items[0].summary.mn == b.items[0].summary.mn);
    CHECK(a.items[0].thumbnail_sha256 == b.items[0].thumbnail_sha256);
    CHECK(a.items[0].captions[0].path == b.items[0].captions[0].path);
    CHECK(a.items[0].download.bytes == b.items[0].download.bytes);
    CHECK(a.categories[0].item_ids == b.categories[0].item_ids);
    CHECK(a.featured == b.featured);

    const std::vector<std::string> hostile = {
        with(R"("sequence": 1042,)", R"("sequence": 1042, "sequence": 1043,)"),
        with(R"("sequence": 1042)", R"("sequence": 18446744073709551616)"),
        with(R"("sequence": 1042)", R"("sequence": 9223372036854775808)"),
        with("离婚的基本知识", R"(离婚\u0000)"),
        with("离婚的基本知识", "离婚\u202e"),
        with("离婚的基本知识", "离婚 cafe\u0301"),
        with("离婚的基本知识", R"(离婚\ud800)"),
        with(R"("_editor_note": "extension keys start with an underscore and are ignored")",
             R"("_deep": )" + std::string(16, '[') + std::string(16, ']')),
        with(R"("_editor_note": "extension keys start with an underscore and are ignored")",
             R"("_dup": {"a": 1, "b": 2, "a": 3})"),
        with(R"("_editor_note": "extension keys start with an underscore and are ignored")", "\"_bad\\u0007key\": 1"),
        with(R"("duration_s": 1260)", R"("duration_s": 1260.0)"),
        feed() + "x",
    };
    for (const std::string& text : hostile) {
        INFO(text.substr(0, 200));
        CHECK_FALSE(check(text).catalog.has_value());
        CHECK_FALSE(check(text, strict).catalog.has_value());
        CHECK(check(text).problems.size() == check(text, strict).problems.size());
    }
    // 15 levels below the root object is the deepest allowed, on both paths.
    const std::string deepest = with(R"("_editor_note": "extension keys start with an underscore and are ignored")",
                                     R"("_deep": )" + std::string(15, '[') + std::string(15, ']'));
    CHECK(check(deepest).catalog.has_value());
    CHECK(check(deepest, strict).catalog.has_value());
}

TEST_CASE("validator: a syntax error inside a key, before any member, at the top") {
    const FeedProblem p = only_problem(std::string("{\"sequ\0ence\": 1}", 16));
    CHECK(contains(p.english, "JSON syntax error"));
    CHECK(p.pointer.empty());
    CHECK(p.line == 1);
    const FeedProblem nested = only_problem(R"({"publisher": {"mn-Mong": "ᠠ", "zh)" + std::string(1, '\x01') + R"(": 1}})");
    CHECK(nested.pointer == "/publisher");
}

TEST_CASE("text scan: a forbidden byte is found at every place of an 8-byte word, and printable ASCII passes") {
    const std::string clean = "https://media.example.cn/p/item-1/thumb.jpg ~ ok";
    fl::feed::BilingualMessage problem;
    CHECK(fl::feed::skip_printable_ascii(clean, 0) + 8 > clean.size());
    CHECK(fl::feed::skip_printable_ascii(clean, 0) <= clean.size());
    CHECK_FALSE(fl::feed::find_text_problem(clean, problem));
    for (std::size_t at = 0; at < 20; ++at) {
        for (const char bad : {'\x00', '\x01', '\x1F', '\x7F'}) {
            std::string text(24, 'a');
            text[at] = bad;
            CAPTURE(at);
            CAPTURE(static_cast<int>(bad));
            const std::size_t stop = fl::feed::skip_printable_ascii(text, 0);
            CHECK(stop <= at);
            CHECK(stop + 8 > at);
            problem = {};
            CHECK(fl::feed::find_text_problem(text, problem));
            CHECK(problem.english.find("control character") != std::string::npos);
        }
        std::string accented(24, 'a');
        accented.replace(at, 1, "\xC3\xA9");  // é, two bytes: fine, but no longer ASCII
        CHECK(fl::feed::skip_printable_ascii(accented, 0) <= at);
        CHECK_FALSE(fl::feed::find_text_problem(accented, problem));
    }
}

TEST_CASE("text scan: Mongolian and Chinese letters are fine, a combining mark after them is judged by NFC") {
    fl::feed::BilingualMessage problem;
    CHECK_FALSE(fl::feed::find_text_problem("ᠭᠡᠷ ᠪᠦᠯᠢ 婚姻家庭、调解。", problem));
    CHECK_FALSE(fl::feed::find_text_problem("が", problem));  // U+304C, already composed
    // U+304B U+3099 composes to U+304C, so the pair is not NFC (both are three-byte CJK-range characters).
    CHECK(fl::feed::find_text_problem("ᠭᠡᠷ か\u3099", problem));
    CHECK(problem.english.find("NFC") != std::string::npos);
    problem = {};
    CHECK(fl::feed::find_text_problem("婚姻\u202E家庭", problem));  // right-to-left override among Han letters
    CHECK(problem.english.find("bidirectional") != std::string::npos);
}

TEST_CASE("validator: a feed over 256 KiB (text scan on its own thread) is refused for one bad character, else read") {
    const std::string note = R"("_editor_note": "extension keys start with an underscore and are ignored")";
    const std::string padding(300 * 1024, 'x');
    const std::string large = with(note, R"("_padding": ")" + padding + "\"");
    REQUIRE(large.size() > 256 * 1024);
    const ValidationReport valid = check(large);
    REQUIRE(valid.catalog.has_value());
    CHECK(valid.catalog->items.size() == check(feed()).catalog->items.size());

    // Only the lexical scan can object to this one (the rules ignore extension keys); the report comes from the
    // strict path, with the pointer of the string at fault.
    const std::string bad = with(note, R"("_padding": ")" + padding + R"(\u0001")");
    const ValidationReport refused = check(bad);
    CHECK_FALSE(refused.catalog.has_value());
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].pointer == "/_padding");
    CHECK(contains(refused.problems[0].english, "control character U+0001"));
    // And one that only the rules object to.
    const std::string wrong_type = with(R"("type": "video")", R"("type": "audio")", large);
    CHECK_FALSE(check(wrong_type).catalog.has_value());
}
