// Shared between the domain check's files (not a public header).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/domain.hpp"

namespace authlens::domain::detail {

inline bool temp_failure(const dns::answer* a) {
  return a && (a->st == dns::status::servfail || a->st == dns::status::timeout);
}
inline bool empty_answer(const dns::answer* a) { return a && (a->st == dns::status::nxdomain || a->nodata()); }

/// The TXT records of an answer whose joined text starts (case-insensitively) with `prefix`.
std::vector<std::string> txt_with_prefix(const dns::answer& a, std::string_view prefix);

using params = std::map<std::string, std::string>;

/// A finding: its code, the English sentence and fix, and the values they name (for the catalogs).
inline void add(area& ar, std::string code, std::string severity, std::string message, std::string fix = "",
                params p = {}) {
  ar.findings.push_back(finding{std::move(code), std::move(severity), std::move(message), std::move(fix), std::move(p)});
}

/// The area's one-sentence summary with its code and values.
inline void summarize(area& ar, std::string code, std::string text, params p = {}) {
  ar.summary = std::move(text);
  ar.summary_code = std::move(code);
  ar.summary_params = std::move(p);
}

/// The area's own advice (not a finding's fix) with its code and values.
inline void advise(area& ar, std::string code, std::string fix, params p = {}) {
  ar.fix = std::move(fix);
  ar.fix_code = std::move(code);
  ar.fix_params = std::move(p);
}

/// Sets the grade from the findings (any error → fail, any warning → warn, else pass) and the fix
/// from the first error (else the first warning) that has one. Keeps a grade already set to unknown.
void grade_from_findings(area& ar);

/// Marks an area as not decidable yet / any more: a missing or temporarily failed answer.
void unknown(area& ar, const dns::answer* a, std::string_view what);

void check_mx(dns::lookup_context& ctx, report& r, const options& opt, area& ar);
void check_spf(dns::lookup_context& ctx, report& r, area& ar);
void check_dmarc(dns::lookup_context& ctx, report& r, area& ar);
void check_dkim(dns::lookup_context& ctx, report& r, const options& opt, area& ar);
void check_mta_sts(dns::lookup_context& ctx, report& r, const options& opt, area& ar);
void check_tls_rpt(dns::lookup_context& ctx, report& r, area& ar);
void check_bimi(dns::lookup_context& ctx, report& r, area& ar);
void check_iprev(dns::lookup_context& ctx, report& r, const options& opt, area& ar);
void check_dnssec(dns::lookup_context& ctx, report& r, area& ar);
/// The mailbox providers' rules judged from what the areas above found (after them).
void grade_providers(report& r, const options& opt);

}  // namespace authlens::domain::detail
