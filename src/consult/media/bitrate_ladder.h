// The uplink's bitrate ladder and the rule that moves along it from SRT statistics (pure logic, no I/O).
#pragma once

#include <span>
#include <string>

namespace fl::consult {

struct LadderStep {
    int width;      // 0 for audio only
    int height;
    int fps;
    int video_kbps;
    const char* label;
};

// 720p 1.5 Mb/s -> 540p 900 kb/s -> 360p 500 kb/s -> 360p15 300 kb/s -> 240p15 150 kb/s -> audio only.
std::span<const LadderStep> bitrate_ladder();

// The best step that fits a requested picture: no taller than height and no faster than fps (the last video step
// when nothing fits).
int top_step_for(int height, int fps);

// The best step whose video plus kVoiceKbps fits in kbps (audio only when no video step fits); 0 for kbps <= 0.
int top_step_for_cap(int kbps);
constexpr int kVoiceKbps = 32;

// One second of uplink figures, as the ladder judges them.
struct LinkSecond {
    double rtt_ms = 0;
    long packets_sent = 0;   // including retransmissions
    long lost = 0;           // reported lost by the receiver
    long retransmits = 0;
    long dropped = 0;        // too late to send
    int send_buffer_ms = 0;  // unacknowledged data waiting
};

// Steps down after two troubled seconds in a row (loss or retransmits above 8 %, any drop, or a send buffer
// beyond half the latency window), at once after a second with packets dropped as too late to send.
// Steps up one after a quiet spell that starts at 8 s and doubles (up to 64 s) each time a step up had to be
// taken back within 10 s. After any change the next two seconds are not judged (the send buffer settles).
class BitrateLadder {
public:
    // top_step: the best step allowed (the hotline asked for less than 720p, or the camera gives less).
    explicit BitrateLadder(int start_step = 0, int latency_ms = 120, int top_step = 0);

    // Feeds one second; returns true when the step changed.
    bool on_second(const LinkSecond& second);
    // Changes the best step allowed (moving down at once when the current step is better); true when step changed.
    bool set_top_step(int top_step);
    int step() const { return step_; }
    const LadderStep& current() const;
    static bool troubled(const LinkSecond& second, int latency_ms);

private:
    int step_;
    int latency_ms_;
    int top_step_;
    int troubled_run_ = 0;
    int quiet_run_ = 0;
    int quiet_needed_ = 8;
    int since_step_up_ = 1000;
    int hold_ = 0;  // seconds left in which a fresh step is not judged
};

}  // namespace fl::consult
