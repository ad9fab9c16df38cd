// Feed verification: signature file, k-of-n trusted keys, trusted comment (sequence, expiry), replay, strict validation, staleness.
#include "feed/feed_verifier.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include "feed/feed_time.h"
#include "feed/feed_validator.h"

namespace fl::feed {
namespace {

Error failure(const std::string& source, const std::string& english, const std::string& chinese) {
    return Error{source + ": " + english + " / " + chinese};
}

struct TrustedComment {
    int64_t sequence = -1;
    std::string expires;
    int64_t expires_unix = 0;
};

// "sequence:1042 expires:2026-12-15T08:00:00Z" (other "name:value" words, such as minisign's timestamp, are ignored).
bool parse_trusted_comment(std::string_view text, TrustedComment& out) {
    bool have_sequence = false, have_expires = false;
    std::size_t start = 0;
    while (start < text.size()) {
        while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
        std::size_t end = start;
        while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
        const std::string_view word = text.substr(start, end - start);
        start = end;
        if (word.starts_with("sequence:")) {
            const std::string_view digits = word.substr(9);
            if (have_sequence || digits.empty() || digits.size() > 18 ||
                !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                return false;
            }
            out.sequence = std::stoll(std::string(digits));
            have_sequence = true;
        } else if (word.starts_with("expires:")) {
            const auto seconds = parse_utc_time(word.substr(8));
            if (have_expires || !seconds) return false;
            out.expires = std::string(word.substr(8));
            out.expires_unix = *seconds;
            have_expires = true;
        }
    }
    return have_sequence && have_expires;
}

ValidationOptions validation_options(const FeedInput& input, const TrustPolicy& policy) {
    ValidationOptions options;
    options.source_name = input.source_name;
    options.base = input.base;
    options.allowed_hosts = policy.allowed_hosts;
    options.allow_loopback_http = policy.allow_loopback_http;
    options.max_bytes = policy.max_feed_bytes;
    options.max_problems = 20;
    return options;
}

}  // namespace

Result<VerifiedFeed> verify_feed(const FeedInput& input, const TrustPolicy& policy, const TrustState& last,
                                 int64_t now_unix) {
    const std::string& source = input.source_name;
    if (policy.threshold < 1 || policy.keys.size() < static_cast<std::size_t>(policy.threshold)) {
        return failure(source, "trust policy needs at least " + std::to_string(std::max(policy.threshold, 1)) +
                                   " trusted keys, has " + std::to_string(policy.keys.size()),
                       "信任配置中的公钥不足");
    }
    if (input.feed_bytes.size() > policy.max_feed_bytes) {
        return failure(source, "feed too large (" + std::to_string(input.feed_bytes.size()) + " bytes, limit " +
                                   std::to_string(policy.max_feed_bytes) + ")",
                       "目录文件太大");
    }
    auto blocks = parse_signature_file(input.signature_text);
    if (!blocks) return Error{source + ".minisig: " + blocks.error().message};

    // When enough trusted keys have signed (by key id, not yet checked), the feed is validated on this thread while
    // a second one hashes it for the signatures; the result of validation is looked at only after every signature
    // check passed, so failures come in the documented order. Otherwise nothing is validated (step 3 fails).
    std::set<std::array<unsigned char, 8>> claimed;
    for (const SignatureBlock& block : blocks.value()) {
        if (std::any_of(policy.keys.begin(), policy.keys.end(), [&](const PublicKey& k) { return k.key_id == block.key_id; })) {
            claimed.insert(block.key_id);
        }
    }
    std::array<unsigned char, 64> prehash{};
    std::optional<ValidationReport> early_report;
    if (claimed.size() >= static_cast<std::size_t>(policy.threshold)) {
        std::jthread hasher([&] { prehash = minisign_prehash(input.feed_bytes); });
        early_report = validate_feed(input.feed_bytes, validation_options(input, policy));
    } else {
        prehash = minisign_prehash(input.feed_bytes);
    }
    std::set<std::array<unsigned char, 8>> signers;
    std::vector<std::string> signer_ids;
    std::string comment;
    for (const SignatureBlock& block : blocks.value()) {
        const auto key = std::find_if(policy.keys.begin(), policy.keys.end(),
                                      [&](const PublicKey& k) { return k.key_id == block.key_id; });
        if (key == policy.keys.end()) continue;  // another party's signature: neither counts nor fails
        if (!verify_signature_block(block, *key, prehash)) {
            return failure(source, "the signature by trusted key " + block.key_id_hex() +
                                       " does not match: the feed or its trusted comment was changed after signing",
                           "可信公钥 " + block.key_id_hex() + " 的签名不匹配：目录文件或可信注释在签名后被修改");
        }
        if (!comment.empty() && comment != block.trusted_comment) {
            return failure(source, "the signatures carry different trusted comments", "各签名的可信注释不一致");
        }
        comment = block.trusted_comment;
        if (signers.insert(block.key_id).second) signer_ids.push_back(block.key_id_hex());
    }
    if (signers.size() < static_cast<std::size_t>(policy.threshold)) {
        return failure(source, "signed by " + std::to_string(signers.size()) + " trusted key(s), " +
                                   std::to_string(policy.threshold) + " needed (wrong or unknown key?)",
                       "只有 " + std::to_string(signers.size()) + " 个可信公钥的签名，需要 " +
                           std::to_string(policy.threshold) + " 个（密钥错误或未知？）");
    }
    TrustedComment trusted;
    if (!parse_trusted_comment(comment, trusted)) {
        return failure(source, "the trusted comment must be \"sequence:N expires:YYYY-MM-DDTHH:MM:SSZ\", found \"" +
                                   comment.substr(0, 120) + "\"",
                       "可信注释格式应为 \"sequence:N expires:YYYY-MM-DDTHH:MM:SSZ\"");
    }
    if (trusted.sequence < last.sequence) {
        return failure(source, "replayed feed: sequence " + std::to_string(trusted.sequence) +
                                   " is older than the accepted " + std::to_string(last.sequence),
                       "重放的旧目录：序号 " + std::to_string(trusted.sequence) + " 早于已接受的 " +
                           std::to_string(last.sequence));
    }

    ValidationReport report =
        early_report ? std::move(*early_report) : validate_feed(input.feed_bytes, validation_options(input, policy));
    if (!report.catalog) {
        std::string message = format_problem(report.problems.front());
        if (report.problems.size() > 1) {
            message += " (+" + std::to_string(report.problems.size() - 1) + (report.truncated ? "+" : "") +
                       " more problems)";
        }
        return Error{std::move(message)};
    }
    Catalog& catalog = *report.catalog;
    if (catalog.sequence != trusted.sequence || catalog.expires != trusted.expires) {
        return failure(source, "the signed trusted comment (sequence " + std::to_string(trusted.sequence) + ", expires " +
                                   trusted.expires + ") does not match the feed (sequence " +
                                   std::to_string(catalog.sequence) + ", expires " + catalog.expires + ")",
                       "签名中的可信注释与目录文件的 sequence/expires 不一致");
    }

    VerifiedFeed verified;
    verified.sequence = trusted.sequence;
    verified.expires = trusted.expires;
    verified.expires_unix = trusted.expires_unix;
    const int64_t published = parse_utc_time(catalog.published).value_or(0);
    verified.clock_suspect = now_unix < published;
    verified.stale = !verified.clock_suspect && now_unix >= trusted.expires_unix;
    verified.signer_key_ids = std::move(signer_ids);
    verified.catalog = std::move(catalog);
    return verified;
}

Result<std::vector<PublicKey>> load_trusted_keys(const std::string& dir) {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        if (it->path().extension() == ".pub" && it->is_regular_file(error)) files.push_back(it->path());
    }
    if (error) return Error{dir + ": cannot read the key folder: " + error.message()};
    std::sort(files.begin(), files.end());
    std::vector<PublicKey> keys;
    for (const auto& path : files) {
        std::ifstream file(path, std::ios::binary);
        std::string text(4096, '\0');
        file.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(file.gcount()));
        auto key = parse_public_key(text, path.string());
        if (!key) return key.error();
        keys.push_back(std::move(key.value()));
    }
    if (keys.empty()) return Error{dir + ": no minisign public key (*.pub) found / 未找到公钥"};
    return keys;
}

}  // namespace fl::feed
