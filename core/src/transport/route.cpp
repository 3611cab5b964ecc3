// The Received chain as a route: per-hop delays and the hand-off into the receiving organisation
// (heuristic documented in authlens/transport.hpp).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/ip.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "authlens/transport.hpp"
#include "transport/ip.hpp"

namespace authlens::transport {

const char* to_string(handoff_reason r) {
  switch (r) {
    case handoff_reason::no_received: return "no-received";
    case handoff_reason::explicit_ip: return "explicit";
    case handoff_reason::first_external_hop: return "first-external-hop";
    case handoff_reason::oldest_public_hop: return "oldest-public-hop";
    case handoff_reason::first_external_name: return "first-external-name";
    case handoff_reason::no_public_hop: return "no-public-hop";
  }
  return "no-received";
}

namespace {

/// The organisation a host name belongs to: its RFC 7489 §3.2 organisational domain from the public
/// suffix list's ICANN section. The PRIVATE section is left out on purpose: it splits hosting platforms
/// ("*.compute.amazonaws.com") into one organisation per customer, while a mail operator's relays under
/// one registered domain are one organisation.
std::string org_of(std::string_view host) {
  std::string h = str::lower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  psl::match_options icann_only;
  icann_only.private_domains = false;
  std::string org = psl::organizational_domain(h, psl::list::builtin(), icann_only);
  return org.empty() ? h : org;
}

bool is_name(const std::optional<std::string>& host) {
  return host && !is_ip_literal(*host) && host->find('.') != std::string::npos;
}

bool within(std::string_view host, std::string_view domain) {
  if (domain.empty()) return false;
  std::string h = str::lower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  std::string d = str::lower(domain);
  if (h == d) return true;
  return h.size() > d.size() && str::iends_with(h, d) && h[h.size() - d.size() - 1] == '.';
}

/// Network prefix used to tie a HELO-only hop to the organisation's own addresses: /16 (IPv4), /32 (IPv6).
std::string prefix_of(std::string_view text) {
  if (auto v4 = ip::parse_v4(text)) return "4:" + std::to_string(v4->bytes[0]) + "." + std::to_string(v4->bytes[1]);
  if (auto v6 = ip::parse_v6(text)) {
    std::string out = "6:";
    for (int i = 0; i < 4; ++i) out += std::to_string(v6->bytes[static_cast<std::size_t>(i)]) + ".";
    return out;
  }
  return {};
}

/// IPs the receiving servers wrote for themselves in BY comments (Microsoft 365: "by host (2603:…)").
std::vector<std::string> by_ips(const hop& h) {
  std::vector<std::string> out;
  // The BY comment is not kept separately; any bare IP in a comment that is not the FROM address counts.
  for (const auto& c : h.comments) {
    std::string_view t = c;
    if (is_ip_literal(t) && (!h.from_ip || *h.from_ip != t)) out.emplace_back(t);
  }
  return out;
}

}  // namespace

route build_route(std::span<const std::string> values, const route_options& opt) {
  route r;
  std::size_t n = std::min(values.size(), opt.max_hops);
  if (values.size() > opt.max_hops)
    r.defects.push_back({"transport.route.too_many_hops", std::to_string(values.size()) + " Received fields; only the newest " +
                                                              std::to_string(opt.max_hops) + " are analysed"});
  r.hops.reserve(n);
  for (std::size_t i = 0; i < n; ++i) r.hops.push_back(parse_received(values[i]));
  for (std::size_t i = 0; i + 1 < n; ++i) {
    auto& h = r.hops[i];
    const auto& older = r.hops[i + 1];
    if (h.date && older.date) {
      h.delay_s = *h.date - *older.date;
      if (*h.delay_s < 0)
        h.defects.push_back({"transport.hop.negative_delay",
                             "this hop is dated " + std::to_string(-*h.delay_s) + " s before the previous one"});
    }
  }

  if (opt.handoff_ip) {
    r.handoff_ip = *opt.handoff_ip;
    r.reason = handoff_reason::explicit_ip;
    for (std::size_t i = 0; i < n; ++i)
      if (r.hops[i].from_ip && *r.hops[i].from_ip == *opt.handoff_ip) {
        r.handoff_hop = i;
        break;
      }
    return r;
  }
  if (n == 0) {
    r.reason = handoff_reason::no_received;
    return r;
  }

  std::vector<std::string> org;
  for (const auto& h : r.hops)
    if (is_name(h.by_host)) {
      org.push_back(org_of(*h.by_host));
      break;
    }
  for (const auto& d : opt.internal_domains) org.push_back(d);
  auto in_org = [&](const std::optional<std::string>& host) {
    return host && std::any_of(org.begin(), org.end(), [&](const std::string& d) { return within(*host, d); });
  };

  std::vector<std::string> own_prefixes;
  std::optional<std::size_t> oldest_public;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& h = r.hops[i];
    for (const auto& ip : by_ips(h)) own_prefixes.push_back(prefix_of(ip));
    if (!h.from_ip) continue;
    if (detail::is_private(*h.from_ip)) continue;
    oldest_public = i;
    if (in_org(h.from_host)) continue;
    // A HELO inside the organisation counts only without a recorded reverse name and when the address
    // shares a prefix with one the organisation's servers wrote for themselves: a client cannot move
    // the hand-off by merely claiming an internal HELO.
    if (!h.from_host && in_org(h.from_helo)) {
      auto p = prefix_of(*h.from_ip);
      if (!p.empty() && std::find(own_prefixes.begin(), own_prefixes.end(), p) != own_prefixes.end()) continue;
    }
    r.handoff_ip = h.from_ip;
    r.handoff_hop = i;
    r.reason = handoff_reason::first_external_hop;
    return r;
  }
  if (oldest_public) {
    r.handoff_hop = oldest_public;
    r.handoff_ip = r.hops[*oldest_public].from_ip;
    r.reason = handoff_reason::oldest_public_hop;
    return r;
  }
  // Every address is private (relays on RFC 1918, CGNAT, loopback…): the addresses cannot tell the
  // organisations apart, but the receivers' names can. The hand-off is the oldest hop still received by
  // the organisation, the one just newer than the first hop (from the newest) received by another one.
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const auto& h = r.hops[i];
    const auto& older = r.hops[i + 1];
    if (!is_name(older.by_host) || in_org(older.by_host)) continue;
    if (h.by_host && !in_org(h.by_host)) break;  // the organisation already changed without a named hop
    if (!h.from_ip) break;
    r.handoff_ip = h.from_ip;
    r.handoff_hop = i;
    r.reason = handoff_reason::first_external_name;
    return r;
  }
  r.reason = handoff_reason::no_public_hop;
  return r;
}

}  // namespace authlens::transport
