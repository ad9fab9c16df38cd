// SHA-256 over libsodium's crypto_hash_sha256 streaming interface.
#include "feed/sha256.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fl::feed {

struct Sha256::State {
    crypto_hash_sha256_state state;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    crypto_hash_sha256_init(&state_->state);
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
    crypto_hash_sha256_update(&state_->state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::string Sha256::finish_hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_->state, digest);
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

Result<std::string> sha256_of_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot read " + path + ": " + std::strerror(errno)};
    Sha256 hash;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const Error error{"cannot read " + path + ": " + std::strerror(errno)};
            ::close(fd);
            return error;
        }
        if (n == 0) break;
        hash.update(std::string_view(buffer, static_cast<size_t>(n)));
    }
    ::close(fd);
    return hash.finish_hex();
}

}  // namespace fl::feed
