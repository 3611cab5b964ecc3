// SPF's view of IP addresses (RFC 7208 §5.6, §7.3) over the one parser in authlens/ip.hpp, and
// the domain checks of §4.3.
#include <algorithm>

#include "authlens/strings.hpp"
#include "spf/internal.hpp"

namespace authlens::spf::detail {

namespace {
const char* hex = "0123456789abcdef";
}  // namespace

std::optional<ip::address> parse_client_ip(std::string_view s) {
  s = str::trim(s);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (str::istarts_with(s, "ipv6:")) s.remove_prefix(5);
  if (auto a = ip::parse_v4(s)) return a;
  auto a = ip::parse_v6(s);
  if (!a) return std::nullopt;
  return ip::unmap_v4(*a);
}

bool cidr_match(const ip::address& a, const std::uint8_t* net, int bits) {
  ip::address network;
  network.v6 = a.v6;
  std::copy(net, net + (a.v6 ? 16 : 4), network.bytes.begin());
  return ip::in_network(a, network, std::min(bits, a.v6 ? 128 : 32));
}

std::string to_dotted_nibbles(const ip::address& a) {
  if (!a.v6) return ip::to_string(a);
  std::string out;
  for (int k = 0; k < 16; ++k) {
    if (k) out += '.';
    out += hex[a.bytes[static_cast<std::size_t>(k)] >> 4];
    out += '.';
    out += hex[a.bytes[static_cast<std::size_t>(k)] & 0xf];
  }
  return out;
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
