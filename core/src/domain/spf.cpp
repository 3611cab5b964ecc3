// SPF in the domain check: spf::lint (RFC 7208) plus, at every node of the include tree, the RFC
// count and the sub-query count, and where the 10-lookup budget runs out (evaluation order).
//
// Counting (docs/domain-check.md): the RFC count is §4.6.4's — one per include, a, mx, ptr, exists
// and redirect. The sub-query count is the DNS questions those terms cause: one each, plus, for
// `mx`, one address lookup per MX host (at most 10); `ptr` depends on the client IP and counts one.
#include <algorithm>

#include "authlens/spf.hpp"
#include "authlens/strings.hpp"
#include "domain/internal.hpp"

namespace authlens::domain::detail {

namespace {

struct tree_builder {
  const dns::cache& cache;
  int max_terms = 10;
  int spent = 0;
  std::string out_domain, out_term;

  void build(const spf::tree_node& in, spf_node& out) {
    out.domain = in.domain;
    out.via = in.via;
    out.record = in.record;
    out.result = in.record.empty() || in.result != spf::result_code::none ? std::string(spf::to_string(in.result)) : "";
    out.reason = in.reason;
    out.lookup_terms = in.lookup_terms;
    out.void_lookups = in.void_lookups;
    out.rfc_own = static_cast<int>(in.lookup_terms.size());
    out.budget_before = spent;
    std::vector<spf::term> terms;
    if (!in.record.empty())
      if (auto rec = spf::parse_record(in.record)) terms = rec->terms;
    std::size_t child = 0;
    out.children.resize(in.children.size());
    for (const auto& t : terms) {
      if (!t.costs_lookup()) continue;
      ++spent;
      ++out.subqueries_own;
      if (spent == max_terms + 1 && out.over_budget_term.empty()) {
        out.over_budget_term = t.text;
        if (out_domain.empty()) {
          out_domain = in.domain;
          out_term = t.text;
        }
      }
      std::string target = t.domain_spec.empty() ? in.domain : dns::normalize_name(t.domain_spec);
      if (t.kind == spf::term_kind::mx && t.domain_spec.find('%') == std::string::npos) {
        if (const dns::answer* mx = cache.find(dns::make_question(target, dns::rr_type::mx)))
          out.subqueries_own += static_cast<int>(std::min<std::size_t>(mx->records.size(), 10));
      }
      if ((t.kind == spf::term_kind::include || t.kind == spf::term_kind::redirect) && child < in.children.size() &&
          in.children[child].domain == target) {
        build(in.children[child], out.children[child]);
        ++child;
      }
    }
    // Children the walk could not match to a term (should not happen) are still shown.
    for (; child < in.children.size(); ++child) build(in.children[child], out.children[child]);
    out.rfc_total = out.rfc_own;
    out.subqueries_total = out.subqueries_own;
    for (const auto& c : out.children) {
      out.rfc_total += c.rfc_total;
      out.subqueries_total += c.subqueries_total;
    }
  }
};

}  // namespace

void check_spf(dns::lookup_context& ctx, report& r, area& ar) {
  dns::lookup_context sub(ctx.data());
  r.spf = spf::lint(sub, r.domain);
  for (const auto& q : sub.pending()) ctx.prefetch(q.name, q.type);
  if (!r.spf.done) {
    ar.g = grade::unknown;
    summarize(ar, "spf.no_answer", "No DNS answer for some of the SPF policy (offline, or out of rounds).");
    return;
  }
  tree_builder b{ctx.data()};
  b.build(r.spf.tree, r.spf_tree);
  r.spf_rfc_lookups = r.spf_tree.rfc_total;
  r.spf_subqueries = r.spf_tree.subqueries_total;
  r.spf_void_lookups = r.spf.void_lookups;
  bool dns_error = false;
  for (const auto& f : r.spf.findings) {
    // A finding in an included record names that record's domain first ("where", for the catalogs too).
    params p = f.params;
    if (!(f.domain.empty() || f.domain == r.domain)) p["where"] = f.domain;
    add(ar, f.code, f.severity, f.domain.empty() || f.domain == r.domain ? f.message : f.domain + ": " + f.message, f.fix,
        std::move(p));
    dns_error = dns_error || f.code == "spf.lint.dns_error";
  }
  const auto& top = r.spf.tree;
  if (dns_error && top.record.empty()) {
    ar.temp_failure = true;
    ar.g = grade::unknown;
    summarize(ar, "spf.dns_error", "The SPF record could not be read (DNS error): try again later.");
    advise(ar, "domain.dns_retry", "check the domain's name servers, then run the check again");
    return;
  }
  if (dns_error) ar.temp_failure = true;
  // A policy ending in ~all is common and accepted; say what -all would add.
  if (!top.record.empty()) {
    std::string rec = str::lower(top.record);
    if (rec.find("~all") != std::string::npos)
      add(ar, "domain.spf.softfail_all", "info",
          "the policy ends in ~all: unknown senders get softfail, which DMARC still treats as a failure",
          "once every sender is listed, -all states the policy plainly");
  }
  grade_from_findings(ar);
  if (top.record.empty()) {
    summarize(ar, "spf.none", "No SPF record.");
  } else {
    params p{{"lookups", std::to_string(r.spf_rfc_lookups)}, {"questions", std::to_string(r.spf_subqueries)},
             {"void", std::to_string(r.spf_void_lookups)}};
    std::string text = std::to_string(r.spf_rfc_lookups) + " of 10 DNS lookups (RFC 7208 count; " +
                       std::to_string(r.spf_subqueries) + " DNS questions in all), " +
                       std::to_string(r.spf_void_lookups) + " void.";
    std::string code = "spf.lookups";
    if (!b.out_domain.empty()) {
      text += " The budget runs out at '" + b.out_term + "' in the record of " + b.out_domain + ".";
      code = "spf.lookups_over";
      p["term"] = b.out_term;
      p["where"] = b.out_domain;
    }
    summarize(ar, code, std::move(text), std::move(p));
  }
}

}  // namespace authlens::domain::detail
