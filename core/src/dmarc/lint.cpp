// DMARC record linter: what a published (or wizard-built) record gets wrong or could do better.
// Shared by `authlens dmarc check`, the record wizard and the domain check, so every finding has a
// stable code, a sentence and the change to make.
#include <set>
#include <string>

#include "authlens/dmarc.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "dmarc/internal.hpp"

namespace authlens::dmarc {

namespace {

int rank(policy p) { return p == policy::reject ? 2 : p == policy::quarantine ? 1 : 0; }

void add(std::vector<finding>& out, std::string code, std::string severity, std::string detail, std::string fix,
         std::map<std::string, std::string> params = {}) {
  out.push_back({std::move(code), std::move(severity), std::move(detail), std::move(fix), std::move(params)});
}

}  // namespace

std::vector<finding> lint_record(const record& r, const lint_options& opt) {
  std::vector<finding> out;
  for (const auto& d : r.defects) {
    std::string code = d.code;
    if (str::istarts_with(code, "dmarc.record.")) code = "dmarc.lint." + code.substr(13);
    add(out, code, "warning", d.detail, "correct or remove the tag");
  }
  if (r.policy_unusable) {
    add(out, "dmarc.lint.no_policy", "error",
        r.p_state == tag_state::absent
            ? "the record has no p= tag and no valid rua=: receivers apply no DMARC processing with it"
            : "the record's p=/sp=/np= value is invalid and it has no valid rua=: receivers apply no DMARC "
              "processing with it",
        "add p=none (or quarantine/reject) and rua=mailto:<address>",
        {{"variant", r.p_state == tag_state::absent ? "absent" : "invalid"}});
  } else if (r.policy_fallback) {
    add(out, "dmarc.lint.policy_fallback", "warning",
        "p= is missing or a policy tag is invalid; because rua= is valid, receivers act as if p=none",
        "state the policy explicitly, e.g. p=none");
  }
  if (!r.policy_unusable && !r.policy_fallback) {
    if (r.p == policy::none) {
      add(out, "dmarc.lint.monitoring", "info",
          "p=none: monitoring mode, failing mail is delivered as usual",
          "once reports show all legitimate mail aligned, move to p=quarantine with t=y, then p=quarantine, "
          "then p=reject");
    }
    if (r.sp && rank(*r.sp) < rank(r.p)) {
      add(out, "dmarc.lint.sp_weaker", "info",
          "sp=" + std::string(to_string(*r.sp)) + " is weaker than p=" + std::string(to_string(r.p)) +
              ": subdomains are less protected than the domain",
          "remove sp= or set it to the same value as p=", {{"sp", std::string(to_string(*r.sp))}, {"p", std::string(to_string(r.p))}});
    }
    if (r.np && rank(*r.np) < rank(r.sp.value_or(r.p))) {
      add(out, "dmarc.lint.np_weaker", "info",
          "np=" + std::string(to_string(*r.np)) + " is weaker than the policy for existing subdomains: "
              "non-existent subdomains are the easiest to spoof",
          "set np=reject", {{"np", std::string(to_string(*r.np))}});
    }
  }
  if (!r.has_valid_rua()) {
    add(out, "dmarc.lint.no_rua", r.p == policy::none ? "warning" : "info",
        "no valid rua=: nobody will send aggregate reports for this domain",
        "add rua=mailto:dmarc-reports@<your domain>");
  }
  if (r.pct) {
    std::string detail = "pct=" + std::to_string(*r.pct) +
                         " is RFC 7489 only: RFC 9989 removed it and its receivers ignore it";
    if (*r.pct > 0 && *r.pct < 100) detail += "; RFC 7489 receivers apply the policy to " + std::to_string(*r.pct) +
                                               "% of failing mail and the next weaker policy to the rest";
    add(out, "dmarc.lint.pct_obsolete", "warning", detail,
        *r.pct == 100 ? "remove pct=100 (it is the default)"
                      : "remove pct= and use t=y while testing a stricter policy",
        {{"pct", std::to_string(*r.pct)},
         {"variant", *r.pct == 100 ? "default" : *r.pct > 0 && *r.pct < 100 ? "partial" : "other"}});
  }
  if (r.find("rf")) {
    add(out, "dmarc.lint.rf_obsolete", "info", "rf= is RFC 7489 only; RFC 9989 removed it", "remove rf=");
  }
  if (r.find("ri")) {
    add(out, "dmarc.lint.ri_obsolete", "info",
        "ri= is RFC 7489 only; RFC 9989 removed it and most receivers send daily reports anyway", "remove ri=");
  }
  if (r.test) {
    add(out, "dmarc.lint.test_mode", "info",
        "t=y: test mode; RFC 9989 receivers apply one level less than the stated policy "
        "(reject → quarantine, quarantine → none); RFC 7489 receivers ignore t=",
        "remove t=y once the reports look clean");
  }
  if (r.find("fo") && r.ruf.empty()) {
    add(out, "dmarc.lint.fo_without_ruf", "info", "fo= has no effect without ruf=", "remove fo= or add ruf=");
  }
  if (!r.ruf.empty()) {
    add(out, "dmarc.lint.ruf_rarely_sent", "info",
        "ruf=: few receivers send failure reports, and those that do may include personal data",
        "");
  }
  static const std::set<std::string> known = {"v",   "p",   "sp",  "np", "psd", "t",  "adkim", "aspf",
                                              "rua", "ruf", "fo",  "pct", "rf",  "ri"};
  for (const auto& t : r.tags) {
    if (!known.count(t.name))
      add(out, "dmarc.lint.unknown_tag", "info", "tag " + t.name + "= is not a DMARC tag; receivers ignore it",
          "remove " + t.name + "= or check its spelling", {{"tag", t.name}});
  }
  for (const auto* lst : {&r.rua, &r.ruf}) {
    const char* which = lst == &r.rua ? "rua" : "ruf";
    for (const auto& u : *lst) {
      if (!u.valid) continue;
      if (u.scheme != "mailto")
        add(out, "dmarc.lint.uri_scheme", "warning",
            std::string(which) + " URI '" + u.uri + "' uses " + u.scheme +
                ":, which receivers are not required to support",
            "use a mailto: address", {{"tag", which}, {"uri", u.uri}, {"scheme", u.scheme}});
      if (!u.size_limit.empty())
        add(out, "dmarc.lint.uri_size_limit", "info",
            std::string(which) + " URI '" + u.text + "' carries an RFC 7489 size limit; RFC 9989 has none",
            "remove !" + u.size_limit, {{"tag", which}, {"uri", u.text}, {"limit", u.size_limit}});
    }
  }
  if (!opt.domain.empty()) {
    std::string domain = dns::normalize_name(opt.domain);
    const auto& l = psl::list::builtin();
    if (r.psd == psd_flag::yes) {
      auto m = l.lookup(domain);
      if (m.valid && !m.registrable.empty())
        add(out, "dmarc.lint.psd_unlikely", "warning",
            "psd=y declares " + domain + " a public suffix domain, but the public suffix list sees it as a "
            "registrable domain: receivers will treat each subdomain as a separate organisation",
            "remove psd=y unless you operate a public suffix", {{"domain", domain}});
    }
    std::string own_org = psl::organizational_domain(domain, l);
    std::set<std::string> seen;
    for (const auto* lst : {&r.rua, &r.ruf}) {
      for (const auto& u : *lst) {
        if (!u.valid || u.domain.empty() || !seen.insert(u.domain).second) continue;
        if (psl::organizational_domain(u.domain, l) != own_org)
          add(out, "dmarc.lint.external_destination", "info",
              "reports go to " + u.domain + ", another organisation: it must publish " + domain +
                  "._report._dmarc." + u.domain + " (TXT \"v=DMARC1\") or receivers drop the reports",
              "ask " + u.domain + " to publish the authorisation record, or use an address in your own domain", {{"destination", u.domain}, {"domain", domain}});
      }
    }
  }
  return out;
}

std::vector<finding> lint_record(std::string_view text, const lint_options& opt) {
  auto r = parse_record(text);
  if (!r) return {{"dmarc.lint.not_dmarc", "error", r.err().message, "start the record with v=DMARC1;"}};
  return lint_record(r.value(), opt);
}

}  // namespace authlens::dmarc
