# The lawyer's side of a consult's media: two ffmpeg SRT listeners (a test pattern with tone to the box, a recorder
# of what the box sends), both keyed with the consult's passphrase.
import os
import signal
import socket
import subprocess

DEFAULT_PATTERN = "testsrc2=size=1280x720:rate=30"
DEFAULT_TONE = "sine=frequency=440:sample_rate=48000"


def free_udp_port(host):
    """A UDP port free right now on host (SRT runs over UDP)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def srt_url(host, port, passphrase, latency_ms, listener):
    query = [f"latency={latency_ms * 1000}", "pbkeylen=16", f"passphrase={passphrase}", "transtype=live"]
    if listener:
        query += ["mode=listener", "listen_timeout=60000000"]
    return f"srt://{host}:{port}?" + "&".join(query)


class MediaLegs:
    """Starts both listeners for one consult; stop() ends them and leaves the recording in place."""

    def __init__(self, ffmpeg, host, passphrase, latency_ms, recording_path, pattern=DEFAULT_PATTERN,
                 tone=DEFAULT_TONE, audio_codec="opus", log_path=None):
        self.host = host
        self.uplink_port = free_udp_port(host)
        self.downlink_port = free_udp_port(host)
        self.recording_path = recording_path
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL
        common = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
        audio = (["-c:a", "libopus", "-b:a", "32k", "-application", "voip", "-frame_duration", "20"]
                 if audio_codec == "opus" else ["-c:a", "aac", "-b:a", "64k"])
        self.sender = subprocess.Popen(
            common + ["-re", "-f", "lavfi", "-i", pattern, "-re", "-f", "lavfi", "-i", tone,
                      "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-tune", "zerolatency",
                      "-bf", "0", "-g", "60", "-b:v", "1500k", "-pix_fmt", "yuv420p", "-ac", "1"] + audio +
                     ["-f", "mpegts", "-omit_video_pes_length", "0",
                      srt_url(host, self.downlink_port, passphrase, latency_ms, True)],
            stdout=log, stderr=log, start_new_session=True)
        self.recorder = subprocess.Popen(
            common + ["-analyzeduration", "1500000", "-probesize", "2000000",
                      "-i", srt_url(host, self.uplink_port, passphrase, latency_ms, True),
                      "-map", "0", "-c", "copy", "-f", "mpegts", recording_path],
            stdout=log, stderr=log, start_new_session=True)
        if log is not subprocess.DEVNULL:
            log.close()

    @property
    def uplink_url(self):
        """Where the box sends its camera and microphone (it is the SRT caller)."""
        return f"srt://{self.host}:{self.uplink_port}"

    @property
    def downlink_url(self):
        """Where the box fetches the lawyer's picture and sound (it is the SRT caller here too)."""
        return f"srt://{self.host}:{self.downlink_port}"

    def stop(self):
        """Ends both listeners. The recorder first gets a moment to finish by itself (the box hanging up ends its
        input), so that what it has read is written out; SIGINT then lets it close the file; SIGKILL if stuck."""
        if self.sender.poll() is None:
            os.killpg(self.sender.pid, signal.SIGINT)
        try:
            self.recorder.wait(timeout=2)
        except subprocess.TimeoutExpired:
            os.killpg(self.recorder.pid, signal.SIGINT)
        for process in (self.sender, self.recorder):
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
