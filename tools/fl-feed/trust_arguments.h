// The trust options verify and publish-check share: --keys DIR, --allow-host HOST..., --threshold K, --after SEQUENCE.
#pragma once

#include <optional>

#include "arguments.h"
#include "feed/feed_verifier.h"

namespace fl::feed_tool {

struct TrustArguments {
    feed::TrustPolicy policy;
    feed::TrustState last;
};

// The trusted keys from keys_dir, the allowed hosts, k (default 1) and the last accepted sequence (default none);
// nothing after printing why to stderr (unreadable keys, a non-number).
std::optional<TrustArguments> trust_from_args(const ParsedArgs& parsed, const std::string& keys_dir);

}  // namespace fl::feed_tool
