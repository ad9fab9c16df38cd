# Player benchmark driver: family-lawyer against ffplay and mpv --vo=x11 playing the same H.264+AAC clips under Xvfb.
#
# Usage:  python3 tests/bench/player/player_bench.py [OUT.json] [--build DIR] [--sizes 1080,2160] [--players ...]
#         (make bench-player builds the app, then runs this; OUT.json defaults to /tmp/player-bench.json)
#
# Needs (Debian 12; CI does not run this benchmark):
#   apt-get install -y ffmpeg mpv xvfb      # ffmpeg makes the clips and brings ffplay; mpv is the second peer
# Python 3 standard library only. The X11 plumbing (Xlib, XTest and XDamage through ctypes, Xvfb and process
# handling, /proc readings, the quiet-machine wait) comes from the UI benchmark, tests/bench/ui/ui_bench.py.
#
# The clips (made once, kept in --clips, default /tmp/fl-bench-clips): testsrc2 (moving content) + a 440 Hz sine,
# libx264 preset fast, yuv420p, 30 fps, a key frame every 2 s (what streaming services use), AAC 128 kb/s stereo 48 kHz;
# 1080p: 30 s at ~6 Mb/s; 2160p: 20 s at ~16 Mb/s. Every picture carries its frame number as a 12-bit code of
# black/white boxes at 28 % of its height, clear of every player's on-screen display (a second row holds the
# complement, so that a torn read is rejected).
#
# How each figure is measured (the same way for every player; all times CLOCK_MONOTONIC in this driver):
#   * Each play is one fresh process on its own fresh Xvfb (-screen 0 WxHx24, a display number below 10 so that
#     every client may use MIT-SHM: mpv refuses it on displays >= 10), its window as large as the screen.
#     Audio: the same situation for all three, a device that takes the sound in real time and plays nothing:
#     SDL_AUDIODRIVER=dummy for family-lawyer and ffplay (both SDL), --ao=null for mpv.
#   * Presented frame: on every XDamage report from the player's windows the driver reads the frame-number code
#     back from the screen (XGetImage of two 1-pixel rows of the root window). This gives, for every player alike:
#     - time to first frame: spawn (just before fork/exec) -> the first damage that shows a readable frame number;
#       the median of the full play and the seek play (both are fresh starts);
#     - frames never seen on screen: frame numbers missing from what was read between the first and the last frame
#       of the full play. A frame on screen for less than the driver's reaction time could be missed, so this is an
#       upper bound on what each player really dropped;
#     - seek time, in a second, shorter play of the same clip (so that the full play shows all of it): Right is
#       pressed (XTest, one XFlush, timed just before it is sent) --seek-after s after the first frame (mpv is given
#       an input.conf binding Right to "seek 10": its default is 5 s); the figure is key -> the first damage that
#       shows a frame at least 2 s past the one shown when the key went; where it landed is reported too.
#   * Each player per clip: a warm-up start (ended 0.5 s after its first frame; it fills the Mesa shader cache that
#     all plays of a run share, as on a box after its first boot), the full play (start to its own exit at the end
#     of the clip), then the seek play.
#   * frames dropped as each player counts them: family-lawyer's playback_end event (frames_dropped); mpv's status
#     line (frame-drop-count + decoder-frame-drop-count, the last value); ffplay's status line (fd=, the last value).
#   * A/V sync p99: family-lawyer's playback_end av_sync_p99_ms (|audio clock - picture pts| at every shown
#     picture); mpv: |avsync| of every status line (one per playback loop pass, about one per frame); ffplay: |A-V|
#     of every status line (one per 30 ms). Nearest-rank p99 over the whole full play (start-up included) for all.
#   * CPU seconds and peak RSS: the player process's rusage (ru_utime + ru_stime, ru_maxrss = VmHWM) from wait4
#     when it exits at the end of the clip; the X server's CPU over the same play is reported beside it (under Xvfb
#     part of the cost of getting pictures to the screen shows up there).
#   * Decode speed: ffmpeg -benchmark decoding the video stream to null on all cores: the floor under any
#     player's CPU on this machine, and whether the machine can decode the clip in real time at all.
#   * Other load: busy CPU time of the whole machine during the play less the player, Xvfb and this driver, in
#     cores. Each play first waits (within --quiet-wait for the whole run) for a quiet machine; a play during which
#     other load passed --max-background is played once more when the machine is quiet again (time allowing) and
#     the quieter of the two is kept. On a shared machine that stays busy, --resume EARLIER.json keeps an earlier
#     run's undisturbed plays and measures only the rest (each run stays within --time-limit).
#   * family-lawyer-swrender (not played unless named in --players) is the app with SDL's software renderer on an
#     X11 MIT-SHM framebuffer instead of OpenGL (Mesa llvmpipe under Xvfb): an experiment for where the cost is.
#   * This driver and all it starts run at --nice (default -10 as root), as the UI benchmark does.
import argparse
import ctypes
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "bench", "ui"))
sys.dont_write_bytecode = True  # no __pycache__ left in the UI benchmark's folder
import ui_bench  # noqa: E402  (the X11, process and /proc helpers)
from ui_bench import CLK_TCK, cpu_ticks, machine_busy_ticks, percentile, spawn, stop, stop_all  # noqa: E402

FPS = 30
BITS = 12  # frame-number code: boxes, low bit first
CLIP_VERSION = 2  # bump when the clip recipe changes (the cache key)


# ------------------------------------------------------------------------------------------------------- clips


class Clip:
    """One test clip: its size, length and where the frame-number code sits in its pictures (video pixels)."""

    def __init__(self, height, seconds, bitrate, clips_dir):
        self.height, self.width, self.seconds, self.bitrate = height, height * 16 // 9, seconds, bitrate
        self.box = height * 64 // 1080  # code box size
        # Below family-lawyer's top panel, above mpv's seek bar (mid-height), clear of any player's on-screen display.
        self.code_x, self.code_y = self.width * 3 // 10, height * 300 // 1080
        self.frames = seconds * FPS
        self.path = os.path.join(clips_dir, "fl-bench-v%d-%dp-%ds-%s.mp4" % (CLIP_VERSION, height, seconds, bitrate))
        self.name = "%dp" % height

    def make(self):
        if os.path.exists(self.path):
            return 0.0
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        b = self.box
        # Row 0: bit k of the frame number in box k (white = 1); row 1: the complement.
        code = ("color=c=black:s=%dx%d:r=%d:d=%d,format=yuv420p,"
                "geq=lum='16+219*abs(gt(bitand(N\\,pow(2\\,floor(X/%d)))\\,0)-gte(Y\\,%d))':cb=128:cr=128"
                % (BITS * b, 2 * b, FPS, self.seconds, b, b))
        bufsize = str(int(self.bitrate.rstrip("M")) * 2) + "M"
        tmp = self.path + ".part.mp4"
        cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "lavfi", "-i", "testsrc2=s=%dx%d:r=%d:d=%d" % (self.width, self.height, FPS, self.seconds),
               "-f", "lavfi", "-i", code,
               "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=%d" % self.seconds,
               "-filter_complex", "[0:v][1:v]overlay=x=%d:y=%d:shortest=1[v];[2:a]pan=stereo|c0=c0|c1=c0[a]"
               % (self.code_x, self.code_y),
               "-map", "[v]", "-map", "[a]",
               "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv420p", "-b:v", self.bitrate,
               "-maxrate", self.bitrate, "-bufsize", bufsize, "-g", str(2 * FPS),
               "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-shortest", tmp]
        print("making %s (once; cached in %s) ..." % (os.path.basename(self.path), os.path.dirname(self.path)),
              flush=True)
        began = time.monotonic()
        subprocess.run(cmd, check=True)
        os.replace(tmp, self.path)
        return round(time.monotonic() - began, 1)

    def describe(self):
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                                "stream=codec_name,width,height,bit_rate,nb_frames,sample_rate,channels",
                                "-of", "json", self.path], capture_output=True, text=True)
        try:
            streams = json.loads(probe.stdout).get("streams", [])
        except ValueError:
            streams = []
        return {"path": self.path, "seconds": self.seconds, "size": "%dx%d" % (self.width, self.height),
                "streams": streams, "bytes": os.path.getsize(self.path)}


def decode_speed(clip, threads):
    """Decode the clip's video to null with ffmpeg: wall and CPU seconds, frames per second, x real time."""
    cmd = ["ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-threads", str(threads), "-i", clip.path,
           "-map", "0:v", "-f", "null", "-"]
    busy, t0 = machine_busy_ticks(), time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    busy, elapsed = (machine_busy_ticks() - busy) / CLK_TCK, time.monotonic() - t0
    found = re.search(r"bench: utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s", done.stderr)
    if not found:
        return {"threads": threads, "error": done.stderr[-300:]}
    user, system, wall = (float(v) for v in found.groups())
    return {"threads": threads, "cpu_s": round(user + system, 2), "wall_s": round(wall, 2),
            "fps": round(clip.frames / wall, 1), "x_realtime": round(clip.seconds / wall, 2),
            "other_load_cores": round(max(0.0, busy - user - system) / elapsed, 2)}


# ----------------------------------------------------------------------------------------------------------- X11


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
                ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong),
                ("obdata", ctypes.c_void_p), ("create_image", ctypes.c_void_p),
                ("destroy_image", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p))]


class ScreenReader(ui_bench.X11):
    """ui_bench's X11 plus reading the frame-number code back from the screen."""

    Z_PIXMAP = 2

    def __init__(self, display_name, clip, screen_w, screen_h):
        super().__init__(display_name)
        v, ul, i, ui = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint
        self.x.XGetImage.restype = ctypes.POINTER(XImage)
        self.x.XGetImage.argtypes = [v, ul, i, i, ui, ui, ul, i]
        self.x.XGetGeometry.restype = i
        self.x.XGetGeometry.argtypes = [v, ul, ctypes.POINTER(ul), ctypes.POINTER(i), ctypes.POINTER(i),
                                        ctypes.POINTER(ui), ctypes.POINTER(ui), ctypes.POINTER(ui), ctypes.POINTER(ui)]
        self.x.XTranslateCoordinates.restype = i
        self.x.XTranslateCoordinates.argtypes = [v, ul, ul, i, i, ctypes.POINTER(i), ctypes.POINTER(i),
                                                 ctypes.POINTER(ul)]
        self.clip, self.screen_w, self.screen_h = clip, screen_w, screen_h
        self.window = None  # the player's largest top-level window
        self.geometry = None  # its (x, y, w, h) on the root
        self.geometry_read_at = 0.0
        self.toplevels_seen = 0

    def window_geometry(self, window):
        root, x, y, w, h, border, depth = (ctypes.c_ulong(), ctypes.c_int(), ctypes.c_int(), ctypes.c_uint(),
                                           ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        if not self.x.XGetGeometry(self.d, window, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
                                   ctypes.byref(w), ctypes.byref(h), ctypes.byref(border), ctypes.byref(depth)):
            return None
        rx, ry, child = ctypes.c_int(), ctypes.c_int(), ctypes.c_ulong()
        if not self.x.XTranslateCoordinates(self.d, window, self.root, 0, 0, ctypes.byref(rx), ctypes.byref(ry),
                                            ctypes.byref(child)):
            return None
        return rx.value, ry.value, w.value, h.value

    def refresh_window(self, force=False):
        """Find the largest top-level window (players may map a few) and where it is."""
        now = time.monotonic()
        if not force and len(self.toplevels) == self.toplevels_seen and now - self.geometry_read_at < 0.25:
            return
        self.toplevels_seen, self.geometry_read_at = len(self.toplevels), now
        best = None
        for _, window in self.toplevels:
            geometry = self.window_geometry(window)
            if geometry and (best is None or geometry[2] * geometry[3] > best[1][2] * best[1][3]):
                best = (window, geometry)
        if best:
            self.window, self.geometry = best

    def read_row(self, x0, x1, y):
        """Green values of root pixels x0..x1 on row y (None when the read fails)."""
        image = self.x.XGetImage(self.d, self.root, x0, y, x1 - x0 + 1, 1, 0xFFFFFFFF, self.Z_PIXMAP)
        if not image:
            return None
        try:
            img = image.contents
            if img.bits_per_pixel != 32:
                return None
            raw = ctypes.string_at(img.data, img.bytes_per_line)
            return [raw[4 * k + 1] for k in range(x1 - x0 + 1)]
        finally:
            image.contents.destroy_image(ctypes.cast(image, ctypes.c_void_p))

    def read_frame_number(self):
        """The frame number the screen shows now, or None (no picture, or no clean read of the code)."""
        self.refresh_window()
        if self.geometry is None:
            return None
        wx, wy, ww, wh = self.geometry
        clip = self.clip
        scale = min(ww / clip.width, wh / clip.height)
        ox, oy = wx + (ww - clip.width * scale) / 2, wy + (wh - clip.height * scale) / 2
        xs = [int(ox + (clip.code_x + (k + 0.5) * clip.box) * scale) for k in range(BITS)]
        ys = [int(oy + (clip.code_y + (row + 0.5) * clip.box) * scale) for row in (0, 1)]
        if xs[0] < 0 or xs[-1] >= self.screen_w or ys[0] < 0 or ys[1] >= self.screen_h:
            return None
        rows = [self.read_row(xs[0], xs[-1], y) for y in ys]
        if None in rows:
            return None
        number = 0
        for k, x in enumerate(xs):
            a, b = rows[0][x - xs[0]], rows[1][x - xs[0]]
            if abs(a - b) < 40:  # relative: a translucent panel over the code keeps white above black
                return None
            if a > b:
                number |= 1 << k
        return number

    def focus_window(self):
        """Keyboard focus to the player's window (no pointer warp: mpv would show its on-screen controller)."""
        self.refresh_window(force=True)
        if self.window is not None:
            self.x.XSetInputFocus(self.d, self.window, 1, 0)  # RevertToPointerRoot, CurrentTime
            self.x.XSync(self.d, 0)
        return self.window is not None


def start_xvfb(width, height, workdir):
    """A fresh Xvfb on a free display number below 10 (mpv uses MIT-SHM only there); ui_bench's way otherwise."""
    for number in range(10):
        if os.path.exists("/tmp/.X%d-lock" % number) or os.path.exists("/tmp/.X11-unix/X%d" % number):
            continue
        cmd = ["Xvfb", ":%d" % number, "-screen", "0", "%dx%dx24" % (width, height), "-nolisten", "tcp", "-noreset"]
        proc = spawn(cmd, os.environ.copy(), os.path.join(workdir, "xvfb.log"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with open("/tmp/.X%d-lock" % number) as f:
                    ours = f.read().strip() == str(proc.pid)  # not a server someone else started meanwhile
            except OSError:
                ours = False
            if ours and os.path.exists("/tmp/.X11-unix/X%d" % number):
                time.sleep(0.05)
                return proc, ":%d" % number
            time.sleep(0.02)
        stop(proc)  # lost a race for this number, or a server that did not come up: try the next one
    return ui_bench.start_xvfb(width, height, workdir)


# ------------------------------------------------------------------------------------------------------ players


class Player:
    name = ""

    def command(self, clip, width, height, rundir):
        raise NotImplementedError

    def env(self, display, rundir):
        env = os.environ.copy()
        runtime = os.path.join(rundir, "xdg-runtime")
        home = os.path.join(rundir, "home")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        os.makedirs(home, exist_ok=True)
        env.update({"DISPLAY": display, "XDG_RUNTIME_DIR": runtime, "HOME": home,
                    "MESA_SHADER_CACHE_DIR": os.path.join(rundir, "..", "mesa-shader-cache")})
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def own_report(self, rundir, log_path, result):
        """Add what the player says about itself: frames_dropped_own, av_sync_p99_ms, ..."""


def status_lines(log_path):
    """A player's output split at carriage returns and newlines (status lines end in \\r)."""
    try:
        with open(log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    return [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]


# An experiment, not a peer: SDL's software renderer drawing into an X11 MIT-SHM framebuffer instead of OpenGL,
# which under Xvfb (and on any box without a GPU driver) is Mesa's llvmpipe rasteriser on the CPU.
SOFTWARE_RENDERER = {"SDL_RENDER_DRIVER": "software", "SDL_FRAMEBUFFER_ACCELERATION": "0"}


class FamilyLawyer(Player):
    name = "family-lawyer"

    def __init__(self, binary, extra_env, name=None):
        self.binary, self.extra_env = binary, extra_env
        if name:
            self.name = name

    def command(self, clip, width, height, rundir):
        return [self.binary, "--play", clip.path, "--exit-at-end", "--events", os.path.join(rundir, "events.jsonl"),
                "--size", "%dx%d" % (width, height), "--data-dir", os.path.join(rundir, "data")]

    def env(self, display, rundir):
        env = super().env(display, rundir)
        env["SDL_AUDIODRIVER"] = "dummy"
        env.update(self.extra_env)
        return env

    def own_report(self, rundir, log_path, result):
        try:
            with open(os.path.join(rundir, "events.jsonl")) as f:
                events = [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError) as error:
            result["notes"].append("cannot read the event log: %s" % error)
            return
        first = {}
        for event in events:
            first.setdefault(event["event"], event)
        end = first.get("playback_end")
        if end:
            result["frames_dropped_own"] = end.get("frames_dropped")
            result["frames_shown_own"] = end.get("frames_shown")
            result["av_sync_p99_ms"] = end.get("av_sync_p99_ms")
            result["end_reason"] = end.get("reason")
        else:
            result["notes"].append("no playback_end event")
        if "decoder" in first:
            result["decoder"] = first["decoder"].get("name")
        if "first_video_frame" in first:
            result["own_first_video_frame"] = {"t_ms": first["first_video_frame"]["t_ms"],
                                               "ms_since_open": first["first_video_frame"].get("ms_since_open")}
        syncs = [e["max_ms"] for e in events if e["event"] == "av_sync"]
        if syncs:
            result["av_sync_worst_second_ms"] = round(max(syncs), 1)
            result["av_sync_seconds_over_20ms"] = sum(1 for s in syncs if s > 20)
        keys = [e for e in events if e["event"] == "key"]
        seeks = [e for e in events if e["event"] == "seek_done"]
        if keys and seeks:
            after = [s for s in seeks if s["t_ms"] >= keys[0]["t_ms"]]
            if after:
                result["own_key_to_seek_done_ms"] = after[0]["t_ms"] - keys[0]["t_ms"]
                result["own_seek_landed_s"] = after[0].get("position_s")


class FFplay(Player):
    name = "ffplay"

    def command(self, clip, width, height, rundir):
        return ["ffplay", "-hide_banner", "-loglevel", "info", "-stats", "-autoexit", "-x", str(width), "-y",
                str(height), "-left", "0", "-top", "0", "-window_title", "ffplay", clip.path]

    def env(self, display, rundir):
        env = super().env(display, rundir)
        env["SDL_AUDIODRIVER"] = "dummy"
        return env

    def own_report(self, rundir, log_path, result):
        pattern = re.compile(r"(-?[\d.]+)\s+A-V:\s*(-?[\d.]+)\s+fd=\s*(\d+)")
        diffs, dropped = [], None
        for line in status_lines(log_path):
            found = pattern.search(line)
            if found:
                diffs.append(abs(float(found.group(2))) * 1000)
                dropped = int(found.group(3))
        result["frames_dropped_own"] = dropped
        result["av_sync_samples"] = len(diffs)
        if diffs:
            result["av_sync_p99_ms"] = round(percentile(diffs, 99), 1)
            result["av_sync_p50_ms"] = round(percentile(diffs, 50), 1)
        else:
            result["notes"].append("no ffplay status lines with A-V")


class Mpv(Player):
    name = "mpv --vo=x11"
    STATUS = "FLSTAT ${=avsync} ${frame-drop-count} ${decoder-frame-drop-count}"

    def command(self, clip, width, height, rundir):
        conf = os.path.join(rundir, "input.conf")
        with open(conf, "w") as f:
            f.write("RIGHT seek 10\n")  # the default is 5 s; ffplay and family-lawyer jump 10 s
        return ["mpv", "--no-config", "--vo=x11", "--ao=null", "--input-conf=" + conf,
                "--term-status-msg=" + self.STATUS, clip.path]

    def own_report(self, rundir, log_path, result):
        pattern = re.compile(r"FLSTAT (-?[\d.]+|\(unavailable\)) (\d+) (\d+)")
        diffs, dropped = [], None
        for line in status_lines(log_path):
            found = pattern.search(line)
            if found:
                if found.group(1) != "(unavailable)":
                    diffs.append(abs(float(found.group(1))) * 1000)
                dropped = int(found.group(2)) + int(found.group(3))
        result["frames_dropped_own"] = dropped
        result["av_sync_samples"] = len(diffs)
        if diffs:
            result["av_sync_p99_ms"] = round(percentile(diffs, 99), 1)
            result["av_sync_p50_ms"] = round(percentile(diffs, 50), 1)
        else:
            result["notes"].append("no mpv status lines")
        for line in status_lines(log_path):
            if "Shared memory not supported" in line:
                result["notes"].append("mpv: no MIT-SHM (" + line + ")")
                break


# -------------------------------------------------------------------------------------------------------- a play


def reap(proc, timeout):
    """wait4 the player (its rusage is what we measure): None while it runs past `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return usage
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)


def end_player(proc):
    """SIGTERM then SIGKILL the player's group; returns its rusage."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        usage = reap(proc, 3.0)
        if usage is not None:
            return usage
    return None


def play(player, clip, width, height, args, workroot, seek, warm_up=False):
    """One play of the clip: without `seek` from spawn to its exit at the end of the clip; with `seek`, Right is
    pressed --seek-after s after the first frame and the player is ended --after-seek s after the jump showed;
    a `warm_up` play is ended half a second after its first frame."""
    kind = "warm-up" if warm_up else "seek" if seek else "full"
    result = {"player": player.name, "clip": clip.name, "screen": "%dx%d" % (width, height), "notes": [],
              "kind": kind}
    rundir = tempfile.mkdtemp(prefix="%s-%s-%s-" % (re.sub(r"[^a-z0-9]+", "_", player.name), clip.name, kind), dir=workroot)
    xvfb = proc = x = None
    try:
        xvfb, display = start_xvfb(width, height, rundir)
        result["display"] = display
        x = ScreenReader(display, clip, width, height)
        cmd = player.command(clip, width, height, rundir)
        env = player.env(display, rundir)
        log_path = os.path.join(rundir, "output.log")
        right = x.keycode("Right")
        busy0, self0, xvfb0 = machine_busy_ticks(), cpu_ticks("/proc/self/stat"), cpu_ticks("/proc/%d/stat" % xvfb.pid)
        t_spawn = time.monotonic()
        proc = spawn(cmd, env, log_path)
        deadline = t_spawn + clip.seconds + args.grace
        reads = []  # (time, frame number or None, damage reports in the batch)
        t_first = t_key = key_frame = landed = None
        focused = False
        usage = None
        while True:
            now = time.monotonic()
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            usage = None
            if now >= deadline:
                if not seek:
                    result["notes"].append("still running %.0f s after the clip's length: ended" % args.grace)
                break
            if landed is not None and now >= landed + args.after_seek:
                break
            if warm_up and t_first is not None and now >= t_first + 0.5:
                break
            wait = 0.05
            if seek and t_first is not None and t_key is None:
                key_at = t_first + args.seek_after
                if not focused and now >= key_at - 0.5:
                    focused = x.focus_window()
                wait = max(0.0, min(wait, key_at - now))
                if now >= key_at and focused:
                    key_frame = next((f for _, f, _ in reversed(reads) if f is not None), None)
                    t_key = x.press(right)
                    deadline = min(deadline, t_key + 10.0)
                    continue
            count = x.pump(wait)
            if count:
                frame = x.read_frame_number()
                reads.append((x.damage[-1][0], frame, count))
                if frame is not None and t_first is None:
                    t_first = x.damage[-1][0]
                if (t_key is not None and landed is None and frame is not None and key_frame is not None
                        and frame >= key_frame + 2 * FPS):
                    landed = x.damage[-1][0]
        if usage is None:
            usage = end_player(proc)
        t_end = time.monotonic()
        elapsed = t_end - t_spawn
        xvfb_ticks = cpu_ticks("/proc/%d/stat" % xvfb.pid) - xvfb0
        self_ticks = cpu_ticks("/proc/self/stat") - self0
        busy = machine_busy_ticks() - busy0
        result["exit_status"] = proc.returncode
        result["wall_s"] = round(elapsed, 2)
        if usage is not None:
            cpu = usage.ru_utime + usage.ru_stime
            result["cpu_s"] = round(cpu, 2)
            result["cpu_user_s"], result["cpu_system_s"] = round(usage.ru_utime, 2), round(usage.ru_stime, 2)
            result["peak_rss_mib"] = round(usage.ru_maxrss / 1024.0, 1)
            result["xvfb_cpu_s"] = round(xvfb_ticks / CLK_TCK, 2)
            result["driver_cpu_s"] = round(self_ticks / CLK_TCK, 2)
            result["other_load_cores"] = round(max(0.0, busy / CLK_TCK - cpu - (xvfb_ticks + self_ticks) / CLK_TCK)
                                               / elapsed, 2)
        else:
            result["notes"].append("could not reap the player: no CPU or memory figures")
        screen_figures(result, reads, t_spawn, t_first, t_key if seek else None, key_frame, seek)
        player.own_report(rundir, log_path, result)
        if kind == "full" and proc.returncode not in (0, None) and "still running" not in " ".join(result["notes"]):
            result["notes"].append("exit status %s; output ends: %s" % (proc.returncode,
                                                                       ui_bench.output_tail(log_path, 300)))
        result["rundir"] = rundir
    except Exception as error:  # one player failing must not stop the others
        result["error"] = "%s: %s" % (type(error).__name__, error)
    finally:
        if proc is not None and proc.returncode is None:
            end_player(proc)
        stop(proc)
        if x is not None:
            x.close()
        stop(xvfb)
    return result


def screen_figures(result, reads, t_spawn, t_first, t_key, key_frame, seek):
    """First frame, seek and frames never seen, all from the frame numbers read off the screen."""
    frames = [(t, f) for t, f, _ in reads if f is not None]
    result["damage_reports"] = sum(c for _, _, c in reads)
    result["screen_reads"] = len(reads)
    result["screen_reads_with_frame"] = len(frames)
    if t_first is None:
        result["notes"].append("no frame number was ever read off the screen")
        return
    result["first_frame_ms"] = round((t_first - t_spawn) * 1000, 1)
    result["first_frame_number"] = frames[0][1]
    before, after = [f for t, f in frames if t_key is None or t < t_key], []
    if t_key is not None:
        result["seek_key_at_frame"] = key_frame
        landing = None
        for t, f in frames:
            if t >= t_key and key_frame is not None and f >= key_frame + 2 * FPS:
                landing = (t, f)
                break
        if landing:
            result["seek_ms"] = round((landing[0] - t_key) * 1000, 1)
            result["seek_landed_s"] = round(landing[1] / FPS, 2)
            before = [f for t, f in frames if t < landing[0]]
            after = [f for t, f in frames if t >= landing[0]]
        else:
            result["notes"].append("the seek never showed on screen (key not taken?)")
    elif seek:
        result["notes"].append("the seek key was not sent")
    missing = []
    for part in (before, after):
        if part:
            seen = set(part)
            missing += [n for n in range(min(part), max(part) + 1) if n not in seen]
    result["frames_seen"] = len(set(before) | set(after))
    result["frames_not_seen"] = len(missing)
    result["frames_not_seen_numbers"] = missing[:60]  # where in the clip (frame n is at n / 30 s)
    result["last_frame_seen"] = max(f for _, f in frames)
    # Reads that covered several damage reports may hide a frame that was on screen only briefly.
    result["reads_covering_several_reports"] = sum(1 for _, _, c in reads if c > 1)


def other_load_now(seconds=0.5):
    """CPU cores busy on the whole machine over a short while (between plays: all of it is other load)."""
    busy, t0 = machine_busy_ticks(), time.monotonic()
    time.sleep(seconds)
    return (machine_busy_ticks() - busy) / CLK_TCK / (time.monotonic() - t0)


def play_quietly(player, clip, args, workroot, began, seek):
    """A play after waiting for a quiet machine; played again once when other load disturbed it (time allowing),
    keeping the quieter of the two."""
    per_play = (args.seek_after + args.after_seek + 6) if seek else clip.seconds + 8
    attempts = []
    for attempt in range(2):
        if time.monotonic() - began + per_play > args.time_limit:
            if not attempts:
                return {"player": player.name, "clip": clip.name, "notes": [], "kind": "seek" if seek else "full",
                        "error": "skipped: would pass --time-limit %.0f s" % args.time_limit}
            break
        waited = ui_bench.wait_for_quiet_machine(args)
        print("== %s %s, %s%s" % (player.name, clip.name, "seek play" if seek else "full play",
                                  " (again: other load)" if attempt else ""), flush=True)
        result = play(player, clip, clip.width, clip.height, args, workroot, seek)
        result["waited_for_quiet_s"] = waited
        attempts.append(result)
        if seek:
            print("   first frame %s ms, seek %s ms (landed at %s s), other load %s cores%s" % (
                result.get("first_frame_ms"), result.get("seek_ms"), result.get("seek_landed_s"),
                result.get("other_load_cores"), ("  error: " + result["error"]) if "error" in result else ""),
                flush=True)
        else:
            print("   CPU %s s (+Xvfb %s), RSS %s MiB, first frame %s ms, dropped %s / not seen %s, A/V p99 %s ms, "
                  "other load %s cores%s" % (
                      result.get("cpu_s"), result.get("xvfb_cpu_s"), result.get("peak_rss_mib"),
                      result.get("first_frame_ms"), result.get("frames_dropped_own"), result.get("frames_not_seen"),
                      result.get("av_sync_p99_ms"), result.get("other_load_cores"),
                      ("  error: " + result["error"]) if "error" in result else ""), flush=True)
        if "error" in result or result.get("other_load_cores", 0) <= args.max_background:
            break
        ui_bench.wait_for_quiet_machine(args)
        if other_load_now() > args.max_background:
            result["notes"].append("%s play disturbed by other load; not played again: the machine stayed busy"
                                   % result["kind"])
            break
    kept = min(attempts, key=lambda r: ("error" in r, r.get("other_load_cores", 99)))
    if len(attempts) > 1:
        other = attempts[1 - attempts.index(kept)]
        kept["notes"].append("%s play played twice (other load); kept the quieter, the other had %s cores of other "
                             "load" % (kept["kind"], other.get("other_load_cores")))
        kept["other_attempt"] = {k: v for k, v in other.items() if k != "notes"}
    return kept


def worst_load(result):
    """The most other load seen during a result's plays, in cores (errors count as disturbed)."""
    if "error" in result:
        return 99.0
    return max(result.get("other_load_cores", 99.0), result.get("seek_play", {}).get("other_load_cores", 0.0))


def earlier_results(args, clips, binary_info, app_env):
    """(player, clip) -> result from --resume's file, where that result still stands for what this run measures."""
    if not args.resume:
        return {}
    with open(args.resume) as f:
        earlier = json.load(f)
    same_app = (earlier.get("family_lawyer_binary", {}).get("bytes") == binary_info["bytes"] and
                earlier.get("family_lawyer_binary", {}).get("mtime") == binary_info["mtime"] and
                earlier.get("family_lawyer_extra_env", {}) == app_env)
    clip_paths = {c["path"] for c in earlier.get("clips", [])}
    found = {}
    for name, runs in earlier.get("decode_only", {}).items():
        clip = next((c for c in clips if c.name == name), None)
        if clip is not None and clip.path in clip_paths and runs and "error" not in runs[0]:
            found[("decode", name)] = runs[0]
    for result in earlier.get("results", []):
        clip = next((c for c in clips if c.name == result.get("clip")), None)
        if clip is None or clip.path not in clip_paths:
            continue
        if result["player"].startswith(FamilyLawyer.name) and not same_app:
            continue
        result.setdefault("notes", [])
        if not any(note.startswith("measured in ") for note in result["notes"]):
            result["notes"].append("measured in %s" % args.resume)
        found[(result["player"], result["clip"])] = result
    if not found:
        print("player_bench: nothing in %s applies to this run (other binary or clips)" % args.resume, flush=True)
    return found


def measure(player, clip, args, workroot, began):
    """A warm-up start, the full play (CPU, memory, first frame, drops, A/V sync), then the seek play (seek, first
    frame again). The warm-up fills the Mesa shader cache that all plays of this run share (family-lawyer and ffplay
    draw with OpenGL, llvmpipe under Xvfb), as it is on a box after its first boot; its first frame is kept apart."""
    warm = play(player, clip, clip.width, clip.height, args, workroot, seek=False, warm_up=True)
    result = play_quietly(player, clip, args, workroot, began, seek=False)
    result["warm_up_first_frame_ms"] = warm.get("first_frame_ms")
    if "error" in warm:
        result["notes"].append("warm-up start: " + warm["error"])
    if clip.height not in args.seek_heights or "error" in result:
        return result
    seek = play_quietly(player, clip, args, workroot, began, seek=True)
    result["seek_play"] = {k: v for k, v in seek.items() if k not in ("notes", "player", "clip")}
    result["notes"] += [note if note.startswith("seek play") else "seek play: " + note
                        for note in seek.get("notes", [])]
    if "error" in seek:
        result["notes"].append("seek play: " + seek["error"])
        return result
    for key in ("seek_ms", "seek_landed_s", "own_key_to_seek_done_ms", "own_seek_landed_s"):
        if seek.get(key) is not None:
            result[key] = seek[key]
    firsts = [r["first_frame_ms"] for r in (result, seek) if r.get("first_frame_ms") is not None]
    result["first_frame_ms_each"] = firsts
    if firsts:
        result["first_frame_ms_full_play"] = result.get("first_frame_ms")
        result["first_frame_ms"] = round(statistics.median(firsts), 1)
    return result


# ------------------------------------------------------------------------------------------------------- report


def best_peer(results, clip, key):
    """The best (lowest) figure among the peers, ffplay and mpv."""
    values = [r[key] for r in results if r["clip"] == clip and not r["player"].startswith(FamilyLawyer.name)
              and "error" not in r and r.get(key) is not None]
    return min(values) if values else None


def evaluate(results, clips):
    """The issue's goals, checked for family-lawyer (and any experiment variant of it) against this run's peers.
    1080p: pass/FAIL; 2160p is reported against the same targets (meets/misses) but has no goal of its own."""
    goals = []
    for clip in clips:
        for app in [r for r in results if r["clip"] == clip.name and r["player"].startswith(FamilyLawyer.name)
                    and "error" not in r]:
            gated = clip.height <= 1080 and app["player"] == FamilyLawyer.name

            def add(goal, measured, target, ok, app=app, gated=gated):
                verdict = "n/a" if ok is None else ("pass" if ok else "FAIL") if gated else \
                    ("meets" if ok else "misses")
                goals.append({"clip": clip.name, "player": app["player"], "goal": goal, "measured": measured,
                              "target": target, "result": verdict})

            cpu, peer_cpu = app.get("cpu_s"), best_peer(results, clip.name, "cpu_s")
            add("CPU seconds over the play", fmt(cpu, "%.1f s"), "<= best peer" + fmt(peer_cpu, " (%.1f s)", ""),
                None if cpu is None or peer_cpu is None else cpu <= peer_cpu)
            first, peer_first = app.get("first_frame_ms"), best_peer(results, clip.name, "first_frame_ms")
            add("time to first frame", fmt(first, "%.0f ms"), "<= best peer" + fmt(peer_first, " (%.0f ms)", ""),
                None if first is None or peer_first is None else first <= peer_first)
            dropped, unseen = app.get("frames_dropped_own"), app.get("frames_not_seen")
            add("frames dropped (own count / never on screen)", "%s / %s" % (fmt(dropped), fmt(unseen)), "0 / 0",
                None if dropped is None else dropped == 0 and not unseen)
            sync = app.get("av_sync_p99_ms")
            add("A/V sync p99", fmt(sync, "%.1f ms"), "<= 20 ms", None if sync is None else sync <= 20)
            seek, peer_seek = app.get("seek_ms"), best_peer(results, clip.name, "seek_ms")
            if seek is not None or peer_seek is not None:
                add("seek +10 s: key -> picture (no goal set)", fmt(seek, "%.0f ms"),
                    "best peer" + fmt(peer_seek, " %.0f ms", ""), None)
            rss, peer_rss = app.get("peak_rss_mib"), best_peer(results, clip.name, "peak_rss_mib")
            add("peak RSS (no goal set)", fmt(rss, "%.0f MiB"), "best peer" + fmt(peer_rss, " %.0f MiB", ""), None)
    return goals


def fmt(value, form="%s", missing="-"):
    return missing if value is None else form % value


def table(results, goals, decode):
    header = ["clip", "player", "CPU s", "+Xvfb s", "peak RSS", "1st frame", "(each)", "dropped", "not seen",
              "A/V p99", "seek", "landed", "other load"]
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["clip"], r["player"], "error: " + r["error"].splitlines()[0][:100]] + [""] * 10)
            continue
        each = r.get("first_frame_ms_each") or []
        load = max([r.get("other_load_cores", 0)] + [r.get("seek_play", {}).get("other_load_cores", 0)])
        rows.append([r["clip"], r["player"], fmt(r.get("cpu_s"), "%.1f"), fmt(r.get("xvfb_cpu_s"), "%.1f"),
                     fmt(r.get("peak_rss_mib"), "%.0f MiB"), fmt(r.get("first_frame_ms"), "%.0f ms"),
                     "/".join("%.0f" % v for v in each) if len(each) > 1 else "",
                     fmt(r.get("frames_dropped_own")), fmt(r.get("frames_not_seen")),
                     fmt(r.get("av_sync_p99_ms"), "%.1f ms"), fmt(r.get("seek_ms"), "%.0f ms"),
                     fmt(r.get("seek_landed_s"), "%.1f s"), "%.2f cores" % load])
    lines = ui_bench.aligned([header] + rows)
    lines.append("CPU s: the player's own utime+stime from start to exit; +Xvfb s: the X server's meanwhile. "
                 "1st frame: median of the full and the seek play. dropped: as the player counts them; not seen: "
                 "frame numbers never read off the screen (an upper bound). other load: CPU cores used by other "
                 "processes during the plays (worst of the two; above ~0.3 the figures are disturbed).")
    for clip_name, runs in decode.items():
        lines.append("decode only (ffmpeg -benchmark, %s, all cores): " % clip_name + "; ".join(
            "%s fps = %sx real time, %s CPU s (other load %s cores)" % (
                d.get("fps"), d.get("x_realtime"), d.get("cpu_s"), d.get("other_load_cores", "?")) for d in runs))
    for r in results:
        for note in r.get("notes", []):
            lines.append("* %s %s: %s" % (r["player"], r["clip"], note))
    lines.append("")
    lines += ui_bench.aligned([["clip", "player", "goal", "measured", "target", "result"]] +
                              [[g["clip"], g["player"], g["goal"], g["measured"], g["target"], g["result"]]
                               for g in goals])
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description="Player benchmark: family-lawyer vs ffplay and mpv --vo=x11")
    parser.add_argument("out", nargs="?", default="/tmp/player-bench.json", help="where to write the JSON results")
    parser.add_argument("--build", default=os.path.join(REPO, "build"), help="the CMake build directory")
    parser.add_argument("--clips", default="/tmp/fl-bench-clips", help="where the test clips are made and kept")
    parser.add_argument("--sizes", default="1080,2160", help="clip heights to play (1080: 30 s, 2160: 20 s)")
    parser.add_argument("--seconds-1080", type=int, default=30, help="length of the 1080p clip, s")
    parser.add_argument("--seconds-2160", type=int, default=20, help="length of the 2160p clip, s")
    parser.add_argument("--players", default="family-lawyer,ffplay,mpv",
                        help="which players, in this order; family-lawyer-swrender (the app with SDL's software "
                             "renderer on an X11 shared-memory framebuffer) is an experiment to add")
    parser.add_argument("--app-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for family-lawyer only (experiments, e.g. SDL_RENDER_DRIVER=software)")
    parser.add_argument("--seek-after", type=float, default=5.0, help="press Right this long after the first frame, s")
    parser.add_argument("--after-seek", type=float, default=1.0, help="end a seek play this long after the jump, s")
    parser.add_argument("--seek-sizes", default="1080", help="clip heights that get a seek play too ('' for none)")
    parser.add_argument("--grace", type=float, default=25.0, help="a play may run this much past the clip's length, s")
    parser.add_argument("--nice", type=int, default=-10 if os.geteuid() == 0 else 0,
                        help="niceness for this driver and all it starts")
    parser.add_argument("--max-background", type=float, default=0.3,
                        help="other processes using more cores than this during a play: play it again once (time "
                             "allowing) and keep the quieter; also what counts as a quiet machine before a play")
    parser.add_argument("--quiet-wait", type=float, default=60.0,
                        help="seconds in all this run may wait for a quiet machine before plays")
    parser.add_argument("--time-limit", type=float, default=340.0,
                        help="skip what would not finish by then, s (clip making, once, not counted)")
    parser.add_argument("--no-decode-bench", action="store_true", help="skip the ffmpeg decode-speed runs")
    parser.add_argument("--resume", metavar="EARLIER.json",
                        help="an earlier run's output: its plays that other load did not disturb are kept (same clip, "
                             "same family-lawyer binary and environment), only the others are played again; the "
                             "quieter of the two is kept. How to get trustworthy figures on a busy machine in steps")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, event files)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a 1080p goal is missed")
    args = parser.parse_args()

    for tool in ("Xvfb", "ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            sys.exit("player_bench: %s is missing (apt-get install -y xvfb ffmpeg)" % tool)
    app_bin = os.path.join(args.build, "family-lawyer")
    if not os.access(app_bin, os.X_OK):
        sys.exit("player_bench: %s is missing; build first (make bench-player does)" % app_bin)
    app_env = dict(item.split("=", 1) for item in args.app_env)
    args.seek_heights = [int(h) for h in args.seek_sizes.split(",") if h]

    lengths = {1080: args.seconds_1080, 2160: args.seconds_2160}
    rates = {1080: "6M", 2160: "16M"}
    clips = [Clip(int(h), lengths.get(int(h), 20), rates.get(int(h), "16M"), args.clips)
             for h in args.sizes.split(",") if h]
    made = {}
    for clip in clips:
        made[clip.name] = clip.make()

    if args.nice:
        try:
            os.nice(args.nice)
        except OSError as error:
            print("player_bench: cannot change niceness (%s); running at the default" % error, flush=True)
    began = time.monotonic()
    args.quiet_wait_left = args.quiet_wait

    workroot = tempfile.mkdtemp(prefix="player-bench-")
    stat = os.stat(app_bin)
    binary_info = {"path": app_bin, "bytes": stat.st_size,
                   "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stat.st_mtime))}
    # A copy: others may rebuild the tree meanwhile (the app finds its data through compiled-in absolute paths).
    app_copy = shutil.copy2(app_bin, os.path.join(workroot, "family-lawyer"))
    available = {"family-lawyer": lambda: FamilyLawyer(app_copy, app_env), "ffplay": FFplay, "mpv": Mpv,
                 "family-lawyer-swrender": lambda: FamilyLawyer(app_copy, dict(app_env, **SOFTWARE_RENDERER),
                                                                FamilyLawyer.name + " (sw render)")}
    players, notes = [], []
    for name in args.players.split(","):
        if name not in available:
            sys.exit("player_bench: unknown player %s (%s)" % (name, ", ".join(available)))
        if name in ("ffplay", "mpv") and shutil.which(name) is None:
            notes.append("%s not measured: not installed (apt-get install -y %s)" % (name, "ffmpeg" if name ==
                                                                                      "ffplay" else name))
            print(notes[-1], flush=True)
            continue
        players.append(available[name]())

    def on_signal(signum, _frame):
        stop_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    reusable = earlier_results(args, clips, binary_info, app_env)
    load_before = os.getloadavg()
    results, decode = [], {}
    try:
        for clip in clips:
            if not args.no_decode_bench:
                earlier = reusable.get(("decode", clip.name))
                if earlier is not None and earlier.get("other_load_cores", 99) <= args.max_background:
                    decode[clip.name] = [earlier]
                else:
                    ui_bench.wait_for_quiet_machine(args)
                    decode[clip.name] = [decode_speed(clip, 0)]
                    if earlier is not None and earlier.get("other_load_cores", 99) < decode[clip.name][0].get(
                            "other_load_cores", 99):
                        decode[clip.name] = [earlier]
                print("decode %s: %s" % (clip.name, decode[clip.name]), flush=True)
            for player in players:
                earlier = reusable.get((player.name, clip.name))
                if earlier is not None and worst_load(earlier) <= args.max_background:
                    print("== %s %s: kept from %s (other load %.2f cores)" % (player.name, clip.name, args.resume,
                                                                          worst_load(earlier)), flush=True)
                    results.append(earlier)
                    continue
                result = measure(player, clip, args, workroot, began)
                if earlier is not None and "error" not in earlier and (
                        "error" in result or worst_load(earlier) < worst_load(result)):
                    earlier["notes"].append("played again in this run, at %.2f cores of other load: kept this "
                                            "quieter earlier result" % worst_load(result))
                    result = earlier
                results.append(result)
    finally:
        stop_all()
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)

    goals = evaluate(results, clips)
    text = table(results, goals, decode)
    print()
    print(text)
    report = {
        "benchmark": "tests/bench/player",
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "load_before": load_before,
                    "load_after": os.getloadavg()},
        "family_lawyer_binary": binary_info,
        "family_lawyer_extra_env": app_env,
        "versions": versions(),
        "clips": [dict(clip.describe(), made_in_s=made[clip.name]) for clip in clips],
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "quiet_wait_left")},
        "workdir": workroot if args.keep else None,
        "decode_only": decode,
        "results": results,
        "goals": goals,
        "notes": notes,
        "table": text,
        "wall_s": round(time.monotonic() - began, 1),
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print("\nwrote %s (%.0f s)" % (args.out, report["wall_s"]))
    return 1 if args.strict and any(g["result"] == "FAIL" for g in goals) else 0


def versions():
    found = {}
    for name, cmd in (("ffmpeg", ["ffmpeg", "-version"]), ("mpv", ["mpv", "--version"])):
        try:
            found[name] = subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            found[name] = None
    return found


if __name__ == "__main__":
    sys.exit(main())
