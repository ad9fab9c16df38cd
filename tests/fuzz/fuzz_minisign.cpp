// libFuzzer target: minisign signature files and public keys from arbitrary text, and verification against a fixed key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/feed_verifier.h"

namespace {

// The demo public key (content/demo/keys/demo.pub).
constexpr std::string_view kDemoKey = "RWTghdunyyN2CTBe40W7g1C47Ht6JSKkNsO9UIdjeGGTtZkmRaankQqV";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto blocks = fl::feed::parse_signature_file(text);
    if (blocks.ok() && blocks.value().empty()) __builtin_trap();  // success means at least one block
    (void)fl::feed::parse_public_key(text, "fuzz.pub");

    static const fl::feed::PublicKey key = fl::feed::parse_public_key(kDemoKey, "demo.pub").value();
    fl::feed::TrustPolicy policy;
    policy.keys = {key};
    const fl::feed::FeedInput input{"{}", text, "feed.json", "/tmp"};
    auto verified = fl::feed::verify_feed(input, policy, fl::feed::TrustState{}, 0);
    if (verified.ok()) __builtin_trap();  // nobody can forge the demo key's signature of "{}" (and "{}" is invalid)
    return 0;
}
