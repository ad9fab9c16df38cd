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
# The 12348 tile talks to the demo hotline (tools/hotline-peer) on 127.0.0.1, started here with a test CA made in
# $(BUILD)/hotline-demo and stopped when the app exits. Without a camera or microphone, generated stand-ins are used.
DEMO_HOTLINE_DIR = $(BUILD)/hotline-demo
DEMO_CAMERA ?= $(if $(wildcard /dev/video0),,lavfi:testsrc2=size=1280x720:rate=30)
DEMO_MICROPHONE ?= $(if $(wildcard /dev/snd/pcmC*c),,lavfi:sine=frequency=330:sample_rate=48000)
run: build
	@mkdir -p $(DEMO_HOTLINE_DIR) && rm -f $(DEMO_HOTLINE_DIR)/port; \
	python3 tools/hotline-peer/hotline_peer.py --tls-dir $(DEMO_HOTLINE_DIR)/tls --record-dir $(DEMO_HOTLINE_DIR)/recordings \
	  --port-file $(DEMO_HOTLINE_DIR)/port --exit-with $$$$ > /dev/null 2> $(DEMO_HOTLINE_DIR)/peer.log & peer=$$!; \
	trap 'kill $$peer 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 100); do [ -s $(DEMO_HOTLINE_DIR)/port ] && break; sleep 0.1; done; \
	hotline="--hotline https://127.0.0.1:$$(cat $(DEMO_HOTLINE_DIR)/port) --hotline-ca $(DEMO_HOTLINE_DIR)/tls/ca.pem --hotline-token demo-box-token"; \
	devices="$(if $(DEMO_CAMERA),--camera $(DEMO_CAMERA)) $(if $(DEMO_MICROPHONE),--microphone $(DEMO_MICROPHONE))"; \
	if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  ./$(BUILD)/family-lawyer --windowed $$hotline $$devices; \
	else \
	  mkdir -p out && ./$(BUILD)/family-lawyer --headless --screenshot out/screenshot.png $$hotline $$devices && \
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

# Fuzzing (tests/fuzz): libFuzzer targets for the feed validator, the minisign parsers and WebVTT, built with clang
# (-fsanitize=fuzzer,address,undefined) in $(FUZZ_BUILD). `fuzz-smoke` runs each ~20 s (CI); `fuzz` runs each
# $(FUZZ_SECONDS) s. Seeds: tests/fuzz/corpus/NAME; crashes land in $(FUZZ_BUILD)/artifacts/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
.PHONY: fuzz-build fuzz fuzz-smoke
fuzz-build: deps
	cmake -S tests/fuzz -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
fuzz-smoke: fuzz-build
	tests/fuzz/run-fuzzers.sh $(FUZZ_BUILD) 20
fuzz: fuzz-build
	tests/fuzz/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Feed benchmark (tests/bench/feed): a generated 10,000-item bilingual feed; parse + validate + verify against
# simdjson parsing the same bytes, and the loaded catalogue's memory.
.PHONY: bench-feed
bench-feed: build
	./$(BUILD)/tests/bench/feed/feed_bench
	./$(BUILD)/tests/bench/feed/feed_poll_bench

# Consult media benchmark (tests/bench/consult): first remote picture, one-way latency both ways and CPU of a 720p30
# call, the box's media session against ffmpeg CLI pipelines in the same run, on 127.0.0.1. About 90 s.
.PHONY: bench-consult
bench-consult: build
	./$(BUILD)/tests/bench/consult/consult_media_bench ./$(BUILD)/tests/bench/consult/frame_stamp_tool $(BENCH_CONSULT_ARGS)
