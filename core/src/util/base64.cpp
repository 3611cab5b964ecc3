// RFC 4648 §4/§5 base64: see authlens/base64.hpp for which reader each caller gets.
#include "authlens/base64.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace authlens::base64 {

namespace {

constexpr char k_standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char k_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Tables, not chains of comparisons: sizing every base64 part of a message runs this per byte
// (≈7% of a full analysis in tests/bench/analyze before the table). -1: outside the alphabet.
constexpr std::array<signed char, 256> make_table(bool url_too) {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(k_standard[i])] = static_cast<signed char>(i);
  if (url_too) {
    t[static_cast<unsigned char>('-')] = 62;
    t[static_cast<unsigned char>('_')] = 63;
  }
  return t;
}
constexpr std::array<signed char, 256> k_values = make_table(false);
constexpr std::array<signed char, 256> k_values_url_too = make_table(true);

std::string encode_with(std::span<const std::uint8_t> data, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = (std::uint32_t(data[i]) << 16) | (std::uint32_t(data[i + 1]) << 8) | data[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest == 0) return out;
  std::uint32_t v = std::uint32_t(data[i]) << 16;
  if (rest == 2) v |= std::uint32_t(data[i + 1]) << 8;
  out += alphabet[(v >> 18) & 63];
  out += alphabet[(v >> 12) & 63];
  if (rest == 2) out += alphabet[(v >> 6) & 63];
  if (pad) out.append(3 - rest, '=');
  return out;
}

}  // namespace

std::string encode(std::span<const std::uint8_t> data) { return encode_with(data, k_standard, true); }
std::string encode(std::string_view data) {
  return encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}
std::string encode_url(std::span<const std::uint8_t> data) { return encode_with(data, k_url, false); }

result<std::vector<std::uint8_t>> decode(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int n = 0;        // sextets in the current quantum
  int padding = 0;  // '=' seen
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      if (padding > 2 || n < 2) return error{"base64.padding", "misplaced '=' at offset " + std::to_string(i)};
      continue;
    }
    int v = k_values[static_cast<unsigned char>(c)];
    if (v < 0) return error{"base64.syntax", "character outside the base64 alphabet at offset " + std::to_string(i)};
    if (padding) return error{"base64.padding", "data after '=' padding at offset " + std::to_string(i)};
    acc = (acc << 6) | std::uint32_t(v);
    if (++n == 4) {
      out.push_back(std::uint8_t(acc >> 16));
      out.push_back(std::uint8_t(acc >> 8));
      out.push_back(std::uint8_t(acc));
      acc = 0;
      n = 0;
    }
  }
  if (n == 1) return error{"base64.length", "base64 text ends with a lone character"};
  if (n == 2) {
    if (padding != 0 && padding != 2) return error{"base64.padding", "wrong amount of '=' padding"};
    out.push_back(std::uint8_t(acc >> 4));
  } else if (n == 3) {
    if (padding != 0 && padding != 1) return error{"base64.padding", "wrong amount of '=' padding"};
    out.push_back(std::uint8_t(acc >> 10));
    out.push_back(std::uint8_t(acc >> 2));
  } else if (padding) {
    return error{"base64.padding", "'=' padding after a complete quantum"};
  }
  return out;
}

std::string decode_lenient(std::string_view text, lenient_options opt) {
  const auto& values = opt.url_alphabet_too ? k_values_url_too : k_values;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=') break;
    int v = values[static_cast<unsigned char>(ch)];
    if (v < 0) continue;
    acc = (acc << 6) | std::uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// GCC's -O2 cost model does not vectorise the counting loop below; its dynamic model does (≈ 3.2 GB/s
// against ≈ 1.2 GB/s for a table lookup per byte on this machine). Clang vectorises it at -O2.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("vect-cost-model=dynamic")))
#endif
std::size_t decoded_size_lenient(std::string_view text) {
  // Find the padding with memchr, then count alphabet bytes (A-Z a-z 0-9 + /, as k_values) with
  // comparisons the compiler turns into vector code: this runs over every base64 attachment of every
  // message (8 % of `dkim verify` over a folder, issue 16). Blocks of 255 × 16 bytes keep the counter narrow.
  if (const void* eq = std::memchr(text.data(), '=', text.size()))
    text = text.substr(0, std::size_t(static_cast<const char*>(eq) - text.data()));
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = 0, i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.size(), i + 255 * 16);
    std::uint32_t block = 0;
    for (; i < end; ++i) {
      const unsigned char c = p[i];
      block += static_cast<unsigned char>((c | 0x20) - 'a') < 26u;  // A-Z, a-z
      block += static_cast<unsigned char>(c - '0') < 10u;
      block += c == '+';
      block += c == '/';
    }
    n += block;
  }
  return n * 3 / 4;
}

}  // namespace authlens::base64
