// The part of crypto.hpp that has two implementations, chosen at build time by
// AUTHLENS_CRYPTO_BACKEND (docs/decisions.md "Crypto backends"): the hashes (hasher::impl and its
// members, defined in the backend's file) and the RSA public-key operation below.
//   mbedtls.cpp  Mbed TLS 2.28: portable C, the WebAssembly build's backend.
//   openssl.cpp  OpenSSL 3 libcrypto: picks SHA-NI/AVX2 and assembly bignums at run time (native).
// Everything else (key parsing, key generation, signing, Ed25519) is shared by both builds.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "authlens/crypto.hpp"

namespace authlens::crypto::backend {

/// The backend library and its version as the library itself reports it ("OpenSSL 3.0.15 3 Sep 2024").
std::string version();

/// The backend's prepared form of (key.n, key.e), or null when it keeps none (Mbed TLS) or cannot
/// build one. Called only for keys whose shape rsa_verify accepts.
std::shared_ptr<const rsa_prepared> rsa_prepare(const rsa_public_key& key);

/// True when `prepared` was built from exactly key.n and key.e.
bool rsa_prepared_matches(const rsa_prepared& prepared, const rsa_public_key& key);

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of `signature` over `digest`. The caller
/// (rsa_verify) has already checked the key's shape, the digest size and the signature length, so
/// that both backends refuse the same malformed input. `prepared` (may be null) is the key's
/// prepared form, already checked against (n, e).
bool rsa_pkcs1_verify(const rsa_public_key& key, const rsa_prepared* prepared, hash_alg alg,
                      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature);

}  // namespace authlens::crypto::backend
