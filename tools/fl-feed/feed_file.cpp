// Feed files for fl-feed subcommands: capped reading, the feed's folder, two-line problem messages.
#include "feed_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fl::feed_tool {

Result<std::string> read_feed_file(const std::string& path, std::size_t max_bytes) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{path + ": cannot open: " + std::strerror(errno) + " / 无法打开文件"};
    std::string text(max_bytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad()) return Error{path + ": read failed / 读取失败"};
    text.resize(static_cast<std::size_t>(file.gcount()));
    return text;
}

std::string feed_directory(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

std::string format_problem_lines(const feed::FeedProblem& problem) {
    std::string text = problem.file;
    if (problem.line > 0) {
        text += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " +
                (problem.pointer.empty() ? std::string("(document)") : problem.pointer);
    }
    return text + ": " + problem.english + "\n    " + problem.chinese;
}

}  // namespace fl::feed_tool
