// fl-feed command-line tests: lint, import (CSV, Media RSS), package (real ffmpeg), sign/verify (stock minisign), preview (the app).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "process.h"

namespace {

using fl::test::CommandResult;
using fl::test::run_command;
using fl::test::shell_quote;
using fl::test::TempDir;

const std::string kTool = FL_FEED_TOOL;
const std::string kApp = FL_APP;
const std::string kDemoSource = FL_DEMO_SOURCE_DIR;
const std::string kDemoBuilt = FL_DEMO_DIR;

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open ", path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

CommandResult tool(const std::string& arguments) { return run_command(shell_quote(kTool) + " " + arguments); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The demo catalogue with three problems on known lines.
std::string broken_demo(const std::string& path) {
    std::string text = read_text(kDemoSource + "/catalog.json");
    text.replace(text.find("\"sequence\": 1,"), 14, "\"sequence\": -5,");
    text.replace(text.find("\"duration_s\": 8,"), 16, "\"duration_s\": 8, \"rating\": 3,");
    const std::string thumb = "\"thumbs/wages-arrears-01.png\"";
    text.replace(text.find(thumb), thumb.size(), "\"javascript:alert(1)\"");
    write_text(path, text);
    return text;
}

int line_of(const std::string& text, const std::string& needle) {
    const std::size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    int line = 1;
    for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
    return line;
}

const char* const kCsv =
    "id,category,category_mn,category_zh,title_mn,title_zh,summary_mn,summary_zh,duration_s,thumbnail_url,"
    "thumbnail_w,thumbnail_h,download_url,download_height,featured,tags\n"
    "wages-01,wages,ᠴᠠᠯᠢᠩ,工资,ᠴᠠᠯᠢᠩ ᠤᠨ ᠬᠠᠤᠯᠢ,讨薪,ᠴᠠᠯᠢᠩ ᠤᠨ ᠬᠠᠤᠯᠢ ᠶᠢᠨ ᠰᠤᠷᠭᠠᠯ,\"农民工讨薪，要留好证据。\",600,"
    "thumbs/wages-01.png,480,270,clips/wages-01.mp4,720,yes,law wages\n"
    "wages-02,wages,,,ᠬᠥᠳᠡᠯᠮᠦᠷᠢ ᠶᠢᠨ ᠭᠡᠷ᠎ᠡ,劳动合同,ᠬᠥᠳᠡᠯᠮᠦᠷᠢ,\"签合同，写清\"\"工资\"\"。\",900,"
    "thumbs/wages-02.png,480,270,clips/wages-02.mp4,720,,\n";

}  // namespace

TEST_CASE("fl-feed lint: every problem with file:line:column, pointer, English and Chinese, exit 1") {
    TempDir dir;
    const std::string path = dir.file("feed.json");
    const std::string text = broken_demo(path);
    const auto result = tool("lint " + shell_quote(path));
    INFO(result.out, result.err);
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out, path + ":" + std::to_string(line_of(text, "\"sequence\": -5")) + ":15: /sequence: out of range"));
    CHECK(contains(result.out, "    超出范围"));
    CHECK(contains(result.out, ":" + std::to_string(line_of(text, "\"rating\"")) + ":"));
    CHECK(contains(result.out, "/items/0/rating: unknown key \"rating\""));
    CHECK(contains(result.out, "/items/3/thumbnail/url: \"javascript:alert(1)\": the \"javascript:\" scheme is not allowed"));
    CHECK(contains(result.out, "3 problem(s)"));
    CHECK(contains(result.out, "发现 3 个问题"));

    const auto demo = tool("lint " + shell_quote(kDemoSource + "/catalog.json"));
    CHECK(demo.exit_code == 0);
    CHECK(contains(demo.out, "OK: sequence 1, 18 programmes in 6 categories"));
    const auto hosts = tool("lint --allow-host media.example.cn --base https://media.example.cn/feed.json " +
                            shell_quote(kDemoSource + "/catalog.json"));
    CHECK(hosts.exit_code == 1);  // published from a server, the demo's relative files would need sha256 and bytes
    CHECK(contains(hosts.out, "/items/0/thumbnail/sha256: missing (required for files on a server)"));
    CHECK(tool("lint").exit_code == 2);
    CHECK(tool("frobnicate").exit_code == 2);
    CHECK(tool("lint " + shell_quote(dir.file("missing.json"))).exit_code == 1);
}

TEST_CASE("fl-feed import: a spreadsheet (CSV with quotes and a BOM) becomes a valid feed") {
    TempDir dir;
    write_text(dir.file("table.csv"), std::string("\xEF\xBB\xBF") + kCsv);
    const auto result = tool("import " + shell_quote(dir.file("table.csv")) + " -o " + shell_quote(dir.file("feed.json")) +
                             " --sequence 12 --published 2026-11-01T08:00:00Z");
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.out, "OK: sequence 12, 2 programmes in 1 categories"));
    const std::string feed = read_text(dir.file("feed.json"));
    CHECK(contains(feed, "\"expires\": \"2026-11-15T08:00:00Z\""));  // 14 days
    CHECK(contains(feed, "签合同，写清\\\"工资\\\"。"));
    CHECK(contains(feed, "\"featured\": [\n    \"wages-01\"\n  ]"));
    CHECK(contains(feed, "\"tags\": [\n        \"law\",\n        \"wages\"\n      ]"));

    std::string bad = kCsv;
    bad.replace(bad.find(",600,"), 5, ",ten minutes,");
    write_text(dir.file("bad.csv"), bad);
    const auto bad_result = tool("import " + shell_quote(dir.file("bad.csv")) + " -o " + shell_quote(dir.file("bad.json")) +
                                 " --sequence 12");
    CHECK(bad_result.exit_code == 1);
    CHECK(contains(bad_result.out, dir.file("bad.csv") + ":2: duration_s: \"ten minutes\" is not a whole number"));
    CHECK(contains(bad_result.out, "/items/0/duration_s: expected an integer, found string"));

    write_text(dir.file("columns.csv"), "id,category,colour\n");
    const auto columns = tool("import " + shell_quote(dir.file("columns.csv")) + " -o " + shell_quote(dir.file("c.json")) +
                              " --sequence 1");
    CHECK(columns.exit_code == 1);
    CHECK(contains(columns.err, "unknown column \"colour\""));
    CHECK(contains(columns.err, "missing column \"title_mn\""));
}

TEST_CASE("fl-feed import: a Media RSS export from a CMS becomes a valid feed") {
    TempDir dir;
    const std::string hash = std::string(64, 'a');
    write_text(dir.file("export.xml"), R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:fl="urn:family-lawyer:feed">
 <channel>
  <title>CMS</title>
  <fl:category id="family" mn-Mong="ᠭᠡᠷ ᠪᠦᠯᠢ" zh-Hans="婚姻家庭"/>
  <item>
   <guid>divorce-01</guid>
   <title xml:lang="mn-Mong">ᠭᠡᠷᠡᠯᠲᠡ ᠴᠤᠯᠤᠯᠠᠬᠤ</title>
   <title xml:lang="zh-Hans">离婚须知</title>
   <description xml:lang="mn-Mong">ᠭᠡᠷᠡᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ</description>
   <description xml:lang="zh-Hans">协议离婚与诉讼离婚。</description>
   <category>family</category>
   <fl:featured>yes</fl:featured>
   <media:content url="https://media.example.cn/d/divorce-01.mp4" type="video/mp4" fileSize="3120000" height="720"
                  duration="1260" fl:sha256=")" + hash + R"("/>
   <media:content url="https://media.example.cn/d/hls/master.m3u8" type="application/x-mpegURL"/>
   <media:thumbnail url="https://media.example.cn/d/thumb.jpg" width="640" height="360" fl:sha256=")" + hash +
                                            R"(" fl:bytes="48213"/>
   <media:subTitle type="text/vtt" lang="zh-Hans" href="https://media.example.cn/d/zh.vtt" fl:sha256=")" + hash +
                                            R"(" fl:bytes="1800"/>
  </item>
 </channel>
</rss>
)");
    const auto result = tool("import " + shell_quote(dir.file("export.xml")) + " -o " + shell_quote(dir.file("feed.json")) +
                             " --sequence 3 --published 2026-11-01T08:00:00Z --expires 2026-12-01T08:00:00Z");
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    const std::string feed = read_text(dir.file("feed.json"));
    CHECK(contains(feed, "\"hls\": \"https://media.example.cn/d/hls/master.m3u8\""));
    CHECK(contains(feed, "\"duration_s\": 1260"));
    CHECK(contains(feed, "\"zh-Hans\": \"婚姻家庭\""));
    CHECK(contains(feed, "\"lang\": \"zh-Hans\""));
    CHECK(tool("lint --allow-host media.example.cn " + shell_quote(dir.file("feed.json"))).exit_code == 0);

    write_text(dir.file("broken.xml"), "<rss><channel><item></channel></rss>");
    const auto broken = tool("import " + shell_quote(dir.file("broken.xml")) + " -o " + shell_quote(dir.file("b.json")) +
                             " --sequence 3");
    CHECK(broken.exit_code == 1);
    CHECK(contains(broken.err, "broken.xml:1:"));
}

TEST_CASE("fl-feed sign and verify: stock minisign keys, k-of-n with --append, wrong keys refused") {
    TempDir dir;
    for (const char* name : {"a", "b"}) {
        std::filesystem::create_directories(dir.file(name));
        const auto made = run_command("minisign -G -W -p " + shell_quote(dir.file(std::string(name) + "/k.pub")) + " -s " +
                                      shell_quote(dir.file(std::string(name) + ".key")) + " </dev/null");
        REQUIRE(made.exit_code == 0);
    }
    std::filesystem::create_directories(dir.file("both"));
    std::filesystem::copy_file(dir.file("a/k.pub"), dir.file("both/a.pub"));
    std::filesystem::copy_file(dir.file("b/k.pub"), dir.file("both/b.pub"));
    const std::string feed = dir.file("feed.json");
    std::filesystem::copy_file(kDemoSource + "/catalog.json", feed);

    const auto signed_a = tool("sign " + shell_quote(feed) + " --key " + shell_quote(dir.file("a.key")) + " </dev/null");
    INFO(signed_a.out, signed_a.err);
    REQUIRE(signed_a.exit_code == 0);
    CHECK(contains(read_text(feed + ".minisig"), "trusted comment: sequence:1 expires:2027-11-01T08:00:00Z\n"));
    // The stock tool accepts what fl-feed wrote.
    CHECK(run_command("minisign -V -p " + shell_quote(dir.file("a/k.pub")) + " -m " + shell_quote(feed)).exit_code == 0);

    auto verified = tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("a")));
    CHECK(verified.exit_code == 0);
    CHECK(contains(verified.out, "signature OK: sequence 1, expires 2027-11-01T08:00:00Z"));
    CHECK(tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("both")) + " --threshold 2").exit_code == 1);
    CHECK(tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("a")) + " --after 2").exit_code == 1);
    const auto wrong = tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("b")));
    CHECK(wrong.exit_code == 1);
    CHECK(contains(wrong.out, "signed by 0 trusted key(s)"));

    REQUIRE(tool("sign " + shell_quote(feed) + " --key " + shell_quote(dir.file("b.key")) + " --append </dev/null").exit_code == 0);
    CHECK(tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("both")) + " --threshold 2").exit_code == 0);

    std::string text = read_text(feed);
    text.replace(text.find("\"sequence\": 1,"), 14, "\"sequence\": 2,");
    write_text(feed, text);
    const auto tampered = tool("verify " + shell_quote(feed) + " --keys " + shell_quote(dir.file("a")));
    CHECK(tampered.exit_code == 1);
    CHECK(contains(tampered.out, "does not match"));
    // An invalid feed is not signed.
    broken_demo(dir.file("broken.json"));
    CHECK(tool("sign " + shell_quote(dir.file("broken.json")) + " --key " + shell_quote(dir.file("a.key"))).exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("broken.json.minisig")));
}

TEST_CASE("fl-feed package: real ffmpeg makes HLS with LANGUAGE-tagged subtitles, an MP4, a thumbnail, hashes") {
    TempDir dir;
    const std::string media = dir.file("Divorce Basics.mp4");
    const auto made = run_command("ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=size=320x240:rate=25:duration=2 "
                                  "-f lavfi -i sine=frequency=440:duration=2 -c:v libx264 -preset ultrafast -c:a aac " +
                                  shell_quote(media));
    REQUIRE(made.exit_code == 0);
    write_text(dir.file("Divorce Basics.mn.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.500\nᠭᠡᠷᠡᠯᠲᠡ\n");
    write_text(dir.file("Divorce Basics.zh.srt"), "1\n00:00:00,000 --> 00:00:01,500\n离婚须知\n");
    const auto result = tool("package " + shell_quote(media) + " -o " + shell_quote(dir.file("out")) +
                             " --base-url https://media.example.cn/p");
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    const std::string item_dir = dir.file("out/divorce-basics");
    const std::string master = read_text(item_dir + "/hls/master.m3u8");
    CHECK(contains(master, "TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Mongolian\",LANGUAGE=\"mn-Mong\""));
    CHECK(contains(master, "LANGUAGE=\"zh-Hans\""));
    CHECK(contains(master, "SUBTITLES=\"subs\""));
    CHECK(contains(read_text(item_dir + "/hls/subs/zh.vtt"), "X-TIMESTAMP-MAP=MPEGTS:"));
    CHECK(contains(read_text(item_dir + "/subs/zh.vtt"), "离婚须知"));
    CHECK(std::filesystem::exists(item_dir + "/hls/0/index.m3u8"));
    const std::string item = read_text(item_dir + "/item.json");
    CHECK(contains(item, "\"hls\": \"https://media.example.cn/p/divorce-basics/hls/master.m3u8\""));
    CHECK(contains(item, "\"height\": 240"));
    CHECK(contains(item, "\"duration_s\": 2"));
    // Sizes and hashes as the system tools see them.
    const std::string mp4 = item_dir + "/divorce-basics.mp4";
    const auto sum = run_command("sha256sum " + shell_quote(mp4));
    REQUIRE(sum.exit_code == 0);
    CHECK(contains(item, "\"sha256\": \"" + sum.out.substr(0, 64) + "\""));
    CHECK(contains(item, "\"bytes\": " + std::to_string(std::filesystem::file_size(mp4))));
    const auto probe = run_command("ffprobe -v error -show_entries stream=height -of csv=p=0 " + shell_quote(mp4));
    CHECK(contains(probe.out, "240"));
}

TEST_CASE("fl-feed preview: the app renders home, programme and category screens of a feed to PNG files") {
    TempDir dir;
    const auto result = tool("preview " + shell_quote(kDemoBuilt + "/catalog.json") + " -o " + shell_quote(dir.file("shots")) +
                             " --app " + shell_quote(kApp) + " --size 960x540");
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    for (const char* name : {"home", "program", "category"}) {
        const std::string png = read_text(dir.file(std::string("shots/") + name + ".png"));
        REQUIRE(png.size() > 24);
        CHECK(png.substr(1, 3) == "PNG");
        CHECK(static_cast<unsigned char>(png[18]) * 256 + static_cast<unsigned char>(png[19]) == 960);  // width
    }
    CHECK(read_text(dir.file("shots/home.png")) != read_text(dir.file("shots/category.png")));
    CHECK(tool("preview " + shell_quote(kDemoBuilt + "/catalog.json") + " -o " + shell_quote(dir.file("x")) +
               " --app /nonexistent/family-lawyer").exit_code == 2);
}

TEST_CASE("docs/feed.schema.json (JSON Schema 2020-12) accepts the demo catalogue and refuses broken documents") {
    TempDir dir;
    const std::string schema = FL_FEED_SCHEMA;
    write_text(dir.file("check.py"), R"(import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
    print(path, len(errors))
)");
    broken_demo(dir.file("broken.json"));
    const auto result = run_command("/usr/bin/python3 " + shell_quote(dir.file("check.py")) + " " + shell_quote(schema) +
                                    " " + shell_quote(kDemoSource + "/catalog.json") + " " +
                                    shell_quote(dir.file("broken.json")));
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.out, kDemoSource + "/catalog.json 0\n"));
    CHECK(contains(result.out, dir.file("broken.json") + " 2\n"));  // sequence < 0, unknown key (the URL rule is ours)
}
