// Command-line arguments of fl-feed subcommands: positionals, options with a value (repeatable) and flags.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fl::feed_tool {

struct ParsedArgs {
    std::vector<std::string> positionals;
    std::map<std::string, std::vector<std::string>> values;  // option -> every value given, in order
    std::set<std::string> flags;

    std::optional<std::string> value(const std::string& option) const;  // the last value given
    std::vector<std::string> all(const std::string& option) const;
    bool flag(const std::string& name) const { return flags.contains(name); }
};

// Splits args; an option not in value_options or flags is an error (printed to stderr, returns nothing).
std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                                     const std::set<std::string>& flags, const std::string& usage);

}  // namespace fl::feed_tool
