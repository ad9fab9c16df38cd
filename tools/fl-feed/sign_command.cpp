// fl-feed sign and verify: sign a checked feed with stock minisign (trusted comment with sequence and expiry), verify as a box does.
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "arguments.h"
#include "commands.h"
#include "core/files.h"
#include "feed/feed_verifier.h"
#include "feed_file.h"
#include "subprocess.h"
#include "trust_arguments.h"

namespace fl::feed_tool {

int sign_command(const Args& args) {
    const std::string usage = "sign FEED --key SECRET.key [--append] [--minisign PATH]";
    auto parsed = parse_args(args, {"--key", "--minisign"}, {"--append"}, usage);
    if (!parsed) return kUsage;
    const auto key = parsed->value("--key");
    if (parsed->positionals.size() != 1 || !key) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    const std::string& path = parsed->positionals[0];
    feed::ValidationOptions options;
    options.source_name = path;
    options.base = feed_directory(path);
    options.any_https_host = true;
    auto text = read_feed_file(path, options.max_bytes);
    if (!text) {
        std::fprintf(stderr, "%s\n", text.error().message.c_str());
        return kProblems;
    }
    const feed::ValidationReport report = feed::validate_feed(text.value(), options);
    if (!report.catalog) {
        for (const auto& problem : report.problems) std::printf("%s\n", format_problem_lines(problem).c_str());
        std::printf("%s: not signed: fix the problems first (fl-feed lint) / 未签名：请先修正问题\n", path.c_str());
        return kProblems;
    }
    const std::string comment =
        "sequence:" + std::to_string(report.catalog->sequence) + " expires:" + report.catalog->expires;
    const std::string signature_path = path + ".minisig";
    const std::string fresh_path = signature_path + ".new";
    const int status = run_program({parsed->value("--minisign").value_or("minisign"), "-S", "-s", *key, "-m", path,
                                    "-t", comment, "-x", fresh_path});
    if (status != 0) {
        std::filesystem::remove(fresh_path);
        std::fprintf(stderr, "fl-feed: minisign failed (exit %d) / minisign 签名失败\n", status);
        return kUsage;
    }
    auto fresh = read_file(fresh_path);
    std::filesystem::remove(fresh_path);
    if (!fresh) {
        std::fprintf(stderr, "%s\n", fresh.error().message.c_str());
        return kUsage;
    }
    std::string signature = fresh.value();
    if (parsed->flag("--append") && std::filesystem::exists(signature_path)) {
        auto existing = read_file(signature_path);
        if (!existing) {
            std::fprintf(stderr, "%s\n", existing.error().message.c_str());
            return kUsage;
        }
        std::string joined = existing.value();
        if (!joined.empty() && joined.back() != '\n') joined += '\n';
        signature = joined + signature;
    }
    if (auto written = write_file_atomically(signature_path, signature); !written) {
        std::fprintf(stderr, "%s\n", written.error().message.c_str());
        return kUsage;
    }
    std::printf("%s: signed (%s) -> %s\n%s：已签名\n", path.c_str(), comment.c_str(), signature_path.c_str(),
                path.c_str());
    return kOk;
}

int verify_command(const Args& args) {
    const std::string usage = "verify FEED --keys DIR [--threshold K] [--after SEQUENCE] [--allow-host HOST]... "
                              "[--base URL|DIR] [--signature FILE]";
    auto parsed = parse_args(args, {"--keys", "--threshold", "--after", "--allow-host", "--base", "--signature"}, {},
                             usage);
    if (!parsed) return kUsage;
    const auto keys_dir = parsed->value("--keys");
    if (parsed->positionals.size() != 1 || !keys_dir) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    const std::string& path = parsed->positionals[0];
    auto trust = trust_from_args(*parsed, *keys_dir);
    if (!trust) return kUsage;
    const feed::TrustPolicy& policy = trust->policy;
    const feed::TrustState& last = trust->last;
    auto text = read_feed_file(path, policy.max_feed_bytes);
    auto signature = read_feed_file(parsed->value("--signature").value_or(path + ".minisig"), feed::kMaxSignatureFileBytes);
    if (!text || !signature) {
        std::fprintf(stderr, "%s\n", (!text ? text.error() : signature.error()).message.c_str());
        return kProblems;
    }
    feed::FeedInput input{text.value(), signature.value(), path, parsed->value("--base").value_or(feed_directory(path))};
    const auto verified = feed::verify_feed(input, policy, last, static_cast<int64_t>(std::time(nullptr)));
    if (!verified) {
        std::printf("%s\n", verified.error().message.c_str());
        return kProblems;
    }
    const auto& feed_info = verified.value();
    std::string signers;
    for (const auto& id : feed_info.signer_key_ids) signers += (signers.empty() ? "" : ", ") + id;
    std::printf("%s: signature OK: sequence %lld, expires %s%s, signed by %s\n", path.c_str(),
                static_cast<long long>(feed_info.sequence), feed_info.expires.c_str(),
                feed_info.stale ? " (EXPIRED: boxes show it as out of date)" : "", signers.c_str());
    std::printf("%s：签名有效：序号 %lld，有效期至 %s%s\n", path.c_str(), static_cast<long long>(feed_info.sequence),
                feed_info.expires.c_str(), feed_info.stale ? "（已过期）" : "");
    return kOk;
}

}  // namespace fl::feed_tool
