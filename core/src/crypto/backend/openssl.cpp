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

#include <atomic>

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

// The EVP_PKEY for (n, e), or null. Building it goes through OpenSSL's provider machinery (a
// parameter builder, a key-management fetch, key import): about as long as the verification itself.
EVP_PKEY* pkey_from(const rsa_public_key& key) {
  BIGNUM* n = BN_bin2bn(key.n.data(), int(key.n.size()), nullptr);
  BIGNUM* e = BN_bin2bn(key.e.data(), int(key.e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* from = nullptr;
  EVP_PKEY* pkey = nullptr;
  bool ok = n && e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
            OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1 &&
            (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr &&
            (from = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
            EVP_PKEY_fromdata_init(from) == 1 && EVP_PKEY_fromdata(from, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
  if (!ok) {
    EVP_PKEY_free(pkey);
    pkey = nullptr;
    ERR_clear_error();
  }
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(e);
  BN_free(n);
  return pkey;
}

// A verification context for `pkey` and `md`, ready for EVP_PKEY_verify (which may be called on it
// again and again: RSASSA-PKCS1-v1_5 verification keeps no state between calls). Null on failure.
EVP_PKEY_CTX* verify_context(EVP_PKEY* pkey, const EVP_MD* md) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
  if (ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
      EVP_PKEY_CTX_set_signature_md(ctx, md) == 1)
    return ctx;
  EVP_PKEY_CTX_free(ctx);
  ERR_clear_error();
  return nullptr;
}

bool verify_in(EVP_PKEY_CTX* ctx, std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) {
  bool ok = EVP_PKEY_verify(ctx, signature.data(), signature.size(), digest.data(), digest.size()) == 1;
  // A failed verification leaves its reasons on this thread's error queue; nobody reads them.
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace

}  // namespace backend

// What rsa_prepare built: the EVP_PKEY, and for each hash one verification context kept ready.
// Setting a context up (EVP_PKEY_CTX_new_from_pkey, verify_init, padding, digest) goes through the
// provider machinery and cost ≈ a third as much as the RSA operation itself (issue 16). A context is
// not safe to use from two threads at once, so the spare is lent: a verification takes it (an atomic
// exchange), uses it and puts it back; one that finds it lent to another thread makes its own.
struct rsa_prepared {
  bytes n, e;  // what pkey was built from (rsa_prepared_matches)
  EVP_PKEY* pkey = nullptr;
  mutable std::atomic<EVP_PKEY_CTX*> spare[2] = {nullptr, nullptr};  // by hash_alg
  rsa_prepared() = default;
  rsa_prepared(const rsa_prepared&) = delete;
  rsa_prepared& operator=(const rsa_prepared&) = delete;
  ~rsa_prepared() {
    for (auto& c : spare) EVP_PKEY_CTX_free(c.load());
    EVP_PKEY_free(pkey);
  }
};

namespace backend {

namespace {

bool verify_prepared(const rsa_prepared& key, hash_alg alg, const EVP_MD* md, std::span<const std::uint8_t> digest,
                     std::span<const std::uint8_t> signature) {
  std::atomic<EVP_PKEY_CTX*>& spare = key.spare[alg == hash_alg::sha1 ? 0 : 1];
  EVP_PKEY_CTX* ctx = spare.exchange(nullptr);
  if (!ctx) ctx = verify_context(key.pkey, md);
  if (!ctx) return false;
  bool ok = verify_in(ctx, digest, signature);
  EVP_PKEY_CTX* none = nullptr;
  if (!spare.compare_exchange_strong(none, ctx)) EVP_PKEY_CTX_free(ctx);  // another thread's is back already
  return ok;
}

}  // namespace

std::shared_ptr<const rsa_prepared> rsa_prepare(const rsa_public_key& key) {
  if (!initialised()) return nullptr;
  auto p = std::make_shared<rsa_prepared>();
  p->pkey = pkey_from(key);
  if (!p->pkey) return nullptr;
  p->n = key.n;
  p->e = key.e;
  return p;
}

bool rsa_prepared_matches(const rsa_prepared& prepared, const rsa_public_key& key) {
  return prepared.n == key.n && prepared.e == key.e;
}

bool rsa_pkcs1_verify(const rsa_public_key& key, const rsa_prepared* prepared, hash_alg alg,
                      std::span<const std::uint8_t> digest, std::span<const std::uint8_t> signature) {
  const EVP_MD* md = md_of(alg);
  if (!md) return false;
  if (prepared) return verify_prepared(*prepared, alg, md, digest, signature);
  EVP_PKEY* pkey = pkey_from(key);
  EVP_PKEY_CTX* ctx = pkey ? verify_context(pkey, md) : nullptr;
  bool ok = ctx && verify_in(ctx, digest, signature);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace backend
}  // namespace authlens::crypto
