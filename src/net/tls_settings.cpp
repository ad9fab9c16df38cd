// TLS settings for libcurl handles (OpenSSL backend): protocol floor, suites, groups, no padding, resumption check.
#include "net/tls_settings.h"

#include <openssl/ssl.h>

#include <strings.h>

namespace fl::net {
namespace {

// TLS 1.2: forward-secret key exchange with authenticated encryption only.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";
// TLS 1.3: all three standard suites, the SHA-256 ones first.
constexpr const char* kTls13Ciphers = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384";
constexpr const char* kGroups = "X25519:P-256:P-384";
// Handshake signatures: ECDSA, Ed25519 and RSA (PSS, and PKCS#1 for TLS 1.2) with SHA-2; no SHA-1 or SHA-224.
constexpr const char* kSignatureAlgorithms =
    "ECDSA+SHA256:ECDSA+SHA384:ed25519:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:"
    "RSA+SHA256:RSA+SHA384:RSA+SHA512";

// Whether on_ssl_context keeps middlebox compatibility mode: handed to libcurl as the callback's data pointer.
constexpr bool kCompatOn = true;
constexpr bool kCompatOff = false;

// Called by libcurl with each new connection's SSL_CTX before the handshake. The options cleared have nothing to
// do with security: padding works around 2014-era F5 servers; TLS 1.3 middlebox compatibility mode disguises the
// handshake as a TLS 1.2 resumption for old middleboxes (a 32-byte session ID both ways, two ChangeCipherSpec
// records: about 80 bytes per handshake), kept only where a handshake without it was cut.
CURLcode on_ssl_context(CURL*, void* context, void* compat) {
    auto* ssl_context = static_cast<SSL_CTX*>(context);
    SSL_CTX_clear_options(ssl_context, SSL_OP_TLSEXT_PADDING);
    if (!*static_cast<const bool*>(compat)) SSL_CTX_clear_options(ssl_context, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
    if (SSL_CTX_set1_sigalgs_list(ssl_context, kSignatureAlgorithms) != 1) return CURLE_SSL_CIPHER;
    return CURLE_OK;
}

}  // namespace

void apply_tls_settings(CURL* curl, bool middlebox_compat) {
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_SSL_SESSIONID_CACHE, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_CIPHER_LIST, kTls12Ciphers);
    curl_easy_setopt(curl, CURLOPT_TLS13_CIPHERS, kTls13Ciphers);
    curl_easy_setopt(curl, CURLOPT_SSL_EC_CURVES, kGroups);
    // HTTP/1.1 is all a feed poll or a signalling call needs; offering h2 would also cost ALPN bytes.
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    // Only the OpenSSL backend calls this; with another backend the option is refused and nothing changes.
    curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, &on_ssl_context);
    curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, const_cast<bool*>(middlebox_compat ? &kCompatOn : &kCompatOff));
}

bool tls_handshake_cut(CURL* curl, CURLcode code) {
    // libcurl reports a TCP connection that could not be made as CURLE_COULDNT_CONNECT; this code means the TCP
    // connection stood and the TLS handshake on it broke off (a reset or close included). Timing figures are
    // cleared after a failure, so the code and the scheme are all there is to go on.
    if (code != CURLE_SSL_CONNECT_ERROR) return false;
    const char* scheme = nullptr;
    curl_easy_getinfo(curl, CURLINFO_SCHEME, &scheme);
    return scheme != nullptr && strcasecmp(scheme, "https") == 0;
}

bool tls_session_resumed(CURL* curl) {
    curl_tlssessioninfo* info = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == nullptr ||
        info->backend != CURLSSLBACKEND_OPENSSL || info->internals == nullptr) {
        return false;
    }
    return SSL_session_reused(static_cast<SSL*>(info->internals)) == 1;
}

}  // namespace fl::net
