// Hotline peer for tests: started with a pipe on its stdout (the first line says where it listens), stopped by
// SIGTERM and reaped when the test ends.
#include "hotline_peer_fixture.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "net/http_client.h"

namespace fl::test {

bool wait_until(const std::function<bool()>& condition, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

HotlinePeer::HotlinePeer(const std::string& extra_args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string command = "exec /usr/bin/python3 " + shell_quote(FL_HOTLINE_PEER) + " --tls-dir " +
                                shell_quote(dir_.file("tls")) + " --record-dir " + shell_quote(dir_.file("rec")) + " --exit-with " + std::to_string(getpid()) + " " +
                                extra_args + " 2>" + shell_quote(dir_.file("peer.log"));
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const auto announced = nlohmann::json::parse(line, nullptr, false);
    if (announced.is_discarded() || !announced.contains("url")) {
        throw std::runtime_error("the hotline peer did not start: '" + line + "' (see " + dir_.file("peer.log") + ")");
    }
    url_ = announced["url"];
}

HotlinePeer::~HotlinePeer() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
    }
}

nlohmann::json HotlinePeer::admin(const std::string& method, const std::string& path, const std::string& body) {
    net::HttpClient client(net::HttpClientOptions{ca_file(), false, "consult-tests"});
    net::HttpRequest request;
    request.url = url_ + path;
    request.method = method;
    request.body = body.empty() && method == "POST" ? "{}" : body;
    request.deadline_ms = 20000;
    const auto response = client.fetch(request);
    if (!response.ok()) return nullptr;
    return nlohmann::json::parse(response.body, nullptr, false);
}

nlohmann::json HotlinePeer::first_consult() {
    const auto answer = admin("GET", "/peer/consults");
    if (answer.is_object() && answer.contains("consults") && !answer["consults"].empty()) return answer["consults"][0];
    return nullptr;
}

}  // namespace fl::test
