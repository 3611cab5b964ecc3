// Internal helpers of the dns area shared by the wire codec, the zone reader and the snapshot
// (not part of the public API). RFC 1035 §3.1/§5.1 (names), RFC 4291 §2.2 and RFC 5952 (IPv6 text).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authlens::dns::detail {

/// Longest CNAME chain followed inside a reply or a zone; a longer one is treated like a loop.
inline constexpr int k_max_cname_chain = 8;

/// "192.0.2.1" from four bytes.
std::string format_ipv4(const std::uint8_t* b);
/// RFC 5952 canonical text from sixteen bytes ("2001:db8::1", "::ffff:192.0.2.1").
std::string format_ipv6(const std::uint8_t* b);
/// Dotted quad, exactly four decimal parts 0..255, no leading zeros beyond a single "0".
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s);
/// RFC 4291 §2.2 text forms (full, "::" compressed, trailing dotted quad).
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s);

/// Appends one label to a presentation-form name, escaping per RFC 1035 §5.1
/// ('.', '\\' and bytes outside 0x21..0x7E as \DDD or \c), lower-casing ASCII letters.
void append_label(std::string& out, std::string_view label);

}  // namespace authlens::dns::detail
