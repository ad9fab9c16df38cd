// Command-line arguments of fl-feed subcommands: a small strict parser with usage messages in English and Chinese.
#include "arguments.h"

#include <cstdio>

namespace fl::feed_tool {

std::optional<std::string> ParsedArgs::value(const std::string& option) const {
    auto found = values.find(option);
    if (found == values.end() || found->second.empty()) return std::nullopt;
    return found->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& option) const {
    auto found = values.find(option);
    return found == values.end() ? std::vector<std::string>{} : found->second;
}

std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                                     const std::set<std::string>& flags, const std::string& usage) {
    ParsedArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() > 1 && arg[0] == '-') {
            if (flags.contains(arg)) {
                parsed.flags.insert(arg);
                continue;
            }
            if (value_options.contains(arg) && i + 1 < args.size()) {
                parsed.values[arg].push_back(args[++i]);
                continue;
            }
            std::fprintf(stderr, "fl-feed: %s option \"%s\" / 未知的选项或缺少参数值\nusage: fl-feed %s\n",
                         value_options.contains(arg) ? "missing value for" : "unknown", arg.c_str(), usage.c_str());
            return std::nullopt;
        }
        parsed.positionals.push_back(arg);
    }
    return parsed;
}

}  // namespace fl::feed_tool
