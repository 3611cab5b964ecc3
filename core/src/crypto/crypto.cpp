// Hashes, base64 and helpers (FIPS 180-4 through Mbed TLS, RFC 4648 written here).
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>

#include <cstring>

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

namespace {
constexpr char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

result<bytes> base64_decode(std::string_view text) {
  bytes out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int n = 0;        // sextets in the current quantum
  int padding = 0;  // '=' seen
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      if (padding > 2 || n < 2) return error{"crypto.base64.padding", "misplaced '=' at offset " + std::to_string(i)};
      continue;
    }
    int v = b64_value(c);
    if (v < 0) return error{"crypto.base64.syntax", "character outside the base64 alphabet at offset " + std::to_string(i)};
    if (padding) return error{"crypto.base64.padding", "data after '=' padding at offset " + std::to_string(i)};
    acc = (acc << 6) | std::uint32_t(v);
    if (++n == 4) {
      out.push_back(std::uint8_t(acc >> 16));
      out.push_back(std::uint8_t(acc >> 8));
      out.push_back(std::uint8_t(acc));
      acc = 0;
      n = 0;
    }
  }
  if (n == 1) return error{"crypto.base64.length", "base64 text ends with a lone character"};
  if (n == 2) {
    if (padding != 0 && padding != 2) return error{"crypto.base64.padding", "wrong amount of '=' padding"};
    out.push_back(std::uint8_t(acc >> 4));
  } else if (n == 3) {
    if (padding != 0 && padding != 1) return error{"crypto.base64.padding", "wrong amount of '=' padding"};
    out.push_back(std::uint8_t(acc >> 10));
    out.push_back(std::uint8_t(acc >> 2));
  } else if (padding) {
    return error{"crypto.base64.padding", "'=' padding after a complete quantum"};
  }
  return out;
}

std::string base64_encode(std::span<const std::uint8_t> data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = (std::uint32_t(data[i]) << 16) | (std::uint32_t(data[i + 1]) << 8) | data[i + 2];
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
    out += b64_alphabet[v & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest == 1) {
    std::uint32_t v = std::uint32_t(data[i]) << 16;
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    std::uint32_t v = (std::uint32_t(data[i]) << 16) | (std::uint32_t(data[i + 1]) << 8);
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}
std::string base64_encode(std::string_view data) {
  return base64_encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

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
  std::string b64 = base64_encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out += '\n';
  }
  out += "-----END " + std::string(label) + "-----\n";
  return out;
}

}  // namespace authlens::crypto
