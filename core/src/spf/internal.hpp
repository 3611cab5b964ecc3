// Internal helpers of the SPF area: client IPs and CIDR matching (over authlens/ip.hpp), domain checks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "authlens/ip.hpp"

namespace authlens::spf::detail {

/// Client IP: IPv4 or IPv6, also "[…]" and "IPv6:" literals; an IPv4-mapped IPv6 address becomes IPv4.
std::optional<ip::address> parse_client_ip(std::string_view s);
/// The first `bits` bits of `a` equal those of the network bytes `net` (4 or 16 bytes, `a`'s family);
/// `bits` beyond the family's width means the whole address.
bool cidr_match(const ip::address& a, const std::uint8_t* net, int bits);
std::string to_dotted_nibbles(const ip::address& a);  ///< %{i}: dotted quad / 32 dotted nibbles

/// RFC 7208 §4.3: a domain that can be checked (labels 1..63, at least two labels, no literal).
bool valid_check_domain(std::string_view d);
/// Truncates a name longer than 253 characters by dropping labels from the left (§7.3).
std::string truncate_domain(std::string s);
/// A name in a DNS answer ("mx.example.com.") without its trailing dot, lower-cased.
std::string answer_name(std::string_view s);

}  // namespace authlens::spf::detail
