// Runs the reference hotline peer (tools/hotline-peer) for a test: its own port, test CA and recordings directory.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

#include "consult/signalling_client.h"
#include "process.h"

namespace fl::test {

class HotlinePeer {
public:
    // extra_args: the peer's options, e.g. "--no-media --queue-ahead 2". Waits until it listens.
    explicit HotlinePeer(const std::string& extra_args);
    ~HotlinePeer();
    HotlinePeer(const HotlinePeer&) = delete;
    HotlinePeer& operator=(const HotlinePeer&) = delete;

    const std::string& url() const { return url_; }
    std::string ca_file() const { return dir_.file("tls/ca.pem"); }
    std::string recordings() const { return dir_.file("rec"); }
    consult::HotlineConfig config() const { return {url_, "demo-box-token", ca_file()}; }

    // The test administration API: GET or POST a /peer/... path; the JSON answer (null on failure).
    nlohmann::json admin(const std::string& method, const std::string& path, const std::string& body = "");
    // The first consult the peer knows of (null when none).
    nlohmann::json first_consult();

private:
    TempDir dir_;
    pid_t pid_ = -1;
    std::string url_;
};

// Polls until condition holds or timeout_ms passes; returns whether it held.
bool wait_until(const std::function<bool()>& condition, int timeout_ms);

}  // namespace fl::test
