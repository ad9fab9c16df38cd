// Child processes over fork/exec with pipes, ffmpeg peer command lines, ffprobe reports and the fault relay driver.
#include "media_peers.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "process.h"

namespace fl::test {

ChildProcess::ChildProcess(const std::string& command_line, const std::string& stderr_path) {
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    const std::string shell_line = "exec " + command_line;
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        setpgid(0, 0);  // its own process group, so a pipeline ends with it
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) dup2(err, 2);
        execl("/bin/sh", "sh", "-c", shell_line.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    stdin_fd_ = to_child[1];
    stdout_fd_ = from_child[0];
}

ChildProcess::~ChildProcess() {
    if (running()) {
        kill(-pid_, SIGTERM);
        if (wait(2000) == -1 && !reaped_) {
            kill(-pid_, SIGKILL);
            wait(2000);
        }
    } else {
        kill(-pid_, SIGKILL);  // what is left of a pipeline
    }
    if (stdin_fd_ >= 0) close(stdin_fd_);
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

std::optional<std::string> ChildProcess::read_line(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        if (const size_t newline = buffered_.find('\n'); newline != std::string::npos) {
            std::string line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd waiting{stdout_fd_, POLLIN, 0};
        if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
        char chunk[4096];
        const ssize_t got = read(stdout_fd_, chunk, sizeof chunk);
        if (got <= 0) return std::nullopt;
        buffered_.append(chunk, static_cast<size_t>(got));
    }
}

void ChildProcess::write_line(const std::string& line) {
    const std::string text = line + "\n";
    if (write(stdin_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        throw std::runtime_error("write to child failed");
}

bool ChildProcess::running() {
    if (reaped_) return false;
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
        reaped_ = true;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        return false;
    }
    return true;
}

int ChildProcess::wait(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_code_;
}

int ChildProcess::interrupt_and_wait(int timeout_ms) {
    if (running()) kill(-pid_, SIGINT);
    return wait(timeout_ms);
}

int free_udp_port() {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        close(fd);
        throw std::runtime_error("no free UDP port");
    }
    close(fd);
    return ntohs(address.sin_port);
}

std::string srt_listener_url(int port, const std::string& passphrase, int latency_ms) {
    std::string url = "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener&latency=" +
                      std::to_string(latency_ms * 1000) + "&listen_timeout=20000000";
    if (!passphrase.empty()) url += "&passphrase=" + passphrase + "&pbkeylen=16";
    return url;
}

std::string ffmpeg_record_command(int port, const std::string& passphrase, const std::string& file) {
    return "ffmpeg -hide_banner -nostdin -loglevel error -y -i " + shell_quote(srt_listener_url(port, passphrase)) +
           " -map 0 -c copy -f mpegts " + shell_quote(file);
}

std::string ffmpeg_send_command(int port, const std::string& passphrase, const std::string& size, int fps) {
    return "ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i " +
           shell_quote("testsrc2=size=" + size + ":rate=" + std::to_string(fps)) +
           " -f lavfi -i sine=frequency=440:sample_rate=48000 -c:v libx264 -preset ultrafast -tune zerolatency"
           " -profile:v baseline -g " + std::to_string(fps) + " -b:v 800k -c:a libopus -b:a 32k -application voip"
           " -frame_duration 20 -f mpegts -omit_video_pes_length 0 " +
           shell_quote(srt_listener_url(port, passphrase) + "&pkt_size=1316");
}

RecordingReport probe_recording(const std::string& file) {
    RecordingReport report;
    const auto frames = run_command("ffprobe -v error -select_streams v:0 -show_entries frame=pts_time,width,height"
                                    " -of csv=p=0 " + shell_quote(file));
    std::istringstream lines(frames.out);
    std::string line;
    double previous = NAN;
    while (std::getline(lines, line)) {
        // "width,height,pts_time" in ffprobe's field order for frames: pts_time first in 5.1? Parse by count.
        std::istringstream fields(line);
        std::string a, b, c;
        if (!std::getline(fields, a, ',') || !std::getline(fields, b, ',') || !std::getline(fields, c, ',')) continue;
        double pts = NAN;
        int width = 0, height = 0;
        // ffprobe prints the fields in its own order (pts_time before width and height).
        try {
            pts = std::stod(a);
            width = std::stoi(b);
            height = std::stoi(c);
        } catch (const std::exception&) {
            continue;
        }
        if (report.frames == 0) report.first_s = pts;
        report.last_s = pts;
        report.width = width;
        report.height = height;
        if (!std::isnan(previous)) report.largest_gap_s = std::max(report.largest_gap_s, pts - previous);
        previous = pts;
        ++report.frames;
    }
    const auto audio = run_command("ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 " +
                                   shell_quote(file));
    report.has_audio = audio.out.find("opus") != std::string::npos;
    return report;
}

FaultRelay::FaultRelay(const std::vector<int>& target_ports, const std::string& options, const std::string& stderr_path)
    : process_([&] {
          std::string command = "/usr/bin/python3 " FL_UDP_RELAY;
          for (const int port : target_ports) command += " --to 127.0.0.1:" + std::to_string(port);
          return command + " " + options;
      }(),
               stderr_path) {
    while (auto line = process_.read_line(5000)) {
        if (*line == "READY") return;
        if (line->rfind("LISTEN ", 0) == 0) ports_.push_back(std::stoi(line->substr(7)));
    }
    throw std::runtime_error("the UDP relay did not start");
}

std::string FaultRelay::command(const std::string& line) {
    process_.write_line(line);
    return process_.read_line(2000).value_or("");
}

}  // namespace fl::test
