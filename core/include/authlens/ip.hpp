// authlens/ip.hpp — IP addresses as every area needs them: text ↔ bytes (RFC 791 dotted quad,
// RFC 4291 §2.2 IPv6 text, RFC 5952 canonical output), reverse names (RFC 1035 §3.5
// in-addr.arpa, RFC 3596 §2.5 ip6.arpa), CIDR matching, and the special-purpose ranges
// (RFC 6890) that tell a private hop from a public one. The one IP parser and formatter of the
// project: SPF, DNS (wire, zone, snapshot), transport and aggregate all use these.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authlens::ip {

struct address {
  bool v6 = false;
  /// IPv4 in the first 4 bytes (rest zero); IPv6 in all 16.
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const address&, const address&) = default;
};

[[nodiscard]] std::optional<address> parse_v4(std::string_view s);  ///< strict dotted quad, no leading zeros
[[nodiscard]] std::optional<address> parse_v6(std::string_view s);  ///< RFC 4291 text, `::`, trailing dotted quad
/// Either family; also accepts "[...]" and an "IPv6:" prefix (RFC 5321 address literals).
[[nodiscard]] std::optional<address> parse(std::string_view s);

/// An address from its wire bytes: 4 (an A record's RDATA) or 16 (AAAA); nullopt for other sizes.
[[nodiscard]] std::optional<address> from_bytes(std::span<const std::uint8_t> b);

/// Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run of two or more groups
/// as "::", the first on a tie; §5: an IPv4-mapped address keeps its dotted quad, "::ffff:192.0.2.1").
std::string to_string(const address& a);
/// "1.2.0.192.in-addr.arpa" / 32 nibbles + "ip6.arpa" (no trailing dot).
std::string reverse_name(const address& a);
/// ::ffff:a.b.c.d → the IPv4 address (RFC 4291 §2.5.5.2); other addresses unchanged.
address unmap_v4(const address& a);
/// True when the first `bits` bits equal (families must match; bits beyond the width never match).
bool in_network(const address& a, const address& network, int bits);
/// Loopback, private (RFC 1918, fc00::/7), link-local, CGNAT (100.64/10), unspecified, documentation
/// ranges excluded: what cannot be the public address of a sending MTA.
bool is_private(const address& a);

}  // namespace authlens::ip
