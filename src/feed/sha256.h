// Streaming SHA-256 (libsodium) for checking fetched files against the hashes a signed feed names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace fl::feed {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view data);
    // 64 lower-case hex digits; the object is spent afterwards.
    std::string finish_hex();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The SHA-256 of a whole file, read in pieces; an error when it cannot be read.
Result<std::string> sha256_of_file(const std::string& path);

}  // namespace fl::feed
