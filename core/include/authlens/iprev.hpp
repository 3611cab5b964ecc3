// authlens/iprev.hpp — iprev (RFC 8601 §3, §2.7.3): forward-confirmed reverse DNS of the client
// IP, part of the transport area. Sans-I/O: reads DNS through a dns::lookup_context.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"

namespace authlens::transport {

/// RFC 8601 §2.7.3 iprev results.
enum class iprev_verdict {
  none,       ///< not judged (yet)
  pass,       ///< a PTR name resolves back to the IP
  fail,       ///< no PTR name resolves back to it
  temperror,  ///< a PTR or forward lookup failed (SERVFAIL, timeout)
  permerror,  ///< no PTR record, or not an IP address
};
std::string_view to_string(iprev_verdict v);  ///< "none", "pass", …

/// Why the result is what it is; to_string gives the stable code ("iprev.confirmed", …).
enum class iprev_reason {
  pending,        ///< "iprev.pending": DNS answers are still missing
  confirmed,      ///< "iprev.confirmed"
  not_confirmed,  ///< "iprev.not_confirmed"
  no_ptr,         ///< "iprev.no_ptr"
  dns_error,      ///< "iprev.dns_error"
  bad_address,    ///< "iprev.bad_address"
};
std::string_view to_string(iprev_reason r);

struct iprev_result {
  bool done = false;         ///< false while DNS answers are still missing
  std::string ip;            ///< the address checked, canonical text
  iprev_verdict result = iprev_verdict::none;
  iprev_reason reason = iprev_reason::pending;
  std::string detail;        ///< sentence for people
  std::vector<std::string> ptr_names;  ///< names the PTR lookup returned (at most 10 checked)
  std::string confirmed_name;          ///< the PTR name whose A/AAAA included the IP
};

/// PTR of the IP, then A (IPv4) or AAAA (IPv6) of every name returned, all asked in one round.
[[nodiscard]] iprev_result check_iprev(dns::lookup_context& dns, std::string_view ip_text);

}  // namespace authlens::transport
