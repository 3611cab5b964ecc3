// Internal helpers of the dns area shared by the wire codec, the zone reader and the snapshot
// (not part of the public API). RFC 1035 §3.1/§5.1 (names); IP text is authlens/ip.hpp's.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"

namespace authlens::dns::detail {

/// Longest CNAME chain followed inside a reply or a zone; a longer one is treated like a loop.
inline constexpr int k_max_cname_chain = 8;

/// Appends one label to a presentation-form name, escaping per RFC 1035 §5.1
/// ('.', '\\' and bytes outside 0x21..0x7E as \DDD or \c), lower-casing ASCII letters.
void append_label(std::string& out, std::string_view label);

/// Calls `f` with every proper ancestor of a canonical name ("a.b.c" → "b.c", "c"); escaped dots
/// ("\.", "\046") inside a label are not label boundaries.
void for_each_ancestor(std::string_view name, const std::function<void(std::string_view)>& f);

/// What offline data (a zone, a snapshot) holds at one name for the asked type: one step of
/// resolve_offline.
struct offline_step {
  enum class kind {
    nxdomain,  ///< the name does not exist
    nodata,    ///< the name exists without the asked type
    data,      ///< records of the asked type: `records` or `txt`, smallest TTL `ttl`
    alias,     ///< a CNAME to `target` (and no records of the asked type), TTL `ttl`
    recorded,  ///< a whole recorded answer (snapshot): taken as it stands, nothing more followed
  };
  kind k = kind::nxdomain;
  std::uint32_t ttl = 0;
  std::vector<std::string> records;
  std::vector<std::vector<std::string>> txt;
  std::string target;                ///< alias: normalised name
  const answer* recorded = nullptr;  ///< recorded: the answer, owned by the source
};

/// The offline semantics of DESIGN.md, shared by zone files and snapshots: starting at q.name,
/// asks `at` what the data holds at each name and follows aliases (at most k_max_cname_chain links;
/// a loop or a longer chain is SERVFAIL). NXDOMAIN at the end of a chain stays NXDOMAIN with the
/// chain kept (RFC 6604); the TTL is the smallest of the records and CNAMEs used (0 for NXDOMAIN,
/// SERVFAIL, and NODATA reached without a CNAME). A recorded answer met at q.name is returned as
/// recorded; met after CNAMEs, its status and records end the chain and its own chain is appended.
answer resolve_offline(const question& q, const std::function<offline_step(const std::string& name)>& at);

}  // namespace authlens::dns::detail
