#include "authlens/ip.hpp"

#include <cstdio>
#include <span>

namespace authlens::ip {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Dotted quad into out[0..3]; strict: four decimal parts 0–255, no leading zeros (they mean octal
// to some parsers, so accepting them would make two tools disagree on the same text).
bool parse_quad(std::string_view s, std::uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    std::size_t start = i;
    unsigned value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) value = value * 10 + unsigned(s[i++] - '0');
    std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    out[part++] = static_cast<std::uint8_t>(value);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

}  // namespace

std::optional<address> parse_v4(std::string_view s) {
  address a;
  if (!parse_quad(s, a.bytes.data())) return std::nullopt;
  return a;
}

std::optional<address> parse_v6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  std::array<std::uint16_t, 8> groups{};
  int count = 0, gap = -1;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
    if (i == s.size()) {
      address a;
      a.v6 = true;
      return a;
    }
  } else if (s[0] == ':') {
    return std::nullopt;
  }
  while (i < s.size()) {
    if (count >= 8) return std::nullopt;
    // A trailing dotted quad fills two groups.
    std::size_t end = s.find(':', i);
    std::string_view piece = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (end == std::string_view::npos && piece.find('.') != std::string_view::npos) {
      std::uint8_t q[4];
      if (count > 6 || !parse_quad(piece, q)) return std::nullopt;
      groups[count++] = std::uint16_t(q[0] << 8 | q[1]);
      groups[count++] = std::uint16_t(q[2] << 8 | q[3]);
      i = s.size();
      break;
    }
    if (piece.empty() || piece.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char c : piece) {
      int d = hex_digit(c);
      if (d < 0) return std::nullopt;
      v = v << 4 | unsigned(d);
    }
    groups[count++] = std::uint16_t(v);
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) return std::nullopt;  // only one "::"
      gap = count;
      ++i;
    } else if (i == s.size()) {
      return std::nullopt;  // trailing single colon
    }
  }
  address a;
  a.v6 = true;
  if (gap < 0) {
    if (count != 8) return std::nullopt;
  } else {
    if (count > 7) return std::nullopt;
    int tail = count - gap;
    for (int k = 0; k < tail; ++k) groups[7 - k] = groups[count - 1 - k];
    for (int k = gap; k < 8 - tail; ++k) groups[k] = 0;
  }
  for (int k = 0; k < 8; ++k) {
    a.bytes[2 * k] = std::uint8_t(groups[k] >> 8);
    a.bytes[2 * k + 1] = std::uint8_t(groups[k] & 0xff);
  }
  return a;
}

std::optional<address> parse(std::string_view s) {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (s.size() > 5 && (s.substr(0, 5) == "IPv6:" || s.substr(0, 5) == "ipv6:")) return parse_v6(s.substr(5));
  if (s.find(':') != std::string_view::npos) return parse_v6(s);
  return parse_v4(s);
}

std::optional<address> from_bytes(std::span<const std::uint8_t> b) {
  if (b.size() != 4 && b.size() != 16) return std::nullopt;
  address a;
  a.v6 = b.size() == 16;
  for (std::size_t k = 0; k < b.size(); ++k) a.bytes[k] = b[k];
  return a;
}

std::string to_string(const address& a) {
  char buf[64];
  if (!a.v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]);
    return buf;
  }
  if (address v4 = unmap_v4(a); !v4.v6) return "::ffff:" + to_string(v4);
  std::array<unsigned, 8> g{};
  for (int k = 0; k < 8; ++k) g[k] = unsigned(a.bytes[2 * k]) << 8 | a.bytes[2 * k + 1];
  // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (the first on a tie).
  int best = -1, best_len = 0;
  for (int k = 0; k < 8;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    int start = k;
    while (k < 8 && g[k] == 0) ++k;
    if (k - start > best_len && k - start >= 2) {
      best = start;
      best_len = k - start;
    }
  }
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[k]);
    out += buf;
  }
  return out;
}

std::string reverse_name(const address& a) {
  std::string out;
  char buf[8];
  if (!a.v6) {
    for (int k = 3; k >= 0; --k) {
      std::snprintf(buf, sizeof buf, "%u.", a.bytes[k]);
      out += buf;
    }
    return out + "in-addr.arpa";
  }
  static constexpr char hex[] = "0123456789abcdef";
  for (int k = 15; k >= 0; --k) {
    out += hex[a.bytes[k] & 0xf];
    out += '.';
    out += hex[a.bytes[k] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

address unmap_v4(const address& a) {
  if (!a.v6) return a;
  for (int k = 0; k < 10; ++k)
    if (a.bytes[k] != 0) return a;
  if (a.bytes[10] != 0xff || a.bytes[11] != 0xff) return a;
  address v4;
  for (int k = 0; k < 4; ++k) v4.bytes[k] = a.bytes[12 + k];
  return v4;
}

bool in_network(const address& a, const address& network, int bits) {
  if (a.v6 != network.v6 || bits < 0 || bits > (a.v6 ? 128 : 32)) return false;
  int full = bits / 8, rest = bits % 8;
  for (int k = 0; k < full; ++k)
    if (a.bytes[k] != network.bytes[k]) return false;
  if (rest == 0) return true;
  std::uint8_t mask = std::uint8_t(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (network.bytes[full] & mask);
}

bool is_private(const address& in) {
  address a = unmap_v4(in);
  struct range {
    const char* net;
    int bits;
  };
  static constexpr range v4[] = {{"0.0.0.0", 8},     {"10.0.0.0", 8},     {"100.64.0.0", 10}, {"127.0.0.0", 8},
                                 {"169.254.0.0", 16}, {"172.16.0.0", 12}, {"192.168.0.0", 16}};
  static constexpr range v6[] = {{"::", 127}, {"fc00::", 7}, {"fe80::", 10}};
  for (const auto& r : a.v6 ? std::span<const range>(v6) : std::span<const range>(v4))
    if (auto n = parse(r.net); n && in_network(a, *n, r.bits)) return true;
  return false;
}

}  // namespace authlens::ip
