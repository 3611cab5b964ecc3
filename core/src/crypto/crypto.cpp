// Hash helpers, hex and PEM armour (RFC 7468). The hash itself (hasher::impl) is the build's
// backend: crypto/backend/.
#include <cstring>

#include <mbedtls/version.h>
#include <sodium/version.h>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"
#include "crypto/backend/backend.hpp"

namespace authlens::crypto {

std::string library_versions() {
  return "hashes and RSA verification: " + backend::version() + "; keys and signing: Mbed TLS " MBEDTLS_VERSION_STRING +
         "; Ed25519: libsodium " + sodium_version_string();
}

std::string_view to_string(hash_alg a) { return a == hash_alg::sha1 ? "sha1" : "sha256"; }
std::size_t digest_size(hash_alg a) { return a == hash_alg::sha1 ? 20 : 32; }

void hasher::update(std::string_view data) {
  update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}
bytes digest(hash_alg alg, std::string_view data) {
  hasher h(alg);
  h.update(data);
  return h.finish();
}
bytes sha1(std::string_view data) { return digest(hash_alg::sha1, data); }
bytes sha256(std::string_view data) { return digest(hash_alg::sha256, data); }

std::string hex(std::span<const std::uint8_t> data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (auto b : data) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string pem_encode(std::string_view label, std::span<const std::uint8_t> der) {
  std::string b64 = base64::encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out += '\n';
  }
  out += "-----END " + std::string(label) + "-----\n";
  return out;
}

}  // namespace authlens::crypto
