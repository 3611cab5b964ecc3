// IP address parsing and matching for SPF (RFC 7208 §5.6, §7.3; RFC 4291 §2.2 text forms).
#include <vector>

#include "authlens/strings.hpp"
#include "spf/internal.hpp"

namespace authlens::spf::detail {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
const char* hex = "0123456789abcdef";
}  // namespace

std::optional<ip_addr> parse_ip4(std::string_view s) {
  ip_addr out;
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 4) v = v * 10 + (s[i++] - '0');
    std::size_t len = i - start;
    if (len == 0 || len > 3 || v > 255 || (len > 1 && s[start] == '0')) return std::nullopt;
    out.b[static_cast<std::size_t>(part++)] = static_cast<std::uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<ip_addr> parse_ip6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  std::vector<std::uint16_t> head, tail;
  bool seen_gap = false;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    seen_gap = true;
    i = 2;
  } else if (s[0] == ':') {
    return std::nullopt;
  }
  bool v4tail = false;
  ip_addr v4;
  while (i < s.size()) {
    // One group: hex digits, or a dotted IPv4 tail.
    std::size_t start = i;
    while (i < s.size() && hex_val(s[i]) >= 0) ++i;
    if (i < s.size() && s[i] == '.') {
      auto p = parse_ip4(s.substr(start));
      if (!p) return std::nullopt;
      v4 = *p;
      v4tail = true;
      i = s.size();
      break;
    }
    std::size_t len = i - start;
    if (len == 0 || len > 4) return std::nullopt;
    std::uint16_t g = 0;
    for (std::size_t k = start; k < i; ++k) g = static_cast<std::uint16_t>(g * 16 + hex_val(s[k]));
    (seen_gap ? tail : head).push_back(g);
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (seen_gap) return std::nullopt;
      seen_gap = true;
      ++i;
    } else if (i == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  std::size_t groups = head.size() + tail.size() + (v4tail ? 2 : 0);
  if (seen_gap ? groups > 7 : groups != 8) return std::nullopt;
  std::vector<std::uint16_t> all = head;
  if (seen_gap) all.resize(8 - tail.size() - (v4tail ? 2 : 0), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  ip_addr out;
  out.v6 = true;
  for (std::size_t k = 0; k < all.size(); ++k) {
    out.b[2 * k] = static_cast<std::uint8_t>(all[k] >> 8);
    out.b[2 * k + 1] = static_cast<std::uint8_t>(all[k] & 0xff);
  }
  if (v4tail)
    for (int k = 0; k < 4; ++k) out.b[static_cast<std::size_t>(12 + k)] = v4.b[static_cast<std::size_t>(k)];
  return out;
}

std::optional<ip_addr> parse_client_ip(std::string_view s) {
  s = str::trim(s);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (str::istarts_with(s, "ipv6:")) s.remove_prefix(5);
  if (auto a = parse_ip4(s)) return a;
  auto a = parse_ip6(s);
  if (!a) return std::nullopt;
  bool mapped = true;
  for (int k = 0; k < 10; ++k) mapped = mapped && a->b[static_cast<std::size_t>(k)] == 0;
  mapped = mapped && a->b[10] == 0xff && a->b[11] == 0xff;
  if (mapped) {
    ip_addr v4;
    for (int k = 0; k < 4; ++k) v4.b[static_cast<std::size_t>(k)] = a->b[static_cast<std::size_t>(12 + k)];
    return v4;
  }
  return a;
}

std::optional<ip_addr> parse_any_ip(std::string_view s) {
  if (auto a = parse_ip4(s)) return a;
  return parse_ip6(s);
}

bool cidr_match(const ip_addr& a, const std::uint8_t* net, int bits) {
  int total = a.v6 ? 128 : 32;
  if (bits > total) bits = total;
  int full = bits / 8, rest = bits % 8;
  for (int k = 0; k < full; ++k)
    if (a.b[static_cast<std::size_t>(k)] != net[k]) return false;
  if (rest) {
    auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    if ((a.b[static_cast<std::size_t>(full)] & mask) != (net[full] & mask)) return false;
  }
  return true;
}

std::string to_text(const ip_addr& a) {
  if (!a.v6)
    return std::to_string(a.b[0]) + "." + std::to_string(a.b[1]) + "." + std::to_string(a.b[2]) + "." +
           std::to_string(a.b[3]);
  std::uint16_t g[8];
  for (int k = 0; k < 8; ++k)
    g[k] = static_cast<std::uint16_t>((a.b[static_cast<std::size_t>(2 * k)] << 8) | a.b[static_cast<std::size_t>(2 * k + 1)]);
  // Longest run of zero groups (length >= 2) becomes "::" (RFC 5952).
  int best = -1, best_len = 0;
  for (int k = 0; k < 8;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    int j = k;
    while (j < 8 && g[j] == 0) ++j;
    if (j - k > best_len) best = k, best_len = j - k;
    k = j;
  }
  if (best_len < 2) best = -1;
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    char buf[5];
    int n = 0;
    bool lead = true;
    for (int sh = 12; sh >= 0; sh -= 4) {
      int d = (g[k] >> sh) & 0xf;
      if (d == 0 && lead && sh != 0) continue;
      lead = false;
      buf[n++] = hex[d];
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::string to_dotted_nibbles(const ip_addr& a) {
  if (!a.v6) return to_text(a);
  std::string out;
  for (int k = 0; k < 16; ++k) {
    if (k) out += '.';
    out += hex[a.b[static_cast<std::size_t>(k)] >> 4];
    out += '.';
    out += hex[a.b[static_cast<std::size_t>(k)] & 0xf];
  }
  return out;
}

std::string reverse_name(const ip_addr& a) {
  std::string out;
  if (!a.v6) {
    for (int k = 3; k >= 0; --k) out += std::to_string(a.b[static_cast<std::size_t>(k)]) + ".";
    return out + "in-addr.arpa";
  }
  for (int k = 15; k >= 0; --k) {
    out += hex[a.b[static_cast<std::size_t>(k)] & 0xf];
    out += '.';
    out += hex[a.b[static_cast<std::size_t>(k)] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

bool valid_check_domain(std::string_view d) {
  if (!d.empty() && d.back() == '.') d.remove_suffix(1);
  if (d.empty() || d.size() > 253) return false;
  if (d.front() == '[') return false;
  int labels = 0;
  for (auto label : str::split(d, '.')) {
    if (label.empty() || label.size() > 63) return false;
    ++labels;
  }
  return labels >= 2;
}

std::string truncate_domain(std::string s) {
  while (s.size() > 253) {
    auto dot = s.find('.');
    if (dot == std::string::npos) return s.substr(s.size() - 253);
    s.erase(0, dot + 1);
  }
  return s;
}

std::string answer_name(std::string_view s) {
  s = str::trim(s);
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return str::lower(s);
}

}  // namespace authlens::spf::detail
