// Crypto backend "mbedtls" (backend.hpp): FIPS 180-4 hashes and the RSA public-key operation
// through Mbed TLS 2.28. Portable C; the only backend of the WebAssembly build.
#include <mbedtls/rsa.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "crypto/backend/backend.hpp"

namespace authlens::crypto {

std::string_view backend_name() { return "mbedtls"; }

std::string backend::version() { return "Mbed TLS " MBEDTLS_VERSION_STRING; }

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

namespace backend {

// Nothing is kept: an mbedtls_rsa_context caches its Montgomery value on first use, a write that
// copies of a key shared across threads would race on. Importing (n, e) is cheap next to Mbed TLS's
// own exponentiation.
std::shared_ptr<const rsa_prepared> rsa_prepare(const rsa_public_key&) { return nullptr; }
bool rsa_prepared_matches(const rsa_prepared&, const rsa_public_key&) { return false; }

bool rsa_pkcs1_verify(const rsa_public_key& key, const rsa_prepared*, hash_alg alg,
                      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) {
  mbedtls_rsa_context rsa;
  mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
  bool ok = false;
  if (mbedtls_rsa_import_raw(&rsa, key.n.data(), key.n.size(), nullptr, 0, nullptr, 0, nullptr, 0, key.e.data(),
                             key.e.size()) == 0 &&
      mbedtls_rsa_complete(&rsa) == 0 && mbedtls_rsa_check_pubkey(&rsa) == 0 &&
      signature.size() == mbedtls_rsa_get_len(&rsa)) {
    ok = mbedtls_rsa_pkcs1_verify(&rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                  alg == hash_alg::sha1 ? MBEDTLS_MD_SHA1 : MBEDTLS_MD_SHA256,
                                  static_cast<unsigned>(digest.size()), digest.data(), signature.data()) == 0;
  }
  mbedtls_rsa_free(&rsa);
  return ok;
}

}  // namespace backend
}  // namespace authlens::crypto
