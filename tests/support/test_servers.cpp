// Test servers: fork/exec children in their own process group, the openssl test CA, nginx config, the fault server.
#include "test_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "process.h"

#ifndef FL_FAULT_SERVER
#define FL_FAULT_SERVER "tools/fault-server/fault_server.py"
#endif

namespace fl::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        ::dup2(pipe_fds[1], 1);
        const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log >= 0) ::dup2(log, 2);
        std::vector<char*> args;
        for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::setpgid(pid_, pid_);
    ::close(pipe_fds[1]);
    stdout_fd_ = pipe_fds[0];
}

ChildProcess::~ChildProcess() {
    if (running()) {
        signal(SIGTERM);
        if (wait(3000) == -1) {
            signal(SIGKILL);
            wait(3000);
        }
    }
    if (pid_ > 0) ::kill(-pid_, SIGKILL);  // children it left behind (nginx workers)
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::string ChildProcess::read_line(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const auto newline = pending_.find('\n');
        if (newline != std::string::npos) {
            std::string line = pending_.substr(0, newline);
            pending_.erase(0, newline + 1);
            return line;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return "";
        pollfd descriptor{stdout_fd_, POLLIN, 0};
        if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) return "";
        char buffer[4096];
        const ssize_t n = ::read(stdout_fd_, buffer, sizeof buffer);
        if (n <= 0) return "";
        pending_.append(buffer, static_cast<size_t>(n));
    }
}

void ChildProcess::signal(int signal_number) {
    if (pid_ > 0 && !reaped_) ::kill(-pid_, signal_number);
}

bool ChildProcess::running() {
    if (pid_ <= 0 || reaped_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

int ChildProcess::wait(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
}

TestCa make_test_ca(const std::string& dir) {
    TestCa ca{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key"};
    const std::string q = shell_quote(dir);
    const std::string script =
        "set -e; cd " + q +
        "; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem"
        " -days 2 -subj '/CN=Family Lawyer test CA' -addext basicConstraints=critical,CA:TRUE"
        " -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null"
        "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr"
        " -subj '/CN=127.0.0.1' 2>/dev/null"
        "; printf 'subjectAltName=IP:127.0.0.1,IP:::1\\nbasicConstraints=CA:FALSE\\n' > server.ext"
        "; openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2"
        " -extfile server.ext 2>/dev/null";
    const auto result = run_command("sh -c " + shell_quote(script));
    if (result.exit_code != 0) throw std::runtime_error("openssl could not make the test CA: " + result.err);
    return ca;
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

bool port_open(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return open;
}

Nginx::Nginx(const std::string& work_dir, const std::string& root, const TestCa& ca, bool keepalive)
    : work_dir_(work_dir), root_(root), ca_(ca), keepalive_(keepalive) {
    start();
}

Nginx::~Nginx() {
    stop();
}

std::string Nginx::url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + "/" + path;
}

void Nginx::stop() {
    if (!process_) return;
    process_->signal(SIGTERM);
    if (process_->wait(5000) == -1) process_->signal(SIGKILL);
    process_.reset();
}

void Nginx::restart_with(const TestCa& ca) {
    stop();
    ca_ = ca;
    start();
}

void Nginx::start() {
    for (int attempt = 0; attempt < 5 && !process_; ++attempt) {
        if (port_ == 0 || attempt > 0) port_ = free_port();
        const std::string& w = work_dir_;
        std::ofstream config(w + "/nginx.conf");
        // As root, nginx's workers would become "nobody" and could not read the test's private temp directory.
        if (::geteuid() == 0) config << "user root;\n";
        config << "worker_processes 1;\ndaemon off;\npid " << w << "/nginx.pid;\nerror_log " << w
               << "/error.log warn;\nevents { worker_connections 64; }\nhttp {\n"
               << "  log_format wire '$request_method $uri $status sent=$bytes_sent received=$request_length';\n"
               << "  access_log " << w << "/access.log wire;\n"
               << "  client_body_temp_path " << w << "/tmp-body;\n  proxy_temp_path " << w << "/tmp-proxy;\n"
               << "  fastcgi_temp_path " << w << "/tmp-fastcgi;\n  uwsgi_temp_path " << w << "/tmp-uwsgi;\n"
               << "  scgi_temp_path " << w << "/tmp-scgi;\n"
               << "  types { application/json json; text/plain minisig; video/mp4 mp4; image/png png; text/vtt vtt; }\n"
               << "  default_type application/octet-stream;\n  server_tokens off;\n"
               << "  server {\n    listen 127.0.0.1:" << port_ << " ssl;\n"
               << "    ssl_certificate " << ca_.cert_file << ";\n    ssl_certificate_key " << ca_.key_file << ";\n"
               // What docs/feed-on-the-box.md asks of a feed server: TLS 1.2 and 1.3, sessions resumable for longer
               // than a poll interval from a server-side cache (with tickets off, TLS 1.3 tickets carry a 32-byte
               // cache ID instead of the ~240-byte encrypted session: ~380 bytes less per resumed poll), and a
               // keepalive as long as a public server's.
               << "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_session_tickets off;\n"
               << "    ssl_session_cache shared:fl_test_tls:1m;\n    ssl_session_timeout 1d;\n"
               << "    keepalive_timeout " << (keepalive_ ? "75s" : "0") << ";\n"
               << "    root " << root_ << ";\n  }\n}\n";
        config.close();
        process_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/sbin/nginx", "-p", w, "-e", w + "/error.log", "-c", w + "/nginx.conf"},
            w + "/nginx.stderr");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (process_->running() && !port_open(port_) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!process_->running() || !port_open(port_)) process_.reset();  // the port was taken meanwhile: retry
    }
    if (!process_) throw std::runtime_error("nginx did not start; see " + work_dir_ + "/error.log");
}

FaultServer::FaultServer(const std::string& root, const std::string& log_path) {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", FL_FAULT_SERVER, "--root", root}, log_path);
    const std::string line = process_->read_line(10000);
    if (line.rfind("PORT ", 0) != 0) throw std::runtime_error("the fault server did not start (" + log_path + ")");
    port_ = std::stoi(line.substr(5));
}

std::string FaultServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + path;
}

}  // namespace fl::test
