// Main loop: sleeps in SDL_WaitEvent until input, a timer or a worker wakes it; draws only when something changed.
#include "app/app.h"

#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <sys/stat.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <set>

#include "app/key_script.h"
#include "app/app_consult.h"
#include "app/app_feed.h"
#include "app/playback.h"
#include "core/clock.h"
#include "core/event_log.h"
#include "core/log.h"
#include "feed/catalog.h"
#include "input/key_map.h"
#include "input/key_press_tracker.h"
#include "platform/linux/evdev_keys.h"
#include "platform/linux/evdev_remote.h"
#include "platform/sdl/draw_list_renderer.h"
#include "platform/sdl/window_renderer.h"
#include "platform/sdl/key_names.h"
#include "platform/sdl/offscreen_canvas.h"
#include "text/text_engine.h"
#include "ui/screen_host.h"
#include "ui/screens/consult_screens.h"

#ifndef FL_UI_DIR
#define FL_UI_DIR "ui"
#endif
#ifndef FL_DEMO_DIR
#define FL_DEMO_DIR "demo"
#endif
#ifndef FL_VERSION
#define FL_VERSION "0.0.0"
#endif

namespace fl::app {
namespace {

// The catalogue entry that --play adds for what it plays.
constexpr std::string_view kDirectPlayId = "direct-play";

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0' ? value : fallback;
}

std::string default_data_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && state[0] != '\0') {
        return std::string(state) + "/family-lawyer";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
        return std::string(home) + "/.local/state/family-lawyer";
    }
    return "/tmp/family-lawyer";
}

Result<void> make_directories(const std::string& path) {
    for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        const std::string prefix = path.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
            return Error{"cannot create directory " + prefix + ": " + std::strerror(errno)};
        }
        if (slash == std::string::npos) return {};
    }
}

struct KeyMaps {
    input::KeyMap keyboard;
    input::KeyMap controller;
    input::KeyMap evdev;
};

Result<KeyMaps> load_key_maps(const std::string& directory) {
    auto keyboard = input::KeyMap::load(directory + "/keyboard.keymap", sdl::is_keyboard_key_name);
    if (!keyboard) return keyboard.error();
    auto controller = input::KeyMap::load(directory + "/gamecontroller.keymap", sdl::is_controller_button_name);
    if (!controller) return controller.error();
    auto evdev = input::KeyMap::load(directory + "/evdev.keymap", linux_input::is_evdev_key_name);
    if (!evdev) return evdev.error();
    return KeyMaps{std::move(keyboard).value(), std::move(controller).value(), std::move(evdev).value()};
}

// The drawing surface: a window's renderer, or an offscreen canvas when headless.
class Display {
public:
    static Result<std::unique_ptr<Display>> open(const Options& options) {
        std::unique_ptr<Display> display(new Display());
        if (options.headless) {
            auto canvas = sdl::OffscreenCanvas::create(options.width > 0 ? options.width : 1920,
                                                       options.height > 0 ? options.height : 1080);
            if (!canvas) return canvas.error();
            display->canvas_ = std::move(canvas).value();
            display->renderer_ = display->canvas_->renderer();
            return display;
        }
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
            return Error{std::string("cannot open the display: ") + SDL_GetError() +
                         " (no display attached? --headless --screenshot out.png draws without one)"};
        }
        Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
        const bool sized = options.width > 0;
        int width = sized ? options.width : 1280;
        int height = sized ? options.height : 720;
        int x = SDL_WINDOWPOS_CENTERED;
        int y = SDL_WINDOWPOS_CENTERED;
        SDL_DisplayMode desktop;
        if (!options.windowed && !sized && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
            // Full screen at the display's native size; created at that size so that it also covers the screen
            // on a box without a window manager.
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
            width = desktop.w;
            height = desktop.h;
            x = 0;
            y = 0;
        }
        display->window_ = SDL_CreateWindow("家庭律师 Family Lawyer", x, y, width, height, flags);
        if (display->window_ == nullptr) return Error{std::string("cannot create a window: ") + SDL_GetError()};
        const sdl::WindowRenderer made = sdl::create_window_renderer(display->window_);
        display->renderer_ = made.renderer;
        if (display->renderer_ == nullptr) return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
        log::info("app", "drawing with " + made.description);
        SDL_ShowCursor(SDL_DISABLE);
        return display;
    }

    ~Display() {
        canvas_.reset();
        if (window_ != nullptr) {
            SDL_DestroyRenderer(renderer_);
            SDL_DestroyWindow(window_);
        }
    }

    SDL_Renderer* renderer() const { return renderer_; }
    bool headless() const { return window_ == nullptr; }

    void size(int& width, int& height) const {
        if (canvas_) {
            width = canvas_->width();
            height = canvas_->height();
        } else {
            SDL_GetRendererOutputSize(renderer_, &width, &height);
        }
    }

    void present() {
        if (canvas_) {
            SDL_RenderFlush(renderer_);
        } else {
            SDL_RenderPresent(renderer_);
        }
    }

    Result<void> screenshot(const std::string& path) {
        if (canvas_) return canvas_->save_png(path);
        int width = 0;
        int height = 0;
        size(width, height);
        SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
        if (surface == nullptr) return Error{std::string("cannot take a screenshot: ") + SDL_GetError()};
        SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, surface->pixels, surface->pitch);
        const int saved = IMG_SavePNG(surface, path.c_str());
        SDL_FreeSurface(surface);
        if (saved != 0) return Error{"cannot write " + path + ": " + IMG_GetError()};
        return {};
    }

private:
    Display() = default;
    std::unique_ptr<sdl::OffscreenCanvas> canvas_;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
};

class MainLoop {
public:
    MainLoop(const Options& options, EventLog& events, KeyMaps key_maps, std::vector<ScriptStep> script,
             ui::UiContext& context, Display& display, std::string settings_path, Uint32 wake_event,
             library::WatchHistory* history)
        : options_(options),
          events_(events),
          key_maps_(std::move(key_maps)),
          script_(std::move(script)),
          context_(context),
          display_(display),
          settings_path_(std::move(settings_path)),
          wake_event_(wake_event),
          renderer_(display.renderer(), context.text.fonts(), [wake_event] { push_wake(wake_event); }),
          host_(
              context, [&events](std::string_view name, nlohmann::json fields) { events.write(name, std::move(fields)); },
              [this] { save_settings(); }),
          playback_(events, [wake_event] { push_wake(wake_event); }, history, !options.no_audio),
          consult_(AppConsult::create(options, events, [wake_event] { push_wake(wake_event); })) {
        context_.playback = &playback_;
        context_.consult = consult_.get();
        context_.string_cut = [this](std::string_view key) {
            if (!cut_strings_.emplace(key).second) return;  // once per string
            log::warning("ui", "the text of '" + std::string(key) + "' does not fit its place on screen and is cut");
            events_.write("text_cut", {{"key", key}, {"screen", host_.screen_id()}});
        };
    }

    ~MainLoop() {
        host_.leave_all();  // playback stops and remembers where the viewer was; a consult hangs up
        context_.playback = nullptr;
        context_.consult = nullptr;
        context_.string_cut = nullptr;
        context_.downloads = nullptr;
    }

    // A remote feed: its catalogue updates are applied between frames, its downloads shown on the screens.
    void attach_feed(AppFeed* feed) {
        feed_ = feed;
        context_.downloads = feed;
        context_.catalog_stale = feed != nullptr && feed->stale();
    }

    int run() {
        start_remotes();
        if (options_.play.empty()) {
            host_.show_home(monotonic_ms());
        } else {
            // Beneath the player its programme page, where a failed or finished play returns to.
            host_.show({{"program", std::string(kDirectPlayId)}, {"player_from_start", std::string(kDirectPlayId)}},
                       monotonic_ms());
        }
        bool dirty = true;
        bool first_frame = false;
        bool idle_announced = false;
        size_t script_next = 0;
        uint64_t script_resume_at = 0;
        while (!host_.quit_requested() && !window_closed_) {
            const uint64_t now = monotonic_ms();
            if (renderer_.collect_images()) dirty = true;
            // The script presses its next key only once the previous one's frame is on screen.
            while (!dirty && script_next < script_.size() && now >= script_resume_at) {
                const ScriptStep& step = script_[script_next++];
                if (step.kind == ScriptStep::Kind::Wait) {
                    script_resume_at = now + step.wait_ms;
                    break;
                }
                dirty = act({step.action, false}) || dirty;
            }
            for (const auto& event : tracker_.poll(now)) dirty = act(event) || dirty;
            std::optional<uint64_t> frame_due;
            if (auto frame = playback_.take_due_frame(now, frame_due)) {
                renderer_.set_video_frame(std::move(frame));
                dirty = true;
            }
            if (consult_) {
                if (consult_->pump(renderer_)) dirty = true;
                // A lawyer became free (or a call began) while the viewer was elsewhere: the consult comes up.
                if (consult_->take_attention(host_.screen_id())) {
                    host_.show({{"consult", ""}}, now);
                    dirty = true;
                }
            }
            if (feed_ != nullptr && feed_->pump(playback_.active())) {
                context_.catalog_stale = feed_->stale();
                host_.refresh_views();  // a newly committed catalogue, new thumbnails, a finished download
                dirty = true;
            }
            if (host_.update(now)) dirty = true;  // a screen moving on by itself (a playback error timing out)
            if (const auto change = host_.next_change_ms(now); change && *change <= now) dirty = true;
            if (options_.exit_at_end && !options_.play.empty()) {
                const auto state = playback_.status().state;
                if (state == ui::PlaybackStatus::State::Ended) return 0;
                if (state == ui::PlaybackStatus::State::Failed) return 1;
            }

            const auto animation_end = host_.animating_until();
            const bool script_done = script_next >= script_.size() && now >= script_resume_at;
            if (dirty || animation_end) {
                draw_frame();
                // A playing programme never goes idle: its screenshot is the first picture after the script.
                if (script_done && !options_.screenshot.empty() && playback_.showing_video()) {
                    return save_screenshot();
                }
                tracker_.frame_presented();
                dirty = false;
                idle_announced = false;
                if (!first_frame) {
                    first_frame = true;
                    events_.write("first_frame");
                    start_game_controllers();
                }
                continue;  // look again at once: animations and script steps go on
            }
            const bool script_pending = script_next < script_.size() || now < script_resume_at;
            const bool busy = renderer_.loading_images() || script_pending || tracker_.next_deadline().has_value() ||
                              playback_.active();
            if (!busy && !idle_announced) {
                idle_announced = true;
                events_.write("idle", {{"screen", host_.screen_id()}, {"element", host_.focused()}});
#if defined(__GLIBC__)
                malloc_trim(0);  // give memory freed by the last screen back to the system while nothing happens
#endif
                if (!options_.screenshot.empty()) return save_screenshot();
                if (display_.headless()) return 0;  // nothing more will ever happen without input
            }
            std::optional<uint64_t> wake_at;
            if (script_pending && now < script_resume_at) wake_at = script_resume_at;
            if (const auto deadline = tracker_.next_deadline()) wake_at = std::min(wake_at.value_or(*deadline), *deadline);
            if (script_pending && now >= script_resume_at) wake_at = now;
            for (const auto& also : {frame_due, host_.next_change_ms(now)}) {
                if (also) wake_at = std::min(wake_at.value_or(*also), *also);
            }
            wait_for_events(wake_at, dirty);
        }
        return 0;
    }

private:
    // Game controllers only when one is plugged in, and only after the first frame: SDL's controller support
    // costs ~0.25 s to start and wakes the idle loop every 3 s to look for new devices.
    void start_game_controllers() {
        if (display_.headless()) return;
        bool present = false;
        if (DIR* dir = opendir("/dev/input")) {
            while (const dirent* entry = readdir(dir)) present = present || std::strncmp(entry->d_name, "js", 2) == 0;
            closedir(dir);
        }
        if (present && SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER) != 0) {
            log::warning("input", std::string("no game controller support: ") + SDL_GetError());
        }
    }

    int save_screenshot() {
        if (auto saved = display_.screenshot(options_.screenshot); !saved) {
            log::error("app", saved.error().message);
            return 1;
        }
        return 0;
    }

    static void push_wake(Uint32 type) {
        SDL_Event event{};
        event.type = type;
        SDL_PushEvent(&event);
    }

    void draw_frame() {
        int width = 0;
        int height = 0;
        display_.size(width, height);
        context_.screen_width = static_cast<float>(width);
        context_.screen_height = static_cast<float>(height);
        context_.scale = std::min(static_cast<float>(width) / 1920.0f, static_cast<float>(height) / 1080.0f);
        ui::DrawList list;
        host_.draw(list, monotonic_ms());
        if (host_.screen_id().rfind("consult", 0) != 0) ui::draw_consult_badge(list, context_);  // the kept place
        renderer_.draw(list);
        display_.present();
    }

    bool act(const input::ActionEvent& event) {
        events_.write("key", {{"action", input::action_name(event.action)}, {"repeat", event.repeat}});
        return host_.handle(event.action, monotonic_ms(), event.repeat);
    }

    void save_settings() {
        if (settings_path_.empty()) return;
        if (auto saved = ui::save_settings(settings_path_, context_.settings); !saved) {
            log::error("app", "settings not saved: " + saved.error().message);
        }
    }

    void key_from_device(const input::KeyMap& map, const std::string& name, bool down, bool os_repeat, bool& dirty) {
        const auto action = map.lookup(host_.screen_id(), name);
        if (!action) {
            if (down && unknown_keys_.insert(name).second) log::info("input", "key '" + name + "' is not mapped; ignored");
            return;
        }
        const uint64_t now = monotonic_ms();
        const auto produced = down ? tracker_.key_down(*action, now, os_repeat) : tracker_.key_up(*action, now);
        for (const auto& event : produced) dirty = act(event) || dirty;
    }

    // IR and CEC remotes: a reader thread queues their keys and wakes the loop.
    void start_remotes() {
        std::vector<std::string> problems;
        remote_ = linux_input::EvdevRemote::open(
            options_.remotes,
            [this](const linux_input::RemoteKey& key) {
                {
                    std::lock_guard lock(remote_mutex_);
                    remote_keys_.push_back(key);
                }
                push_wake(wake_event_);
            },
            problems);
        for (const auto& problem : problems) log::warning("input", problem);
        if (remote_) log::info("input", "reading remote keys from " + std::to_string(remote_->device_count()) + " device(s)");
    }

    void take_remote_keys(bool& dirty) {
        std::deque<linux_input::RemoteKey> keys;
        {
            std::lock_guard lock(remote_mutex_);
            keys.swap(remote_keys_);
        }
        for (const auto& key : keys) key_from_device(key_maps_.evdev, key.name, key.down, key.repeat, dirty);
    }

    void wait_for_events(std::optional<uint64_t> wake_at, bool& dirty) {
        SDL_Event event;
        int got = 0;
        if (wake_at) {
            const uint64_t now = monotonic_ms();
            const auto timeout = static_cast<int>(*wake_at > now ? std::min<uint64_t>(*wake_at - now, 60000) : 0);
            got = SDL_WaitEventTimeout(&event, timeout);
        } else {
            got = SDL_WaitEvent(&event);
        }
        while (got != 0) {
            handle_event(event, dirty);
            got = SDL_PollEvent(&event);
        }
        take_remote_keys(dirty);
    }

    void handle_event(const SDL_Event& event, bool& dirty) {
        switch (event.type) {
            case SDL_QUIT: window_closed_ = true; break;
            case SDL_KEYDOWN:
            case SDL_KEYUP:
                key_from_device(key_maps_.keyboard, sdl::keyboard_key_name(event.key.keysym.sym),
                                event.type == SDL_KEYDOWN, event.key.repeat != 0, dirty);
                break;
            case SDL_CONTROLLERDEVICEADDED:
                if (SDL_GameControllerOpen(event.cdevice.which) == nullptr) log::warning("input", SDL_GetError());
                break;
            case SDL_CONTROLLERBUTTONDOWN:
            case SDL_CONTROLLERBUTTONUP:
                key_from_device(key_maps_.controller,
                                sdl::controller_button_name(static_cast<SDL_GameControllerButton>(event.cbutton.button)),
                                event.type == SDL_CONTROLLERBUTTONDOWN, false, dirty);
                break;
            case SDL_WINDOWEVENT: dirty = true; break;
            default:
                // A worker woke us (a picture decoded, playback state changed): look at everything again.
                if (event.type == wake_event_) dirty = true;
                break;
        }
    }

    const Options& options_;
    EventLog& events_;
    std::set<std::string, std::less<>> cut_strings_;  // UI strings already reported as cut
    KeyMaps key_maps_;
    std::vector<ScriptStep> script_;
    ui::UiContext& context_;
    Display& display_;
    std::string settings_path_;
    Uint32 wake_event_;
    sdl::DrawListRenderer renderer_;
    ui::ScreenHost host_;
    AppPlayback playback_;
    std::unique_ptr<AppConsult> consult_;  // null without a hotline
    AppFeed* feed_ = nullptr;              // null without a remote feed
    input::KeyPressTracker tracker_;
    std::set<std::string> unknown_keys_;
    bool window_closed_ = false;
    std::mutex remote_mutex_;
    std::deque<linux_input::RemoteKey> remote_keys_;
    std::unique_ptr<linux_input::EvdevRemote> remote_;  // last: its thread stops before the queue goes
};

}  // namespace

int run_app(const Options& options) {
    EventLog events;
    if (!options.events.empty()) {
        if (auto opened = events.open(options.events); !opened) {
            log::error("app", opened.error().message);
            return 1;
        }
    }
    events.write("app_start", {{"version", FL_VERSION}});

    const std::string ui_dir = env_or("FL_UI_DIR", FL_UI_DIR);
    auto key_maps = load_key_maps(ui_dir + "/keymaps");
    if (!key_maps) {
        log::error("app", "cannot start: " + key_maps.error().message);
        return 1;
    }
    auto strings = ui::Strings::load(ui_dir + "/i18n");
    if (!strings) {
        log::error("app", "cannot start: " + strings.error().message);
        return 1;
    }
    auto script = parse_key_script(options.keys);
    if (!script) {
        log::error("app", script.error().message);
        return 2;
    }
    // A remote feed (https://...) starts from the bundled catalogue until its stored or fetched one is in place.
    const bool remote_feed = options.feed.find("://") != std::string::npos;
    const std::string bundled = env_or("FL_DEMO_DIR", FL_DEMO_DIR) + "/catalog.json";
    auto catalog = feed::load_catalog(options.feed.empty() || remote_feed ? bundled : options.feed);
    if (!catalog) {
        log::error("app", "cannot start: " + catalog.error().message);
        return 1;
    }
    auto engine = text::TextEngine::with_default_fonts();
    if (!engine) {
        log::error("app", "cannot start: " + engine.error().message);
        return 1;
    }

    const std::string data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
    std::string settings_path;
    if (auto made = make_directories(data_dir); made) {
        settings_path = data_dir + "/settings.ini";
    } else {
        log::warning("app", made.error().message + "; settings will not be kept");
    }
    std::unique_ptr<library::WatchHistory> history;
    if (!settings_path.empty()) {
        auto opened = library::WatchHistory::open(data_dir + "/watch-history.db");
        if (opened) {
            history = std::move(opened).value();
        } else {
            log::warning("app", "resume points will not be kept: " + opened.error().message);
        }
    }
    std::unique_ptr<AppFeed> app_feed;
    if (remote_feed) {
        auto opened = AppFeed::open(options, data_dir, events, history.get(), catalog.value());
        if (!opened) {
            log::error("app", opened.error().message);
            return 2;
        }
        app_feed = std::move(opened).value();
    }
    if (!options.play.empty()) {
        feed::Item direct;
        direct.id = std::string(kDirectPlayId);
        direct.type = "video";
        const std::string name = options.play.substr(options.play.find_last_of('/') + 1);
        direct.title = {name, name};
        direct.media_path = options.play;
        catalog.value().items.push_back(std::move(direct));
    }
    std::string settings_problem;
    ui::Settings settings = ui::load_settings(settings_path, &settings_problem);
    if (!settings_problem.empty()) log::warning("app", settings_problem);
    if (options.language) settings.language = *ui::language_from_code(*options.language);

    if (SDL_Init(SDL_INIT_EVENTS) != 0) {
        log::error("app", std::string("SDL could not start: ") + SDL_GetError());
        return 1;
    }
    const Uint32 wake_event = SDL_RegisterEvents(1);
    int exit_code = 1;
    {
        auto display = Display::open(options);
        if (!display) {
            log::error("app", display.error().message);
        } else {
            ui::UiContext context{*engine.value(), strings.value(), catalog.value(), settings, 1.0f, 1920.0f, 1080.0f,
                                  FL_VERSION};
            MainLoop loop(options, events, std::move(key_maps).value(), std::move(script).value(), context,
                          *display.value(), settings_path, wake_event, history.get());
            if (app_feed) {
                app_feed->start([wake_event] {
                    SDL_Event event{};
                    event.type = wake_event;
                    SDL_PushEvent(&event);
                });
                loop.attach_feed(app_feed.get());
            }
            exit_code = loop.run();
            app_feed.reset();  // its threads stop before the loop and SDL go
        }
    }
    SDL_Quit();
    return exit_code;
}

}  // namespace fl::app
