// Running the project's programs from tests: exit code, stdout and stderr of one command line.
#pragma once

#include <string>

namespace fl::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a shell command line; captures stdout and stderr.
CommandResult run_command(const std::string& command_line);

std::string shell_quote(const std::string& argument);

// A fresh empty directory under /tmp, removed with its contents when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace fl::test
