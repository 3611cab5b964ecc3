// Native DNS plumbing shared by the UDP/TCP and DoH resolvers: server addresses
// (`HOST[:PORT]` literals, /etc/resolv.conf), random query ids, and monotonic deadlines.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::cli::net {

/// A numeric socket address (IPv4 or IPv6) with a printable form for messages.
struct endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
  std::string text;  ///< "192.0.2.1:53", "[2001:db8::1]:53"
  int family() const { return addr.ss_family; }
};

/// Parses an IPv4 or IPv6 literal with an optional port: "192.0.2.1", "192.0.2.1:5353", "::1",
/// "[::1]:5353", "fe80::1%eth0". No name lookups. Port defaults to `default_port`.
result<endpoint> parse_endpoint(std::string_view s, std::uint16_t default_port = 53);

/// The `nameserver` lines of a resolv.conf text (unparsable ones skipped), port 53.
std::vector<endpoint> parse_resolv_conf(std::string_view text);

/// The servers of /etc/resolv.conf, or 127.0.0.1:53 when it names none (as the C library does).
std::vector<endpoint> system_servers();

/// Uniform random 16-bit value from the kernel's CSPRNG (getrandom), for query ids.
std::uint16_t random_u16();

using clock = std::chrono::steady_clock;

/// Milliseconds from now until `deadline` (0 when it has passed), clamped for poll().
int ms_until(clock::time_point deadline);

}  // namespace authlens::cli::net
