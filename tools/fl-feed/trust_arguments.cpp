// Reads the trust options of verify and publish-check into a trust policy and the last accepted state.
#include "trust_arguments.h"

#include <cstdio>
#include <exception>
#include <string>

namespace fl::feed_tool {

std::optional<TrustArguments> trust_from_args(const ParsedArgs& parsed, const std::string& keys_dir) {
    TrustArguments trust;
    auto keys = feed::load_trusted_keys(keys_dir);
    if (!keys) {
        std::fprintf(stderr, "%s\n", keys.error().message.c_str());
        return std::nullopt;
    }
    trust.policy.keys = std::move(keys.value());
    trust.policy.allowed_hosts = parsed.all("--allow-host");
    try {
        trust.policy.threshold = std::stoi(parsed.value("--threshold").value_or("1"));
        trust.last.sequence = std::stoll(parsed.value("--after").value_or("-1"));
    } catch (const std::exception&) {
        std::fprintf(stderr, "fl-feed: --threshold and --after take numbers / 需要数字\n");
        return std::nullopt;
    }
    return trust;
}

}  // namespace fl::feed_tool
