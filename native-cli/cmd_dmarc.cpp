// `authlens dmarc check DOMAIN` — a domain's DMARC policy by RFC 9989 (DNS tree walk) and RFC 7489
// (public suffix list) side by side, the record's lint findings and the authorisation of external
// report destinations. (`dmarc report` lives in its own file.)
//   dmarc check DOMAIN [--json]
//     exit 0 a record applies and has no error-level finding · 1 no record, or errors found
//          3 a DNS failure kept a record from being read · 2 bad usage
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/report.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"
#include "dns_source.hpp"

namespace authlens::cli {
namespace {

constexpr const char* check_usage =
    "dmarc check DOMAIN [--json]   find and lint a domain's DMARC policy (RFC 9989 tree walk and RFC 7489 "
    "public suffix list)";

/// A reason code, "" when unset (as the JSON writes it).
template <class E>
std::string_view code(const std::optional<E>& r) {
  return r ? dmarc::to_string(*r) : std::string_view();
}

void print_discovery(const char* title, const dmarc::discovery& d) {
  std::cout << "  " << title << ": ";
  if (d.temperror && !d.rec) std::cout << i18n::text("cli.dmarcCheck.dnsError");
  else if (d.rec) std::cout << i18n::text("cli.dmarcCheck.recordAt", {{"domain", d.record_domain}});
  else std::cout << i18n::text("cli.dmarcCheck.noRecord");
  std::cout << " (" << code(d.reason) << ")\n    " << i18n::text("cli.dmarcCheck.orgDomain") << ": "
            << (d.org_domain.empty() ? i18n::text("cli.dmarcCheck.unknown") : d.org_domain) << " (" << code(d.org_reason)
            << ")\n    " << i18n::text("cli.dmarcCheck.queries") << ":";
  for (const auto& s : d.steps) {
    std::cout << " _dmarc." << s.domain << "=" << s.outcome;
    if (s.outcome == "record" && s.psd != dmarc::psd_flag::unset) std::cout << "(psd=" << dmarc::to_string(s.psd) << ")";
  }
  std::cout << "\n";
}

int run_check(const std::vector<std::string>& argv) {
  args a;
  std::set<std::string> values(dns_value_options.begin(), dns_value_options.end());
  if (!a.parse(argv, values, {"--json"})) {
    std::cerr << "authlens dmarc check: " << a.error() << "\nusage: authlens " << check_usage << "\n";
    return exit_usage;
  }
  if (a.positional().size() != 1 || a.positional()[0].empty()) {
    std::cerr << "usage: authlens " << check_usage << "\n";
    return exit_usage;
  }
  std::string domain = dns::normalize_name(a.positional()[0]);
  bool bad_name = domain.empty() || domain.size() > 253 || domain.front() == '.' ||
                  domain.find("..") != std::string::npos;
  if (bad_name) {
    std::cerr << "authlens dmarc check: '" << a.positional()[0] << "' is not a domain name\n";
    return exit_usage;
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens dmarc check: " << src.err().message << "\n";
    return exit_usage;
  }
  dns::cache cache;
  dns::drive_stats st;
  dmarc::domain_report r = dmarc::check_domain(cache, domain, src->resolve, {}, &st);
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens dmarc check: " << w.err().message << "\n";
    return exit_usage;
  }
  bool errors = false;
  for (const auto& f : r.findings) errors = errors || f.severity == "error";
  const dmarc::discovery& applied = r.rfc9989.rec ? r.rfc9989 : r.rfc7489;

  if (a.has("--json")) {
    auto j = report::dmarc_domain_to_json(r);
    j["dns"] = {{"rounds", st.rounds}, {"questions", st.questions}};
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << "dmarc check " << r.domain << "\n";
    print_discovery("RFC 9989", r.rfc9989);
    print_discovery("RFC 7489", r.rfc7489);
    if (applied.rec) {
      const auto& rec = *applied.rec;
      std::cout << "  " << i18n::text("cli.dmarcCheck.record") << ": \"" << rec.text << "\"\n    "
                << i18n::text("cli.dmarcCheck.policy") << " p=" << dmarc::to_string(rec.p);
      if (rec.sp) std::cout << " sp=" << dmarc::to_string(*rec.sp);
      if (rec.np) std::cout << " np=" << dmarc::to_string(*rec.np);
      std::cout << ", adkim=" << dmarc::to_string(rec.adkim) << ", aspf=" << dmarc::to_string(rec.aspf);
      if (rec.test) std::cout << ", " << i18n::text("cli.dmarcCheck.testMode");
      if (rec.pct) std::cout << ", pct=" << *rec.pct << " " << i18n::text("cli.dmarcCheck.pctOnly");
      if (rec.policy_fallback) std::cout << " — " << i18n::text("cli.dmarcCheck.fallback");
      std::cout << "\n";
    }
    for (const auto& d : r.disagreements)
      std::cout << "  "
                << i18n::text("cli.dmarcCheck.disagree", {{"what", d.what},
                                                          {"reason", dmarc::to_string(d.reason)},
                                                          {"rfc9989", d.rfc9989},
                                                          {"rfc7489", d.rfc7489}})
                << "\n    " << i18n::localized("dmarc", dmarc::to_string(d.reason), d.detail) << "\n";
    for (const auto& c : r.rua) {
      std::cout << "  " << c.tag << " " << c.uri << ": " << c.status;
      if (c.external) std::cout << " (" << c.query << ")";
      std::cout << "\n";
    }
    if (r.findings.empty()) std::cout << "  " << i18n::text("cli.findings.none") << "\n";
    for (const auto& f : r.findings) {
      nlohmann::json params(f.params);
      std::cout << "  " << i18n::text("cli.severity." + f.severity) << " " << f.code << ": "
                << i18n::coded("reason.finding." + f.code, f.detail, params) << "\n";
      if (!f.fix.empty())
        std::cout << "      " << i18n::text("cli.domain.fix") << i18n::coded("reason.finding.fix." + f.code, f.fix, params) << "\n";
    }
    std::cout << "  " << i18n::text("cli.dnsRounds", {{"rounds", st.rounds}, {"questions", st.questions}}) << "\n";
  }
  if (r.temperror) return exit_tempfail;
  if (!applied.rec || errors) return exit_fail;
  return exit_pass;
}

const register_command reg_check{"dmarc check", &run_check, check_usage};

}  // namespace
}  // namespace authlens::cli
