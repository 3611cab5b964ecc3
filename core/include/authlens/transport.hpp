// authlens/transport.hpp — the route a message took: its Received fields, read hop by hop, and iprev
// (forward-confirmed reverse DNS of the client IP, at the end of this header).
//
// Implements, for reading:
//   RFC 5321 §4.4 (trace information: the Received field's FROM / BY / VIA / WITH / ID / FOR clauses,
//                 Extended-Domain = the EHLO name followed by "(TCP-info)" = "(reverse-name [address-literal])",
//                 §4.1.3 address literals including "IPv6:"), RFC 5322 §3.6.7 (received = *received-token
//                 ";" date-time) and §3.3 / §4.3 (date-time, with the obsolete forms: two- and three-digit
//                 years, alphabetic zones UT/GMT/EST…PDT, military zones), RFC 3848 (WITH protocol types:
//                 ESMTPS, ESMTPSA, LMTPS, UTF8SMTPS… mean TLS), RFC 8314 (SMTPS).
//
// How real MTAs write fields (all read by parse_received; the vectors are in tests/data/transport/):
//   Postfix   from helo (rdns [ip]) (using TLSv1.3 with cipher C (256/256 bits) …) by host (Postfix) with ESMTPS id X
//   Exim      from rdns ([ip]:port helo=H) by host with esmtps (TLS1.3) tls C (Exim 4.96) (envelope-from <…>) id X
//             from [ip] (helo=H) by host with esmtp (Exim 4.96) …
//   Gmail     from helo (rdns. [ip]) by mx.google.com with ESMTPS id X for <r> (version=TLS1_3 cipher=C bits=256/256)
//   M365      from host (ip) by host (ip) with Microsoft SMTP Server (version=TLS1_2, cipher=C) id 15.20.x
//   Sendmail  from helo (rdns [ip]) by host (8.17.1/8.17.1) with ESMTPS id X (version=TLSv1.3 cipher=C bits=256 verify=NO)
//   qmail     from unknown (HELO h) (ip) by host with SMTP   /   … with (C encrypted) SMTP
//   SES       from h (h [ip]) by inbound-smtp.… with SMTP id X   /   by email-smtp.amazonaws.com with ESMTPS id X
//
// Names: `from_helo` is the EHLO name (an explicit "helo=H" / "HELO H" in the comment wins; otherwise the
// FROM word, as RFC 5321 writes it; an address literal there is kept as written, "[127.0.0.1]", when the
// TCP-info carries an address); `from_host` is the reverse (PTR) name the receiver recorded (the name in
// the comment, or — Exim's convention — the FROM word when the comment carries an explicit helo=);
// "unknown" and trailing dots are dropped. `from_ip` is the address the server saw: the one in the TCP-info
// comment ("(rdns [ip])", "([ip])", "(ip)"), or a bracketed literal after the FROM word written without
// parentheses ("from host [192.0.2.1]": old Exim, GMX, MDaemon, IMail). Only when the MTA recorded no
// TCP-info address does the FROM word's literal stand in (Exim writes the connection's address there);
// the EHLO literal is a claim of the client's and never beats TCP-info (RFC 5321 §4.4).
// IPv6 without its "IPv6:" prefix, no port.
//
// Clauses: FROM, VIA and WITH may hold several words ("with Microsoft SMTP Server"); BY, ID and FOR hold
// one value each, and words after it form an additional clause (RFC 5321 Additional-Registered-Clauses,
// "id X envelope-from <a@b>"), which is skipped. A comma ends a word ("by host," → "host").
// Date: after the last ';' outside comments; without one, a date that follows the tokens directly (SendGrid:
// "… id X Mon, 23 Nov 2026 07:00:00.178 +0000 (UTC)", Go's "2026-11-23 07:00:00.123 +0000 UTC m=+1.5";
// fractional seconds dropped) is read with the defect "transport.received.no_separator".
//
// TLS (`hop::tls`), normalised protocol version:
//   "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1.0", "SSLv3"  the hop recorded that version (Postfix "using TLSv1.3",
//                           Gmail/M365 "version=TLS1_3", Sendmail "version=TLSv1.3", Exim "(TLS1.3)"…);
//   "unknown-version"       the hop recorded TLS without a version (WITH ESMTPS/ESMTPSA/SMTPS/LMTPS/UTF8SMTPS…,
//                           Exim "tls CIPHER", qmail "(CIPHER encrypted)");
//   "none"                  the hop recorded plain SMTP: WITH SMTP, ESMTP, ESMTPA, LMTP, UTF8SMTP(A),
//                           "Microsoft SMTP Server", and no TLS indication anywhere in the field;
//   absent                  the field does not say (no WITH, or a non-SMTP protocol such as HTTP, mapi, local).
// `hop::cipher` holds the cipher suite when one was recorded.
//
// Hand-off heuristic (which hop handed the message to the receiving organisation; SPF is checked for its IP):
//   1. An explicit `route_options::handoff_ip` wins (reason "explicit").
//   2. The receiving organisation is the organisational domain (public suffix list, ICANN section: psl.hpp) of
//      the newest BY host that is a name ("mx.example.co.jp" → "example.co.jp"), plus every name in
//      `route_options::internal_domains`.
//   3. Walking from the newest field: hops without a FROM address are skipped; a hop whose FROM address is
//      not globally routable (is_private_ip: RFC 1918, loopback, link-local, CGNAT, unique-local…) is
//      internal; a hop whose recorded reverse name (`from_host`) lies inside the organisation is internal;
//      a hop with no reverse name whose HELO lies inside the organisation is internal only when its address
//      shares a /16 (IPv4) or /32 (IPv6) with an address the organisation's servers wrote for themselves in
//      a comment of this or a newer hop (Microsoft 365: "by host (2603:10b6:…)") — a client cannot move the
//      hand-off by merely claiming an internal HELO. The first other hop is the hand-off (reason
//      "first-external-hop") and its FROM address is `handoff_ip`.
//   4. If every hop is internal, the oldest hop with a public address is used (reason "oldest-public-hop").
//   5. If no hop has a globally routable FROM address (relays on RFC 1918, CGNAT 100.64/10, loopback…), the
//      names decide: walking from the newest field, the first hop whose next older field was received by a
//      BY host outside the organisation is the hand-off, and its (private) FROM address is `handoff_ip`
//      (reason "first-external-name"). Otherwise there is no hand-off (reason "no-public-hop", or
//      "no-received" without fields).
// Known limits: mail sent inside one provider (Gmail to Gmail) is internal all the way and falls to rule 4;
// a sender whose PTR (not forward-confirmed by the receiver) names a host inside the organisation is taken
// as internal. The caller can always pass the IP explicitly.
//
// Limits: at most `route_options::max_hops` fields are analysed (default 256); the rest raise the route
// defect "transport.route.too_many_hops". Everything is linear in the input, pure (no clock, no I/O),
// and never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::transport {

/// A parsed RFC 5322 date-time.
struct date_time {
  std::int64_t unix_seconds = 0;  ///< seconds since 1970-01-01T00:00:00Z (leap second 60 counts as 59+1)
  int offset_minutes = 0;         ///< the zone as written (+0900 → 540); 0 for -0000 and unknown zones
  bool obsolete = false;          ///< RFC 5322 §4.3 syntax was used (2/3-digit year, alphabetic zone…)
  bool zone_unknown = false;      ///< "-0000", a military or an unrecognised zone: UTC assumed (§3.3, §4.3)
  bool weekday_mismatch = false;  ///< the day-of-week given does not match the date
};

/// Parses an RFC 5322 date-time (with §4.3 obsolete forms and CFWS). Pure: no clock.
/// Errors: "transport.date.syntax" (not a date-time), "transport.date.range" (a field out of range).
[[nodiscard]] result<date_time> parse_date(std::string_view s);

/// Formats Unix time as ISO 8601 UTC, "2026-11-23T07:00:00Z" (years 0000–9999; others clamp).
std::string to_iso8601_utc(std::int64_t unix_seconds);

/// One Received field, read.
struct hop {
  std::string raw;                       ///< the field value as given
  std::optional<std::string> from_host;  ///< reverse (PTR) name recorded by the receiver
  std::optional<std::string> from_helo;  ///< EHLO/HELO name the client gave
  std::optional<std::string> from_ip;    ///< client address (IPv4 dotted, IPv6 text), no brackets/prefix/port
  std::optional<std::string> by_host;    ///< receiving host
  std::optional<std::string> via;        ///< VIA link type
  std::optional<std::string> with;       ///< WITH protocol as written ("ESMTPS", "Microsoft SMTP Server")
  std::optional<std::string> id;         ///< ID clause
  std::optional<std::string> for_addr;   ///< FOR clause (angle brackets removed)
  std::optional<std::string> tls;        ///< see "TLS" above
  std::optional<std::string> cipher;     ///< cipher suite, when recorded
  std::optional<std::int64_t> date;      ///< Unix time of the date after ';'
  std::optional<std::int64_t> delay_s;   ///< this hop's date minus the next older hop's date
  std::vector<std::string> comments;     ///< top-level comments, outer parentheses removed
  std::vector<defect> defects;
};

/// Parses one Received field value (unfolded or not). Never fails: problems become defects
/// ("transport.received.*", "transport.date.*").
[[nodiscard]] hop parse_received(std::string_view value);

/// Why `route::handoff_ip` is what it is.
enum class handoff_reason {
  no_received,         ///< there were no Received fields
  explicit_ip,         ///< route_options::handoff_ip was given
  first_external_hop,  ///< the heuristic above found the hop that entered the organisation
  oldest_public_hop,   ///< every hop looked internal; the oldest public address was taken
  first_external_name, ///< no public address anywhere; the hop where the BY host's organisation changes
  no_public_hop,       ///< no hop carried a public address and no change of organisation was found
};
/// "no-received", "explicit", "first-external-hop", "oldest-public-hop", "first-external-name", "no-public-hop".
const char* to_string(handoff_reason r);

struct route_options {
  std::optional<std::string> handoff_ip;      ///< the client IP, when the caller knows it
  std::vector<std::string> internal_domains;  ///< extra domains inside the receiving organisation
  std::size_t max_hops = 256;                 ///< fields analysed; the rest become one defect
};

struct route {
  std::vector<hop> hops;                     ///< newest first, as the fields stand
  std::optional<std::string> handoff_ip;     ///< the client IP SPF should be checked for
  handoff_reason reason = handoff_reason::no_received;
  std::optional<std::size_t> handoff_hop;    ///< index in `hops` of the hand-off hop, when one was found
  std::vector<defect> defects;               ///< route-level defects ("transport.route.*")
};

/// Reads the Received chain (values newest first, as they stand in the header) and finds the hand-off.
[[nodiscard]] route build_route(std::span<const std::string> received_values_newest_first, const route_options& opt = {});

/// IP helpers used by the heuristic (exposed for tests and callers).
/// True for a syntactically valid IPv4 dotted quad or IPv6 text address.
bool is_ip_literal(std::string_view s);
/// True when the address is not globally routable (authlens/ip.hpp ip::is_private after unmapping ::ffff:a.b.c.d):
/// RFC 1918, loopback, link-local, CGNAT (RFC 6598),
/// 0/8, multicast/reserved, IPv6 ::1, ::, fe80::/10, fc00::/7, and IPv4-mapped forms of those.
bool is_private_ip(std::string_view s);

}  // namespace authlens::transport

// --- iprev (RFC 8601 §3, §2.7.3): forward-confirmed reverse DNS of the client IP -------------------

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
