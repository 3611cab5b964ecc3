// DMARC policy discovery and Organizational Domains: the RFC 9989 §4.10 DNS Tree Walk and the
// RFC 7489 §6.6.3 lookup (author domain, then the PSL Organizational Domain); external report
// destinations (RFC 7489 §7.1, RFC 9990 §4).
#include <set>
#include <string>

#include "authlens/dmarc.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "dmarc/internal.hpp"

namespace authlens::dmarc {

namespace detail {

const psl::list& psl_of(const options& opt) { return opt.psl ? *opt.psl : psl::list::builtin(); }

/// One _dmarc TXT question and what it says. Only records starting with v=DMARC1 count; more
/// than one at a name is "multiple" (RFC 9989 discards them all and walks on; RFC 7489 stops).
lookup_step query_step(dns::lookup_context& ctx, const std::string& domain) {
  lookup_step s;
  s.domain = domain;
  const dns::answer* a = ctx.get("_dmarc." + domain, dns::rr_type::txt);
  if (!a) {
    s.outcome = "pending";
    return s;
  }
  if (a->st == dns::status::servfail || a->st == dns::status::timeout) {
    s.outcome = "temperror";
    return s;
  }
  if (a->st == dns::status::nxdomain) {
    s.outcome = "nxdomain";
    return s;
  }
  for (const auto& strings : a->txt) {
    std::string joined;
    for (const auto& part : strings) joined += part;
    if (is_dmarc_record(joined)) s.records.push_back(std::move(joined));
  }
  if (s.records.empty()) {
    s.outcome = "none";
  } else if (s.records.size() > 1) {
    s.outcome = "multiple";
  } else {
    s.outcome = "record";
    auto r = parse_record(s.records.front());
    if (r) s.psd = r->psd;
  }
  return s;
}

struct walk_result {
  std::vector<lookup_step> steps;
  bool pending = false;
  bool temperror = false;
};

/// RFC 9989 §4.10 steps 1-7. Every name of the walk is asked for in the same round (the walk
/// needs all of them unless a psd= record stops it early, and rounds cost more than questions).
walk_result walk(dns::lookup_context& ctx, const std::string& start) {
  walk_result w;
  auto names = walk_names(start);
  for (const auto& n : names) ctx.prefetch("_dmarc." + n, dns::rr_type::txt);
  for (const auto& n : names) {
    auto s = query_step(ctx, n);
    if (s.outcome == "pending") w.pending = true;
    if (s.outcome == "temperror") w.temperror = true;
    bool stop = s.outcome == "record" && s.psd != psd_flag::unset;
    w.steps.push_back(std::move(s));
    if (stop && !w.pending) break;
  }
  return w;
}

/// RFC 9989 §4.10.2: the Organizational Domain from the records a complete walk found.
std::string select_org(const std::vector<lookup_step>& steps, const std::string& start,
                       std::optional<org_reason>& reason) {
  auto start_labels = labels(start);
  const lookup_step* fewest = nullptr;
  for (const auto& s : steps) {
    if (s.outcome != "record") continue;
    if (s.psd == psd_flag::no) {
      reason = org_reason::psd_n;
      return s.domain;
    }
    if (s.psd == psd_flag::yes && s.domain != start) {
      reason = org_reason::psd_y;
      return tail(start_labels, labels(s.domain).size() + 1);
    }
    fewest = &s;  // steps run from the most labels to the fewest
  }
  if (fewest) {
    reason = org_reason::fewest_labels;
    return fewest->domain;
  }
  reason = org_reason::no_record;
  return start;
}

}  // namespace detail

using detail::query_step;

discovery organizational_domain(dns::lookup_context& ctx, std::string_view domain, const options& opt) {
  (void)opt;
  discovery d;
  d.m = mode::rfc9989;
  d.domain = dns::normalize_name(domain);
  if (detail::labels(d.domain).empty()) {
    d.done = true;
    d.reason = discovery_reason::domain_invalid;
    d.org_reason = org_reason::domain_invalid;
    return d;
  }
  auto w = detail::walk(ctx, d.domain);
  d.steps = std::move(w.steps);
  if (w.pending) return d;
  d.done = true;
  if (w.temperror) {
    d.temperror = true;
    d.org_reason = org_reason::temperror;
    return d;
  }
  d.org_domain = detail::select_org(d.steps, d.domain, d.org_reason);
  return d;
}

namespace {

void attach(discovery& d, const lookup_step& s) {
  d.record_domain = s.domain;
  d.record_text = s.records.front();
  auto r = parse_record(d.record_text);
  if (r) d.rec = std::move(r.value());
}

discovery discover_9989(dns::lookup_context& ctx, const std::string& domain) {
  discovery d;
  d.m = mode::rfc9989;
  d.domain = domain;
  auto w = detail::walk(ctx, domain);
  d.steps = std::move(w.steps);
  if (w.pending) return d;
  d.done = true;
  const auto& first = d.steps.front();
  if (first.outcome == "record") {
    // The author domain's own record applies whatever the rest of the walk says (§4.10.1).
    attach(d, first);
    d.reason = discovery_reason::record_found;
  }
  if (w.temperror) {
    // A failed lookup is not a missing record: without every answer neither the policy above the
    // author domain nor the Organizational Domain is knowable.
    d.temperror = true;
    d.org_reason = org_reason::temperror;
    if (!d.rec) d.reason = discovery_reason::dns_temperror;
    return d;
  }
  d.org_domain = detail::select_org(d.steps, domain, d.org_reason);
  if (d.rec) return d;
  const lookup_step* at_org = nullptr;
  const lookup_step* at_psd = nullptr;
  for (const auto& s : d.steps) {
    if (s.outcome != "record") continue;
    if (s.domain == d.org_domain) at_org = &s;
    if (s.psd == psd_flag::yes) at_psd = &s;
  }
  if (at_org) {
    attach(d, *at_org);
    d.reason = discovery_reason::record_at_org_domain;
  } else if (at_psd) {
    attach(d, *at_psd);
    d.reason = discovery_reason::record_at_psd;
  } else {
    d.reason = first.outcome == "multiple" ? discovery_reason::record_multiple : discovery_reason::record_none;
  }
  return d;
}

discovery discover_7489(dns::lookup_context& ctx, const std::string& domain, const options& opt) {
  discovery d;
  d.m = mode::rfc7489;
  d.domain = domain;
  const auto& l = detail::psl_of(opt);
  auto m = l.lookup(domain, opt.psl_match);
  d.org_domain = m.registrable.empty() ? m.public_suffix : m.registrable;
  d.org_reason = m.registrable.empty() ? org_reason::psl_suffix
                 : m.private_section   ? org_reason::psl_private
                                       : org_reason::psl;
  // Both names can be needed; ask for them together.
  ctx.prefetch("_dmarc." + domain, dns::rr_type::txt);
  if (d.org_domain != domain) ctx.prefetch("_dmarc." + d.org_domain, dns::rr_type::txt);
  auto s1 = query_step(ctx, domain);
  d.steps.push_back(s1);
  if (s1.outcome == "pending") return d;
  d.done = true;
  if (s1.outcome == "temperror") {
    d.temperror = true;
    d.reason = discovery_reason::dns_temperror;
    return d;
  }
  if (s1.outcome == "record") {
    attach(d, s1);
    d.reason = discovery_reason::record_found;
    return d;
  }
  if (s1.outcome == "multiple") {
    // §6.6.3 step 5: discovery ends; the Organizational Domain is not consulted.
    d.reason = discovery_reason::record_multiple;
    return d;
  }
  if (d.org_domain == domain) {
    d.reason = discovery_reason::record_none;
    return d;
  }
  auto s2 = query_step(ctx, d.org_domain);
  d.steps.push_back(s2);
  if (s2.outcome == "pending") {
    d.done = false;
    return d;
  }
  if (s2.outcome == "temperror") {
    d.temperror = true;
    d.reason = discovery_reason::dns_temperror;
  } else if (s2.outcome == "record") {
    attach(d, s2);
    d.reason = discovery_reason::record_at_org_domain;
  } else {
    d.reason = s2.outcome == "multiple" ? discovery_reason::record_multiple : discovery_reason::record_none;
  }
  return d;
}

}  // namespace

discovery discover(dns::lookup_context& ctx, std::string_view domain, mode m, const options& opt) {
  std::string name = dns::normalize_name(domain);
  if (detail::labels(name).empty()) {
    discovery d;
    d.m = m;
    d.domain = name;
    d.done = true;
    d.reason = discovery_reason::domain_invalid;
    d.org_reason = org_reason::domain_invalid;
    return d;
  }
  return m == mode::rfc9989 ? discover_9989(ctx, name) : discover_7489(ctx, name, opt);
}

std::vector<rua_check> check_report_destinations(dns::lookup_context& ctx, std::string_view policy_domain,
                                                 const record& r, const options& opt) {
  std::vector<rua_check> out;
  std::string domain = dns::normalize_name(policy_domain);
  const auto& l = detail::psl_of(opt);
  std::string own_org = psl::organizational_domain(domain, l, opt.psl_match);
  int checked = 0;
  std::set<std::string> asked;
  auto one = [&](const report_uri& u, const char* tag) {
    rua_check c;
    c.uri = u.text;
    c.tag = tag;
    c.dest_domain = u.domain;
    if (!u.valid) {
      c.status = "invalid";
    } else if (u.scheme != "mailto") {
      c.status = "not_mailto";
    } else if (psl::organizational_domain(u.domain, l, opt.psl_match) == own_org) {
      // "Another domain" is read as another Organizational Domain (PSL), as RFC 7489 §7.1 does.
      c.status = "same_domain";
    } else {
      c.external = true;
      c.query = domain + "._report._dmarc." + u.domain;
      if (!opt.check_rua || (!asked.count(c.query) && checked >= opt.max_rua_checks)) {
        c.status = "unchecked";
      } else {
        if (asked.insert(c.query).second) ++checked;
        const dns::answer* a = ctx.get(c.query, dns::rr_type::txt);
        if (!a) {
          c.status = "pending";
        } else if (a->st == dns::status::servfail || a->st == dns::status::timeout) {
          c.status = "temperror";
        } else {
          // RFC 9990 §4: authorised when at least one record there starts with v=DMARC1.
          c.status = "not_authorized";
          for (const auto& strings : a->txt) {
            std::string joined;
            for (const auto& part : strings) joined += part;
            if (is_dmarc_record(joined)) {
              c.status = "authorized";
              c.record = joined;
              break;
            }
          }
        }
      }
    }
    out.push_back(std::move(c));
  };
  for (const auto& u : r.rua) one(u, "rua");
  for (const auto& u : r.ruf) one(u, "ruf");
  return out;
}

}  // namespace authlens::dmarc
