// Crypto backend "openssl" (backend.hpp): FIPS 180-4 hashes and the RSA public-key operation
// through OpenSSL 3 libcrypto, which selects SHA-NI/AVX2 code and assembly bignums for this CPU at
// run time (Mbed TLS 2.28 has neither: docs/decisions.md "Crypto backends" has the figures).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "crypto/backend/backend.hpp"

namespace authlens::crypto {

namespace {

// The library initialised once, without reading openssl.cnf: the core does no I/O, and a system
// configuration must not change which algorithms DKIM verification accepts.
bool initialised() {
  static const bool ok = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr) == 1;
  return ok;
}

// Fetched once: an implicit fetch on every EVP_DigestInit costs a provider lookup per message.
const EVP_MD* md_of(hash_alg a) {
  if (!initialised()) return nullptr;
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return a == hash_alg::sha1 ? sha1 : sha256;
}

}  // namespace

std::string_view backend_name() { return "openssl"; }

std::string backend::version() { return OpenSSL_version(OPENSSL_VERSION); }

struct hasher::impl {
  EVP_MD_CTX* ctx = nullptr;
  bool done = false;
  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl() { EVP_MD_CTX_free(ctx); }
};

hasher::hasher(hash_alg alg) : alg_(alg), p_(std::make_unique<impl>()) {
  const EVP_MD* md = md_of(alg);
  p_->ctx = md ? EVP_MD_CTX_new() : nullptr;
  // A context that failed to start is spent: finish() then returns an empty digest, which never
  // equals a signed one, so a broken library makes verdicts fail rather than pass.
  if (!p_->ctx || EVP_DigestInit_ex2(p_->ctx, md, nullptr) != 1) p_->done = true;
}
hasher::hasher(hasher&&) noexcept = default;
hasher& hasher::operator=(hasher&&) noexcept = default;
hasher::~hasher() = default;

void hasher::update(std::span<const std::uint8_t> data) {
  if (!p_ || p_->done || data.empty()) return;
  if (EVP_DigestUpdate(p_->ctx, data.data(), data.size()) != 1) p_->done = true;
}

bytes hasher::finish() {
  if (!p_ || p_->done) return {};
  p_->done = true;
  bytes out(digest_size(alg_));
  unsigned len = 0;
  if (EVP_DigestFinal_ex(p_->ctx, out.data(), &len) != 1 || len != out.size()) return {};
  return out;
}

namespace backend {

namespace {
// Owners for the OpenSSL objects of one verification.
struct owned {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  OSSL_PARAM_BLD* bld = nullptr;
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* from = nullptr;
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_CTX* verify = nullptr;
  owned() = default;
  owned(const owned&) = delete;
  owned& operator=(const owned&) = delete;
  ~owned() {
    EVP_PKEY_CTX_free(verify);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(from);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(e);
    BN_free(n);
  }
};
}  // namespace

bool rsa_pkcs1_verify(const rsa_public_key& key, hash_alg alg, std::span<const std::uint8_t> digest,
                      std::span<const std::uint8_t> signature) {
  const EVP_MD* md = md_of(alg);
  if (!md) return false;
  owned o;
  o.n = BN_bin2bn(key.n.data(), int(key.n.size()), nullptr);
  o.e = BN_bin2bn(key.e.data(), int(key.e.size()), nullptr);
  o.bld = OSSL_PARAM_BLD_new();
  bool ok = o.n && o.e && o.bld && OSSL_PARAM_BLD_push_BN(o.bld, OSSL_PKEY_PARAM_RSA_N, o.n) == 1 &&
            OSSL_PARAM_BLD_push_BN(o.bld, OSSL_PKEY_PARAM_RSA_E, o.e) == 1 &&
            (o.params = OSSL_PARAM_BLD_to_param(o.bld)) != nullptr &&
            (o.from = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
            EVP_PKEY_fromdata_init(o.from) == 1 &&
            EVP_PKEY_fromdata(o.from, &o.pkey, EVP_PKEY_PUBLIC_KEY, o.params) == 1 &&
            (o.verify = EVP_PKEY_CTX_new_from_pkey(nullptr, o.pkey, nullptr)) != nullptr &&
            EVP_PKEY_verify_init(o.verify) == 1 && EVP_PKEY_CTX_set_rsa_padding(o.verify, RSA_PKCS1_PADDING) == 1 &&
            EVP_PKEY_CTX_set_signature_md(o.verify, md) == 1 &&
            EVP_PKEY_verify(o.verify, signature.data(), signature.size(), digest.data(), digest.size()) == 1;
  // A failed verification leaves its reasons on this thread's error queue; nobody reads them.
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace backend
}  // namespace authlens::crypto
