// Ed25519 (RFC 8032 §5.1) through libsodium, and its PKCS#8 form (RFC 8410 §7).
//
// sodium_init() is deliberately not called: crypto_sign_* (ref10) need no run-time CPU dispatch nor
// libsodium's random source, and the core keeps no global state. Randomness comes from random_fn.
#include <sodium/crypto_sign.h>

#include <cstring>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"

namespace authlens::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64 && crypto_sign_SEEDBYTES == 32);

bool ed25519_verify(std::span<const std::uint8_t> public_key, std::span<const std::uint8_t> message,
                    std::span<const std::uint8_t> signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

ed25519_public_key ed25519_public_from_seed(const ed25519_seed& seed) {
  ed25519_public_key pk{};
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk.data(), sk, seed.data());
  std::memset(sk, 0, sizeof sk);
  return pk;
}

ed25519_signature ed25519_sign(const ed25519_seed& seed, std::span<const std::uint8_t> message) {
  ed25519_public_key pk{};
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk.data(), sk, seed.data());
  ed25519_signature sig{};
  unsigned long long siglen = 0;
  crypto_sign_detached(sig.data(), &siglen, message.data(), message.size(), sk);
  std::memset(sk, 0, sizeof sk);
  return sig;
}

result<ed25519_seed> ed25519_generate(const random_fn& rng) {
  ed25519_seed seed{};
  if (!rng || !rng(std::span<std::uint8_t>(seed.data(), seed.size())))
    return error{"crypto.key.generate", "the random source failed"};
  return seed;
}

namespace {
// OneAsymmetricKey { version 0, AlgorithmIdentifier { id-Ed25519 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
constexpr std::uint8_t pkcs8_prefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b,
                                         0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

bool seed_from_der(std::span<const std::uint8_t> der, ed25519_seed& seed) {
  // Accept version 0 (v1) exactly, and version 1 (v2, RFC 5958) with trailing attributes / public key.
  if (der.size() < 48 || der[0] != 0x30) return false;
  std::size_t total = 0, hdr = 2;
  if (der[1] < 0x80) {
    total = der[1];
  } else if (der[1] == 0x81 && der.size() > 2) {
    total = der[2];
    hdr = 3;
  } else {
    return false;
  }
  if (hdr + total != der.size()) return false;
  auto rest = der.subspan(hdr);
  if (rest.size() < 46 || rest[0] != 0x02 || rest[1] != 0x01 || (rest[2] != 0x00 && rest[2] != 0x01)) return false;
  if (std::memcmp(rest.data() + 3, pkcs8_prefix + 5, 11) != 0) return false;
  std::memcpy(seed.data(), rest.data() + 14, 32);
  if (rest[2] == 0x00 && rest.size() != 46) return false;
  return true;
}
}  // namespace

std::string ed25519_to_pkcs8_pem(const ed25519_seed& seed) {
  bytes der(std::begin(pkcs8_prefix), std::end(pkcs8_prefix));
  der.insert(der.end(), seed.begin(), seed.end());
  std::string pem = pem_encode("PRIVATE KEY", der);
  std::memset(der.data(), 0, der.size());
  return pem;
}

result<ed25519_seed> parse_ed25519_private_key(std::string_view text) {
  ed25519_seed seed{};
  std::string_view body = text;
  auto begin = text.find("-----BEGIN");
  if (begin != std::string_view::npos) {
    auto line_end = text.find('\n', begin);
    auto end = text.find("-----END", begin);
    if (line_end == std::string_view::npos || end == std::string_view::npos || end < line_end)
      return error{"crypto.key.syntax", "malformed PEM armour"};
    if (text.substr(begin, line_end - begin).find("PRIVATE KEY") == std::string_view::npos)
      return error{"crypto.key.syntax", "PEM block is not a private key"};
    body = text.substr(line_end + 1, end - line_end - 1);
  }
  auto raw = base64::decode(body);
  if (!raw) {
    // Maybe DER given directly.
    std::span<const std::uint8_t> der(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    if (seed_from_der(der, seed)) return seed;
    return error{"crypto.key.syntax", "not base64: " + raw.err().message};
  }
  if (raw->size() == 32) {
    std::memcpy(seed.data(), raw->data(), 32);
    return seed;
  }
  if (seed_from_der(*raw, seed)) return seed;
  return error{"crypto.key.syntax", "not an Ed25519 private key (PKCS#8 id-Ed25519 or a 32-byte seed)"};
}

}  // namespace authlens::crypto
