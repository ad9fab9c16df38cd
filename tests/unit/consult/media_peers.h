// Real peers for the media tests: child processes with pipes, ffmpeg CLI SRT listeners, the UDP fault relay.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fl::test {

// A command run with /bin/sh -c "exec ..." in its own process group, its stdin and stdout on pipes, stderr to a
// file; the group is killed when the object goes.
class ChildProcess {
public:
    ChildProcess(const std::string& command_line, const std::string& stderr_path);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    std::optional<std::string> read_line(int timeout_ms);
    void write_line(const std::string& line);
    // Sends SIGINT (ffmpeg then finishes its output file) and waits; returns the exit code, -1 on timeout.
    int interrupt_and_wait(int timeout_ms);
    int wait(int timeout_ms);
    bool running();
    int pid() const { return pid_; }

private:
    int pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    std::string buffered_;
    int exit_code_ = -1;
    bool reaped_ = false;
};

// A UDP port free right now on 127.0.0.1 (bound and released; a listener started at once will get it).
int free_udp_port();

std::string srt_listener_url(int port, const std::string& passphrase, int latency_ms = 120);

// ffmpeg receiving the box's uplink as an SRT listener and copying it into a file (MPEG-TS).
std::string ffmpeg_record_command(int port, const std::string& passphrase, const std::string& file);
// ffmpeg sending a test pattern and a tone as an SRT listener, H.264 + Opus in MPEG-TS (the lawyer's side).
std::string ffmpeg_send_command(int port, const std::string& passphrase, const std::string& size = "640x360",
                                int fps = 30);

// What ffprobe says about a recording's video.
struct RecordingReport {
    int width = 0, height = 0;
    int frames = 0;
    double first_s = 0, last_s = 0;
    double largest_gap_s = 0;  // between consecutive pictures
    bool has_audio = false;
};
RecordingReport probe_recording(const std::string& file);

// The UDP fault relay (tools/udp-relay) in front of some targets; ports() are where callers should go.
class FaultRelay {
public:
    FaultRelay(const std::vector<int>& target_ports, const std::string& options, const std::string& stderr_path);
    const std::vector<int>& ports() const { return ports_; }
    // Sends one command ("blackhole 3", "loss 2", "rate 600") and waits for its answer.
    std::string command(const std::string& line);

private:
    ChildProcess process_;
    std::vector<int> ports_;
};

}  // namespace fl::test
