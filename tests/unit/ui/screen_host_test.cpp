// Screen host: Back pops history, Home goes home, Back on the root asks to exit, every element is reachable.
#include <doctest/doctest.h>

#include <set>

#include "feed/catalog.h"
#include "text/text_engine.h"
#include "ui/screen_host.h"
#include "ui/screens/player_screen.h"

namespace fl::ui {
namespace {

using input::Action;

struct HostFixture {
    std::unique_ptr<text::TextEngine> engine = std::move(text::TextEngine::with_default_fonts()).value();
    Strings strings = std::move(Strings::load(FL_UI_SOURCE_DIR "/i18n")).value();
    feed::Catalog catalog = std::move(feed::load_catalog(FL_DEMO_SOURCE_DIR "/catalog.json")).value();
    Settings settings;
    UiContext context{*engine, strings, catalog, settings, 1.0f, 1920.0f, 1080.0f, "test"};
    std::vector<std::pair<std::string, std::string>> events;
    int settings_saved = 0;
    ScreenHost host{context,
                    [this](std::string_view name, nlohmann::json fields) {
                        events.emplace_back(std::string(name), fields.dump());
                    },
                    [this] { ++settings_saved; }};
    uint64_t now = 0;

    HostFixture() { host.show_home(now); }
    bool press(Action action) {
        now += 1000;  // past every animation
        return host.handle(action, now);
    }
};

}  // namespace

TEST_CASE("home starts focused on the first featured programme") {
    HostFixture f;
    CHECK(f.host.screen_id() == "home");
    CHECK(f.host.focused() == "home.featured." + f.catalog.featured.front());
    REQUIRE(f.events.size() == 2);
    CHECK(f.events[0].first == "screen");
    CHECK(f.events[1].first == "focus");
}

TEST_CASE("Up reaches the 12348 consult tile, Right walks the services row") {
    HostFixture f;
    CHECK(f.press(Action::Up));
    CHECK(f.host.focused() == "home.services.consult");
    f.press(Action::Right);
    CHECK(f.host.focused() == "home.services.legal_aid");
    f.press(Action::Right);
    CHECK(f.host.focused() == "home.services.settings");
    CHECK_FALSE(f.press(Action::Right));  // nothing further right: nothing changes
    CHECK(f.host.focused() == "home.services.settings");
}

TEST_CASE("Back returns to the previous screen with its focus, Home goes home from anywhere") {
    HostFixture f;
    f.press(Action::Down);  // first category row
    const std::string in_row = f.host.focused();
    REQUIRE(in_row.rfind("home.cat.", 0) == 0);
    f.press(Action::Ok);
    CHECK(f.host.screen_id() == "program");
    f.press(Action::Back);
    CHECK(f.host.screen_id() == "home");
    CHECK(f.host.focused() == in_row);

    f.press(Action::Ok);
    f.press(Action::Ok);  // Play: the player route exists
    CHECK(f.host.screen_id() == "player");
    f.press(Action::Home);
    CHECK(f.host.screen_id() == "home");
    CHECK(f.host.focused() == in_row);
    f.press(Action::Back);
    CHECK(f.host.screen_id() == "exit");
}

TEST_CASE("Back on home asks before leaving, Stay returns, Exit quits") {
    HostFixture f;
    f.press(Action::Back);
    CHECK(f.host.screen_id() == "exit");
    CHECK(f.host.focused() == "exit.stay");
    f.press(Action::Ok);
    CHECK(f.host.screen_id() == "home");
    CHECK_FALSE(f.host.quit_requested());
    f.press(Action::Back);
    f.press(Action::Right);
    CHECK(f.host.focused() == "exit.exit");
    f.press(Action::Ok);
    CHECK(f.host.quit_requested());
}

TEST_CASE("a category's More tile opens its grid, the grid opens a programme") {
    HostFixture f;
    f.press(Action::Down);
    for (int i = 0; i < 5; ++i) f.press(Action::Right);
    REQUIRE(f.host.focused().size() > 5);
    CHECK(f.host.focused().substr(f.host.focused().size() - 5) == ".more");
    f.press(Action::Ok);
    CHECK(f.host.screen_id() == "category");
    f.press(Action::Ok);
    CHECK(f.host.screen_id() == "program");
}

TEST_CASE("settings cycle with Ok, Left and Right, and are saved each time") {
    HostFixture f;
    f.press(Action::Up);
    f.press(Action::Right);
    f.press(Action::Right);
    f.press(Action::Ok);
    REQUIRE(f.host.screen_id() == "settings");
    CHECK(f.settings.language == UiLanguage::Both);
    f.press(Action::Ok);
    CHECK(f.settings.language == UiLanguage::Mongolian);
    f.press(Action::Right);
    CHECK(f.settings.language == UiLanguage::Chinese);
    CHECK(f.host.focused() == "settings.language");  // Right changed the value, focus stayed
    f.press(Action::Down);
    f.press(Action::Left);
    CHECK(f.settings.subtitles == SubtitleMode::Mongolian);
    CHECK(f.settings_saved == 3);
}

TEST_CASE("long Ok opens the context menu over the screen, its Home choice goes home") {
    HostFixture f;
    f.press(Action::Down);
    f.press(Action::Ok);
    f.press(Action::ContextMenu);
    CHECK(f.host.screen_id() == "context");
    f.press(Action::Ok);
    CHECK(f.host.screen_id() == "home");
}

// Records what the player screen asks of playback.
struct FakePlayback final : PlaybackControl {
    std::vector<std::string> calls;
    std::optional<double> resume;
    void play(const feed::Item& item, double start_s) override {
        calls.push_back("play " + item.id + " " + std::to_string(static_cast<int>(start_s)));
    }
    void stop() override { calls.push_back("stop"); }
    void toggle_pause() override { calls.push_back("pause"); }
    void seek_by(double delta_s) override { calls.push_back("seek " + std::to_string(static_cast<int>(delta_s))); }
    void seek_to_fraction(double fraction) override {
        calls.push_back("jump " + std::to_string(static_cast<int>(fraction * 100 + 0.5)));
    }
    void change_volume(float delta) override { calls.push_back(delta > 0 ? "louder" : "quieter"); }
    void toggle_mute() override { calls.push_back("mute"); }
    PlaybackStatus status() const override {
        PlaybackStatus status;
        status.state = PlaybackStatus::State::Playing;
        status.duration_s = 600;
        return status;
    }
    std::optional<double> resume_position(const std::string&) const override { return resume; }
    std::vector<std::string> subtitle_lines(bool) const override { return {}; }
};

TEST_CASE("the player screen turns remote keys into playback commands, Back stops and returns") {
    HostFixture f;
    FakePlayback playback;
    f.context.playback = &playback;
    f.press(Action::Down);
    f.press(Action::Ok);  // programme page
    f.press(Action::Ok);  // Play
    REQUIRE(f.host.screen_id() == "player");
    REQUIRE(playback.calls.size() == 1);
    CHECK(playback.calls[0].rfind("play ", 0) == 0);
    CHECK(playback.calls[0].substr(playback.calls[0].size() - 2) == " 0");
    f.press(Action::Ok);
    f.press(Action::Right);
    f.now += 1000;
    f.host.handle(Action::Right, f.now, true);  // held down: bigger steps
    f.press(Action::Left);
    f.press(Action::Digit5);
    f.press(Action::VolumeUp);
    f.press(Action::Mute);
    f.press(Action::Back);
    CHECK(f.host.screen_id() == "program");
    const std::vector<std::string> expected{"pause", "seek 10", "seek 30", "seek -10", "jump 50", "louder", "mute", "stop"};
    CHECK(std::vector<std::string>(playback.calls.begin() + 1, playback.calls.end()) == expected);
}

TEST_CASE("a programme left part-way offers to continue, or to start again") {
    HostFixture f;
    FakePlayback playback;
    playback.resume = 754.0;
    f.context.playback = &playback;
    f.press(Action::Down);
    f.press(Action::Ok);
    CHECK(f.host.focused() == "program.resume");
    f.press(Action::Ok);
    REQUIRE(f.host.screen_id() == "player");
    CHECK(playback.calls.back().substr(playback.calls.back().size() - 4) == " 754");
    f.press(Action::Back);
    f.press(Action::Right);
    CHECK(f.host.focused() == "program.from_start");
    f.press(Action::Ok);
    CHECK(playback.calls.back().substr(playback.calls.back().size() - 2) == " 0");
    CHECK(format_clock(754) == "12:34");
    CHECK(format_clock(3723) == "1:02:03");
}

TEST_CASE("every focusable element of every screen is reachable with the D-pad") {
    HostFixture f;
    std::vector<std::vector<Action>> paths = {
        {},                                                         // home
        {Action::Down, Action::Ok},                                 // programme
        {Action::Down, Action::Right, Action::Right, Action::Right, Action::Ok},  // category grid
        {Action::Up, Action::Right, Action::Right, Action::Ok},     // settings
        {Action::Back},                                             // exit dialog
    };
    for (const auto& path : paths) {
        HostFixture g;
        for (const Action action : path) g.press(action);
        const View& view = g.host.current_view();
        const auto reachable = reachable_from(view.focusables, g.host.focused());
        const std::set<std::string> seen(reachable.begin(), reachable.end());
        CAPTURE(g.host.screen_id());
        CHECK(seen.size() == view.focusables.size());
        for (const auto& element : view.focusables) CHECK_MESSAGE(seen.count(element.id) == 1, element.id);
    }
}

TEST_CASE("the interface language hides the other script's labels") {
    HostFixture f;
    DrawList both;
    f.host.draw(both, f.now + 1000);
    f.settings.language = UiLanguage::Chinese;
    f.host.refresh_views();
    DrawList chinese_only;
    f.host.draw(chinese_only, f.now + 1000);
    auto mongolian_glyphs = [&](const DrawList& list) {
        size_t count = 0;
        for (const auto& command : list.commands) {
            if (const auto* words = std::get_if<DrawText>(&command)) {
                for (const auto& glyph : words->layout->glyphs) {
                    if (f.engine->fonts().at(glyph.font).role() == text::FontRole::Mongolian) ++count;
                }
            }
        }
        return count;
    };
    CHECK(mongolian_glyphs(both) > 100);
    CHECK(mongolian_glyphs(chinese_only) == 0);
}

}  // namespace fl::ui
