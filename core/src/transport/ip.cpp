// The transport area's view of IP text: thin adapters over the one parser in authlens/ip.hpp
// (RFC 4291 §2.2 text forms, RFC 6890 special-purpose ranges).
#include <string_view>

#include "authlens/ip.hpp"
#include "authlens/transport.hpp"
#include "transport/ip.hpp"

namespace authlens::transport::detail {

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
