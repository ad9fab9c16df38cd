// References in a feed (the "url" members): which are allowed, and how relative ones resolve against the feed's location.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/bilingual_message.h"

namespace fl::feed {

struct ReferencePolicy {
    // The feed's own URL ("https://host/dir/feed.json") or, for a catalogue on disk, its directory ("" = current).
    std::string base;
    std::vector<std::string> allowed_hosts;  // exact, lower case; ignored when any_https_host
    bool any_https_host = false;
    bool allow_loopback_http = false;  // http://127.0.0.1[:PORT]/...
};

struct ResolvedReference {
    std::string location;  // absolute URL, or a path under the base directory
    bool remote = false;   // location is a URL the box must fetch (so sha256 and bytes are required)
};

// True when base is a URL rather than a directory.
bool is_url_base(std::string_view base);

// Resolves reference against policy.base. Absolute references must be https on an allowed host (or loopback http
// when allowed), without user info, fragments, spaces or non-ASCII; every other scheme (file:, javascript:, concat:,
// data:, ...) is refused. Relative references are plain paths: no leading '/', no "..", "." or empty segments, only
// letters, digits and "-._~/". The resolved URL of a relative reference must pass the same host rules.
// Returns false with a message a content editor can act on.
bool resolve_reference(std::string_view reference, const ReferencePolicy& policy, ResolvedReference& resolved,
                       BilingualMessage& problem);

// Checks an absolute URL alone (same rules as above), e.g. the feed's own URL.
bool check_absolute_url(std::string_view url, const ReferencePolicy& policy, BilingualMessage& problem);

}  // namespace fl::feed
