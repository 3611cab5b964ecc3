// RSA for DKIM (RFC 8017 §8.2 RSASSA-PKCS1-v1_5): key checks before verification (the
// public-key operation is the build's backend, crypto/backend/), and through Mbed TLS 2.28 in every
// build: key parsing, generation and signing (not on the verification path), and the DER/PEM wrapping of
// keys (RFC 5280 SubjectPublicKeyInfo, RFC 8017 RSAPublicKey, RFC 5208 PKCS#8).
#include <mbedtls/asn1.h>
#include <mbedtls/bignum.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include <algorithm>
#include <cstring>

#include "authlens/crypto.hpp"
#include "crypto/backend/backend.hpp"

namespace authlens::crypto {

namespace {

bytes mpi_bytes(const mbedtls_mpi& x) {
  bytes out(mbedtls_mpi_size(&x));
  if (!out.empty()) mbedtls_mpi_write_binary(&x, out.data(), out.size());
  return out;
}

int rng_callback(void* ctx, unsigned char* out, std::size_t len) {
  const auto* rng = static_cast<const random_fn*>(ctx);
  if (!rng || !*rng) return MBEDTLS_ERR_RSA_RNG_FAILED;
  return (*rng)(std::span<std::uint8_t>(out, len)) ? 0 : MBEDTLS_ERR_RSA_RNG_FAILED;
}

mbedtls_md_type_t md_of(hash_alg a) { return a == hash_alg::sha1 ? MBEDTLS_MD_SHA1 : MBEDTLS_MD_SHA256; }

void der_length(bytes& out, std::size_t len) {
  if (len < 0x80) {
    out.push_back(std::uint8_t(len));
  } else {
    bytes tmp;
    while (len) {
      tmp.insert(tmp.begin(), std::uint8_t(len & 0xff));
      len >>= 8;
    }
    out.push_back(std::uint8_t(0x80 | tmp.size()));
    out.insert(out.end(), tmp.begin(), tmp.end());
  }
}
void der_tlv(bytes& out, std::uint8_t tag, std::span<const std::uint8_t> content) {
  out.push_back(tag);
  der_length(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
}

// 1.2.840.113549.1.1.1 rsaEncryption with NULL parameters.
constexpr std::uint8_t rsa_alg_id[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

}  // namespace

result<rsa_public_key> parse_rsa_public_key(std::span<const std::uint8_t> der) {
  if (der.empty()) return error{"crypto.rsa.syntax", "empty public key"};
  rsa_public_key key;
  // First try SubjectPublicKeyInfo.
  {
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    unsigned char* p = const_cast<unsigned char*>(der.data());
    const unsigned char* end = der.data() + der.size();
    int rc = mbedtls_pk_parse_subpubkey(&p, end, &pk);
    if (rc == 0 && p == end) {
      if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_RSA) {
        mbedtls_pk_free(&pk);
        return error{"crypto.rsa.not_rsa", "the SubjectPublicKeyInfo does not hold an RSA key"};
      }
      mbedtls_mpi n, e;
      mbedtls_mpi_init(&n);
      mbedtls_mpi_init(&e);
      mbedtls_rsa_export(mbedtls_pk_rsa(pk), &n, nullptr, nullptr, nullptr, &e);
      key.n = mpi_bytes(n);
      key.e = mpi_bytes(e);
      key.bits = mbedtls_mpi_bitlen(&n);
      key.encoding = "spki";
      mbedtls_mpi_free(&n);
      mbedtls_mpi_free(&e);
      mbedtls_pk_free(&pk);
      rsa_prepare(key);
      return key;
    }
    bool not_rsa = rc == MBEDTLS_ERR_PK_UNKNOWN_PK_ALG;
    mbedtls_pk_free(&pk);
    if (not_rsa) return error{"crypto.rsa.not_rsa", "the SubjectPublicKeyInfo holds a key type other than RSA"};
  }
  // Then a bare RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
  unsigned char* p = const_cast<unsigned char*>(der.data());
  const unsigned char* end = der.data() + der.size();
  std::size_t len = 0;
  if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0 || p + len != end)
    return error{"crypto.rsa.syntax", "neither a SubjectPublicKeyInfo nor an RSAPublicKey"};
  mbedtls_mpi n, e;
  mbedtls_mpi_init(&n);
  mbedtls_mpi_init(&e);
  bool ok = mbedtls_asn1_get_mpi(&p, end, &n) == 0 && mbedtls_asn1_get_mpi(&p, end, &e) == 0 && p == end &&
            mbedtls_mpi_cmp_int(&n, 0) > 0 && mbedtls_mpi_cmp_int(&e, 2) > 0;
  if (ok) {
    key.n = mpi_bytes(n);
    key.e = mpi_bytes(e);
    key.bits = mbedtls_mpi_bitlen(&n);
    key.encoding = "pkcs1";
  }
  mbedtls_mpi_free(&n);
  mbedtls_mpi_free(&e);
  if (!ok) return error{"crypto.rsa.syntax", "malformed RSAPublicKey"};
  rsa_prepare(key);
  return key;
}

namespace {

// The significant bytes of a big-endian integer (callers may hand in leading zeros).
std::span<const std::uint8_t> significant(std::span<const std::uint8_t> x) {
  while (!x.empty() && x.front() == 0) x = x.subspan(1);
  return x;
}

bool less_than(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  a = significant(a);
  b = significant(b);
  if (a.size() != b.size()) return a.size() < b.size();
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

std::size_t bit_length(std::span<const std::uint8_t> x) {
  x = significant(x);
  if (x.empty()) return 0;
  std::size_t bits = (x.size() - 1) * 8;
  for (unsigned v = x.front(); v; v >>= 1) ++bits;
  return bits;
}

}  // namespace

namespace {
// The key's shape is judged here, once for both backends, so that they refuse the same keys
// (these are Mbed TLS's public-key checks: odd modulus of 128 to 8192 bits, odd e >= 3, e < n).
// Returns the modulus size in bits, 0 for a refused key.
std::size_t acceptable_bits(const rsa_public_key& key) {
  auto n = significant(key.n), e = significant(key.e);
  std::size_t bits = bit_length(n);
  if (bits < 128 || bits > 8192 || !(n.back() & 1) || !(e.back() & 1) || bit_length(e) < 2 || !less_than(e, n))
    return 0;
  return bits;
}
}  // namespace

void rsa_prepare(rsa_public_key& key) {
  key.prepared = acceptable_bits(key) ? backend::rsa_prepare(key) : nullptr;
}

bool rsa_verify(const rsa_public_key& key, hash_alg alg, std::span<const std::uint8_t> digest,
                std::span<const std::uint8_t> signature) {
  std::size_t bits = acceptable_bits(key);
  if (!bits) return false;
  if (digest.size() != digest_size(alg) || signature.size() != (bits + 7) / 8) return false;
  const rsa_prepared* prepared =
      key.prepared && backend::rsa_prepared_matches(*key.prepared, key) ? key.prepared.get() : nullptr;
  return backend::rsa_pkcs1_verify(key, prepared, alg, digest, signature);
}

struct rsa_private_key::impl {
  mbedtls_pk_context pk;
  impl() { mbedtls_pk_init(&pk); }
  ~impl() { mbedtls_pk_free(&pk); }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
};

rsa_private_key::rsa_private_key() : p_(std::make_unique<impl>()) {}
rsa_private_key::rsa_private_key(rsa_private_key&&) noexcept = default;
rsa_private_key& rsa_private_key::operator=(rsa_private_key&&) noexcept = default;
rsa_private_key::~rsa_private_key() = default;

std::size_t rsa_private_key::bits() const {
  if (!p_ || mbedtls_pk_get_type(&p_->pk) != MBEDTLS_PK_RSA) return 0;
  return mbedtls_pk_get_bitlen(&p_->pk);
}

bytes rsa_private_key::public_spki_der() const {
  if (!p_ || mbedtls_pk_get_type(&p_->pk) != MBEDTLS_PK_RSA) return {};
  bytes buf(2048 + 64);
  int len = mbedtls_pk_write_pubkey_der(&p_->pk, buf.data(), buf.size());
  if (len <= 0) return {};
  return bytes(buf.end() - len, buf.end());
}

std::string rsa_private_key::to_pkcs8_pem() const {
  if (!p_ || mbedtls_pk_get_type(&p_->pk) != MBEDTLS_PK_RSA) return {};
  bytes buf(8192);
  int len = mbedtls_pk_write_key_der(&p_->pk, buf.data(), buf.size());
  if (len <= 0) return {};
  std::span<const std::uint8_t> pkcs1(buf.data() + buf.size() - len, std::size_t(len));
  bytes inner;
  const std::uint8_t version[] = {0x02, 0x01, 0x00};
  inner.insert(inner.end(), std::begin(version), std::end(version));
  inner.insert(inner.end(), std::begin(rsa_alg_id), std::end(rsa_alg_id));
  der_tlv(inner, 0x04, pkcs1);
  bytes der;
  der_tlv(der, 0x30, inner);
  std::string pem = pem_encode("PRIVATE KEY", der);
  std::memset(buf.data(), 0, buf.size());
  std::memset(inner.data(), 0, inner.size());
  std::memset(der.data(), 0, der.size());
  return pem;
}

result<rsa_private_key> parse_rsa_private_key(std::string_view pem_or_der) {
  if (pem_or_der.empty()) return error{"crypto.key.syntax", "empty private key"};
  if (pem_or_der.find("ENCRYPTED") != std::string_view::npos)
    return error{"crypto.key.encrypted", "encrypted private keys are not supported; decrypt it first"};
  rsa_private_key key;
  std::string buf(pem_or_der);
  std::size_t len = buf.size();
  if (buf.find("-----BEGIN") != std::string::npos) len += 1;  // PEM input must count its NUL
  int rc = mbedtls_pk_parse_key(&key.get()->pk, reinterpret_cast<const unsigned char*>(buf.c_str()), len, nullptr, 0);
  std::memset(buf.data(), 0, buf.size());
  if (rc != 0) return error{"crypto.key.syntax", "not a PKCS#8 or PKCS#1 RSA private key"};
  if (mbedtls_pk_get_type(&key.get()->pk) != MBEDTLS_PK_RSA)
    return error{"crypto.key.not_rsa", "the private key is not an RSA key"};
  return key;
}

result<rsa_private_key> rsa_generate(unsigned bits, const random_fn& rng) {
  if (bits < 512 || bits > 4096) return error{"crypto.key.size", "RSA key size must be between 512 and 4096 bits"};
  rsa_private_key key;
  if (mbedtls_pk_setup(&key.get()->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0)
    return error{"crypto.key.internal", "could not set up an RSA context"};
  int rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(key.get()->pk), rng_callback, const_cast<random_fn*>(&rng), bits, 65537);
  if (rc != 0) return error{"crypto.key.generate", "RSA key generation failed (random source?)"};
  return key;
}

result<bytes> rsa_sign(const rsa_private_key& key, hash_alg alg, std::span<const std::uint8_t> digest,
                       const random_fn& rng) {
  if (!key.get() || mbedtls_pk_get_type(&key.get()->pk) != MBEDTLS_PK_RSA)
    return error{"crypto.key.not_rsa", "no RSA private key"};
  if (digest.size() != digest_size(alg)) return error{"crypto.rsa.digest", "digest size does not match the hash"};
  mbedtls_rsa_context* rsa = mbedtls_pk_rsa(key.get()->pk);
  bytes sig(mbedtls_rsa_get_len(rsa));
  int rc = mbedtls_rsa_pkcs1_sign(rsa, rng_callback, const_cast<random_fn*>(&rng), MBEDTLS_RSA_PRIVATE, md_of(alg),
                                  static_cast<unsigned>(digest.size()), digest.data(), sig.data());
  if (rc != 0) return error{"crypto.rsa.sign", "RSA signing failed"};
  return sig;
}

}  // namespace authlens::crypto
