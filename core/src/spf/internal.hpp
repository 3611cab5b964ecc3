// Internal helpers of the SPF area: IP addresses, CIDR matching, domain checks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::spf::detail {

struct ip_addr {
  bool v6 = false;
  std::array<std::uint8_t, 16> b{};  ///< IPv4 uses the first 4 bytes
};

/// Strict RFC 7208 ip4-network (no leading zeros, each part 0..255).
std::optional<ip_addr> parse_ip4(std::string_view s);
/// RFC 4291 text form (with "::" and an optional dotted IPv4 tail).
std::optional<ip_addr> parse_ip6(std::string_view s);
/// Client IP: IPv4 or IPv6; an IPv4-mapped IPv6 address becomes IPv4.
std::optional<ip_addr> parse_client_ip(std::string_view s);
/// Presentation answer record ("192.0.2.1", "2001:db8::1") as an address; nullopt if neither.
std::optional<ip_addr> parse_any_ip(std::string_view s);

bool cidr_match(const ip_addr& a, const std::uint8_t* net, int bits);
std::string to_text(const ip_addr& a);        ///< 192.0.2.1 / 2001:db8::1
std::string to_dotted_nibbles(const ip_addr& a);  ///< %{i}: dotted quad / 32 dotted nibbles
std::string reverse_name(const ip_addr& a);   ///< d.c.b.a.in-addr.arpa / nibbles.ip6.arpa

/// RFC 7208 §4.3: a domain that can be checked (labels 1..63, at least two labels, no literal).
bool valid_check_domain(std::string_view d);
/// Truncates a name longer than 253 characters by dropping labels from the left (§7.3).
std::string truncate_domain(std::string s);
/// A name in a DNS answer ("mx.example.com.") without its trailing dot, lower-cased.
std::string answer_name(std::string_view s);

}  // namespace authlens::spf::detail
