# UI benchmark driver: start-up, idle CPU, key-to-frame time and peak RSS of family-lawyer, a bare SDL2 window and Kodi under Xvfb.
#
# Usage:  python3 tests/bench/ui/ui_bench.py [OUT.json] [--build DIR] [--sizes 1920x1080,3840x2160] [--no-kodi] ...
#         (make bench-ui builds the app and the peer, then runs this; OUT.json defaults to /tmp/ui-bench.json)
#
# Needs (Debian 12; none of these are in scripts/install-deps.sh, CI does not run this benchmark):
#   apt-get install -y xvfb libx11-6 libxtst6 libxdamage1      # required (libx11/libxtst/libxdamage come with SDL2 and Mesa)
#   apt-get install -y kodi                                      # optional: the Kodi comparison is skipped without it
#   apt-get install -y xdotool                                   # optional: only for --keys-via xdotool
# Python 3 standard library only; X11 is driven through ctypes (Xlib, XTest, XDamage).
#
# How each figure is measured (the same way for every program; all times are CLOCK_MONOTONIC in this driver):
#   * Each start is a fresh process on its own fresh Xvfb server (-screen 0 WxHx24) of the size under test, in a
#     real X window. Per program and size one profile (HOME, --data-dir) is used for all its starts; its first start
#     (empty profile) is reported apart (first_run_*), the measured starts come after it. All programs share one
#     Mesa shader cache (MESA_SHADER_CACHE_DIR), warm after the first start, as it is on a box after its first boot.
#   * "Presented frame" = the X server reporting damage on one of the program's windows (XDamage, level NonEmpty,
#     re-armed after every report), timed when this driver reads it: the frame's pixels have reached the screen
#     (Mesa's GLX PutImage under Xvfb). Every window created on the server is watched from before the spawn.
#   * first paint: spawn (just before fork/exec) -> first damage; median of --starts starts. settled: last damage
#     before --quiet s without any. family-lawyer's own first_frame/idle events are reported too, placed on this
#     clock (its t_ms start is bracketed by when its event file appears and by key send / frame times).
#   * idle CPU: utime+stime of all the program's threads (/proc/PID/stat) over --idle s once settled, as % of one
#     core; wake-ups: voluntary context switches summed over /proc/PID/task/*/status in that window, with the
#     threads that woke; also repaints (damage) seen then, Xvfb's CPU and the CPU other processes took meanwhile.
#   * key to frame: an XTest key press+release (one XFlush), timed just before it is sent, -> the first damage after
#     it. The next key goes only when the screen has been quiet for --gap s (animations over) and at least
#     --min-interval s after the previous one, plus a random 0-30 ms. p50/p99 are nearest-rank (of 40 presses the
#     p99 is the slowest). If other processes took more than --max-background cores meanwhile, all keys are pressed
#     once more and the quieter attempt kept. family-lawyer: every key must move focus (checked in its event log).
#   * peak RSS: VmHWM of the program's process at the end of its run (also RSS by mapping from /proc/PID/smaps).
#   * This driver and all it starts run at --nice (default -10 as root): builds running beside the benchmark on a
#     shared machine disturb the figures less.
import argparse
import ctypes
import json
import os
import platform
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
KODI_BIN = "/usr/lib/x86_64-linux-gnu/kodi/kodi.bin"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Keys that always move focus on each program's home screen (checked against family-lawyer's focus events).
GRID_KEYS = ["Right"] * 4 + ["Left"] * 4 + ["Down", "Up"] + ["Down"] * 5 + ["Up"] * 5  # 20
KODI_KEYS = ["Down"] * 5 + ["Up"] * 5  # the Estuary main menu


# ----------------------------------------------------------------------------------------------------------- X11


class X11:
    """The little of Xlib, XTest and XDamage the benchmark needs, through ctypes."""

    CREATE_NOTIFY = 16
    MAP_NOTIFY = 19
    SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
    DAMAGE_REPORT_NON_EMPTY = 3
    _on_error = None

    def __init__(self, display_name):
        v, ul, i = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int
        self.x = ctypes.CDLL("libX11.so.6")
        self.xd = ctypes.CDLL("libXdamage.so.1")
        self.xt = ctypes.CDLL("libXtst.so.6")
        sig = {
            (self.x, "XOpenDisplay"): (v, [ctypes.c_char_p]),
            (self.x, "XCloseDisplay"): (i, [v]),
            (self.x, "XDefaultRootWindow"): (ul, [v]),
            (self.x, "XConnectionNumber"): (i, [v]),
            (self.x, "XSelectInput"): (i, [v, ul, ctypes.c_long]),
            (self.x, "XPending"): (i, [v]),
            (self.x, "XNextEvent"): (i, [v, v]),
            (self.x, "XFlush"): (i, [v]),
            (self.x, "XSync"): (i, [v, i]),
            (self.x, "XQueryTree"): (i, [v, ul, ctypes.POINTER(ul), ctypes.POINTER(ul),
                                          ctypes.POINTER(ctypes.POINTER(ul)), ctypes.POINTER(ctypes.c_uint)]),
            (self.x, "XFree"): (i, [v]),
            (self.x, "XStringToKeysym"): (ul, [ctypes.c_char_p]),
            (self.x, "XKeysymToKeycode"): (ctypes.c_ubyte, [v, ul]),
            (self.x, "XSetInputFocus"): (i, [v, ul, i, ul]),
            (self.x, "XWarpPointer"): (i, [v, ul, ul, i, i, ctypes.c_uint, ctypes.c_uint, i, i]),
            (self.xd, "XDamageQueryExtension"): (i, [v, ctypes.POINTER(i), ctypes.POINTER(i)]),
            (self.xd, "XDamageCreate"): (ul, [v, ul, i]),
            (self.xd, "XDamageSubtract"): (None, [v, ul, ul, ul]),
            (self.xt, "XTestQueryExtension"): (i, [v, ctypes.POINTER(i), ctypes.POINTER(i), ctypes.POINTER(i),
                                                   ctypes.POINTER(i)]),
            (self.xt, "XTestFakeKeyEvent"): (i, [v, ctypes.c_uint, i, ul]),
        }
        for (lib, name), (restype, argtypes) in sig.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes
        # Windows vanish while we look at them: ignore X errors instead of Xlib's default (exit the process).
        # One handler for the whole run, kept alive here: Xlib holds it beyond any one connection.
        if X11._on_error is None:
            X11._on_error = ctypes.CFUNCTYPE(i, v, v)(lambda _display, _event: 0)
        self.x.XSetErrorHandler(X11._on_error)
        self.d = self.x.XOpenDisplay(display_name.encode())
        if not self.d:
            raise RuntimeError("cannot open X display " + display_name)
        event_base, error_base, major, minor = i(), i(), i(), i()
        if not self.xd.XDamageQueryExtension(self.d, ctypes.byref(event_base), ctypes.byref(error_base)):
            raise RuntimeError("the X server has no DAMAGE extension")
        self.damage_notify = event_base.value
        if not self.xt.XTestQueryExtension(self.d, ctypes.byref(event_base), ctypes.byref(error_base),
                                           ctypes.byref(major), ctypes.byref(minor)):
            raise RuntimeError("the X server has no XTEST extension")
        self.root = self.x.XDefaultRootWindow(self.d)
        self.fd = self.x.XConnectionNumber(self.d)
        self.watched = set()
        self.damage = []  # (monotonic time, window) of every damage report, in order
        self.toplevels = []  # (monotonic time, window) of windows mapped on the root
        self._event = (ctypes.c_long * 24)()
        self.x.XSelectInput(self.d, self.root, self.SUBSTRUCTURE_NOTIFY_MASK)
        self.x.XSync(self.d, 0)

    def close(self):
        if self.d:
            self.x.XCloseDisplay(self.d)
            self.d = None

    def _watch(self, window):
        """Damage-track a window and, through SubstructureNotify, every window later created in it."""
        if window in self.watched:
            return
        self.watched.add(window)
        self.xd.XDamageCreate(self.d, window, self.DAMAGE_REPORT_NON_EMPTY)
        self.x.XSelectInput(self.d, window, self.SUBSTRUCTURE_NOTIFY_MASK)
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if self.x.XQueryTree(self.d, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                             ctypes.byref(count)):
            found = [children[k] for k in range(count.value)]
            if children:
                self.x.XFree(children)
            for child in found:  # made before we were listening
                self._watch(child)

    def pump(self, timeout):
        """Handle X events for up to `timeout` seconds (returns at the first batch); returns damage count seen."""
        before = len(self.damage)
        if self.x.XPending(self.d) == 0:
            if timeout > 0:
                select.select([self.fd], [], [], timeout)
            if self.x.XPending(self.d) == 0:
                return 0
        while self.x.XPending(self.d) > 0:
            self.x.XNextEvent(self.d, self._event)
            now = time.monotonic()
            kind = ctypes.c_int.from_buffer(self._event).value
            if kind == self.damage_notify:
                # XDamageNotifyEvent: type, serial, send_event, display, drawable [4], damage [5], ...
                self.damage.append((now, self._event[4]))
                self.xd.XDamageSubtract(self.d, self._event[5], 0, 0)
            elif kind == self.CREATE_NOTIFY:  # XCreateWindowEvent: ..., parent [4], window [5]
                self._watch(self._event[5])
            elif kind == self.MAP_NOTIFY:  # XMapEvent: ..., event [4], window [5]
                self._watch(self._event[5])
                if self._event[4] == self.root:
                    self.toplevels.append((now, self._event[5]))
        self.x.XFlush(self.d)
        return len(self.damage) - before

    def pump_until(self, deadline):
        while time.monotonic() < deadline:
            self.pump(deadline - time.monotonic())

    def first_damage_after(self, t):
        for when, _window in self.damage:
            if when >= t:
                return when
        return None

    def wait_damage_after(self, t, timeout):
        deadline = time.monotonic() + timeout
        while True:
            found = self.first_damage_after(t)
            if found is not None or time.monotonic() >= deadline:
                return found
            self.pump(deadline - time.monotonic())

    def wait_quiet(self, gap, max_wait):
        """Wait until no damage for `gap` s; returns the last damage time before the quiet (None: never quiet)."""
        deadline = time.monotonic() + max_wait
        while time.monotonic() < deadline:
            last = self.damage[-1][0] if self.damage else None
            since = last if last is not None else time.monotonic()
            remaining = since + gap - time.monotonic()
            if last is not None and remaining <= 0:
                return last
            self.pump(max(0.001, min(remaining if remaining > 0 else gap, deadline - time.monotonic())))
        return None

    def focus(self, window, width, height):
        self.x.XWarpPointer(self.d, 0, self.root, 0, 0, 0, 0, width // 2, height // 2)
        self.x.XSetInputFocus(self.d, window, 1, 0)  # RevertToPointerRoot, CurrentTime
        self.x.XSync(self.d, 0)

    def keycode(self, name):
        code = self.x.XKeysymToKeycode(self.d, self.x.XStringToKeysym(name.encode()))
        if code == 0:
            raise RuntimeError("no keycode for " + name)
        return code

    def press(self, code):
        """Press and release a key; returns the monotonic time just before it was sent."""
        t = time.monotonic()
        self.xt.XTestFakeKeyEvent(self.d, code, 1, 0)
        self.xt.XTestFakeKeyEvent(self.d, code, 0, 0)
        self.x.XFlush(self.d)
        return t


# ----------------------------------------------------------------------------------------------------- processes

STARTED = []  # every process this driver started, killed on the way out whatever happens


def spawn(cmd, env, log_path, **kwargs):
    log = open(log_path, "wb")
    try:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, **kwargs)
    finally:
        log.close()
    STARTED.append(proc)
    return proc


def stop(proc, grace=2.0):
    """End a process we started (and its process group, which it leads): SIGTERM, then SIGKILL."""
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    try:  # leftovers in its group (Kodi's helpers) once the leader has gone
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc in STARTED:
        STARTED.remove(proc)


def stop_all():
    for proc in list(STARTED):
        stop(proc, grace=0.5)


def start_xvfb(width, height, workdir):
    """A fresh Xvfb on a free display number (Xvfb picks it: -displayfd); returns (process, ':N')."""
    read_end, write_end = os.pipe()
    cmd = ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "%dx%dx24" % (width, height), "-nolisten", "tcp",
           "-noreset"]
    proc = spawn(cmd, os.environ.copy(), os.path.join(workdir, "xvfb.log"), pass_fds=(write_end,))
    os.close(write_end)
    number = b""
    deadline = time.monotonic() + 10
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_end], [], [], deadline - time.monotonic())
        if not ready:
            break
        chunk = os.read(read_end, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_end)
    if not number.strip():
        stop(proc)
        raise RuntimeError("Xvfb did not start; see " + os.path.join(workdir, "xvfb.log"))
    return proc, ":" + number.decode().strip()


# ---------------------------------------------------------------------------------------------------- /proc reads


def proc_status(pid):
    return proc_status_path("/proc/%d/status" % pid)


def proc_status_path(path):
    fields = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
    except OSError:
        pass
    return fields


def kib(fields, key):
    value = fields.get(key, "0 kB").split()[0]
    return int(value) if value.isdigit() else 0


def cpu_ticks(path, children=False):
    """utime+stime from a /proc stat file (a process's is the sum over its threads), + its reaped children's."""
    try:
        with open(path) as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12]) + (int(rest[13]) + int(rest[14]) if children else 0)
    except (OSError, IndexError, ValueError):
        return 0


def machine_busy_ticks():
    """Busy jiffies of the whole machine, all CPUs (to see what else ran meanwhile)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return sum(values) - values[3] - values[4]  # less idle and iowait


def wait_for_quiet_machine(args, x=None):
    """Wait (within what is left of --quiet-wait for the whole run) until other processes use under
    --max-background cores over half a second; returns the seconds waited. Our own processes are idle then."""
    waited, began = 0.0, time.monotonic()
    while args.quiet_wait_left > 0:
        busy, t0 = machine_busy_ticks(), time.monotonic()
        if x is not None:
            x.pump_until(t0 + 0.5)
        else:
            time.sleep(0.5)
        cores = (machine_busy_ticks() - busy) / CLK_TCK / (time.monotonic() - t0)
        if cores < args.max_background:
            break
        waited = time.monotonic() - began
        args.quiet_wait_left -= time.monotonic() - t0
    return round(waited, 1)


def thread_snapshot(pid):
    """tid -> (name, voluntary switches, involuntary switches, cpu ticks) for every thread of a process."""
    threads = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return threads
    for tid in tids:
        base = "/proc/%d/task/%s" % (pid, tid)
        status = proc_status_path(base + "/status")
        if not status:
            continue
        threads[int(tid)] = (status.get("Name", "?"), int(status.get("voluntary_ctxt_switches", "0")),
                             int(status.get("nonvoluntary_ctxt_switches", "0")), cpu_ticks(base + "/stat"))
    return threads


def rss_by_mapping(pid, top=14):
    """Where the resident memory is, by mapped file ([anon] for anonymous memory), largest first, MiB."""
    sizes, name = {}, "?"
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                parts = line.split()
                if not parts:
                    continue
                if "-" in parts[0] and not parts[0].endswith(":"):
                    name = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
                elif parts[0] == "Rss:":
                    sizes[name] = sizes.get(name, 0) + int(parts[1])
    except OSError:
        return []
    ordered = sorted(sizes.items(), key=lambda item: -item[1])
    return [[mapping, round(size / 1024.0, 1)] for mapping, size in ordered[:top] if size > 0]


def renderer_of(pid):
    """What the process draws with, judged from the libraries it has mapped."""
    try:
        with open("/proc/%d/maps" % pid) as f:
            maps = f.read()
    except OSError:
        return "?"
    if "swrast_dri" in maps or "libgallium" in maps:
        return "GL (Mesa llvmpipe)"
    if "_dri.so" in maps:
        return "GL (Mesa DRI)"
    if "libGL" in maps:
        return "GL"
    return "software"


def percentile(values, p):
    """Nearest-rank percentile (with 40 samples p99 is the largest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def output_tail(path, chars=400):
    try:
        with open(path, errors="replace") as f:
            return f.read()[-chars:]
    except OSError:
        return ""


# -------------------------------------------------------------------------------------------------- the programs


class Program:
    """One program under test. `profile` is its settings/home directory, kept across its starts at one size."""

    name = ""
    keys = GRID_KEYS

    def command(self, width, height, profile, rundir):
        raise NotImplementedError

    def env(self, profile, rundir, display, shader_cache):
        env = os.environ.copy()
        runtime = os.path.join(rundir, "xdg-runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        home = os.path.join(profile, "home")
        os.makedirs(home, exist_ok=True)
        env.update({"DISPLAY": display, "XDG_RUNTIME_DIR": runtime, "HOME": home,
                    "MESA_SHADER_CACHE_DIR": shader_cache})
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def after_spawn(self, x, t_spawn, rundir):
        """Called right after the spawn, before the first frame is waited for."""

    def own_log(self, rundir, t_spawn, sent, frames, skip, result):
        """Add what the program says about itself (its own clock) to the result; `skip` keys came before `sent`."""


class FamilyLawyer(Program):
    name = "family-lawyer"

    def __init__(self, binary):
        self.binary = binary
        self.app_start_seen = None

    def command(self, width, height, profile, rundir):
        return [self.binary, "--size", "%dx%d" % (width, height), "--data-dir", os.path.join(profile, "data"),
                "--events", os.path.join(rundir, "events.jsonl")]

    def after_spawn(self, x, t_spawn, rundir):
        """Watch the event log appear: when app_start shows up bounds where the app's clock starts (its t_ms)."""
        path = os.path.join(rundir, "events.jsonl")
        self.app_start_seen = None
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            x.pump(0.0002)  # stays responsive to X (damage is timed on receipt)
            try:
                if os.path.getsize(path) > 0:
                    self.app_start_seen = time.monotonic()
                    return
            except OSError:
                pass

    def own_log(self, rundir, t_spawn, sent, frames, skip, result):
        try:
            with open(os.path.join(rundir, "events.jsonl")) as f:
                events = [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError) as error:
            result["notes"].append("cannot read the event log: %s" % error)
            return
        all_keys = [e for e in events if e["event"] == "key"]
        focus_moves = [e for e in events if e["event"] == "focus"][1:]  # the first is the home screen's default
        result["app_keys_handled"] = len(all_keys)
        result["app_focus_moves"] = len(focus_moves)
        if len(all_keys) < skip + len(sent) or len(focus_moves) < len(all_keys):
            result["notes"].append("%d keys sent, the app logged %d key events and %d focus moves"
                                   % (skip + len(sent), len(all_keys), len(focus_moves)))
        keys = all_keys[skip:skip + len(sent)]
        # The app's t_ms counts from its static initialisation, an unknown moment P after the spawn. Bracket P:
        # app_start was written before the driver saw the file grow; a key event is written after that key was
        # sent and before that key's frame reaches the X server.
        lower, upper = t_spawn, None
        start = events[0] if events and events[0]["event"] == "app_start" else None
        if start is not None and self.app_start_seen is not None:
            upper = self.app_start_seen - start["t_ms"] / 1000.0
        for t_sent, frame, event in zip(sent, frames, keys):
            lower = max(lower, t_sent - (event["t_ms"] + 1) / 1000.0)
            if frame is not None:
                bound = frame - event["t_ms"] / 1000.0
                upper = bound if upper is None else min(upper, bound)
        first = next((e for e in events if e["event"] == "first_frame"), None)
        idles = [e for e in events if e["event"] == "idle"]
        settle_idles = [e for e in idles if not all_keys or e["t_ms"] < all_keys[0]["t_ms"]]
        result["app_first_frame_event_t_ms"] = first["t_ms"] if first else None
        result["app_idle_events_before_keys"] = len(settle_idles)
        if upper is None or upper < lower:
            result["notes"].append("could not place the app's clock on the driver's")
            return
        offset = (lower + upper) / 2
        result["app_clock_start_ms"] = round((offset - t_spawn) * 1000, 1)
        result["app_clock_uncertainty_ms"] = round((upper - lower) * 500, 1)
        if first:
            result["app_first_frame_ms"] = round((offset + first["t_ms"] / 1000.0 - t_spawn) * 1000, 1)
        if settle_idles:
            result["app_settled_ms"] = round((offset + settle_idles[-1]["t_ms"] / 1000.0 - t_spawn) * 1000, 1)
        screen = next((e for e in events if e["event"] == "screen"), None)
        if screen:
            result["app_home_built_ms"] = round((offset + screen["t_ms"] / 1000.0 - t_spawn) * 1000, 1)
        to_event = [(offset + e["t_ms"] / 1000.0 - t) * 1000 for t, e in zip(sent, keys)]
        event_to_frame = [(f - offset - e["t_ms"] / 1000.0) * 1000 for f, e in zip(frames, keys) if f is not None]
        if to_event:
            result["key_to_app_event_ms_p50"] = round(percentile(to_event, 50), 1)
            result["key_to_app_event_ms_p99"] = round(percentile(to_event, 99), 1)
        if event_to_frame:
            result["app_event_to_frame_ms_p50"] = round(percentile(event_to_frame, 50), 1)
            result["app_event_to_frame_ms_p99"] = round(percentile(event_to_frame, 99), 1)


class BareSdl(Program):
    name = "bare SDL2 window"

    def __init__(self, binary):
        self.binary = binary

    def command(self, width, height, profile, rundir):
        return [self.binary, "--size", "%dx%d" % (width, height), "--log", os.path.join(rundir, "bare.log")]

    def own_log(self, rundir, t_spawn, sent, frames, skip, result):
        try:
            with open(os.path.join(rundir, "bare.log")) as f:
                lines = [line.split() for line in f if line.strip()]
        except OSError as error:
            result["notes"].append("cannot read the peer's log: %s" % error)
            return
        times = {}
        for parts in lines:
            times.setdefault(parts[0], []).append(parts)
        if "renderer" in times:
            result["renderer_sdl"] = times["renderer"][0][2]
            result["app_renderer_ready_ms"] = round(float(times["renderer"][0][1]) - t_spawn * 1000, 1)
        if "first_frame" in times:
            result["app_first_frame_ms"] = round(float(times["first_frame"][0][1]) - t_spawn * 1000, 1)
        if "start" in times:
            result["app_clock_start_ms"] = round(float(times["start"][0][1]) - t_spawn * 1000, 1)
        key_times = [float(p[1]) / 1000 for p in times.get("key", [])]
        frame_times = [float(p[1]) / 1000 for p in times.get("frame", [])]
        result["app_keys_handled"] = len(key_times)
        to_event, to_present = [], []  # matched by time, so an earlier attempt's keys do not get in the way
        for t in sent:
            key = next((k for k in key_times if k >= t), None)
            present = next((f for f in frame_times if key is not None and f >= key), None)
            if key is not None:
                to_event.append((key - t) * 1000)
            if present is not None:
                to_present.append((present - t) * 1000)
        if to_event:
            result["key_to_app_event_ms_p50"] = round(percentile(to_event, 50), 1)
            result["key_to_app_event_ms_p99"] = round(percentile(to_event, 99), 1)
        if to_present:
            result["key_to_own_present_ms_p50"] = round(percentile(to_present, 50), 1)
            result["key_to_own_present_ms_p99"] = round(percentile(to_present, 99), 1)


class Kodi(Program):
    name = "Kodi"
    keys = KODI_KEYS

    def __init__(self, quiet_audio=False):
        self.quiet_audio = quiet_audio

    def command(self, width, height, profile, rundir):
        return [KODI_BIN, "--standalone", "--windowing=x11", "--audio-backend=alsa"]

    def env(self, profile, rundir, display, shader_cache):
        env = super().env(profile, rundir, display, shader_cache)
        # A null ALSA device: without a sound card Kodi otherwise stalls for seconds looking for one.
        asound = os.path.join(profile, "asound.conf")
        with open(asound, "w") as f:
            f.write("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
        env["ALSA_CONFIG_PATH"] = asound
        settings = os.path.join(env["HOME"], ".kodi", "userdata", "guisettings.xml")
        if self.quiet_audio and not os.path.exists(settings):
            os.makedirs(os.path.dirname(settings), exist_ok=True)
            with open(settings, "w") as f:
                f.write('<settings version="2">\n    <setting id="audiooutput.streamsilence">0</setting>\n'
                        '</settings>\n')
        env["KODI_AE_SINK"] = "ALSA"
        return env


# -------------------------------------------------------------------------------------------------------- a run


class Launch:
    """One start of a program on a fresh Xvfb: start-up figures, then (for a full run) the rest."""

    def __init__(self, program, width, height, profile, args, workroot):
        self.program, self.width, self.height, self.profile, self.args = program, width, height, profile, args
        self.rundir = tempfile.mkdtemp(prefix="run-", dir=profile)
        self.shader_cache = os.path.join(workroot, "mesa-shader-cache")
        self.xvfb = self.proc = self.x = None
        self.env = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        stop(self.proc)
        if self.x is not None:
            self.x.close()
        stop(self.xvfb)

    def start(self, result):
        """Spawn, wait for the first frame and for the screen to settle; fills first_paint_ms and settle_ms."""
        args = self.args
        self.xvfb, display = start_xvfb(self.width, self.height, self.rundir)
        self.x = X11(display)
        os.makedirs(os.path.join(self.profile, "data"), exist_ok=True)
        cmd = self.program.command(self.width, self.height, self.profile, self.rundir)
        self.env = self.program.env(self.profile, self.rundir, display, self.shader_cache)
        self.log = os.path.join(self.rundir, "program.log")
        self.t_spawn = time.monotonic()
        self.proc = spawn(cmd, self.env, self.log)
        self.program.after_spawn(self.x, self.t_spawn, self.rundir)
        first = self.x.wait_damage_after(self.t_spawn, args.start_timeout)
        if first is None:
            raise RuntimeError("no frame within %.0f s (exit status %s); its output ends:\n%s"
                               % (args.start_timeout, self.proc.poll(), output_tail(self.log)))
        result["first_paint_ms"] = round((first - self.t_spawn) * 1000, 1)
        settled = self.x.wait_quiet(args.quiet, args.settle_timeout)
        if settled is None:
            result["notes"].append("never quiet for %.1f s within %.0f s" % (args.quiet, args.settle_timeout))
            settled = self.x.damage[-1][0]
        result["settle_ms"] = round((settled - self.t_spawn) * 1000, 1)
        result["frames_at_start"] = len(self.x.damage)
        self.check_alive("start-up")

    def check_alive(self, phase):
        if self.proc.poll() is not None:
            raise RuntimeError("exited during %s with status %s; its output ends:\n%s"
                               % (phase, self.proc.returncode, output_tail(self.log)))

    def idle(self, result):
        args, x, pid = self.args, self.x, self.proc.pid
        before_threads = thread_snapshot(pid)
        before = (cpu_ticks("/proc/%d/stat" % pid), cpu_ticks("/proc/%d/stat" % self.xvfb.pid),
                  cpu_ticks("/proc/self/stat", True), machine_busy_ticks())
        damage_before, t0 = len(x.damage), time.monotonic()
        x.pump_until(t0 + args.idle)
        elapsed = time.monotonic() - t0
        after = (cpu_ticks("/proc/%d/stat" % pid), cpu_ticks("/proc/%d/stat" % self.xvfb.pid),
                 cpu_ticks("/proc/self/stat", True), machine_busy_ticks())
        after_threads = thread_snapshot(pid)
        self.check_alive("the idle window")
        delta = [a - b for a, b in zip(after, before)]
        result["idle_s"] = round(elapsed, 2)
        result["idle_cpu_pct"] = round(delta[0] / CLK_TCK / elapsed * 100, 2)
        result["idle_xvfb_cpu_pct"] = round(delta[1] / CLK_TCK / elapsed * 100, 2)
        result["idle_background_cores"] = round((delta[3] - delta[0] - delta[1] - delta[2]) / CLK_TCK / elapsed, 2)
        result["idle_repaints"] = len(x.damage) - damage_before
        wakers, voluntary, involuntary = [], 0, 0
        for tid, (name, vol, invol, ticks) in after_threads.items():
            _, vol0, invol0, ticks0 = before_threads.get(tid, (name, 0, 0, 0))
            voluntary += vol - vol0
            involuntary += invol - invol0
            if vol - vol0 or invol - invol0 or ticks - ticks0:
                wakers.append({"thread": name, "tid": tid, "wakeups": vol - vol0, "preempted": invol - invol0,
                               "cpu_ms": (ticks - ticks0) * 1000 // CLK_TCK})
        wakers.sort(key=lambda w: (-w["wakeups"], -w["cpu_ms"]))
        result["idle_wakeups"] = voluntary
        result["idle_wakeups_per_s"] = round(voluntary / elapsed, 1)
        result["idle_preemptions"] = involuntary
        result["idle_threads"] = len(after_threads)
        result["idle_busiest_threads"] = wakers[:6]

    def keys(self, result):
        args, x = self.args, self.x
        toplevel = x.toplevels[-1][1] if x.toplevels else None
        if toplevel is None:
            raise RuntimeError("no top-level window was mapped")
        x.focus(toplevel, self.width, self.height)
        x.wait_quiet(args.gap, 2.0)  # the focus change may repaint
        plan = (self.program.keys * (args.presses // len(self.program.keys) + 1))[:args.presses]
        codes = {name: x.keycode(name) for name in set(plan)}
        sent, frames = [], []
        ours = ["/proc/self/stat", "/proc/%d/stat" % self.proc.pid, "/proc/%d/stat" % self.xvfb.pid]
        busy_before, ours_before = machine_busy_ticks(), sum(cpu_ticks(path, True) for path in ours)
        program_before, damage_before = cpu_ticks(ours[1]), len(x.damage)
        t_begin, last_send = time.monotonic(), 0.0
        rss_by_cycle = []  # RSS after each pass over the key plan: growth on a revisit is not first-visit caching
        for index, name in enumerate(plan):
            if index % len(self.program.keys) == 0 and index:
                rss_by_cycle.append(round(kib(proc_status(self.proc.pid), "VmRSS") / 1024.0, 1))
            x.wait_quiet(args.gap, 3.0)
            x.pump_until(max(time.monotonic(), last_send + args.min_interval) + random.uniform(0, 0.03))
            if args.keys_via == "xdotool":
                t = time.monotonic()
                subprocess.run(["xdotool", "key", name], env=self.env, check=False)
            else:
                t = x.press(codes[name])
            last_send = t
            sent.append(t)
            frames.append(x.wait_damage_after(t, args.key_timeout))
        x.wait_quiet(args.gap, 3.0)
        self.check_alive("the key presses")
        result["rss_after_each_key_cycle_mib"] = rss_by_cycle + [round(kib(proc_status(self.proc.pid), "VmRSS")
                                                                       / 1024.0, 1)]
        elapsed = time.monotonic() - t_begin
        ours_used = sum(cpu_ticks(path, True) for path in ours) - ours_before  # with xdotool runs
        result["frames_per_key"] = round((len(x.damage) - damage_before) / len(plan), 1)
        result["cpu_ms_per_key"] = round((cpu_ticks(ours[1]) - program_before) * 1000 / CLK_TCK / len(plan), 1)
        result["keys_background_cores"] = round((machine_busy_ticks() - busy_before - ours_used) / CLK_TCK / elapsed, 2)
        latencies = [(f - t) * 1000 for t, f in zip(sent, frames) if f is not None]
        result["keys_sent"] = len(sent)
        result["keys_without_frame"] = sum(1 for f in frames if f is None)
        if latencies:
            result["key_to_frame_ms_p50"] = round(percentile(latencies, 50), 1)
            result["key_to_frame_ms_p99"] = round(percentile(latencies, 99), 1)
            result["key_to_frame_ms_min"] = round(min(latencies), 1)
            result["key_to_frame_ms_mean"] = round(statistics.fmean(latencies), 1)
        result["key_to_frame_ms_each"] = [[name, None if f is None else round((f - t) * 1000, 1)]
                                          for name, t, f in zip(plan, sent, frames)]
        return sent, frames

    def memory(self, result):
        status = proc_status(self.proc.pid)
        result["peak_rss_mib"] = round(kib(status, "VmHWM") / 1024.0, 1)
        result["rss_end_mib"] = round(kib(status, "VmRSS") / 1024.0, 1)
        result["rss_by_mapping_mib"] = rss_by_mapping(self.proc.pid)
        result["xvfb_peak_rss_mib"] = round(kib(proc_status(self.xvfb.pid), "VmHWM") / 1024.0, 1)


def measure(program, width, height, args, workroot):
    """Warm-up start, the full run (start, idle, keys, memory), then more starts for the start-up spread."""
    size = "%dx%d" % (width, height)
    result = {"program": program.name, "size": size, "notes": []}
    profile = tempfile.mkdtemp(prefix=program.name.split()[0].replace("-", "") + "-%d-" % height, dir=workroot)
    result["profile"] = profile
    print("== %s %s" % (program.name, size), flush=True)
    try:
        result["waited_for_quiet_s"] = wait_for_quiet_machine(args)
        # First start with an empty profile (and, for the first program, an empty Mesa shader cache): kept apart.
        warm = {"notes": []}
        with Launch(program, width, height, profile, args, workroot) as launch:
            launch.start(warm)
        result["first_run_first_paint_ms"] = warm.get("first_paint_ms")
        result["first_run_settle_ms"] = warm.get("settle_ms")

        with Launch(program, width, height, profile, args, workroot) as launch:
            launch.start(result)
            result["renderer"] = renderer_of(launch.proc.pid)
            result["rss_after_start_mib"] = round(kib(proc_status(launch.proc.pid), "VmRSS") / 1024.0, 1)
            launch.idle(result)
            result["waited_for_quiet_s"] += wait_for_quiet_machine(args, launch.x)
            first = {}
            sent, frames = launch.keys(first)
            skip = 0  # key presses before the kept attempt
            if first["keys_background_cores"] > args.max_background and time.monotonic() < args.deadline - 40:
                # Something else on the machine took CPU meanwhile: press the keys once more, keep the quieter.
                result["waited_for_quiet_s"] += wait_for_quiet_machine(args, launch.x)
                again = {}
                sent_again, frames_again = launch.keys(again)
                if again["keys_background_cores"] < first["keys_background_cores"]:
                    first, again, skip = again, first, len(sent)
                    sent, frames = sent_again, frames_again
                result["keys_noisy_attempt"] = {k: v for k, v in again.items() if k != "key_to_frame_ms_each"}
            result.update(first)
            launch.memory(result)
            program.own_log(launch.rundir, launch.t_spawn, sent, frames, skip, result)
        firsts, settles = [result["first_paint_ms"]], [result["settle_ms"]]
        for _ in range(max(0, args.starts - 1)):
            extra = {"notes": []}
            try:
                with Launch(program, width, height, profile, args, workroot) as launch:
                    launch.start(extra)
                firsts.append(extra["first_paint_ms"])
                settles.append(extra["settle_ms"])
            except Exception as error:  # a start that fails is reported, the others still count
                result["notes"].append("an extra start failed: %s" % error)
        result["first_paint_all_ms"] = firsts
        result["first_paint_median_ms"] = round(statistics.median(firsts), 1)
        result["settle_all_ms"] = settles
        result["settle_median_ms"] = round(statistics.median(settles), 1)
    except Exception as error:  # one program failing must not stop the others
        result["error"] = "%s: %s" % (type(error).__name__, error)
        print("   error: %s" % result["error"], flush=True)
    print("   first paint %s ms (median of %s), settled %s ms, idle CPU %s %%, wake-ups %s, key->frame p50 %s / "
          "p99 %s ms, peak RSS %s MiB" % (result.get("first_paint_median_ms"), len(result.get("first_paint_all_ms", [])),
                                          result.get("settle_median_ms"), result.get("idle_cpu_pct"),
                                          result.get("idle_wakeups"), result.get("key_to_frame_ms_p50"),
                                          result.get("key_to_frame_ms_p99"), result.get("peak_rss_mib")), flush=True)
    return result


# ------------------------------------------------------------------------------------------------------- report


def evaluate(results, sizes):
    """The issue's goals for family-lawyer, each checked against this run's figures."""
    by = {(r["program"], r["size"]): r for r in results if "error" not in r}
    goals = []
    for width, height in sizes:
        size = "%dx%d" % (width, height)
        app, bare = by.get((FamilyLawyer.name, size)), by.get((BareSdl.name, size))
        if app is None:
            continue
        limit = 16.0 if height <= 1080 else 33.0

        def add(goal, measured, target, ok):
            goals.append({"size": size, "goal": goal, "measured": measured, "target": target,
                          "result": "n/a" if ok is None else ("pass" if ok else "FAIL")})

        first = app.get("first_paint_median_ms")
        add("first frame: spawn -> first paint (median)", None if first is None else "%s ms" % first, "< 300 ms",
            None if first is None else first < 300)
        cpu, wakeups = app.get("idle_cpu_pct"), app.get("idle_wakeups")
        add("idle on home for %s s" % args_idle(app),
            None if cpu is None else "%s %% CPU, %s wake-ups, %s repaints" % (cpu, wakeups, app.get("idle_repaints")),
            "0 % CPU, no wake-ups", None if cpu is None else (cpu == 0 and wakeups == 0))
        p99 = app.get("key_to_frame_ms_p99")
        add("key -> presented frame, p99 of %s" % app.get("keys_sent"), None if p99 is None else "%s ms" % p99,
            "< %d ms" % limit, None if p99 is None else p99 < limit)
        if bare is not None and app.get("peak_rss_mib") is not None and bare.get("peak_rss_mib") is not None:
            delta = round(app["peak_rss_mib"] - bare["peak_rss_mib"], 1)
            same = app.get("renderer") == bare.get("renderer")
            add("peak RSS above the bare SDL2 window", "+%s MiB (%s vs %s)" % (delta, app["peak_rss_mib"],
                                                                             bare["peak_rss_mib"]),
                "<= +50 MiB" + ("" if same else " (renderers differ!)"), delta <= 50)
    return goals


def args_idle(result):
    return result.get("idle_s", "?")


def fmt(value, unit=""):
    if value is None or value == "":
        return "-"
    return ("%.1f%s" % (value, unit)) if isinstance(value, float) else ("%s%s" % (value, unit))


def table(results, goals):
    header = ["program", "size", "renderer", "first paint", "(range)", "settled", "idle CPU", "wake-ups",
              "idle repaints", "key->frame p50", "p99", "frames/key", "peak RSS", "other load"]
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["program"], r["size"], "error: " + r["error"].splitlines()[0][:90]] + [""] * 11)
            continue
        firsts = r.get("first_paint_all_ms") or []
        rows.append([r["program"], r["size"], r.get("renderer", "?"), fmt(r.get("first_paint_median_ms"), " ms"),
                     "%.0f-%.0f" % (min(firsts), max(firsts)) if firsts else "-",
                     fmt(r.get("settle_median_ms"), " ms"), fmt(r.get("idle_cpu_pct"), " %"),
                     fmt(r.get("idle_wakeups")), fmt(r.get("idle_repaints")),
                     fmt(r.get("key_to_frame_ms_p50"), " ms"), fmt(r.get("key_to_frame_ms_p99"), " ms"),
                     fmt(r.get("frames_per_key")), fmt(r.get("peak_rss_mib"), " MiB"),
                     "%.2f cores" % max(r.get("idle_background_cores", 0), r.get("keys_background_cores", 0))])
    lines = aligned([header] + rows)
    lines.append("other load: CPU cores used by processes outside the benchmark during the idle window or the key "
                 "presses (worst of the two); above ~0.25 the figures are disturbed.")
    for r in results:
        said = list(r.get("notes", []))
        if r.get("idle_cpu_pct", 0) >= 1:
            busiest = sorted(r.get("idle_busiest_threads", []), key=lambda w: -w["cpu_ms"])[:3]
            said.append("idle CPU by thread: " + ", ".join("%s %.1f %% (%d wake-ups)" % (
                w["thread"], w["cpu_ms"] / 10.0 / max(r["idle_s"], 0.1), w["wakeups"]) for w in busiest))
        elif r.get("idle_wakeups"):
            said.append("idle wake-ups by thread: " + ", ".join(
                "%s %d" % (w["thread"], w["wakeups"]) for w in r.get("idle_busiest_threads", [])[:3]))
        if "keys_noisy_attempt" in r:
            said.append("keys pressed twice (other load); kept the quieter attempt, the other had p50 %s / p99 %s ms "
                        "at %.2f cores of other load" % (r["keys_noisy_attempt"].get("key_to_frame_ms_p50"),
                                                         r["keys_noisy_attempt"].get("key_to_frame_ms_p99"),
                                                         r["keys_noisy_attempt"].get("keys_background_cores", 0)))
        for line in said:
            lines.append("* %s %s: %s" % (r["program"], r["size"], line))
    lines.append("")
    lines += aligned([["size", "goal (family-lawyer)", "measured", "target", "result"]] +
                     [[g["size"], g["goal"], fmt(g["measured"]), g["target"], g["result"]] for g in goals])
    return "\n".join(lines)


def aligned(rows):
    widths = [max(len(str(row[k])) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(str(cell).ljust(widths[k]) for k, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def parse_size(text):
    width, _, height = text.partition("x")
    return int(width), int(height)


def main():
    parser = argparse.ArgumentParser(description="UI benchmark: family-lawyer vs a bare SDL2 window and Kodi")
    parser.add_argument("out", nargs="?", default="/tmp/ui-bench.json", help="where to write the JSON results")
    parser.add_argument("--build", default=os.path.join(REPO, "build"), help="the CMake build directory")
    parser.add_argument("--sizes", default="1920x1080,3840x2160", help="screen sizes for family-lawyer and the peer")
    parser.add_argument("--kodi-sizes", default="1920x1080", help="screen sizes for Kodi ('' for none)")
    parser.add_argument("--no-kodi", action="store_true", help="leave Kodi out")
    parser.add_argument("--starts", type=int, default=3, help="measured start-ups per program and size")
    parser.add_argument("--idle", type=float, default=10.0, help="idle window, s")
    parser.add_argument("--presses", type=int, default=40, help="key presses per program and size")
    parser.add_argument("--gap", type=float, default=0.2, help="quiet time before each key, s")
    parser.add_argument("--min-interval", type=float, default=0.15, help="least time between keys, s")
    parser.add_argument("--quiet", type=float, default=1.5, help="no repaint for this long = settled, s")
    parser.add_argument("--key-timeout", type=float, default=1.0, help="a key with no frame after this is a miss, s")
    parser.add_argument("--start-timeout", type=float, default=30.0, help="first frame deadline, s")
    parser.add_argument("--settle-timeout", type=float, default=20.0, help="settling deadline, s")
    parser.add_argument("--keys-via", choices=["xtest", "xdotool"], default="xtest",
                        help="send keys from this process through XTest (default; the send time is exact) or by "
                             "running xdotool (its start-up, ~ms, then counts as latency)")
    parser.add_argument("--nice", type=int, default=-10 if os.geteuid() == 0 else 0,
                        help="niceness for this driver and all it starts (default -10 as root: background builds "
                             "on a shared machine disturb the figures less)")
    parser.add_argument("--max-background", type=float, default=0.25,
                        help="other processes using more CPU cores than this during the key presses: press them "
                             "all again once and keep the quieter attempt; also what counts as a quiet machine")
    parser.add_argument("--quiet-wait", type=float, default=30.0,
                        help="seconds in all this run may wait for a quiet machine before start-ups and key presses")
    parser.add_argument("--kodi-quiet-audio", action="store_true",
                        help="give Kodi audiooutput.streamsilence=0 so its audio sink sleeps while nothing plays "
                             "(by default it keeps feeding the null ALSA device, which costs most of its idle CPU)")
    parser.add_argument("--time-limit", type=float, default=280.0, help="skip what would not finish by then, s")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, event files)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a goal is missed")
    args = parser.parse_args()

    began = time.monotonic()
    args.deadline = began + args.time_limit
    args.quiet_wait_left = args.quiet_wait
    for tool in ["Xvfb"] + (["xdotool"] if args.keys_via == "xdotool" else []):
        if shutil.which(tool) is None:
            sys.exit("ui_bench: %s is missing (apt-get install -y xvfb xdotool)" % tool)
    app_bin = os.path.join(args.build, "family-lawyer")
    peer_bin = os.path.join(args.build, "tests", "bare_sdl_window")
    for binary in (app_bin, peer_bin):
        if not os.access(binary, os.X_OK):
            sys.exit("ui_bench: %s is missing; build first (make bench-ui does)" % binary)
    if args.nice:
        try:
            os.nice(args.nice)
        except OSError as error:
            print("ui_bench: cannot change niceness (%s); running at the default" % error, flush=True)

    workroot = tempfile.mkdtemp(prefix="ui-bench-")
    # Run copies: others may rebuild the tree meanwhile, and every program here must be the same binary throughout
    # (the app finds its data through absolute paths compiled in, so a copy runs the same).
    stat = os.stat(app_bin)
    binary_info = {"path": app_bin, "bytes": stat.st_size, "mtime": time.strftime("%Y-%m-%d %H:%M:%S",
                                                                                 time.localtime(stat.st_mtime))}
    app_bin = shutil.copy2(app_bin, os.path.join(workroot, "family-lawyer"))
    peer_bin = shutil.copy2(peer_bin, os.path.join(workroot, "bare_sdl_window"))

    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    kodi_sizes = [] if args.no_kodi else [parse_size(s) for s in args.kodi_sizes.split(",") if s]
    plan = []
    for width, height in sizes:
        plan += [(FamilyLawyer(app_bin), width, height), (BareSdl(peer_bin), width, height)]
    notes = []
    if kodi_sizes:
        if os.access(KODI_BIN, os.X_OK):
            plan += [(Kodi(args.kodi_quiet_audio), width, height) for width, height in kodi_sizes]
        else:
            notes.append("Kodi not measured: %s not found (apt-get install -y kodi)" % KODI_BIN)
            print(notes[-1], flush=True)

    def on_signal(signum, _frame):
        stop_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    load_before = os.getloadavg()
    results = []
    try:
        for program, width, height in plan:
            per_start = 2.5 + args.quiet + (6.0 if isinstance(program, Kodi) else 0.0)
            budget = per_start * (args.starts + 1) + args.idle + args.presses * (args.gap + args.min_interval + 0.1)
            if time.monotonic() - began + budget > args.time_limit:
                results.append({"program": program.name, "size": "%dx%d" % (width, height), "notes": [],
                                "error": "skipped: would pass --time-limit %.0f s" % args.time_limit})
                continue
            results.append(measure(program, width, height, args, workroot))
    finally:
        stop_all()
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)

    goals = evaluate(results, sizes)
    text = table(results, goals)
    print()
    print(text)
    report = {
        "benchmark": "tests/bench/ui",
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "load_before": load_before,
                    "load_after": os.getloadavg()},
        "family_lawyer_binary": binary_info,
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "deadline", "quiet_wait_left")},
        "workdir": workroot if args.keep else None,
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


if __name__ == "__main__":
    sys.exit(main())
