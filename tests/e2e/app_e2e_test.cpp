// End to end: the real family-lawyer program, headless, driven by remote keys; events and screenshots checked.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "image_compare.h"
#include "platform/sdl/offscreen_canvas.h"
#include "process.h"

namespace fl::test {
namespace {

const std::string kApp = FL_APP;

struct AppRun {
    CommandResult result;
    std::vector<nlohmann::json> events;

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& event : events) out.push_back(event["event"]);
        return out;
    }
    std::vector<std::string> screens() const {
        std::vector<std::string> out;
        for (const auto& event : events) {
            if (event["event"] == "screen") out.push_back(event["screen"]);
        }
        return out;
    }
    const nlohmann::json* last(const std::string& name) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
            if ((*it)["event"] == name) return &*it;
        }
        return nullptr;
    }
};

// Runs the app headless with args; env is prepended to the command (e.g. "FL_FONT_DIR=/x").
AppRun run_app(const TempDir& dir, const std::string& args, const std::string& env = "") {
    const std::string events = dir.file("events.jsonl");
    std::filesystem::remove(events);
    AppRun run;
    run.result = run_command(env + " " + kApp + " --headless --data-dir " + shell_quote(dir.file("data")) +
                             " --events " + shell_quote(events) + " " + args);
    std::ifstream in(events);
    for (std::string line; std::getline(in, line);) run.events.push_back(nlohmann::json::parse(line));
    return run;
}

}  // namespace

TEST_CASE("the app starts on home, draws a first frame and goes idle") {
    TempDir dir;
    const auto run = run_app(dir, "--screenshot " + dir.file("home.png"));
    REQUIRE(run.result.exit_code == 0);
    const auto names = run.names();
    REQUIRE(names.size() >= 5);
    CHECK(names.front() == "app_start");
    CHECK(std::find(names.begin(), names.end(), "first_frame") < std::find(names.begin(), names.end(), "idle"));
    CHECK(run.screens() == std::vector<std::string>{"home"});
    REQUIRE(run.last("focus") != nullptr);
    CHECK((*run.last("focus"))["element"].get<std::string>().rfind("home.featured.", 0) == 0);
    uint64_t previous = 0;
    for (const auto& event : run.events) {
        CHECK(event["t_ms"].get<uint64_t>() >= previous);
        previous = event["t_ms"];
    }
    CHECK(std::filesystem::file_size(dir.file("home.png")) > 10000);
}

TEST_CASE("remote keys move focus and open screens, key events name the actions") {
    TempDir dir;
    const auto run = run_app(dir, "--keys Up,Right,Right,Ok --screenshot " + dir.file("s.png"));
    REQUIRE(run.result.exit_code == 0);
    CHECK(run.screens() == std::vector<std::string>{"home", "settings"});
    std::vector<std::string> keys;
    std::vector<std::string> focus;
    for (const auto& event : run.events) {
        if (event["event"] == "key") keys.push_back(event["action"]);
        if (event["event"] == "focus") focus.push_back(event["element"]);
    }
    CHECK(keys == std::vector<std::string>{"Up", "Right", "Right", "Ok"});
    CHECK(std::find(focus.begin(), focus.end(), "home.services.settings") != focus.end());
    CHECK((*run.last("idle"))["element"] == "settings.language");
}

TEST_CASE("Back returns with focus restored, Home goes home, waits are honoured") {
    TempDir dir;
    const auto run = run_app(dir, "--keys Down,Ok,Back,Down,Ok,Ok,wait:300,Home --screenshot " + dir.file("s.png"));
    REQUIRE(run.result.exit_code == 0);
    CHECK(run.screens() == std::vector<std::string>{"home", "program", "home", "program", "player", "home"});
    const auto* idle = run.last("idle");
    REQUIRE(idle != nullptr);
    CHECK((*idle)["screen"] == "home");
    // The wait: the Home key came at least 300 ms after the Ok before it.
    uint64_t ok_at = 0;
    uint64_t home_at = 0;
    for (const auto& event : run.events) {
        if (event["event"] == "key" && event["action"] == "Ok") ok_at = event["t_ms"];
        if (event["event"] == "key" && event["action"] == "Home") home_at = event["t_ms"];
    }
    CHECK(home_at >= ok_at + 300);
}

TEST_CASE("Back on home asks, choosing Exit ends the program cleanly") {
    TempDir dir;
    const auto run = run_app(dir, "--keys Back,Right,Ok");
    CHECK(run.result.exit_code == 0);
    CHECK(run.screens() == std::vector<std::string>{"home", "exit"});
}

TEST_CASE("the chosen interface language is kept in the data directory") {
    TempDir dir;
    const auto first = run_app(dir, "--keys Up,Right,Right,Ok,Ok --screenshot " + dir.file("1.png"));
    REQUIRE(first.result.exit_code == 0);
    std::ifstream saved(dir.file("data/settings.ini"));
    std::stringstream content;
    content << saved.rdbuf();
    CHECK(content.str().find("language = mn") != std::string::npos);
    const auto second = run_app(dir, "--screenshot " + dir.file("2.png"));
    CHECK(second.result.exit_code == 0);
}

TEST_CASE("--lang changes what is drawn") {
    TempDir dir;
    REQUIRE(run_app(dir, "--lang mn --screenshot " + dir.file("mn.png")).result.exit_code == 0);
    REQUIRE(run_app(dir, "--lang zh --screenshot " + dir.file("zh.png")).result.exit_code == 0);
    auto mn = sdl::load_png(dir.file("mn.png"));
    auto zh = sdl::load_png(dir.file("zh.png"));
    REQUIRE(mn.ok());
    REQUIRE(zh.ok());
    CHECK_FALSE(looks_the_same(compare_images(mn.value().get(), zh.value().get())));
}

TEST_CASE("bad start-up input stops with a message naming the file and the problem") {
    TempDir dir;
    SUBCASE("an unknown key in --keys") {
        const auto run = run_app(dir, "--keys Up,Sideways");
        CHECK(run.result.exit_code == 2);
        CHECK(run.result.err.find("unknown action 'Sideways'") != std::string::npos);
    }
    SUBCASE("a broken key map") {
        std::filesystem::copy(FL_UI_SOURCE_DIR, dir.file("ui"), std::filesystem::copy_options::recursive);
        std::ofstream(dir.file("ui/keymaps/keyboard.keymap"), std::ios::app) << "Up = Upwards\n";
        const auto run = run_app(dir, "", "FL_UI_DIR=" + shell_quote(dir.file("ui")));
        CHECK(run.result.exit_code == 1);
        CHECK(run.result.err.find("keyboard.keymap:") != std::string::npos);
        CHECK(run.result.err.find("Upwards") != std::string::npos);
    }
    SUBCASE("missing fonts") {
        const auto run = run_app(dir, "", "FL_FONT_DIR=" + shell_quote(dir.file("no-fonts")));
        CHECK(run.result.exit_code == 1);
        CHECK(run.result.err.find(dir.file("no-fonts") + "/manifest.txt") != std::string::npos);
    }
    SUBCASE("a catalogue that is not there") {
        const auto run = run_app(dir, "--feed " + dir.file("nothing.json"));
        CHECK(run.result.exit_code == 1);
        CHECK(run.result.err.find(dir.file("nothing.json")) != std::string::npos);
    }
    SUBCASE("a bad option") {
        const auto run = run_app(dir, "--size 12x9");
        CHECK(run.result.exit_code == 2);
        CHECK(run.result.err.find("--size") != std::string::npos);
    }
}

TEST_CASE("broken and oversized thumbnails show a placeholder, nothing else changes") {
    TempDir dir;
    const std::filesystem::path demo = FL_DEMO_DIR;
    std::filesystem::create_directories(dir.file("feed"));
    std::filesystem::copy(demo / "catalog.json", dir.file("feed/catalog.json"));
    std::filesystem::copy(demo / "thumbs", dir.file("feed/thumbs"));
    std::ifstream catalog(demo / "catalog.json");
    const auto json = nlohmann::json::parse(catalog);
    const std::string first = json["featured"][0];
    const std::string second = json["featured"][1];
    std::ofstream(dir.file("feed/thumbs/" + first + ".png"), std::ios::trunc) << "this is not a picture";
    {
        // A PNG header announcing 100000 x 100000 pixels: refused before decoding.
        std::ofstream bomb(dir.file("feed/thumbs/" + second + ".png"), std::ios::binary | std::ios::trunc);
        const unsigned char header[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                        0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 6, 0, 0, 0};
        bomb.write(reinterpret_cast<const char*>(header), sizeof header);
    }
    const auto run = run_app(dir, "--feed " + dir.file("feed/catalog.json") + " --screenshot " + dir.file("s.png"));
    REQUIRE(run.result.exit_code == 0);
    CHECK(run.result.err.find(first + ".png") != std::string::npos);
    CHECK(run.result.err.find("100000x100000") != std::string::npos);
    CHECK(run.result.err.find("placeholder") != std::string::npos);
    CHECK(run.last("idle") != nullptr);
}

TEST_CASE("--play plays a programme to the end and reports what was shown") {
    TempDir dir;
    const std::string clip = std::string(FL_DEMO_DIR) + "/clips/law-legal-aid-02.mp4";
    const auto run = run_app(dir, "--play " + shell_quote(clip) + " --exit-at-end", "SDL_AUDIODRIVER=dummy");
    REQUIRE(run.result.exit_code == 0);
    const auto names = run.names();
    for (const char* expected : {"playback_open", "decoder", "first_video_frame", "first_audio", "playback_end"}) {
        CHECK_MESSAGE(std::find(names.begin(), names.end(), expected) != names.end(), expected);
    }
    const auto* end = run.last("playback_end");
    REQUIRE(end != nullptr);
    // 8 s at 25 fps: every picture is either shown or counted as dropped.
    const auto shown = (*end)["frames_shown"].get<uint64_t>();
    const auto dropped = (*end)["frames_dropped"].get<uint64_t>();
    CHECK(shown + dropped >= 190);
    CHECK(shown + dropped <= 210);
    CHECK(shown > dropped);
}

TEST_CASE("a programme that cannot be played fails cleanly with a reason") {
    TempDir dir;
    std::ofstream(dir.file("broken.mp4")) << "not a video at all";
    const auto missing = run_app(dir, "--play " + dir.file("missing.mp4") + " --exit-at-end", "SDL_AUDIODRIVER=dummy");
    CHECK(missing.result.exit_code == 1);
    REQUIRE(missing.last("error") != nullptr);
    CHECK((*missing.last("error"))["code"] == "not_found");
    const auto broken = run_app(dir, "--play " + dir.file("broken.mp4") + " --exit-at-end", "SDL_AUDIODRIVER=dummy");
    CHECK(broken.result.exit_code == 1);
    CHECK(broken.last("error") != nullptr);
}

TEST_CASE("after a playback error the message shows, then the programme page comes back by itself or on OK") {
    TempDir dir;
    // A real clip with its header destroyed: the start of the file overwritten with zeros.
    const std::string damaged = dir.file("damaged.mp4");
    std::filesystem::copy_file(std::string(FL_DEMO_DIR) + "/clips/law-legal-aid-02.mp4", damaged);
    {
        std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
        const std::string zeros(64 * 1024, '\0');
        file.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    const auto by_itself = run_app(dir, "--play " + shell_quote(damaged), "SDL_AUDIODRIVER=dummy");
    CHECK(by_itself.result.exit_code == 0);
    REQUIRE(by_itself.last("error") != nullptr);
    CHECK(by_itself.screens() == std::vector<std::string>{"player", "program"});
    // The error comes first, the programme page after it, a few seconds later (the message is read meanwhile).
    const auto index_of = [&](const std::string& name, const std::string& screen) {
        for (size_t index = 0; index < by_itself.events.size(); ++index) {
            const auto& event = by_itself.events[index];
            if (event["event"] == name && (screen.empty() || event["screen"] == screen)) return index;
        }
        return by_itself.events.size();
    };
    CHECK(index_of("error", "") < index_of("screen", "program"));
    CHECK(by_itself.last("idle") != nullptr);
    CHECK((*by_itself.last("idle"))["screen"] == "program");

    const auto on_ok = run_app(dir, "--play " + dir.file("missing.mp4") + " --keys wait:1000,Ok", "SDL_AUDIODRIVER=dummy");
    CHECK(on_ok.result.exit_code == 0);
    REQUIRE(on_ok.last("error") != nullptr);
    CHECK((*on_ok.last("error"))["code"] == "not_found");
    CHECK(on_ok.screens() == std::vector<std::string>{"player", "program"});
}

TEST_CASE("leaving a programme part-way offers to continue from there next time") {
    TempDir dir;
    // A feed whose first category programme is a 60 s clip (resume points need at least 10 s watched).
    const std::filesystem::path demo = FL_DEMO_DIR;
    std::filesystem::copy(demo, dir.file("feed"), std::filesystem::copy_options::recursive);
    std::ifstream catalog_file(demo / "catalog.json");
    const auto catalog = nlohmann::json::parse(catalog_file);
    const std::string item = catalog["categories"][0]["item_ids"][0];
    const std::string clip = dir.file("feed/clips/" + item + ".mp4");
    REQUIRE(run_command("ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=320x180:rate=25 -f lavfi -i sine=frequency=300 "
                        "-t 60 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac " + shell_quote(clip))
                .exit_code == 0);
    const std::string feed = "--feed " + shell_quote(dir.file("feed/catalog.json"));
    // Open it, skip ahead 20 s, go back.
    const auto first = run_app(dir, feed + " --keys Down,Ok,Ok,wait:1500,Right,Right,wait:1000,Back --screenshot " +
                                        dir.file("1.png"), "SDL_AUDIODRIVER=dummy");
    REQUIRE(first.result.exit_code == 0);
    CHECK(first.screens() == std::vector<std::string>{"home", "program", "player", "program"});
    CHECK(std::filesystem::exists(dir.file("data/watch-history.db")));
    // The programme page now focuses "continue from ..." and offers "from the start" beside it.
    const auto second = run_app(dir, feed + " --keys Down,Ok --screenshot " + dir.file("2.png"), "SDL_AUDIODRIVER=dummy");
    REQUIRE(second.result.exit_code == 0);
    REQUIRE(second.last("idle") != nullptr);
    CHECK((*second.last("idle"))["element"] == "program.resume");
    const auto third = run_app(dir, feed + " --keys Down,Ok,Right --screenshot " + dir.file("3.png"), "SDL_AUDIODRIVER=dummy");
    REQUIRE(third.last("idle") != nullptr);
    CHECK((*third.last("idle"))["element"] == "program.from_start");
    // Continuing starts near where the viewer left, not at the beginning.
    const auto fourth = run_app(dir, feed + " --keys Down,Ok,Ok,wait:800,Back --screenshot " + dir.file("4.png"),
                                "SDL_AUDIODRIVER=dummy");
    REQUIRE(fourth.last("first_video_frame") != nullptr);
    CHECK((*fourth.last("first_video_frame"))["pts_s"].get<double>() > 15.0);
}

TEST_CASE("every UI string fits its place on the main screens at 720p, 1080p and 4K in each language setting") {
    // The app reports a UI string it had to cut with an ellipsis (a translation too long for its box) as text_cut.
    const char* screens[] = {"", "Down,Right,Right,Right,Ok", "Down,Ok", "Up,Right,Right,Ok", "Back", "Up,Right,Ok", "Up,Ok"};
    const char* settings[] = {"--size 1920x1080 --lang both", "--size 3840x2160 --lang both", "--size 1280x720 --lang mn",
                              "--size 1920x1080 --lang zh"};
    for (const char* setting : settings) {
        for (const char* keys : screens) {
            CAPTURE(setting);
            CAPTURE(keys);
            TempDir dir;
            std::string args = std::string(setting) + " --screenshot " + dir.file("shot.png");
            if (*keys != '\0') args += std::string(" --keys ") + keys;
            const auto run = run_app(dir, args);
            REQUIRE(run.result.exit_code == 0);
            REQUIRE(run.last("idle") != nullptr);
            const auto* cut = run.last("text_cut");
            CHECK_MESSAGE(cut == nullptr, (cut ? cut->dump() : std::string()));
        }
    }
}

TEST_CASE("screenshots at 1080p and 4K match the images checked by eye") {
    struct Shot {
        const char* name;
        const char* args;
    };
    const Shot shots[] = {
        {"ui-home-1080p", "--size 1920x1080"},
        {"ui-home-mn-1080p", "--size 1920x1080 --lang mn"},
        {"ui-home-zh-1080p", "--size 1920x1080 --lang zh"},
        {"ui-category-1080p", "--size 1920x1080 --keys Down,Right,Right,Right,Ok"},
        {"ui-program-1080p", "--size 1920x1080 --keys Down,Ok"},
        {"ui-settings-1080p", "--size 1920x1080 --keys Up,Right,Right,Ok"},
        {"ui-exit-1080p", "--size 1920x1080 --keys Back"},
        {"ui-home-4k", "--size 3840x2160"},
        {"ui-program-4k", "--size 3840x2160 --keys Down,Ok"},
    };
    for (const auto& shot : shots) {
        CAPTURE(shot.name);
        TempDir dir;
        const auto run = run_app(dir, std::string(shot.args) + " --screenshot " + dir.file("shot.png"));
        REQUIRE(run.result.exit_code == 0);
        auto image = sdl::load_png(dir.file("shot.png"));
        REQUIRE(image.ok());
        std::string report;
        const bool same = matches_golden(image.value().get(), std::string(FL_GOLDEN_DIR) + "/" + shot.name + ".png", report);
        INFO(report);
        CHECK(same);
    }
}

}  // namespace fl::test
