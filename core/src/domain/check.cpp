// domain::evaluate — the domain check's entry point: asks every independent question at once,
// runs each area's check and grades it (docs/domain-check.md).
#include <algorithm>

#include "authlens/domain.hpp"
#include "authlens/strings.hpp"
#include "domain/internal.hpp"

namespace authlens::domain {

std::string_view to_string(grade g) {
  switch (g) {
    case grade::pass: return "pass";
    case grade::warn: return "warn";
    case grade::fail: return "fail";
    case grade::info: return "info";
    case grade::unknown: return "unknown";
  }
  return "unknown";
}

const std::vector<std::string>& common_selectors() {
  static const std::vector<std::string> s = {"google", "selector1", "selector2", "s1", "s2",
                                             "k1",     "default",   "dkim",      "mail"};
  return s;
}

const area* report::find(std::string_view name) const {
  for (const auto& a : areas)
    if (a.name == name) return &a;
  return nullptr;
}

bool report::any_fail() const {
  return std::any_of(areas.begin(), areas.end(), [](const area& a) { return a.g == grade::fail; });
}

bool report::any_temp_failure() const {
  return std::any_of(areas.begin(), areas.end(), [](const area& a) { return a.temp_failure; });
}

std::string normalize_domain_input(std::string_view s) {
  std::string d = dns::normalize_name(str::trim(s));
  if (d.empty() || d.size() > 253) return "";
  auto labels = str::split(d, '.');
  if (labels.size() < 2) return "";
  for (auto l : labels) {
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return "";
    for (char c : l)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return "";
  }
  return d;
}

namespace detail {

std::vector<std::string> txt_with_prefix(const dns::answer& a, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& strings : a.txt) {
    std::string joined;
    for (const auto& s : strings) joined += s;
    if (str::istarts_with(str::trim(joined), prefix)) out.push_back(joined);
  }
  return out;
}

void grade_from_findings(area& ar) {
  if (ar.g == grade::unknown && ar.temp_failure) return;
  bool err = false, warn = false;
  for (const auto& f : ar.findings) {
    err = err || f.severity == "error";
    warn = warn || f.severity == "warning";
  }
  ar.g = err ? grade::fail : warn ? grade::warn : grade::pass;
  for (const char* sev : {"error", "warning"}) {
    if (!ar.fix.empty()) break;
    for (const auto& f : ar.findings)
      if (f.severity == sev && !f.fix.empty()) {
        advise(ar, f.code, f.fix, f.params);
        break;
      }
  }
}

void unknown(area& ar, const dns::answer* a, std::string_view what) {
  ar.g = grade::unknown;
  if (temp_failure(a)) {
    ar.temp_failure = true;
    summarize(ar, "dns.lookup_failed", "The " + std::string(what) + " lookup failed (" + std::string(dns::to_string(a->st)) +
                 "): try again later.", {{"what", std::string(what)}, {"status", std::string(dns::to_string(a->st))}});
    add(ar, "domain.dns_error", "error", ar.summary, "check the domain's name servers, then run the check again",
        ar.summary_params);
  } else {
    summarize(ar, "dns.no_answer", "No DNS answer for the " + std::string(what) + " lookup (offline, or out of rounds).",
              {{"what", std::string(what)}});
  }
}

}  // namespace detail

report evaluate(dns::lookup_context& ctx, std::string_view domain_in, const options& opt) {
  report r;
  r.domain = dns::normalize_name(domain_in);
  const std::string& d = r.domain;
  // Round 1: everything that depends on nothing but the domain name.
  ctx.prefetch(d, dns::rr_type::mx);
  ctx.prefetch(d, dns::rr_type::txt);
  ctx.prefetch("_dmarc." + d, dns::rr_type::txt);
  ctx.prefetch("_mta-sts." + d, dns::rr_type::txt);
  ctx.prefetch("_smtp._tls." + d, dns::rr_type::txt);
  ctx.prefetch("default._bimi." + d, dns::rr_type::txt);

  static const char* names[] = {"mx", "spf", "dmarc", "dkim", "mta_sts", "tls_rpt", "bimi", "iprev", "dnssec"};
  r.areas.resize(std::size(names));
  for (std::size_t i = 0; i < r.areas.size(); ++i) r.areas[i].name = names[i];
  detail::check_mx(ctx, r, opt, r.areas[0]);
  detail::check_spf(ctx, r, r.areas[1]);
  detail::check_dmarc(ctx, r, r.areas[2]);
  detail::check_dkim(ctx, r, opt, r.areas[3]);
  detail::check_mta_sts(ctx, r, opt, r.areas[4]);
  detail::check_tls_rpt(ctx, r, r.areas[5]);
  detail::check_bimi(ctx, r, r.areas[6]);  // after dmarc: BIMI needs an enforcing policy
  detail::check_iprev(ctx, r, opt, r.areas[7]);
  detail::check_dnssec(ctx, r, r.areas[8]);
  detail::grade_providers(r, opt);
  r.done = ctx.pending().empty();
  return r;
}

}  // namespace authlens::domain
