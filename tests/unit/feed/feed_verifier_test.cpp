// Feed verification tests: real signatures made by the stock minisign CLI, k-of-n, rotation, replay, expiry, tampering.
#include "feed/feed_verifier.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "feed/feed_time.h"
#include "process.h"

namespace {

using fl::feed::FeedInput;
using fl::feed::TrustPolicy;
using fl::feed::TrustState;
using fl::test::run_command;
using fl::test::shell_quote;
using fl::test::TempDir;

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open ", path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A valid feed with the given sequence and expiry (local relative files, so no host list is needed).
std::string feed_text(int64_t sequence, const std::string& expires = "2026-12-15T08:00:00Z") {
    return R"({"format": "family-lawyer-feed/1", "sequence": )" + std::to_string(sequence) +
           R"(, "published": "2026-11-01T08:00:00Z", "expires": ")" + expires + R"(",
 "publisher": {"mn-Mong": "ᠱᠢᠭᠦᠨ ᠵᠠᠰᠠᠬᠤ ᠲᠢᠩᠬᠢᠮ", "zh-Hans": "司法厅"},
 "categories": [{"id": "family", "title": {"mn-Mong": "ᠭᠡᠷ ᠪᠦᠯᠢ", "zh-Hans": "婚姻家庭"}, "item_ids": ["a-01"]}],
 "featured": [],
 "items": [{"id": "a-01", "type": "video", "title": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ", "zh-Hans": "结婚"},
   "summary": {"mn-Mong": "ᠭᠡᠷᠡᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ", "zh-Hans": "结婚登记。"}, "duration_s": 8,
   "thumbnail": {"url": "thumbs/a-01.png", "w": 480, "h": 270}, "download": {"url": "clips/a-01.mp4", "height": 720}}]}
)";
}

// Key pairs made with `minisign -G -W` and signatures with `minisign -S`, in a temporary folder.
class Signing {
public:
    // Makes a key pair NAME.pub / NAME.key in the folder; returns the public key file's path.
    std::string make_key(const std::string& name) {
        const auto result = run_command("minisign -G -W -p " + shell_quote(dir.file(name + ".pub")) + " -s " +
                                        shell_quote(dir.file(name + ".key")) + " </dev/null");
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return dir.file(name + ".pub");
    }

    // The .minisig text for text signed by key NAME with the trusted comment.
    std::string sign(const std::string& text, const std::string& key, const std::string& comment, bool legacy = false) {
        const std::string file = dir.file("feed.json");
        write_text(file, text);
        const auto result = run_command(std::string("minisign -S") + (legacy ? " -l" : "") + " -s " +
                                        shell_quote(dir.file(key + ".key")) + " -m " + shell_quote(file) + " -t " +
                                        shell_quote(comment) + " -x " + shell_quote(file + ".minisig") + " </dev/null");
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        return read_text(file + ".minisig");
    }

    fl::feed::PublicKey key(const std::string& name) {
        auto parsed = fl::feed::parse_public_key(read_text(dir.file(name + ".pub")), name + ".pub");
        REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
        return parsed.value();
    }

    TempDir dir;
};

TrustPolicy trusting(std::vector<fl::feed::PublicKey> keys, int threshold = 1) {
    TrustPolicy policy;
    policy.keys = std::move(keys);
    policy.threshold = threshold;
    return policy;
}

const std::string kComment = "sequence:1042 expires:2026-12-15T08:00:00Z";
const int64_t kNow = *fl::feed::parse_utc_time("2026-11-20T12:00:00Z");

fl::Result<fl::feed::VerifiedFeed> verify(const std::string& text, const std::string& signature,
                                          const TrustPolicy& policy, int64_t last_sequence = -1, int64_t now = kNow) {
    FeedInput input{text, signature, "feed.json", "/var/lib/family-lawyer/feed"};
    return fl::feed::verify_feed(input, policy, TrustState{last_sequence}, now);
}

std::string error_of(const fl::Result<fl::feed::VerifiedFeed>& result) {
    REQUIRE_MESSAGE(!result.ok(), "accepted");
    return result.error().message;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("verifier: a feed signed with the stock minisign CLI verifies, sequence and expiry from the trusted comment") {
    Signing s;
    s.make_key("editor");
    const std::string text = feed_text(1042);
    const auto result = verify(text, s.sign(text, "editor", kComment), trusting({s.key("editor")}));
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result.value().sequence == 1042);
    CHECK(result.value().expires == "2026-12-15T08:00:00Z");
    CHECK(result.value().expires_unix == *fl::feed::parse_utc_time("2026-12-15T08:00:00Z"));
    CHECK_FALSE(result.value().stale);
    CHECK_FALSE(result.value().clock_suspect);
    CHECK(result.value().catalog.items.at(0).media_path == "/var/lib/family-lawyer/feed/clips/a-01.mp4");
    REQUIRE(result.value().signer_key_ids.size() == 1);
    // The id as minisign prints it in the .pub file's comment.
    const std::string pub = read_text(s.dir.file("editor.pub"));
    CHECK(contains(pub, "minisign public key " + result.value().signer_key_ids[0] + "\n"));
}

TEST_CASE("verifier: k-of-n - two distinct trusted keys needed, a repeated key counts once, unknown keys are ignored") {
    Signing s;
    s.make_key("a");
    s.make_key("b");
    s.make_key("stranger");
    const std::string text = feed_text(1042);
    const std::string sig_a = s.sign(text, "a", kComment);
    const std::string sig_b = s.sign(text, "b", kComment);
    const std::string sig_stranger = s.sign(text, "stranger", kComment);
    const TrustPolicy two_of_two = trusting({s.key("a"), s.key("b")}, 2);
    CHECK(contains(error_of(verify(text, sig_a, two_of_two)), "signed by 1 trusted key(s), 2 needed"));
    CHECK(contains(error_of(verify(text, sig_a + sig_a, two_of_two)), "signed by 1 trusted key(s), 2 needed"));
    const auto both = verify(text, sig_stranger + sig_a + "\n" + sig_b, two_of_two);
    REQUIRE_MESSAGE(both.ok(), (both.ok() ? "" : both.error().message));
    CHECK(both.value().signer_key_ids.size() == 2);
    const std::string other_comment = s.sign(text, "b", "sequence:1042 expires:2026-12-16T08:00:00Z");
    CHECK(contains(error_of(verify(text, sig_a + other_comment, two_of_two)), "different trusted comments"));
    const TrustPolicy not_enough_keys = trusting({s.key("a")}, 2);
    CHECK(contains(error_of(verify(text, sig_a, not_enough_keys)), "trust policy needs at least 2"));
}

TEST_CASE("verifier: key rotation - old and new keys trusted together, then the old one removed") {
    Signing s;
    s.make_key("old");
    s.make_key("new");
    const std::string text = feed_text(1042);
    const std::string by_old = s.sign(text, "old", kComment);
    const std::string by_new = s.sign(text, "new", kComment);
    CHECK(verify(text, by_old, trusting({s.key("old"), s.key("new")})).ok());
    CHECK(verify(text, by_new, trusting({s.key("old"), s.key("new")})).ok());
    CHECK(verify(text, by_new, trusting({s.key("new")})).ok());
    const std::string error = error_of(verify(text, by_old, trusting({s.key("new")})));
    CHECK(contains(error, "signed by 0 trusted key(s), 1 needed"));
    CHECK(contains(error, " / "));  // Chinese follows
}

TEST_CASE("verifier: a replayed older feed is refused before parsing, the same sequence is accepted") {
    Signing s;
    s.make_key("editor");
    const std::string text = feed_text(1042);
    const std::string signature = s.sign(text, "editor", kComment);
    const TrustPolicy policy = trusting({s.key("editor")});
    const std::string error = error_of(verify(text, signature, policy, 1043));
    CHECK(contains(error, "replayed feed: sequence 1042 is older than the accepted 1043"));
    CHECK(contains(error, "重放"));
    CHECK(verify(text, signature, policy, 1042).ok());
    CHECK(verify(text, signature, policy, 1041).ok());
    // Checked before parsing: a replayed feed that is not even JSON is refused as a replay.
    const std::string junk = "not json";
    CHECK(contains(error_of(verify(junk, s.sign(junk, "editor", kComment), policy, 2000)), "replayed feed"));
}

TEST_CASE("verifier: an expired feed is kept but stale, a clock in 1970 or far in the future never bricks") {
    Signing s;
    s.make_key("editor");
    const std::string text = feed_text(1042);
    const std::string signature = s.sign(text, "editor", kComment);
    const TrustPolicy policy = trusting({s.key("editor")});
    const auto expired = verify(text, signature, policy, 1042, *fl::feed::parse_utc_time("2026-12-15T08:00:00Z"));
    REQUIRE(expired.ok());
    CHECK(expired.value().stale);
    const auto in_1970 = verify(text, signature, policy, 1042, 0);
    REQUIRE(in_1970.ok());
    CHECK_FALSE(in_1970.value().stale);
    CHECK(in_1970.value().clock_suspect);
    const auto far_future = verify(text, signature, policy, 1042, *fl::feed::parse_utc_time("9000-01-01T00:00:00Z"));
    REQUIRE(far_future.ok());
    CHECK(far_future.value().stale);
    CHECK(far_future.value().catalog.items.size() == 1);
}

TEST_CASE("verifier: tampered feed, tampered trusted comment, wrong key, truncated or legacy signature files") {
    Signing s;
    s.make_key("editor");
    s.make_key("other");
    const std::string text = feed_text(1042);
    const std::string signature = s.sign(text, "editor", kComment);
    const TrustPolicy policy = trusting({s.key("editor")});

    std::string tampered = text;
    tampered.replace(tampered.find("结婚登记"), 6, "离婚");
    CHECK(contains(error_of(verify(tampered, signature, policy)), "does not match"));

    std::string comment_changed = signature;
    comment_changed.replace(comment_changed.find("sequence:1042"), 13, "sequence:9999");
    CHECK(contains(error_of(verify(text, comment_changed, policy)), "does not match"));

    CHECK(contains(error_of(verify(text, signature, trusting({s.key("other")}))), "0 trusted key(s)"));

    const std::string cut = signature.substr(0, signature.rfind('\n', signature.size() - 2) + 1);
    CHECK(contains(error_of(verify(text, cut, policy)), "truncated (no global signature)"));
    CHECK(contains(error_of(verify(text, signature.substr(0, 60), policy)), "not valid base64"));
    CHECK(contains(error_of(verify(text, "", policy)), "empty"));
    CHECK(contains(error_of(verify(text, s.sign(text, "editor", kComment, true), policy)), "legacy"));
}

TEST_CASE("verifier: the trusted comment must carry sequence and expiry, and match the feed") {
    Signing s;
    s.make_key("editor");
    const std::string text = feed_text(1042);
    const TrustPolicy policy = trusting({s.key("editor")});
    CHECK(contains(error_of(verify(text, s.sign(text, "editor", "timestamp:1795891317 file:feed.json"), policy)),
                   "trusted comment must be"));
    CHECK(contains(error_of(verify(text, s.sign(text, "editor", "sequence:1043 expires:2026-12-15T08:00:00Z"), policy)),
                   "does not match the feed (sequence 1042"));
    CHECK(contains(error_of(verify(text, s.sign(text, "editor", "sequence:1042 expires:2026-12-15"), policy)),
                   "trusted comment must be"));
    // A correctly signed feed that breaks the format rules: the validator's message with its position.
    std::string broken = feed_text(1042);
    broken.replace(broken.find("\"duration_s\": 8"), 15, "\"duration_s\": 0");
    const std::string error = error_of(verify(broken, s.sign(broken, "editor", kComment), policy));
    CHECK(contains(error, "feed.json:6:"));
    CHECK(contains(error, "/items/0/duration_s: out of range"));
}

TEST_CASE("verifier: trusted keys load from a folder of .pub files - the installed placeholder and the demo key") {
    auto installed = fl::feed::load_trusted_keys(FL_PACKAGING_KEYS_DIR);
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    REQUIRE(installed.value().size() >= 1);
    for (const auto& key : installed.value()) {
        CHECK(contains(read_text(key.origin), "minisign public key " + key.key_id_hex() + "\n"));
    }
    // The demo key pair signs and verifies (its secret key is committed on purpose, for tests and the demo).
    const std::string demo_keys = std::string(FL_DEMO_SOURCE_DIR) + "/keys";
    auto demo = fl::feed::load_trusted_keys(demo_keys);
    REQUIRE(demo.ok());
    TempDir dir;
    const std::string file = dir.file("feed.json");
    write_text(file, feed_text(5));
    const auto signed_result = run_command("minisign -S -s " + shell_quote(demo_keys + "/demo.key") + " -m " +
                                           shell_quote(file) + " -t 'sequence:5 expires:2026-12-15T08:00:00Z' </dev/null");
    REQUIRE_MESSAGE(signed_result.exit_code == 0, signed_result.err);
    CHECK(verify(feed_text(5), read_text(file + ".minisig"), trusting(demo.value())).ok());

    CHECK_FALSE(fl::feed::load_trusted_keys(dir.path() + "/missing").ok());
    const auto empty = fl::feed::load_trusted_keys(dir.path());
    REQUIRE_FALSE(empty.ok());
    CHECK(contains(empty.error().message, "no minisign public key"));
    write_text(dir.file("bad.pub"), "untrusted comment: x\nnot base64!\n");
    CHECK(contains(fl::feed::load_trusted_keys(dir.path()).error().message, "not a minisign public key"));
}
