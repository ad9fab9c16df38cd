// fl-feed, the operators' tool: lint, import, package, sign, verify and preview content feeds; dispatches subcommands.
#include <cstdio>
#include <string>
#include <string_view>

#include "commands.h"

namespace {

struct Command {
    std::string_view name;
    int (*run)(const fl::feed_tool::Args&);
    std::string_view usage;
};

// Subcommands. `publish-check URL` (fetch and verify exactly as a box does) belongs to the box-side network code:
// add its entry here, e.g. {"publish-check", publish_check_command, "publish-check URL --keys DIR"}, declared in
// commands.h and implemented in tools/fl-feed/publish_check_command.cpp.
constexpr Command kCommands[] = {
    {"lint", fl::feed_tool::lint_command, "lint FEED [--allow-host HOST]... [--base URL|DIR]"},
    {"import", fl::feed_tool::import_command,
     "import TABLE.csv|EXPORT.xml -o FEED --sequence N [--published TIME] [--expires TIME]"},
    {"package", fl::feed_tool::package_command, "package MEDIA... -o DIR [--base-url URL] [--id ID]"},
    {"sign", fl::feed_tool::sign_command, "sign FEED --key SECRET.key [--append]"},
    {"verify", fl::feed_tool::verify_command,
     "verify FEED --keys DIR [--threshold K] [--after SEQUENCE] [--allow-host HOST]..."},
    {"preview", fl::feed_tool::preview_command, "preview FEED -o DIR [--app PATH] [--size WxH]"},
    {"publish-check", fl::feed_tool::publish_check_command,
     "publish-check URL --keys DIR [--ca FILE] [--after SEQUENCE] [--allow-host HOST]..."},
};

void print_usage(std::FILE* to) {
    std::fprintf(to, "fl-feed: check, build, sign and preview Family Lawyer content feeds (docs/feed-format.md)\n");
    std::fprintf(to, "fl-feed：检查、制作、签名和预览“家庭律师”节目目录\n\nUsage:\n");
    for (const Command& command : kCommands) {
        std::fprintf(to, "  fl-feed %.*s\n", static_cast<int>(command.usage.size()), command.usage.data());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? fl::feed_tool::kUsage : fl::feed_tool::kOk;
    }
    const std::string_view name = argv[1];
    for (const Command& command : kCommands) {
        if (command.name == name) return command.run(fl::feed_tool::Args(argv + 2, argv + argc));
    }
    std::fprintf(stderr, "fl-feed: unknown command \"%s\" / 未知的命令\n\n", argv[1]);
    print_usage(stderr);
    return fl::feed_tool::kUsage;
}
