// authlens/iprev.hpp — iprev (RFC 8601 §3, §2.7.3): forward-confirmed reverse DNS of the client
// IP, part of the transport area. Sans-I/O: reads DNS through a dns::lookup_context.
#pragma once

#include <string>
#include <vector>

#include "authlens/dns.hpp"

namespace authlens::transport {

struct iprev_result {
  bool done = false;         ///< false while DNS answers are still missing
  std::string ip;            ///< the address checked, canonical text
  std::string result;        ///< RFC 8601: pass fail temperror permerror none
  std::string reason;        ///< stable code: iprev.confirmed, iprev.no_ptr, iprev.not_confirmed, …
  std::string detail;        ///< sentence for people
  std::vector<std::string> ptr_names;  ///< names the PTR lookup returned (at most 10 checked)
  std::string confirmed_name;          ///< the PTR name whose A/AAAA included the IP
};

/// PTR of the IP, then A (IPv4) or AAAA (IPv6) of every name returned, all asked in one round.
[[nodiscard]] iprev_result check_iprev(dns::lookup_context& dns, std::string_view ip_text);

}  // namespace authlens::transport
