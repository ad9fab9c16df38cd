// Real servers on 127.0.0.1 for tests: a test CA made with openssl, nginx over TLS, our fault server; ports chosen at
// run time.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace fl::test {

// A child process in its own process group, stopped (SIGTERM, then SIGKILL) and reaped when the object goes.
class ChildProcess {
public:
    // Starts argv[0] (a path) with stdout to a pipe readable with read_line, stderr appended to log_path.
    ChildProcess(const std::vector<std::string>& argv, const std::string& log_path);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // One line of stdout without its newline; "" when none came within timeout_ms or the child closed stdout.
    std::string read_line(int timeout_ms);
    // Sends signal to the child's whole process group.
    void signal(int signal_number);
    // True while the child has not exited (reaps it when it has).
    bool running();
    // Waits for exit; returns the exit code, 128 + signal when killed, -1 on timeout.
    int wait(int timeout_ms);
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string pending_;
    int status_ = -1;
    bool reaped_ = false;
};

// A certificate authority and a server certificate for 127.0.0.1 and ::1, made by the openssl CLI in dir.
struct TestCa {
    std::string ca_file;    // PEM, what clients trust (--feed-ca)
    std::string cert_file;  // server certificate chain
    std::string key_file;
};
TestCa make_test_ca(const std::string& dir);

// A port that was free a moment ago (bound to port 0 and released).
int free_port();

// nginx from Debian serving root over HTTPS on 127.0.0.1 (generated config under work_dir, running as this user).
// The access log records, per request, the bytes nginx sent and the request's length (access_log_path()).
class Nginx {
public:
    // keepalive false: every answer closes its connection (each request then opens a new TLS connection).
    Nginx(const std::string& work_dir, const std::string& root, const TestCa& ca, bool keepalive = true);
    ~Nginx();
    int port() const { return port_; }
    std::string url(const std::string& path) const;  // "https://127.0.0.1:PORT/" + path
    // Stops it (the port then refuses connections) and starts it again on the same port.
    void stop();
    void start();
    // Stops it and starts it again on the same port with another certificate (and a fresh TLS session cache).
    void restart_with(const TestCa& ca);
    std::string access_log_path() const { return work_dir_ + "/access.log"; }

private:
    std::string work_dir_, root_;
    TestCa ca_;
    bool keepalive_ = true;
    int port_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

// tools/fault-server/fault_server.py serving root over plain HTTP on 127.0.0.1 (a port it chose itself).
class FaultServer {
public:
    FaultServer(const std::string& root, const std::string& log_path);
    int port() const { return port_; }
    std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT/" + path

private:
    std::unique_ptr<ChildProcess> process_;
    int port_ = 0;
};

// True when something accepts TCP connections on 127.0.0.1:port.
bool port_open(int port);

}  // namespace fl::test
