// Measures the round-trip time to an SRT listener before the call, from SRT induction handshakes (no connection made).
#pragma once

#include <optional>
#include <string>

namespace fl::consult {

// Sends up to `attempts` SRT induction requests to host:port over UDP and returns the shortest round trip in
// milliseconds, or nothing when no answer came within timeout_ms per attempt. The listener keeps no state for an
// induction, so this does not use up a single-connection listener.
std::optional<double> probe_srt_rtt_ms(const std::string& host, int port, int attempts = 3, int timeout_ms = 1000);

// The SRT latency window for a round-trip time: max(120 ms, 4 x RTT), rounded up to 10 ms.
int latency_window_ms(double rtt_ms);

}  // namespace fl::consult
