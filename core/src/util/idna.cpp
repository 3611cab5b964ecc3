// util/idna.cpp — RFC 3492 punycode (§6.2 decoding, §6.3 encoding), UTF-8 code points and the
// Unicode display form of domain names (authlens/idna.hpp). Nothing here validates IDNA2008 labels.
#include "authlens/idna.hpp"

#include <cstdint>
#include <optional>

#include "authlens/strings.hpp"

namespace authlens::idna {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

/// Decodes the code point at s[i] and moves i past it; nullopt (i moved one byte) on a malformed
/// sequence: a bad lead or continuation byte, truncation, an overlong form, a surrogate, > U+10FFFF.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return std::nullopt;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr char32_t min_for[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return std::nullopt;
  }
  i += len;
  return cp;
}

}  // namespace

std::u32string utf8_decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out += next_code_point(s, i).value_or(U'\uFFFD');
  return out;
}

bool utf8_decode_strict(std::string_view s, std::u32string& out) {
  for (std::size_t i = 0; i < s.size();) {
    auto cp = next_code_point(s, i);
    if (!cp) return false;
    out += *cp;
  }
  return true;
}

namespace {

// RFC 3492 §5 parameter values for Punycode.
constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700, initial_bias = 72,
                        initial_n = 0x80;
constexpr std::uint32_t maxint = 0xFFFFFFFFu;

std::uint32_t adapt(std::uint32_t delta, std::uint32_t numpoints, bool first) {
  delta = first ? delta / damp : delta / 2;
  delta += delta / numpoints;
  std::uint32_t k = 0;
  while (delta > ((base - tmin) * tmax) / 2) {
    delta /= base - tmin;
    k += base;
  }
  return k + (base - tmin + 1) * delta / (delta + skew);
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0' + 26;
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  return -1;
}

}  // namespace

result<std::u32string> punycode_decode(std::string_view in) {
  std::u32string out;
  std::uint32_t n = initial_n, i = 0, bias = initial_bias;
  std::size_t b = in.rfind('-');
  if (b == std::string_view::npos) b = 0;
  for (std::size_t j = 0; j < b; ++j) {
    auto c = static_cast<unsigned char>(in[j]);
    if (c >= 0x80) return error{"punycode.syntax", "a non-basic code point before the delimiter"};
    out += static_cast<char32_t>(c);
  }
  for (std::size_t pos = b > 0 ? b + 1 : 0; pos < in.size();) {
    std::uint32_t oldi = i, w = 1;
    for (std::uint32_t k = base;; k += base) {
      if (pos >= in.size()) return error{"punycode.syntax", "the input ends inside a variable-length integer"};
      int d = digit_value(in[pos++]);
      if (d < 0) return error{"punycode.syntax", "a character that is not a punycode digit"};
      auto digit = static_cast<std::uint32_t>(d);
      if (digit > (maxint - i) / w) return error{"punycode.overflow", "the value overflows"};
      i += digit * w;
      std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
      if (digit < t) break;
      if (w > maxint / (base - t)) return error{"punycode.overflow", "the value overflows"};
      w *= base - t;
    }
    auto len = static_cast<std::uint32_t>(out.size() + 1);
    bias = adapt(i - oldi, len, oldi == 0);
    if (i / len > maxint - n) return error{"punycode.overflow", "the value overflows"};
    n += i / len;
    i %= len;
    if (n < 0x80 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
      return error{"punycode.range", "a decoded code point is not a valid non-basic character"};
    if (out.size() >= 63) return error{"punycode.overflow", "the label is too long"};
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return out;
}

namespace {

char encode_digit(std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

}  // namespace

result<std::string> punycode_encode(std::u32string_view in) {
  std::string out;
  for (char32_t c : in)
    if (c < 0x80) out += str::ascii_lower(static_cast<char>(c));
  std::uint32_t h = static_cast<std::uint32_t>(out.size()), b = h;
  if (b > 0) out += '-';
  std::uint32_t n = initial_n, delta = 0, bias = initial_bias;
  const auto total = static_cast<std::uint32_t>(in.size());
  while (h < total) {
    std::uint32_t m = 0x110000;
    for (char32_t c : in)
      if (c >= n && c < m) m = c;
    // Overflow cannot happen for labels short enough to be DNS labels; the length check below
    // stops anything long long before the arithmetic could wrap.
    if (out.size() > 63) return error{"punycode.too_long", "label longer than 63 octets once encoded"};
    delta += (m - n) * (h + 1);
    n = m;
    for (char32_t c : in) {
      if (c < n) ++delta;
      if (c == n) {
        std::uint32_t q = delta;
        for (std::uint32_t k = base;; k += base) {
          std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
          if (q < t) break;
          out += encode_digit(t + (q - t) % (base - t));
          q = (q - t) / (base - t);
        }
        out += encode_digit(q);
        bias = adapt(delta, h + 1, h == b);
        delta = 0;
        ++h;
      }
    }
    ++delta;
    ++n;
  }
  return out;
}

std::string domain_to_unicode(std::string_view domain) {
  std::string out;
  for (auto label : str::split(domain, '.')) {
    std::string piece(label);
    if (str::istarts_with(label, "xn--")) {
      auto d = punycode_decode(label.substr(4));
      if (d) {
        piece.clear();
        for (char32_t cp : *d) append_utf8(piece, cp);
      }
    }
    out += piece;
    out += '.';
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace authlens::idna
