// The transport area's view of IP text: thin adapters over the shared helpers in authlens/ip.hpp
// (RFC 4291 §2.2 text forms, RFC 6890 special-purpose ranges).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "authlens/ip.hpp"
#include "authlens/transport.hpp"
#include "transport/ip.hpp"

namespace authlens::transport::detail {

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) {
  auto a = ip::parse_v4(s);
  if (!a) return std::nullopt;
  return std::array<std::uint8_t, 4>{a->bytes[0], a->bytes[1], a->bytes[2], a->bytes[3]};
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) {
  auto a = ip::parse_v6(s);
  if (!a) return std::nullopt;
  return a->bytes;
}

bool is_private(std::string_view s) {
  auto a = ip::parse_v4(s);
  if (!a) a = ip::parse_v6(s);
  if (!a) return false;
  return ip::is_private(ip::unmap_v4(*a));
}

}  // namespace authlens::transport::detail

namespace authlens::transport {

bool is_ip_literal(std::string_view s) { return ip::parse_v4(s).has_value() || ip::parse_v6(s).has_value(); }
bool is_private_ip(std::string_view s) { return detail::is_private(s); }

}  // namespace authlens::transport
