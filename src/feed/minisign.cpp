// minisign formats: strict parsing of .pub and .minisig text, key ids, and libsodium Ed25519/BLAKE2b verification.
#include "feed/minisign.h"

#include <cstdio>
#include <sodium.h>

namespace fl::feed {
namespace {

constexpr std::string_view kUntrusted = "untrusted comment:";
constexpr std::string_view kTrusted = "trusted comment: ";
constexpr std::size_t kMaxLineBytes = 4096;

bool sodium_ready() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

std::string hex_key_id(const std::array<unsigned char, 8>& id) {
    // minisign reads the 8 bytes as a little-endian number and prints it in upper-case hex.
    std::string out;
    char buffer[3];
    for (std::size_t i = id.size(); i-- > 0;) {
        std::snprintf(buffer, sizeof buffer, "%02X", static_cast<unsigned>(id[i]));
        out += buffer;
    }
    const std::size_t first = out.find_first_not_of('0');  // minisign prints no leading zeros
    return first == std::string::npos ? "0" : out.substr(first);
}

// Decodes standard base64 into exactly size bytes.
bool decode_bytes(std::string_view text, unsigned char* out, std::size_t size) {
    std::size_t length = 0;
    const char* end = nullptr;
    if (!sodium_ready()) return false;
    if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL) !=
        0) {
        return false;
    }
    return length == size && end == text.data() + text.size();
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

Error failure(const std::string& english, const std::string& chinese) { return Error{english + " / " + chinese}; }

}  // namespace

std::string PublicKey::key_id_hex() const { return hex_key_id(key_id); }
std::string SignatureBlock::key_id_hex() const { return hex_key_id(key_id); }

Result<PublicKey> parse_public_key(std::string_view text, std::string origin) {
    std::string_view base64;
    for (std::string_view line : split_lines(text)) {
        if (line.empty() || line.starts_with(kUntrusted)) continue;
        if (!base64.empty()) {
            return failure(origin + ": not a minisign public key (more than one key line)",
                           origin + "：不是 minisign 公钥（有多行密钥）");
        }
        base64 = line;
    }
    unsigned char raw[42];
    if (base64.empty() || base64.size() > kMaxLineBytes || !decode_bytes(base64, raw, sizeof raw)) {
        return failure(origin + ": not a minisign public key (expected one base64 line of 42 bytes)",
                       origin + "：不是 minisign 公钥");
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
        return failure(origin + ": unsupported public key algorithm (expected Ed25519 \"Ed\")",
                       origin + "：不支持的公钥算法（应为 Ed25519）");
    }
    PublicKey key;
    std::copy(raw + 2, raw + 10, key.key_id.begin());
    std::copy(raw + 10, raw + 42, key.key.begin());
    key.origin = std::move(origin);
    return key;
}

Result<std::vector<SignatureBlock>> parse_signature_file(std::string_view text) {
    if (text.size() > kMaxSignatureFileBytes) {
        return failure("signature file too large (over " + std::to_string(kMaxSignatureFileBytes) + " bytes)",
                       "签名文件太大");
    }
    std::vector<std::string_view> lines = split_lines(text);
    std::vector<SignatureBlock> blocks;
    std::size_t i = 0;
    auto next_line = [&]() -> std::string_view {
        return i < lines.size() ? lines[i++] : std::string_view{};
    };
    while (true) {
        while (i < lines.size() && lines[i].empty()) ++i;
        if (i >= lines.size()) break;
        const std::string block_name = "signature block " + std::to_string(blocks.size() + 1);
        const std::string block_name_zh = "第 " + std::to_string(blocks.size() + 1) + " 个签名块";
        if (blocks.size() == kMaxSignatureBlocks) {
            return failure("more than " + std::to_string(kMaxSignatureBlocks) + " signature blocks", "签名块过多");
        }
        if (!next_line().starts_with(kUntrusted)) {
            return failure(block_name + ": expected a line starting with \"untrusted comment:\"",
                           block_name_zh + "：应以 \"untrusted comment:\" 开头");
        }
        const std::string_view signature_line = next_line();
        if (signature_line.empty()) {
            return failure(block_name + ": truncated (no signature line)", block_name_zh + "：不完整（缺少签名行）");
        }
        unsigned char raw[74];
        if (signature_line.size() > kMaxLineBytes || !decode_bytes(signature_line, raw, sizeof raw)) {
            return failure(block_name + ": the signature line is not valid base64 of 74 bytes",
                           block_name_zh + "：签名行不是有效的 base64（74 字节）");
        }
        if (raw[0] == 'E' && raw[1] == 'd') {
            return failure(block_name + ": legacy (not prehashed) signature; sign again with minisign 0.11 or later",
                           block_name_zh + "：旧式（非预哈希）签名，请用 minisign 0.11 或更新版本重新签名");
        }
        if (raw[0] != 'E' || raw[1] != 'D') {
            return failure(block_name + ": unknown signature algorithm", block_name_zh + "：未知的签名算法");
        }
        SignatureBlock block;
        std::copy(raw + 2, raw + 10, block.key_id.begin());
        std::copy(raw + 10, raw + 74, block.signature.begin());
        const std::string_view trusted = next_line();
        if (!trusted.starts_with(kTrusted)) {
            return failure(block_name + (trusted.empty() ? ": truncated (no trusted comment)" : ": expected a line starting with \"trusted comment: \""),
                           block_name_zh + (trusted.empty() ? "：不完整（缺少可信注释）" : "：应以 \"trusted comment: \" 开头"));
        }
        if (trusted.size() > kMaxLineBytes) return failure(block_name + ": trusted comment too long", block_name_zh + "：可信注释太长");
        block.trusted_comment = std::string(trusted.substr(kTrusted.size()));
        const std::string_view global = next_line();
        if (global.empty()) {
            return failure(block_name + ": truncated (no global signature)", block_name_zh + "：不完整（缺少全局签名）");
        }
        if (global.size() > kMaxLineBytes || !decode_bytes(global, block.global_signature.data(), block.global_signature.size())) {
            return failure(block_name + ": the global signature is not valid base64 of 64 bytes",
                           block_name_zh + "：全局签名不是有效的 base64（64 字节）");
        }
        blocks.push_back(std::move(block));
    }
    if (blocks.empty()) return failure("the signature file is empty", "签名文件为空");
    return blocks;
}

std::array<unsigned char, 64> minisign_prehash(std::string_view bytes) {
    std::array<unsigned char, 64> hash{};
    if (!sodium_ready()) return hash;
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                       nullptr, 0);
    return hash;
}

bool verify_signature_block(const SignatureBlock& block, const PublicKey& key,
                            const std::array<unsigned char, 64>& prehash) {
    if (!sodium_ready()) return false;
    if (crypto_sign_verify_detached(block.signature.data(), prehash.data(), prehash.size(), key.key.data()) != 0) {
        return false;
    }
    std::string signed_comment(reinterpret_cast<const char*>(block.signature.data()), block.signature.size());
    signed_comment += block.trusted_comment;
    return crypto_sign_verify_detached(block.global_signature.data(),
                                       reinterpret_cast<const unsigned char*>(signed_comment.data()),
                                       signed_comment.size(), key.key.data()) == 0;
}

}  // namespace fl::feed
