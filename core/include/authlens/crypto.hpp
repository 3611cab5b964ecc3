// authlens/crypto.hpp — the cryptography DKIM needs, behind one small interface.
//
// FIPS 180-4 (SHA-1, SHA-256; incremental), RFC 8017 §8.2 (RSASSA-PKCS1-v1_5
// sign/verify with SHA-1 and SHA-256), RFC 5280 §4.1.2.7 (SubjectPublicKeyInfo) and RFC 8017 A.1.1
// (RSAPublicKey) as DKIM p= encodings, RFC 5208/5958 (PKCS#8 private keys, PEM per RFC 7468),
// RFC 8032 §5.1 (Ed25519 sign/verify; keys are the raw 32-byte form of RFC 8463 §4).
//
// Backends: the hashes and RSA verification come from the build's crypto backend, chosen at build
// time by AUTHLENS_CRYPTO_BACKEND: OpenSSL 3 libcrypto (native default: SHA-NI/AVX2 and assembly
// bignums chosen at run time) or Mbed TLS 2.28 (portable; always the WebAssembly one). Both pass the
// same test vectors (test_crypto and test_crypto_mbedtls). Key parsing, generation and RSA signing
// are Mbed TLS's in every build, Ed25519 is libsodium's. No exceptions, no I/O, no clock, no global
// randomness: signing and key generation take an injected random_fn.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::crypto {

using bytes = std::vector<std::uint8_t>;

/// Fills `out` with cryptographically strong random bytes; returns false on failure.
/// The CLI passes one backed by getrandom(2), the web build one backed by crypto.getRandomValues.
using random_fn = std::function<bool(std::span<std::uint8_t> out)>;

// --- hashes ------------------------------------------------------------------------------------

/// The build's hash/RSA-verify backend: "openssl" or "mbedtls" (for benchmarks and --version).
std::string_view backend_name();
/// The libraries behind this interface with their versions, for `authlens --version`.
std::string library_versions();

/// Hash algorithms DKIM uses (RFC 6376 §3.3, RFC 8301).
enum class hash_alg {
  sha1,    ///< 20-byte digest; verified but refused by policy (RFC 8301)
  sha256,  ///< 32-byte digest
};
std::string_view to_string(hash_alg a);  ///< "sha1", "sha256"
std::size_t digest_size(hash_alg a);

/// Incremental hash. Feed with update() any number of times, then finish() once.
class hasher {
 public:
  explicit hasher(hash_alg alg);
  hasher(hasher&&) noexcept;
  hasher& operator=(hasher&&) noexcept;
  ~hasher();
  void update(std::string_view data);
  void update(std::span<const std::uint8_t> data);
  /// The digest; the hasher is spent afterwards (further calls return an empty vector).
  bytes finish();
  hash_alg algorithm() const { return alg_; }

 private:
  struct impl;
  hash_alg alg_;
  std::unique_ptr<impl> p_;
};

bytes digest(hash_alg alg, std::string_view data);
bytes sha1(std::string_view data);
bytes sha256(std::string_view data);

// --- encodings (base64 is authlens/base64.hpp's) ------------------------------------------------

/// Lower-case hex, for evidence.
std::string hex(std::span<const std::uint8_t> data);

// --- RSA ---------------------------------------------------------------------------------------

/// The backend's ready-to-use form of one RSA public key (opaque; defined by the backend). OpenSSL:
/// the EVP_PKEY built from (n, e), which also keeps its Montgomery context after the first use.
/// Immutable once built, so copies of a key share it, also across threads.
struct rsa_prepared;

/// An RSA public key (modulus and exponent, big-endian, no leading zeros).
struct rsa_public_key {
  bytes n;
  bytes e;
  std::size_t bits = 0;  ///< size of the modulus in bits
  /// Which encoding it came from: "spki" (SubjectPublicKeyInfo) or "pkcs1" (bare RSAPublicKey).
  std::string encoding;
  /// Set by parse_rsa_public_key / rsa_prepare (null for a backend that keeps none, or a key made by
  /// hand). Building the OpenSSL key object from (n, e) costs about as much as the verification
  /// itself (issue 16), so a key kept across messages is built once. rsa_verify uses it only while
  /// it still matches `n` and `e`: a key whose fields are changed afterwards is never verified with
  /// the old ones.
  std::shared_ptr<const rsa_prepared> prepared;
};

/// Parses DER: a SubjectPublicKeyInfo holding rsaEncryption (DKIM's p=), or a bare PKCS#1
/// RSAPublicKey (which some domains publish), and prepares it (rsa_prepare).
/// Errors: "crypto.rsa.syntax", "crypto.rsa.not_rsa".
[[nodiscard]] result<rsa_public_key> parse_rsa_public_key(std::span<const std::uint8_t> der);

/// Builds `key.prepared` for the current `n` and `e` (a no-op for the Mbed TLS backend, or when the
/// backend refuses the key: rsa_verify then works from `n` and `e` and gives the same answer).
void rsa_prepare(rsa_public_key& key);

/// RSASSA-PKCS1-v1_5 verification of `signature` over the precomputed `digest`.
[[nodiscard]] bool rsa_verify(const rsa_public_key& key, hash_alg alg, std::span<const std::uint8_t> digest,
                std::span<const std::uint8_t> signature);

/// An RSA private key (opaque; movable).
class rsa_private_key {
 public:
  rsa_private_key();
  rsa_private_key(rsa_private_key&&) noexcept;
  rsa_private_key& operator=(rsa_private_key&&) noexcept;
  ~rsa_private_key();
  std::size_t bits() const;
  /// The public half as DER SubjectPublicKeyInfo (what goes into DKIM's p=).
  bytes public_spki_der() const;
  /// PKCS#8 "-----BEGIN PRIVATE KEY-----" PEM.
  std::string to_pkcs8_pem() const;

  struct impl;
  impl* get() const { return p_.get(); }

 private:
  std::unique_ptr<impl> p_;
};

/// Reads a PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") or DER RSA private key.
/// Errors: "crypto.key.syntax", "crypto.key.not_rsa", "crypto.key.encrypted".
[[nodiscard]] result<rsa_private_key> parse_rsa_private_key(std::string_view pem_or_der);

/// Generates an RSA key (e = 65537). `bits` between 512 (tests of RFC 8301 refusal) and 4096.
[[nodiscard]] result<rsa_private_key> rsa_generate(unsigned bits, const random_fn& rng);

/// RSASSA-PKCS1-v1_5 signature over `digest` (blinding uses `rng`).
[[nodiscard]] result<bytes> rsa_sign(const rsa_private_key& key, hash_alg alg, std::span<const std::uint8_t> digest,
                       const random_fn& rng);

// --- Ed25519 -----------------------------------------------------------------------------------

using ed25519_public_key = std::array<std::uint8_t, 32>;
using ed25519_seed = std::array<std::uint8_t, 32>;  ///< the RFC 8032 private key (32 random bytes)
using ed25519_signature = std::array<std::uint8_t, 64>;

/// RFC 8032 §5.1.7 verification (libsodium: canonical S, small-order keys refused).
bool ed25519_verify(std::span<const std::uint8_t> public_key, std::span<const std::uint8_t> message,
                    std::span<const std::uint8_t> signature);
/// RFC 8032 §5.1.5 public key from the private seed.
ed25519_public_key ed25519_public_from_seed(const ed25519_seed& seed);
/// RFC 8032 §5.1.6 signature (deterministic).
ed25519_signature ed25519_sign(const ed25519_seed& seed, std::span<const std::uint8_t> message);
/// A new private seed from `rng`.
[[nodiscard]] result<ed25519_seed> ed25519_generate(const random_fn& rng);

/// Ed25519 private key as PKCS#8 PEM (RFC 8410 §7: OneAsymmetricKey with id-Ed25519).
std::string ed25519_to_pkcs8_pem(const ed25519_seed& seed);
/// Reads an Ed25519 private key: PKCS#8 PEM/DER (RFC 8410), or the base64 of the raw 32-byte seed
/// (the form dkimpy and RFC 8463 Appendix A use). Error: "crypto.key.syntax".
[[nodiscard]] result<ed25519_seed> parse_ed25519_private_key(std::string_view text);

/// Wraps DER in PEM armour with 64-character lines (RFC 7468).
std::string pem_encode(std::string_view label, std::span<const std::uint8_t> der);

}  // namespace authlens::crypto
