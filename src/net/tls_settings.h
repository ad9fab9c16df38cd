// TLS settings of every libcurl handle the box uses: TLS 1.2+ with verified certificates, AEAD suites only, a
// compact ClientHello and an indicator of TLS session resumption (see docs/feed-on-the-box.md).
#pragma once

#include <curl/curl.h>

namespace fl::net {

// Sets TLS 1.2 as the minimum, certificate and host verification on, ECDHE + AEAD suites for TLS 1.2, the
// SHA-256 TLS 1.3 suites first (32-byte binders and Finished messages), X25519 / P-256 / P-384 groups, ALPN
// http/1.1 only, and no ClientHello padding (an old F5 workaround that pads a resumption ClientHello to 512 bytes).
// middlebox_compat: TLS 1.3's middlebox compatibility mode (RFC 8446 D.4; ~80 bytes per handshake), off unless a
// handshake on this path failed without it. Call after curl_easy_reset, before each perform. Leaves libcurl's TLS
// session cache on.
void apply_tls_settings(CURL* curl, bool middlebox_compat);

// True when a failed https perform broke off in the TLS handshake after TCP connected, the way a middlebox that does
// not know TLS 1.3 cuts a handshake without compatibility mode.
bool tls_handshake_cut(CURL* curl, CURLcode code);

// True when the connection curl is using right now resumed an earlier TLS session (TLS 1.3 ticket or TLS 1.2
// session ID) instead of a full handshake. Valid while a transfer runs (from the first response header on).
bool tls_session_resumed(CURL* curl);

}  // namespace fl::net
