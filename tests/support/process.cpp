// Process runner over popen with stderr sent to a temp file; temp directories removed recursively.
#include "process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fl::test {

std::string shell_quote(const std::string& argument) {
    std::string quoted = "'";
    for (const char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

CommandResult run_command(const std::string& command_line) {
    char err_path[] = "/tmp/fl-test-stderr-XXXXXX";
    const int err_fd = mkstemp(err_path);
    if (err_fd < 0) throw std::runtime_error("mkstemp failed");
    close(err_fd);
    CommandResult result;
    FILE* pipe = popen((command_line + " 2>" + err_path).c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed");
    char buffer[65536];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path, std::ios::binary);
    std::ostringstream content;
    content << err.rdbuf();
    result.err = content.str();
    unlink(err_path);
    return result;
}

TempDir::TempDir() {
    char pattern[] = "/tmp/fl-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace fl::test
