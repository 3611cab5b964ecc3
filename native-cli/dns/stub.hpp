// The native stub resolver: DNS over UDP with fallback to TCP on truncation (RFC 1035 §4.2,
// RFC 7766), every question of a round in flight at once.
//
// One non-blocking socket per query (so source ports differ, RFC 5452), all driven by one poll()
// loop. Each query gets a random id from the kernel CSPRNG, `tries` attempts of `timeout_ms` each
// (attempt k goes to server k mod n); a reply counts only when its id, QR bit, opcode and question
// (name, type, class IN) match — anything else is ignored and the query keeps waiting. A reply with
// TC set is asked again over TCP to the same server. No answer in time → TIMEOUT; a reply that
// matches but does not parse (or TCP misbehaving: TC over TCP, early close, oversize) → SERVFAIL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "authlens/dns.hpp"
#include "dns/endpoint.hpp"

namespace authlens::cli::net {

struct stub_options {
  std::vector<endpoint> servers;   ///< tried in order, one per attempt
  int timeout_ms = 2000;           ///< per attempt (UDP, and again for its TCP fallback)
  int tries = 2;                   ///< attempts per question
  std::size_t max_in_flight = 256; ///< sockets open at once (further questions wait their turn)
  std::size_t max_reply = 65535;   ///< larger replies are refused (SERVFAIL)
  std::uint16_t udp_size = 1232;   ///< EDNS0 payload size advertised (RFC 6891, DNS Flag Day 2020)
};

/// Answers every question (one answer each, in the order given).
std::vector<dns::answer> stub_resolve(std::span<const dns::question> questions, const stub_options& opt);

}  // namespace authlens::cli::net
