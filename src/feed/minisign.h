// minisign formats: public key files and signature files (one or more blocks), parsed strictly; Ed25519 checks with libsodium.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fl::feed {

// A minisign Ed25519 public key (the second line of a stock `minisign -G` .pub file).
struct PublicKey {
    std::array<unsigned char, 8> key_id{};  // as stored in the key (little-endian); shown by minisign as 16 hex digits
    std::array<unsigned char, 32> key{};
    std::string origin;  // where it came from (file name), for messages only

    // The key id as minisign prints it: upper-case hex without leading zeros ("minisign public key 97623CBA7DB85E0").
    std::string key_id_hex() const;
};

// Parses the text of a minisign public key file (or just its base64 line).
Result<PublicKey> parse_public_key(std::string_view text, std::string origin);

// One block of a .minisig file, as `minisign -S` writes it:
//   untrusted comment: <text>
//   base64("ED" | key id (8) | Ed25519 signature of BLAKE2b-512(file) (64))
//   trusted comment: <text>
//   base64(Ed25519 signature of (signature (64) | trusted comment text) (64))
struct SignatureBlock {
    std::array<unsigned char, 8> key_id{};
    std::array<unsigned char, 64> signature{};
    std::string trusted_comment;  // the text after "trusted comment: "
    std::array<unsigned char, 64> global_signature{};

    std::string key_id_hex() const;
};

inline constexpr std::size_t kMaxSignatureFileBytes = 64 * 1024;
inline constexpr std::size_t kMaxSignatureBlocks = 16;

// Parses a signature file of one or more concatenated blocks (blank lines between blocks and "\r\n" are accepted).
// Refuses legacy, not prehashed "Ed" signatures, unknown algorithms, bad base64, truncated blocks, more than
// kMaxSignatureBlocks blocks or a file over kMaxSignatureFileBytes. Errors are "English / Chinese".
Result<std::vector<SignatureBlock>> parse_signature_file(std::string_view text);

// BLAKE2b-512 of a file's bytes, what prehashed minisign signatures sign.
std::array<unsigned char, 64> minisign_prehash(std::string_view bytes);

// True when block.signature is key's signature of the prehash and block.global_signature is key's signature of
// signature || trusted comment. Does not compare key ids.
bool verify_signature_block(const SignatureBlock& block, const PublicKey& key,
                            const std::array<unsigned char, 64>& prehash);

}  // namespace fl::feed
