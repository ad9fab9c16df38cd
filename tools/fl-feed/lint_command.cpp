// fl-feed lint: every problem of a feed at once, with file:line:column, JSON pointer, English and Chinese.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "arguments.h"
#include "commands.h"
#include "feed/feed_validator.h"
#include "feed_file.h"

namespace fl::feed_tool {

int lint_command(const Args& args) {
    const std::string usage = "lint FEED [--allow-host HOST]... [--base URL|DIR]";
    auto parsed = parse_args(args, {"--allow-host", "--base"}, {}, usage);
    if (!parsed) return kUsage;
    if (parsed->positionals.size() != 1) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    const std::string& path = parsed->positionals[0];
    feed::ValidationOptions options;
    options.source_name = path;
    options.base = parsed->value("--base").value_or(feed_directory(path));
    options.allowed_hosts = parsed->all("--allow-host");
    options.any_https_host = options.allowed_hosts.empty();
    options.max_problems = 1000;
    auto text = read_feed_file(path, options.max_bytes);
    if (!text) {
        std::fprintf(stderr, "%s\n", text.error().message.c_str());
        return kProblems;
    }
    const feed::ValidationReport report = feed::validate_feed(text.value(), options);
    for (const feed::FeedProblem& problem : report.problems) {
        std::printf("%s\n", format_problem_lines(problem).c_str());
    }
    if (!report.catalog) {
        std::printf("%s: %zu%s problem(s); the feed cannot be published until they are fixed.\n", path.c_str(),
                    report.problems.size(), report.truncated ? "+" : "");
        std::printf("%s：发现 %zu%s 个问题，修正之前不能发布。\n", path.c_str(), report.problems.size(),
                    report.truncated ? "+" : "");
        return kProblems;
    }
    std::printf("%s: OK: sequence %lld, %zu programmes in %zu categories, expires %s%s\n", path.c_str(),
                static_cast<long long>(report.catalog->sequence), report.catalog->items.size(),
                report.catalog->categories.size(), report.catalog->expires.c_str(),
                options.any_https_host ? " (any https host accepted; give --allow-host to check hosts)" : "");
    std::printf("%s：检查通过：序号 %lld，%zu 个节目，%zu 个栏目\n", path.c_str(),
                static_cast<long long>(report.catalog->sequence), report.catalog->items.size(),
                report.catalog->categories.size());
    return kOk;
}

}  // namespace fl::feed_tool
