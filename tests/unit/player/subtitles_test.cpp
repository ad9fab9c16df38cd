// Subtitle parsing: the demo captions, every tolerance and rejection rule with its message, caps, cue lookup.
#include "media/subtitles.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/files.h"

namespace fl::media {
namespace {

SubtitleTrack vtt(std::string_view text, std::string_view name = "zh.vtt") {
    auto parsed = parse_webvtt(text, name);
    if (!parsed.ok()) FAIL("unexpected error: " << parsed.error().message);
    return std::move(parsed).value();
}

SubtitleTrack srt(std::string_view text, std::string_view name = "zh.srt") {
    auto parsed = parse_srt(text, name);
    if (!parsed.ok()) FAIL("unexpected error: " << parsed.error().message);
    return std::move(parsed).value();
}

std::string vtt_error(std::string_view text, std::string_view name = "zh.vtt") {
    auto parsed = parse_webvtt(text, name);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error().message;
}

std::vector<std::string> texts(const std::vector<const Cue*>& cues) {
    std::vector<std::string> out;
    out.reserve(cues.size());
    for (const Cue* cue : cues) out.push_back(cue->text);
    return out;
}

// A file in a fresh temporary directory, removed with it.
struct TempFile {
    std::filesystem::path directory;
    std::filesystem::path path;
    TempFile(const std::string& name, const std::string& content) {
        directory = std::filesystem::temp_directory_path() /
                    ("fl_subtitles_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        std::filesystem::create_directories(directory);
        path = directory / name;
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
    }
    static int& counter() {
        static int value = 0;
        return value;
    }
};

std::string many_cues(size_t count) {
    std::string text = "WEBVTT\n\n";
    for (size_t i = 0; i < count; ++i) {
        const size_t ms = i * 10;
        char line[96];
        std::snprintf(line, sizeof line, "%02zu:%02zu:%02zu.%03zu --> %02zu:%02zu:%02zu.%03zu\nx\n\n", ms / 3600000,
                      ms / 60000 % 60, ms / 1000 % 60, ms % 1000, (ms + 5) / 3600000, (ms + 5) / 60000 % 60,
                      (ms + 5) / 1000 % 60, (ms + 5) % 1000);
        text += line;
    }
    return text;
}

}  // namespace

TEST_CASE("every demo item's Mongolian and Chinese captions parse with 3 cues over the 8 s clip") {
    auto catalog_text = read_file(FL_DEMO_DIR "/catalog.json");
    REQUIRE(catalog_text.ok());
    const auto catalog = nlohmann::json::parse(catalog_text.value());
    REQUIRE(catalog["items"].size() > 0);
    size_t files = 0;
    for (const auto& item : catalog["items"]) {
        std::set<std::string> languages;
        for (const auto& caption : item["captions"]) {
            // Catalogue captions name their file by "url" (relative to the catalogue); older ones by "path".
            const auto& name = caption.contains("url") ? caption["url"] : caption["path"];
            const std::string path = FL_DEMO_DIR "/" + name.get<std::string>();
            CAPTURE(path);
            auto track = load_subtitles(path);
            REQUIRE_MESSAGE(track.ok(), (track.ok() ? "" : track.error().message));
            const SubtitleTrack& t = track.value();
            REQUIRE(t.cues.size() == 3);
            CHECK(t.skipped_cues == 0);
            CHECK(t.problems.empty());
            CHECK(t.private_use_characters == 0);
            CHECK(t.cues[0].start_s == 0.0);
            CHECK(t.cues[0].end_s == 2.5);
            CHECK(t.cues[1].start_s == 2.5);
            CHECK(t.cues[2].end_s == 8.0);
            for (const Cue& cue : t.cues) {
                CHECK_FALSE(cue.text.empty());
                CHECK(cue.text.find('\n') == std::string::npos);
            }
            CHECK(texts(t.active_at(3.0)) == std::vector<std::string>{t.cues[1].text});
            languages.insert(caption["lang"].get<std::string>());
            ++files;
        }
        CHECK(languages == std::set<std::string>{"mn-Mong", "zh-Hans"});
    }
    CHECK(files == 2 * catalog["items"].size());
}

TEST_CASE("WebVTT: a missing or wrong header is the one thing that rejects the file") {
    CHECK(vtt_error("1\n00:00:01.000 --> 00:00:02.000\nhi\n", "mn.vtt") ==
          "mn.vtt:1: not a WebVTT file (first line must be WEBVTT)");
    CHECK(vtt_error("", "mn.vtt") == "mn.vtt:1: not a WebVTT file (first line must be WEBVTT)");
    CHECK(vtt_error("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi\n").find("not a WebVTT file") != std::string::npos);
    CHECK(vtt_error("webvtt\n").find("zh.vtt:1:") == 0);
    // Text after the signature (a title) is allowed, and so is a header with nothing else.
    CHECK(vtt("WEBVTT - Family law, episode 1\n\n00:01.000 --> 00:02.000\nhi\n").cues.size() == 1);
    CHECK(vtt("WEBVTT\tx\n").cues.empty());
    CHECK(vtt("WEBVTT").cues.empty());
}

TEST_CASE("WebVTT: BOM, CRLF and CR line endings, identifiers and cue settings") {
    const std::string lf =
        "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.500 line:90% align:center\nFirst\n\n"
        "2\n00:00:03.000 --> 00:00:04.000\nSecond\nline two\n";
    std::string crlf, cr;
    for (char c : lf) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        cr += c == '\n' ? '\r' : c;
    }
    for (const std::string& text : {lf, "\xEF\xBB\xBF" + lf, crlf, "\xEF\xBB\xBF" + crlf, cr}) {
        const SubtitleTrack t = vtt(text);
        REQUIRE(t.cues.size() == 2);
        CHECK(t.cues[0].start_s == 1.0);
        CHECK(t.cues[0].end_s == 2.5);
        CHECK(t.cues[0].text == "First");
        CHECK(t.cues[1].text == "Second\nline two");  // lines joined with '\n', no '\r' left
        CHECK(t.skipped_cues == 0);
    }
}

TEST_CASE("WebVTT: NOTE, STYLE and REGION blocks are skipped, header metadata and X-TIMESTAMP-MAP are tolerated") {
    const SubtitleTrack t =
        vtt("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\nKind: captions\n\n"
            "STYLE\n::cue { color: yellow }\n\n"
            "REGION\nid:left width:40%\n\n"
            "NOTE exported by the editor\nreviewed\n\n"
            "00:01.000 --> 00:02.000\nkept\n\n"
            "NOTE\n\n"
            "00:03.000 --> 00:04.000\nalso kept\n");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].text == "kept");
    CHECK(t.cues[1].text == "also kept");
    CHECK(t.skipped_cues == 0);
    CHECK(t.problems.empty());
}

TEST_CASE("WebVTT: hours are optional, a forgotten blank line after the header or between cues is tolerated") {
    const SubtitleTrack t = vtt("WEBVTT\n00:01:02.500 --> 01:02.750\none\n2\n01:03.000-->01:04.000\ntwo\n");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].start_s == 62.5);
    CHECK(t.cues[0].end_s == 62.75);
    CHECK(t.cues[0].text == "one");  // the "2" above the next timing line is its identifier, not text
    CHECK(t.cues[1].start_s == 63.0);
    CHECK(t.cues[1].text == "two");
    CHECK(vtt("WEBVTT\n\n10:00:00.001 --> 99:59:59.999\nlate\n").cues.at(0).end_s == doctest::Approx(359999.999));
}

TEST_CASE("WebVTT: a cue with a bad timestamp is skipped with a message naming the file and line, the rest is kept") {
    const SubtitleTrack t =
        vtt("WEBVTT\n\n"                                // 1-2
            "1\n00:00:01.000 --> 00:00:02.000\nok\n\n"  // 3-6
            "2\n00:00:02.000 --> 00:00:03.000\nok\n\n"  // 7-10
            "3\n00:01:7.000 --> 00:01:08.000\nbad\n\n"  // 11-14: the timing line is line 12
            "4\n00:00:09.000 --> 00:00:10.000\nok\n");
    CHECK(t.cues.size() == 3);
    CHECK(t.skipped_cues == 1);
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0] == "zh.vtt:12: timestamp '00:01:7.000' is not mm:ss.ttt or hh:mm:ss.ttt; cue skipped");
}

TEST_CASE("WebVTT: each timing rule rejects its cue with a message an editor can act on") {
    struct Case {
        const char* timing;
        const char* message;
    };
    const Case cases[] = {
        {"00:00:01.000 --> 00:00:02", "timestamp '00:00:02' is not mm:ss.ttt or hh:mm:ss.ttt"},
        {"00:00:01.00 --> 00:00:02.000", "timestamp '00:00:01.00' is not mm:ss.ttt or hh:mm:ss.ttt"},
        {"1.000 --> 2.000", "timestamp '1.000' is not mm:ss.ttt or hh:mm:ss.ttt"},
        {"00:aa:01.000 --> 00:00:02.000", "timestamp '00:aa:01.000' is not mm:ss.ttt or hh:mm:ss.ttt"},
        {"00:00:01,000 --> 00:00:02,000",
         "timestamp '00:00:01,000' is not mm:ss.ttt or hh:mm:ss.ttt (WebVTT needs a dot before the milliseconds, not "
         "a comma)"},
        {"00:60:00.000 --> 01:00:00.000", "timestamp '00:60:00.000' has minutes or seconds above 59"},
        {"00:00:61.000 --> 00:01:02.000", "timestamp '00:00:61.000' has minutes or seconds above 59"},
        {"99:00:00.000 --> 100:00:00.000",
         "timestamp '100:00:00.000' is 100 hours or more; subtitle times must be below 100:00:00.000"},
        {"00:00:05.000 --> 00:00:04.000", "cue ends (00:00:04.000) before it starts (00:00:05.000)"},
        {"--> 00:00:04.000", "cue timing line has no start time before '-->'"},
        {"00:00:01.000 -->", "cue timing line has no end time after '-->'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.timing);
        const SubtitleTrack t =
            vtt(std::string("WEBVTT\n\n") + c.timing + "\nbroken\n\n00:00:07.000 --> 00:00:08.000\nfine\n");
        REQUIRE(t.cues.size() == 1);
        CHECK(t.cues[0].text == "fine");
        CHECK(t.skipped_cues == 1);
        REQUIRE(t.problems.size() == 1);
        CHECK(t.problems[0] == std::string("zh.vtt:3: ") + c.message + "; cue skipped");
    }
}

TEST_CASE("WebVTT: a block that is not a cue is counted as skipped, an empty-length cue is kept but never shows") {
    const SubtitleTrack t = vtt("WEBVTT\n\nstray words\nmore\n\n00:00:01.000 --> 00:00:01.000\nflash\n");
    CHECK(t.skipped_cues == 1);
    REQUIRE(t.problems.size() == 1);
    CHECK(
        t.problems[0] ==
        "zh.vtt:3: expected a cue timing line like '00:00:01.000 --> 00:00:04.000', found 'stray words'; cue skipped");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.active_at(1.0).empty());
}

TEST_CASE("cue text: tags removed, entities decoded, ruby annotations dropped, lone '<' kept") {
    const SubtitleTrack t =
        vtt("WEBVTT\n\n"
            "00:01.000 --> 00:02.000\n<v Mother><b>Court</b> &amp; <i>law</i></v>\n\n"
            "00:02.000 --> 00:03.000\n<c.yellow.bg_black>黄</c> &lt;tag&gt; a&nbsp;b &lrm;x&rlm;\n\n"
            "00:03.000 --> 00:04.000\n<ruby>法<rt>fǎ</rt>律<rt>lǜ</rt></ruby> <lang zh>中</lang>\n\n"
            "00:04.000 --> 00:05.000\nkaraoke <00:04.500>word &#x4E2D;&#20013; &unknown; 1 < 2\n\n"
            "00:05.000 --> 00:06.000\n  <u>first</u>  \n  second\n");
    REQUIRE(t.cues.size() == 5);
    CHECK(t.cues[0].text == "Court & law");
    CHECK(t.cues[1].text == "黄 <tag> a\u00A0b \u200Ex\u200F");
    CHECK(t.cues[2].text == "法律 中");
    CHECK(t.cues[3].text == "karaoke word 中中 &unknown; 1 < 2");
    CHECK(t.cues[4].text == "first\nsecond");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD and is counted, private-use characters are kept and counted") {
    const std::string broken = std::string("WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:03.000 --> 00:04.000\n") +
                               "a\xFF"
                               "b\xE4\xB8"
                               "c\xED\xA0\x80" +
                               std::string("d\0e\n", 4);
    const SubtitleTrack bad = vtt(broken);
    REQUIRE(bad.cues.size() == 2);
    // FF; E4 B8 cut short (one); ED A0 80, a surrogate, byte by byte (three); NUL is replaced but is not counted.
    CHECK(bad.cues[1].text == "a\uFFFDb\uFFFDc\uFFFD\uFFFD\uFFFDd\uFFFDe");
    CHECK(bad.invalid_utf8_sequences == 5);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0] ==
          "zh.vtt:7: 5 byte sequence(s) are not UTF-8 and show as the replacement character (the "
          "first on this line); save the file as UTF-8");

    const SubtitleTrack menksoft =
        vtt("WEBVTT\n\n00:01.000 --> 00:02.000\n\uE234\uE26C \u1828\n\n"
            "00:02.000 --> 00:03.000\n\uF8FF\n");
    REQUIRE(menksoft.cues.size() == 2);
    CHECK(menksoft.cues[0].text == "\uE234\uE26C \u1828");
    CHECK(menksoft.private_use_characters == 3);
    CHECK(vtt("WEBVTT\n\n00:01.000 --> 00:02.000\n\u1828\u1821\n").private_use_characters == 0);
}

TEST_CASE("caps: cue text cut at 1,000 bytes on a character boundary") {
    std::string long_text;
    for (int i = 0; i < 400; ++i) long_text += "法";  // 1,200 bytes
    const SubtitleTrack t = vtt("WEBVTT\n\n00:01.000 --> 00:02.000\n" + long_text + "\n");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].text.size() == 999);  // 333 whole characters
    CHECK(t.cues[0].text == long_text.substr(0, 999));
    CHECK(t.truncated_cues == 1);
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0] == "zh.vtt:3: cue text is longer than 1000 bytes and was cut; split it into shorter cues");
    CHECK(vtt("WEBVTT\n\n00:01.000 --> 00:02.000\n" + std::string(1000, 'a') + "\n").truncated_cues == 0);
}

// The test's own deadline (ctest TIMEOUT) catches quadratic scanning, which would take hours on 4 MiB;
// no timing threshold is asserted here.
TEST_CASE("caps: hostile cue text of the largest allowed size stays within the cue cap") {
    const std::string fillers[] = {"<", "&", "&#", "{\\", "<rt>", "\n", "\r", "a\n", "x"};
    for (const std::string& filler : fillers) {
        CAPTURE(filler);
        std::string text = "WEBVTT\n\n00:01.000 --> 00:02.000\nstart";
        while (text.size() + filler.size() <= kMaxSubtitleFileBytes) text += filler;
        const SubtitleTrack t = vtt(text);
        REQUIRE(t.cues.size() == 1);
        CHECK(t.cues[0].text.size() <= kMaxCueTextBytes);
        CHECK(t.cues[0].text.substr(0, 5) == "start");
    }
}

TEST_CASE("a number as the last line of a cue's text stays text") {
    const SubtitleTrack t = vtt("WEBVTT\n\n00:01.000 --> 00:02.000\nArticle\n1079\n\n00:03.000 --> 00:04.000\n12348\n");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].text == "Article\n1079");
    CHECK(t.cues[1].text == "12348");
}

TEST_CASE("caps: 20,000 cues are read, 20,001 reject the file") {
    const SubtitleTrack full = vtt(many_cues(kMaxCues));
    CHECK(full.cues.size() == kMaxCues);
    CHECK(full.cues.back().start_s == doctest::Approx(199.99));
    const std::string error = vtt_error(many_cues(kMaxCues + 1));
    CHECK(error == "zh.vtt:60003: more than 20000 cues; a programme needs far fewer, so check how the file was made");
}

TEST_CASE("caps: a file above 4 MiB is refused, one of exactly 4 MiB is read") {
    std::string big = "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nNOTE ";
    big.resize(kMaxSubtitleFileBytes, 'n');
    CHECK(vtt(big).cues.size() == 1);
    big.push_back('n');
    CHECK(vtt_error(big) ==
          "zh.vtt: file is 4194305 bytes; a subtitle file may be at most 4 MiB (4194304 bytes). Check that this is "
          "a subtitle file, or split it.");
    const std::string five(5u << 20, 'a');
    REQUIRE_FALSE(parse_srt(five, "x.srt").ok());

    TempFile file("huge.vtt", "WEBVTT\n\n" + std::string(5u << 20, ' '));
    auto loaded = load_subtitles(file.path.string());
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message.find("huge.vtt: file is 5242888 bytes") == 0);
}

TEST_CASE("SRT: comma milliseconds, index lines, CRLF, BOM, tags and {\\an8} override codes") {
    const SubtitleTrack t =
        srt("\xEF\xBB\xBF"
            "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i>\r\n<font color=\"#ff0\">there</font>\r\n\r\n"
            "2\r\n00:00:03,250 --> 00:00:04,000 X1:100 X2:200\r\n{\\an8}Top &amp; more\r\n\r\n");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].start_s == 1.0);
    CHECK(t.cues[0].end_s == 2.5);
    CHECK(t.cues[0].text == "Hello\nthere");
    CHECK(t.cues[1].start_s == 3.25);
    CHECK(t.cues[1].text == "Top & more");
    // Dots are tolerated in SRT; a cue without its index line too; hours are not optional.
    CHECK(srt("00:00:01.000 --> 00:00:02.000\nx\n").cues.at(0).end_s == 2.0);
    const SubtitleTrack no_hours = srt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:03,000 --> 00:04,000\nx\n");
    CHECK(no_hours.cues.size() == 1);
    CHECK(no_hours.problems.at(0) == "zh.srt:6: timestamp '00:03,000' is not hh:mm:ss,ttt; cue skipped");
}

TEST_CASE("SRT: a broken cue is skipped with its line, a file with no readable cue is refused") {
    const SubtitleTrack t = srt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:3,000 --> 00:00:04,000\nbad\n");
    CHECK(t.cues.size() == 1);
    CHECK(t.skipped_cues == 1);
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0] == "zh.srt:6: timestamp '00:00:3,000' is not hh:mm:ss,ttt; cue skipped");

    auto garbage = parse_srt("<html><body>404 Not Found</body></html>\n", "zh.srt");
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().message ==
          "zh.srt: no subtitle cue could be read; the first problem: zh.srt:1: expected a cue timing line like "
          "'00:00:01.000 --> 00:00:04.000', found '<html><body>404 Not Found</body></html>'; cue skipped");
    CHECK(srt("").cues.empty());
}

TEST_CASE("many broken cues: all counted, the first 100 described") {
    std::string text = "WEBVTT\n\n";
    for (int i = 0; i < 150; ++i) text += "00:00:0x.000 --> 00:00:01.000\nbad\n\n";
    text += "00:00:01.000 --> 00:00:02.000\ngood\n";
    const SubtitleTrack t = vtt(text);
    CHECK(t.cues.size() == 1);
    CHECK(t.skipped_cues == 150);
    CHECK(t.problems.size() == kMaxRecordedProblems);
}

TEST_CASE("active_at: start inclusive, end exclusive, overlaps in start order, gaps empty") {
    const SubtitleTrack t =
        vtt("WEBVTT\n\n"
            "00:00:05.000 --> 00:00:06.000\nC\n\n"  // out of order in the file: sorted by start
            "00:00:00.000 --> 00:00:02.500\nA\n\n"
            "00:00:02.500 --> 00:00:04.000\nB\n\n"
            "00:00:03.000 --> 00:00:03.500\nB2\n\n"
            "00:00:01.000 --> 00:00:10.000\nlong\n\n"
            "00:00:20.000 --> 00:00:21.000\nD\n");
    REQUIRE(t.cues.size() == 6);
    CHECK(t.cues[0].text == "A");
    CHECK(t.cues[1].text == "long");
    CHECK(texts(t.active_at(-1.0)).empty());
    CHECK(texts(t.active_at(0.0)) == std::vector<std::string>{"A"});
    CHECK(texts(t.active_at(1.0)) == std::vector<std::string>{"A", "long"});
    CHECK(texts(t.active_at(2.4999)) == std::vector<std::string>{"A", "long"});
    CHECK(texts(t.active_at(2.5)) == std::vector<std::string>{"long", "B"});
    CHECK(texts(t.active_at(3.2)) == std::vector<std::string>{"long", "B", "B2"});
    CHECK(texts(t.active_at(3.5)) == std::vector<std::string>{"long", "B"});
    CHECK(texts(t.active_at(5.5)) == std::vector<std::string>{"long", "C"});
    CHECK(texts(t.active_at(10.0)).empty());
    CHECK(texts(t.active_at(20.0)) == std::vector<std::string>{"D"});
    CHECK(texts(t.active_at(21.0)).empty());
    CHECK(texts(t.active_at(std::numeric_limits<double>::quiet_NaN())).empty());
    CHECK(SubtitleTrack{}.active_at(1.0).empty());
}

TEST_CASE("active_at: a track built by hand works before and after index()") {
    SubtitleTrack t;
    t.cues = {{4.0, 5.0, "late"}, {1.0, 4.5, "early"}};
    CHECK(texts(t.active_at(4.2)) == std::vector<std::string>{"early", "late"});
    t.index();
    CHECK(t.cues[0].text == "early");
    CHECK(texts(t.active_at(4.2)) == std::vector<std::string>{"early", "late"});
    CHECK(texts(t.active_at(4.5)) == std::vector<std::string>{"late"});
}

TEST_CASE("load_subtitles: chooses the format by content and names the file in errors") {
    const std::string webvtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nvtt\n";
    const std::string subrip = "1\n00:00:01,000 --> 00:00:02,000\nsrt\n";
    {
        TempFile file("odd-name.srt", webvtt);  // the content decides, not the name
        auto t = load_subtitles(file.path.string());
        REQUIRE(t.ok());
        CHECK(t.value().cues.at(0).text == "vtt");
    }
    {
        TempFile file("subs.srt", subrip);
        auto t = load_subtitles(file.path.string());
        REQUIRE(t.ok());
        CHECK(t.value().cues.at(0).text == "srt");
    }
    {
        TempFile file("renamed.vtt", subrip);  // SRT saved as .vtt: the WebVTT header is missing
        auto t = load_subtitles(file.path.string());
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().message == "renamed.vtt:1: not a WebVTT file (first line must be WEBVTT)");
    }
    {
        TempFile file("mn.vtt", "00:01.000 --> 00:02.000\nno header\n");
        auto t = load_subtitles(file.path.string());
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().message == "mn.vtt:1: not a WebVTT file (first line must be WEBVTT)");
    }
    {
        TempFile file("crlf.vtt", "\xEF\xBB\xBFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nbom\r\n");
        auto t = load_subtitles(file.path.string());
        REQUIRE(t.ok());
        CHECK(t.value().cues.at(0).text == "bom");
    }
    auto missing = load_subtitles("/nonexistent/dir/zh.vtt");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("/nonexistent/dir/zh.vtt") != std::string::npos);
}

}  // namespace fl::media
