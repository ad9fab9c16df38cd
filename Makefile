# Family Lawyer: `make run` and `make test` do all set-up (Debian packages, configure, build) themselves.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build run test test-asan bench update-goldens screenshots clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Starts the app on its bundled demo content; without a display it renders one frame to out/screenshot.png.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  ./$(BUILD)/family-lawyer --windowed; \
	else \
	  mkdir -p out && ./$(BUILD)/family-lawyer --headless --screenshot out/screenshot.png && \
	  echo "No display here: wrote the first frame to out/screenshot.png (run under X11 or Wayland for a window)."; \
	fi

test: build
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure

# Unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFL_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir $(ASAN_BUILD) -j $(JOBS) --output-on-failure

bench: build
	./$(BUILD)/tests/text_layout_bench

update-goldens: build
	FL_UPDATE_GOLDEN=1 ctest --test-dir $(BUILD) -R "golden|screenshots" --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out

# UI benchmark (tests/bench/ui): start-up, idle CPU, key-to-frame and RSS under Xvfb, against a bare SDL2 window and Kodi.
# Needs xvfb (and kodi for the comparison); writes $(BENCH_UI_OUT); extra options in BENCH_UI_ARGS (see --help).
BENCH_UI_OUT ?= /tmp/ui-bench.json
.PHONY: bench-ui
bench-ui: build
	python3 tests/bench/ui/ui_bench.py $(BENCH_UI_OUT) --build $(BUILD) $(BENCH_UI_ARGS)

# Player benchmark (tests/bench/player): CPU, peak RSS, first frame, drops, A/V sync and seek of family-lawyer against
# ffplay and mpv --vo=x11 on the same 1080p and 2160p clips under Xvfb. Needs xvfb, ffmpeg and mpv; writes
# $(BENCH_PLAYER_OUT); extra options in BENCH_PLAYER_ARGS (see --help).
BENCH_PLAYER_OUT ?= /tmp/player-bench.json
.PHONY: bench-player
bench-player: build
	python3 tests/bench/player/player_bench.py $(BENCH_PLAYER_OUT) --build $(BUILD) $(BENCH_PLAYER_ARGS)

# The 4K screenshots in docs/screenshots (home, a category, a programme page, settings, playback).
screenshots: build
	@mkdir -p docs/screenshots
	@for shot in "home:" "category:Down,Right,Right,Right,Ok" "program:Down,Ok" "settings:Up,Right,Right,Ok" \
	             "player:Down,Ok,Ok,wait:4600"; do \
	  name=$${shot%%:*}; keys=$${shot#*:}; data=$$(mktemp -d); \
	  SDL_AUDIODRIVER=dummy ./$(BUILD)/family-lawyer --headless --size 3840x2160 --data-dir $$data \
	    $${keys:+--keys $$keys} --screenshot docs/screenshots/$$name-4k.png; rm -rf $$data; \
	done
