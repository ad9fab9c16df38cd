// Subtitle tracks inside the file: clips with a Mongolian and a Chinese text track (and one in another language)
// made with the ffmpeg CLI as MP4 (mov_text) and Matroska (SubRip, ASS), played by the real player.
#include "media/embedded_subtitles.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "media/player.h"
#include "process.h"

namespace {

using fl::media::Player;
using fl::media::PlayerOptions;

constexpr uint64_t kHangGuardMs = 30000;

const char* const kMongolianSrt =
    "1\n00:00:00,200 --> 00:00:01,400\nᠬᠠᠤᠯᠢ ᠶᠢᠨ\n<b>ᠲᠤᠰᠠᠯᠠᠮᠵᠢ</b>\n\n"
    "2\n00:00:01,800 --> 00:00:02,600\nᠪᠠᠶᠠᠷᠯᠠᠯ᠎ᠠ\n\n";
const char* const kChineseSrt =
    "1\n00:00:00,200 --> 00:00:01,400\n法律援助\n\n"
    "2\n00:00:01,800 --> 00:00:02,600\n谢谢观看\n\n";
const char* const kEnglishSrt = "1\n00:00:00,200 --> 00:00:02,600\nLegal aid\n\n";

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A 3 s clip with the three subtitle tracks, muxed with the given subtitle codec.
std::string make_clip(const fl::test::TempDir& dir, const std::string& name, const std::string& codec) {
    write(dir.file("mn.srt"), kMongolianSrt);
    write(dir.file("zh.srt"), kChineseSrt);
    write(dir.file("en.srt"), kEnglishSrt);
    const std::string out = dir.file(name);
    const auto made = fl::test::run_command(
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440 "
        "-i " + fl::test::shell_quote(dir.file("en.srt")) + " -i " + fl::test::shell_quote(dir.file("mn.srt")) +
        " -i " + fl::test::shell_quote(dir.file("zh.srt")) +
        " -t 3 -map 0:v -map 1:a -map 2 -map 3 -map 4 -c:v libx264 -pix_fmt yuv420p -c:a aac -c:s " + codec +
        " -metadata:s:s:0 language=eng -metadata:s:s:1 language=mon -metadata:s:s:2 language=chi " +
        fl::test::shell_quote(out));
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    return out;
}

struct Played {
    std::vector<std::string> open_languages;
    std::vector<std::string> mongolian_early, chinese_early, mongolian_late, chinese_late, between, english;
};

// Plays the clip without sound until the player has read every subtitle packet, then asks for the texts.
Played play(const std::string& clip) {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    Played played;
    std::mutex mutex;
    PlayerOptions options;
    options.audio = false;
    options.events = [&](std::string_view name, nlohmann::json fields) {
        std::lock_guard lock(mutex);
        if (name == "playback_open") played.open_languages = fields["subtitles"].get<std::vector<std::string>>();
    };
    auto player = Player::open(clip, options);
    const uint64_t give_up = fl::monotonic_ms() + kHangGuardMs;
    while (fl::monotonic_ms() < give_up) {
        std::optional<uint64_t> next;
        player->take_due_frame(fl::monotonic_ms(), next);
        // The demuxer reads 5 s ahead: the whole 3 s clip, the last cue included, is read soon after the open.
        if (!player->subtitle_texts("zh-Hans", 2.0).empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    played.mongolian_early = player->subtitle_texts("mn-Mong", 0.5);
    played.chinese_early = player->subtitle_texts("zh-Hans", 0.5);
    played.mongolian_late = player->subtitle_texts("mn-Mong", 2.0);
    played.chinese_late = player->subtitle_texts("zh-Hans", 2.0);
    played.between = player->subtitle_texts("zh-Hans", 1.6);
    played.english = player->subtitle_texts("en", 0.5);
    player.reset();
    return played;
}

void check_both_languages(const Played& played) {
    CHECK(played.open_languages == std::vector<std::string>{"mn-Mong", "zh-Hans"});
    CHECK(played.mongolian_early == std::vector<std::string>{"ᠬᠠᠤᠯᠢ ᠶᠢᠨ\nᠲᠤᠰᠠᠯᠠᠮᠵᠢ"});
    CHECK(played.chinese_early == std::vector<std::string>{"法律援助"});
    CHECK(played.mongolian_late == std::vector<std::string>{"ᠪᠠᠶᠠᠷᠯᠠᠯ᠎ᠠ"});
    CHECK(played.chinese_late == std::vector<std::string>{"谢谢观看"});
    CHECK(played.between.empty());
    CHECK(played.english.empty());
}

}  // namespace

TEST_CASE("subtitle language tags map to the overlay languages") {
    using fl::media::subtitle_language_from_tag;
    for (const char* tag : {"mon", "mn", "MVF", "mn-Mong", "mn_CN"}) {
        CAPTURE(tag);
        CHECK(subtitle_language_from_tag(tag) == "mn-Mong");
    }
    for (const char* tag : {"chi", "zho", "zh", "ZH-Hans", "cmn"}) {
        CAPTURE(tag);
        CHECK(subtitle_language_from_tag(tag) == "zh-Hans");
    }
    for (const char* tag : {"", "eng", "und", "mongolian", "chinese", "z"}) {
        CAPTURE(tag);
        CHECK_FALSE(subtitle_language_from_tag(tag).has_value());
    }
}

TEST_CASE("ASS event lines give their plain text") {
    using fl::media::text_of_ass_event;
    CHECK(text_of_ass_event("0,0,Default,,0,0,0,,{\\an8}{\\b1}法律{\\b0}援助\\N第二行") == "法律援助\n第二行");
    CHECK(text_of_ass_event("3,0,Default,Name,0,0,0,,a, b\\hc") == "a, b c");  // commas in the text stay
    CHECK(text_of_ass_event("no commas at all").empty());
    CHECK(text_of_ass_event(std::string("0,0,Default,,0,0,0,,bad \xff byte")) == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("an MP4 with mov_text tracks shows the Mongolian and Chinese ones") {
    fl::test::TempDir dir;
    check_both_languages(play(make_clip(dir, "subtitled.mp4", "mov_text")));
}

TEST_CASE("a Matroska file with SubRip tracks shows the Mongolian and Chinese ones") {
    fl::test::TempDir dir;
    check_both_languages(play(make_clip(dir, "subtitled.mkv", "srt")));
}

TEST_CASE("a Matroska file with ASS tracks shows their text without styling") {
    fl::test::TempDir dir;
    check_both_languages(play(make_clip(dir, "subtitled_ass.mkv", "ass")));
}
