// IPv4 / IPv6 text parsing (RFC 4291 §2.2 text forms, RFC 5952) and "is this address private" tests
// (RFC 1918, RFC 6598, RFC 3927, RFC 4193, RFC 4291 §2.5.6, RFC 6890 special-purpose registries).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "authlens/transport.hpp"
#include "transport/ip.hpp"

namespace authlens::transport::detail {

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) {
  std::array<std::uint8_t, 4> out{};
  std::size_t part = 0, i = 0;
  while (part < 4) {
    std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + unsigned(s[i++] - '0');
    if (i == start || v > 255) return std::nullopt;
    if (i - start > 1 && s[start] == '0') return std::nullopt;  // no leading zeros (ambiguous octal)
    out[part++] = static_cast<std::uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) {
  std::array<std::uint16_t, 8> g{};
  int n = 0, gap = -1;
  std::size_t i = 0;
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  if (s[0] == ':') {
    if (s[1] != ':') return std::nullopt;
    gap = 0;
    i = 2;
    if (i == s.size()) return std::array<std::uint8_t, 16>{};
  }
  while (i < s.size()) {
    if (n >= 8) return std::nullopt;
    std::size_t start = i;
    unsigned v = 0;
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    while (i < s.size() && hex(s[i]) >= 0 && i - start < 4) v = v * 16 + unsigned(hex(s[i++]));
    if (i < s.size() && s[i] == '.') {  // embedded IPv4 in the last 32 bits
      if (n > 6) return std::nullopt;
      auto v4 = parse_ipv4(s.substr(start));
      if (!v4) return std::nullopt;
      g[n++] = std::uint16_t((*v4)[0] << 8 | (*v4)[1]);
      g[n++] = std::uint16_t((*v4)[2] << 8 | (*v4)[3]);
      i = s.size();
      break;
    }
    if (i == start) return std::nullopt;
    g[n++] = static_cast<std::uint16_t>(v);
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) return std::nullopt;
      gap = n;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  std::array<std::uint16_t, 8> full{};
  if (gap >= 0) {
    if (n > 7) return std::nullopt;
    int tail = n - gap;
    for (int k = 0; k < gap; ++k) full[k] = g[k];
    for (int k = 0; k < tail; ++k) full[8 - tail + k] = g[gap + k];
  } else {
    if (n != 8) return std::nullopt;
    full = g;
  }
  std::array<std::uint8_t, 16> out{};
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = std::uint8_t(full[k] >> 8);
    out[2 * k + 1] = std::uint8_t(full[k] & 0xff);
  }
  return out;
}

namespace {
bool private_v4(const std::array<std::uint8_t, 4>& a) {
  if (a[0] == 0 || a[0] == 10 || a[0] == 127) return true;              // this-network, RFC 1918, loopback
  if (a[0] == 100 && (a[1] & 0xc0) == 64) return true;                   // 100.64/10 CGNAT (RFC 6598)
  if (a[0] == 169 && a[1] == 254) return true;                           // link-local (RFC 3927)
  if (a[0] == 172 && (a[1] & 0xf0) == 16) return true;                   // 172.16/12
  if (a[0] == 192 && a[1] == 168) return true;                           // 192.168/16
  if (a[0] == 192 && a[1] == 0 && a[2] == 0) return true;                // 192.0.0/24 IETF protocol assignments
  if (a[0] == 198 && (a[1] & 0xfe) == 18) return true;                   // 198.18/15 benchmarking
  if (a[0] >= 224) return true;                                          // multicast, reserved, broadcast
  return false;
}
}  // namespace

bool is_private(std::string_view s) {
  if (auto v4 = parse_ipv4(s)) return private_v4(*v4);
  auto v6 = parse_ipv6(s);
  if (!v6) return false;
  const auto& b = *v6;
  bool zero10 = true;
  for (int k = 0; k < 10; ++k) zero10 = zero10 && b[k] == 0;
  if (zero10 && b[10] == 0xff && b[11] == 0xff) return private_v4({b[12], b[13], b[14], b[15]});  // ::ffff:a.b.c.d
  bool zero15 = zero10 && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0;
  if (zero15 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
  if (b[0] == 0xff) return true;                           // multicast
  return false;
}

}  // namespace authlens::transport::detail

namespace authlens::transport {

bool is_ip_literal(std::string_view s) { return detail::parse_ipv4(s) || detail::parse_ipv6(s); }
bool is_private_ip(std::string_view s) { return detail::is_private(s); }

}  // namespace authlens::transport
