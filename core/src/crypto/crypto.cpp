// Hashes, base64 and helpers (FIPS 180-4 through Mbed TLS, RFC 4648 written here).
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>

#include <cstring>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"

namespace authlens::crypto {

std::string_view to_string(hash_alg a) { return a == hash_alg::sha1 ? "sha1" : "sha256"; }
std::size_t digest_size(hash_alg a) { return a == hash_alg::sha1 ? 20 : 32; }

struct hasher::impl {
  mbedtls_sha1_context s1;
  mbedtls_sha256_context s256;
  bool done = false;
};

hasher::hasher(hash_alg alg) : alg_(alg), p_(std::make_unique<impl>()) {
  if (alg_ == hash_alg::sha1) {
    mbedtls_sha1_init(&p_->s1);
    mbedtls_sha1_starts_ret(&p_->s1);
  } else {
    mbedtls_sha256_init(&p_->s256);
    mbedtls_sha256_starts_ret(&p_->s256, 0);
  }
}
hasher::hasher(hasher&&) noexcept = default;
hasher& hasher::operator=(hasher&&) noexcept = default;
hasher::~hasher() {
  if (!p_) return;
  if (alg_ == hash_alg::sha1)
    mbedtls_sha1_free(&p_->s1);
  else
    mbedtls_sha256_free(&p_->s256);
}

void hasher::update(std::span<const std::uint8_t> data) {
  if (!p_ || p_->done || data.empty()) return;
  if (alg_ == hash_alg::sha1)
    mbedtls_sha1_update_ret(&p_->s1, data.data(), data.size());
  else
    mbedtls_sha256_update_ret(&p_->s256, data.data(), data.size());
}
void hasher::update(std::string_view data) {
  update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}
bytes hasher::finish() {
  if (!p_ || p_->done) return {};
  p_->done = true;
  bytes out(digest_size(alg_));
  if (alg_ == hash_alg::sha1)
    mbedtls_sha1_finish_ret(&p_->s1, out.data());
  else
    mbedtls_sha256_finish_ret(&p_->s256, out.data());
  return out;
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
