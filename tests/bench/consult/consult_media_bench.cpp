// Consult media benchmark on 127.0.0.1: first remote picture, one-way latency both ways, and CPU of a 720p30 call,
// for the box's media session and, in the same run, for the same pipeline built from ffmpeg CLI processes.
// Usage: consult_media_bench FRAME_STAMP_TOOL [first|in|out|loop|cpu]   (prints a table; all four take about 70 s)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "consult/media/consult_media.h"
#include "consult/media/frame_stamp.h"
#include "consult/media/rtt_probe.h"
#include "media_peers.h"
#include "process.h"

using namespace fl::consult;
using fl::test::ChildProcess;
using fl::test::shell_quote;

namespace {

std::string g_stamp_tool;
fl::test::TempDir* g_dir = nullptr;
int g_logs = 0;

constexpr const char* kEncode =
    " -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 60 -b:v 1500k -maxrate 1500k"
    " -bufsize 750k";
constexpr const char* kTunedInput = "-fflags +nobuffer+noparse+nofillin -flags low_delay -probesize 32 -analyzeduration 0";

std::string log_file() { return g_dir->file("proc-" + std::to_string(++g_logs) + ".err"); }

std::string listener(int port) { return "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener&latency=120000&pkt_size=1316"; }
std::string caller(int port) { return "srt://127.0.0.1:" + std::to_string(port) + "?latency=120000&pkt_size=1316"; }

void wait_listening(int port) {
    for (int i = 0; i < 200; ++i) {
        if (probe_srt_rtt_ms("127.0.0.1", port, 1, 50)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::fprintf(stderr, "an ffmpeg SRT listener on port %d did not come up\n", port);
}

// The lawyer's usual sender: test pattern and tone, as a listener. 720p30 for the call figures; the latency runs use
// a small picture for the direction they do not measure, so both pipelines measured see the same machine load.
std::string pattern_sender(int port, const std::string& size = "1280x720") {
    return "ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc2=size=" + size + ":rate=30" +
           " -f lavfi -i sine=frequency=440:sample_rate=48000" + kEncode +
           " -c:a libopus -b:a 32k -application voip -frame_duration 20 -f mpegts -omit_video_pes_length 0 " +
           shell_quote(listener(port));
}
// Stamped pictures from the stamp tool, encoded with the box's video settings and sent to an SRT URL. Video only:
// with a second (audio) input the ffmpeg CLI sender's pictures come ~170 ms later (~40 ms even with wall-clock input
// timestamps and -max_interleave_delta 1), which would flatter the box.
std::string stamped_sender(const std::string& url, double seconds) {
    return shell_quote(g_stamp_tool) + " generate 1280 720 30 " + std::to_string(seconds) +
           " | ffmpeg -hide_banner -nostdin -loglevel error -f rawvideo -pix_fmt yuv420p -s 1280x720 -r 30 -i pipe:0" +
           kEncode + " -f mpegts -omit_video_pes_length 0 " + shell_quote(url);
}
// A tuned CLI receiver that hands raw pictures to the stamp reader (one age in ms per line on stdout). The rawvideo
// encoder is frame-threaded by default (-threads auto): it then hands each picture on only when a later one comes in,
// one or two pictures late (33-67 ms, decided by timing at start-up). `-threads 1` there makes it hand each decoded
// picture on at once, as a player showing it would; it is the same receiver for the box's stream and the CLI's.
std::string stamp_receiver(const std::string& url) {
    return std::string("ffmpeg -hide_banner -nostdin -loglevel error ") + kTunedInput + " -i " + shell_quote(url) +
           " -map 0:v -fps_mode passthrough -threads 1 -f rawvideo -pix_fmt yuv420p pipe:1 | " +
           shell_quote(g_stamp_tool) + " read 1280 720";
}
std::string null_receiver(int port) {
    return "ffmpeg -hide_banner -nostdin -loglevel error -i " + shell_quote(listener(port)) + " -map 0 -c copy -f null -";
}

double median(std::vector<double> values) {
    if (values.empty()) return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

std::vector<double> read_ages(ChildProcess& reader, int skip, int wanted, int timeout_ms) {
    std::vector<double> ages;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    int seen = 0;
    while (static_cast<int>(ages.size()) < wanted && std::chrono::steady_clock::now() < deadline) {
        auto line = reader.read_line(1000);
        if (!line) continue;
        if (++seen > skip) ages.push_back(std::stod(*line));
    }
    return ages;
}

MediaParams box_params(int up_port, int down_port) {
    MediaParams params;
    params.uplink_url = "srt://127.0.0.1:" + std::to_string(up_port);
    params.downlink_url = "srt://127.0.0.1:" + std::to_string(down_port);
    params.latency_ms = 120;
    params.capture.camera = "lavfi:testsrc2=size=1280x720:rate=30";
    params.capture.microphone = "lavfi:sine=frequency=300:sample_rate=48000";
    params.play_audio_on_device = false;
    params.adaptive_bitrate = false;
    return params;
}

bool wait_event(ConsultMedia& media, MediaEvent::Kind kind, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& event : media.poll_events()) {
            if (event.kind == kind) return true;
            if (event.kind == MediaEvent::Kind::StateChanged && event.state == MediaState::Ended) return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --- first remote picture ---------------------------------------------------------------------------------------

void first_picture(double& box_s, double& cli_s) {
    std::vector<double> box, cli;
    for (int run = 0; run < 3; ++run) {
        const int up = fl::test::free_udp_port(), down = fl::test::free_udp_port();
        ChildProcess sink(null_receiver(up), log_file());
        ChildProcess sender(pattern_sender(down), log_file());
        wait_listening(up);
        wait_listening(down);
        const auto start = std::chrono::steady_clock::now();
        auto media = ConsultMedia::start(box_params(up, down));
        if (media && wait_event(*media.value(), MediaEvent::Kind::FirstRemoteFrame, 10000)) box.push_back(seconds_since(start));
        if (media) media.value()->stop();
    }
    for (int run = 0; run < 3; ++run) {
        const int down = fl::test::free_udp_port();
        ChildProcess sender(pattern_sender(down), log_file());
        wait_listening(down);
        const auto start = std::chrono::steady_clock::now();
        ChildProcess receiver(std::string("ffmpeg -hide_banner -nostdin -loglevel error ") + kTunedInput + " -i " +
                                  shell_quote(caller(down)) + " -map 0:v -frames:v 1 -f null -",
                              log_file());
        if (receiver.wait(10000) == 0) cli.push_back(seconds_since(start));
    }
    box_s = median(box);
    cli_s = median(cli);
}

// --- one-way latency, lawyer to box -----------------------------------------------------------------------------

void latency_to_box(double& box_ms, double& cli_ms) {
    {
        const int up = fl::test::free_udp_port(), down = fl::test::free_udp_port();
        ChildProcess sink(null_receiver(up), log_file());
        ChildProcess sender(stamped_sender(listener(down), 12), log_file());
        wait_listening(up);
        wait_listening(down);
        std::mutex mutex;
        std::vector<double> ages;
        MediaParams params = box_params(up, down);
        params.capture.camera = "lavfi:testsrc2=size=426x240:rate=15";
        params.start_step = 4;  // 240p15 the other way: the load of the direction not measured stays small
        auto media = ConsultMedia::start(params);
        if (media) {
            media.value()->observe_remote_pictures([&](const fl::media::VideoFrame& picture, uint64_t decoded_at) {
                if (const auto stamp = read_frame_stamp(picture.plane(0), picture.pitch(0), picture.width, picture.height)) {
                    std::lock_guard lock(mutex);
                    ages.push_back(static_cast<double>(stamp_age_ms(*stamp, decoded_at)));
                }
            });
            std::this_thread::sleep_for(std::chrono::seconds(8));
            media.value()->stop();
        }
        std::lock_guard lock(mutex);
        if (ages.size() > 30) ages.erase(ages.begin(), ages.begin() + 30);  // the first second settles
        box_ms = median(ages);
    }
    {
        const int down = fl::test::free_udp_port();
        ChildProcess sender(stamped_sender(listener(down), 12), log_file());
        wait_listening(down);
        ChildProcess receiver(stamp_receiver(caller(down)), log_file());
        cli_ms = median(read_ages(receiver, 30, 200, 12000));
    }
}

// --- one-way latency, box to lawyer -----------------------------------------------------------------------------

void latency_from_box(double& box_ms, double& cli_ms) {
    {
        const int up = fl::test::free_udp_port(), down = fl::test::free_udp_port();
        ChildProcess receiver(stamp_receiver(listener(up)), log_file());
        ChildProcess sender(pattern_sender(down, "320x180"), log_file());
        wait_listening(up);
        wait_listening(down);
        MediaParams params = box_params(up, down);
        params.stamp_frames = true;
        auto media = ConsultMedia::start(params);
        box_ms = median(read_ages(receiver, 30, 200, 12000));
        if (media) media.value()->stop();
    }
    {
        const int up = fl::test::free_udp_port();
        ChildProcess receiver(stamp_receiver(listener(up)), log_file());
        wait_listening(up);
        ChildProcess sender(stamped_sender(caller(up), 12), log_file());
        cli_ms = median(read_ages(receiver, 30, 200, 12000));
    }
}

// --- one-way latency, box to box through a media router (srt-live-transmit) -------------------------------------

// The box's sender measured by the box's receiver: the path a call takes when both ends are boxes (or the hotline
// runs the same code), without the ffmpeg CLI's receiving side in the figure. The CLI reference goes through the
// same router into the same receiver.
void latency_box_to_box(double& box_ms, double& cli_ms) {
    auto run = [](bool box_sends) {
        const int in = fl::test::free_udp_port(), out = fl::test::free_udp_port();
        ChildProcess router("srt-live-transmit -q " + shell_quote("srt://:" + std::to_string(in) + "?mode=listener&latency=120") +
                                " " + shell_quote("srt://:" + std::to_string(out) + "?mode=listener&latency=120"),
                            log_file());
        wait_listening(in);
        std::unique_ptr<ChildProcess> cli_sender;
        std::unique_ptr<ChildProcess> small_downlink;  // what the sending box receives meanwhile
        std::unique_ptr<ConsultMedia> box_sender;
        if (box_sends) {
            const int down = fl::test::free_udp_port();
            small_downlink = std::make_unique<ChildProcess>(pattern_sender(down, "320x180"), log_file());
            wait_listening(down);
            MediaParams params = box_params(in, down);
            params.stamp_frames = true;
            auto started = ConsultMedia::start(params);
            if (started) box_sender = std::move(started).value();
        } else {
            cli_sender = std::make_unique<ChildProcess>(stamped_sender(caller(in), 14), log_file());
        }
        const int sink = fl::test::free_udp_port();
        ChildProcess sink_process(null_receiver(sink), log_file());
        wait_listening(sink);
        std::mutex mutex;
        std::vector<double> ages;
        MediaParams params = box_params(sink, out);
        params.capture.camera = "lavfi:testsrc2=size=426x240:rate=15";
        params.start_step = 4;
        auto receiver = ConsultMedia::start(params);
        if (receiver) {
            receiver.value()->observe_remote_pictures([&](const fl::media::VideoFrame& picture, uint64_t decoded_at) {
                if (const auto stamp = read_frame_stamp(picture.plane(0), picture.pitch(0), picture.width, picture.height)) {
                    std::lock_guard lock(mutex);
                    ages.push_back(static_cast<double>(stamp_age_ms(*stamp, decoded_at)));
                }
            });
            std::this_thread::sleep_for(std::chrono::seconds(8));
            receiver.value()->stop();
        }
        if (box_sender) box_sender->stop();
        std::lock_guard lock(mutex);
        if (ages.size() > 30) ages.erase(ages.begin(), ages.begin() + 30);
        return median(ages);
    };
    box_ms = run(true);
    cli_ms = run(false);
}

// --- CPU of a 720p30 call ---------------------------------------------------------------------------------------

double process_cpu_s(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14 || index == 15) ticks += std::stod(field);  // utime, stime
        if (index == 15) break;
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double self_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void call_cpu(double& box_cores, double& cli_cores) {
    constexpr int kSeconds = 10;
    {
        const int up = fl::test::free_udp_port(), down = fl::test::free_udp_port();
        ChildProcess sink(null_receiver(up), log_file());
        ChildProcess sender(pattern_sender(down), log_file());
        wait_listening(up);
        wait_listening(down);
        auto media = ConsultMedia::start(box_params(up, down));
        if (media && wait_event(*media.value(), MediaEvent::Kind::FirstRemoteFrame, 10000)) {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            const double cpu0 = self_cpu_s();
            const auto start = std::chrono::steady_clock::now();
            std::this_thread::sleep_for(std::chrono::seconds(kSeconds));
            box_cores = (self_cpu_s() - cpu0) / seconds_since(start);
        }
        if (media) media.value()->stop();
    }
    {
        // Send: the same capture stand-in, encoders and muxer settings as the box. Receive: a tuned decoder.
        const int up = fl::test::free_udp_port(), down = fl::test::free_udp_port();
        ChildProcess sink(null_receiver(up), log_file());
        ChildProcess sender(pattern_sender(down), log_file());
        wait_listening(up);
        wait_listening(down);
        ChildProcess box_send(std::string("ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=30") +
                                  " -re -f lavfi -i sine=frequency=300:sample_rate=48000" + kEncode +
                                  " -c:a libopus -b:a 32k -application voip -frame_duration 20 -ac 1 -f mpegts"
                                  " -omit_video_pes_length 0 " + shell_quote(caller(up)),
                              log_file());
        ChildProcess box_receive(std::string("ffmpeg -hide_banner -nostdin -loglevel error ") + kTunedInput + " -i " +
                                     shell_quote(caller(down)) + " -f null -",
                                 log_file());
        std::this_thread::sleep_for(std::chrono::seconds(2));
        const double cpu0 = process_cpu_s(box_send.pid()) + process_cpu_s(box_receive.pid());
        const auto start = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::seconds(kSeconds));
        cli_cores = (process_cpu_s(box_send.pid()) + process_cpu_s(box_receive.pid()) - cpu0) / seconds_since(start);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: consult_media_bench FRAME_STAMP_TOOL [first|in|out|loop|cpu]\n");
        return 2;
    }
    g_stamp_tool = argv[1];
    fl::test::TempDir dir;
    g_dir = &dir;
    std::printf("Consult media benchmark, 127.0.0.1, SRT latency 120 ms, 720p30 H.264 ultrafast/zerolatency 1.5 Mb/s\n");
    std::fflush(stdout);
    double box_first = -1, cli_first = -1, box_in = -1, cli_in = -1, box_out = -1, cli_out = -1, box_cpu = -1, cli_cpu = -1;
    const std::string only = argc == 3 ? argv[2] : "";
    if (only.empty() || only == "first") first_picture(box_first, cli_first);
    if (only.empty() || only == "in") latency_to_box(box_in, cli_in);
    if (only.empty() || only == "out") latency_from_box(box_out, cli_out);
    double box_loop = -1, cli_loop = -1;
    if (only.empty() || only == "loop") latency_box_to_box(box_loop, cli_loop);
    if (only.empty() || only == "cpu") call_cpu(box_cpu, cli_cpu);
    std::printf("%-44s %12s %12s %10s\n", "figure", "box", "ffmpeg CLI", "goal");
    std::printf("%-44s %10.0f ms %10.0f ms %10s\n", "start to first remote picture decoded", box_first * 1000, cli_first * 1000, "< 1000 ms");
    std::printf("%-44s %10.0f ms %10.0f ms %10s\n", "one-way latency lawyer -> box (median)", box_in, cli_in, "CLI + 20");
    std::printf("%-44s %10.0f ms %10.0f ms %10s\n", "one-way latency box -> lawyer (median)", box_out, cli_out, "CLI + 20");
    std::printf("%-44s %10.0f ms %10.0f ms %10s\n", "one-way, sender -> router -> box receiver", box_loop, cli_loop, "CLI + 20");
    std::printf("%-44s %9.1f %% %10.1f %% %10s\n", "CPU, 720p30 send + receive (one core = 100 %)", box_cpu * 100, cli_cpu * 100, "< 50 %");
    std::printf("(box first picture: from ConsultMedia::start, RTT probe and both SRT handshakes included;"
                " CLI: from starting ffmpeg to its first decoded picture.)\n");
    return 0;
}
