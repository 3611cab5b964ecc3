// authlens/domain.hpp — the domain check: one run reads and lints everything a domain publishes
// for mail authentication and transport security, and grades each area.
//
// MX (RFC 5321 §5.1, null MX RFC 7505) · SPF (RFC 7208, through spf::lint: include tree, the
// §4.6.4 lookup and void-lookup limits) · DMARC (RFC 9989 tree walk and RFC 7489 organisational
// domain, external report authorisation RFC 7489 §7.1) · DKIM keys (RFC 6376 §3.6.1, RFC 8301,
// RFC 8463: given selectors and a probe of common ones) · MTA-STS (RFC 8461 §3.1 TXT record, §3.2
// policy, given as text: the core never fetches) · TLS-RPT (RFC 8460 §3) · BIMI (draft-brand-
// indicators-for-message-identification: default._bimi TXT, l= and a=) · PTR / forward-confirmed
// reverse DNS of the MX hosts (transport::check_iprev) · the DNSSEC AD bit as the resolver reports it.
//
// Sans-I/O (authlens/dns_job.hpp): domain::check is a dns::job. Every independent question is asked
// in the same round (the apex MX/TXT, _dmarc, every DKIM selector, _mta-sts, _smtp._tls,
// default._bimi all go out in round 1), so the number of rounds is the dependency depth
// (MX → addresses → PTR → forward), not the number of lookups.
//
// Grades (docs/domain-check.md): pass · warn · fail · info (an optional feature not published) ·
// unknown (DNS failed temporarily, or offline). Each area carries the one fix that matters most.
#pragma once

#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/senders.hpp"
#include "authlens/transport.hpp"
#include "authlens/spf.hpp"

namespace authlens::domain {

enum class grade {
  pass,     ///< published and correct
  warn,     ///< works, but something should change
  fail,     ///< missing where it matters, or broken
  info,     ///< an optional feature that is not published (MTA-STS, TLS-RPT, BIMI, DNSSEC)
  unknown,  ///< could not tell: a DNS lookup failed temporarily, or the check ran offline
};
std::string_view to_string(grade g);  ///< "pass", "warn", "fail", "info", "unknown"

struct finding {
  std::string code;      ///< stable, e.g. "domain.mx.none", "spf.lint.too_many_lookups"
  std::string severity;  ///< "error", "warning", "info"
  std::string message;   ///< sentence for people
  std::string fix;       ///< what to change ("" when nothing to do)
  std::map<std::string, std::string> params = {};  ///< the values message and fix name (codes + params: the catalogs' text)
};

/// One graded area.
struct area {
  std::string name;  ///< "mx", "spf", "dmarc", "dkim", "mta_sts", "tls_rpt", "bimi", "iprev", "dnssec"
  grade g = grade::unknown;
  std::string summary;  ///< one sentence
  std::string summary_code;  ///< its stable code, e.g. "mx.hosts" ("" only while unset)
  std::map<std::string, std::string> summary_params;
  std::string fix;      ///< the one fix that matters most ("" when none)
  std::string fix_code;  ///< the code of the finding whose fix it is (or of the area's own advice)
  std::map<std::string, std::string> fix_params;
  std::vector<finding> findings;
  bool temp_failure = false;  ///< a lookup this area needed failed temporarily (SERVFAIL/TIMEOUT)
};

// --- details per area ------------------------------------------------------------------------

struct mx_host {
  int preference = 0;
  std::string host;                    ///< normalised, no trailing dot ("" for a null MX)
  std::vector<std::string> addresses;  ///< A and AAAA
  std::string problem;                 ///< "" or a reason code (domain.mx.no_address, domain.mx.is_ip, …)
};

/// A node of the SPF include tree with its lookup counts (computed from spf::lint's tree).
struct spf_node {
  std::string domain, via, record, result;
  std::optional<spf::reason> reason;  ///< the record's own result's reason (unset when not decided)
  std::vector<std::string> lookup_terms;
  int rfc_own = 0;          ///< DNS-querying terms of this record (the §4.6.4 count)
  int rfc_total = 0;        ///< … of this record and everything under it
  int subqueries_own = 0;   ///< DNS questions those terms cause: mx adds one per MX host (see docs)
  int subqueries_total = 0;
  int void_lookups = 0;
  int budget_before = 0;    ///< RFC count spent before this record is reached (evaluation order)
  std::string over_budget_term;  ///< the term of this record where the 10-lookup budget runs out
  std::vector<spf_node> children;
};

struct dkim_key {
  std::string selector;
  std::string name;         ///< selector._domainkey.domain
  std::string source;       ///< "given", "probe", "cname" (an SES token seen in a CNAME)
  std::string status;       ///< "found", "not_found", "dns_error", "invalid", "revoked"
  std::string record;
  std::vector<std::string> cname_chain;
  std::string provider;     ///< recognised from the CNAME target ("amazonses", "sendgrid", …) or ""
  std::string key_type;     ///< "rsa", "ed25519"
  std::size_t bits = 0;
  bool testing = false;     ///< t=y
  std::string detail;       ///< parse problem
};

struct mta_sts_info {
  std::string record;       ///< the _mta-sts TXT record ("" when none)
  std::string id;
  std::string fetch;        ///< how the policy was obtained: "fetched", "not_fetched", or the driver's error
  bool policy_given = false;
  std::string policy_text;
  std::string version, mode;
  std::vector<std::string> mx_patterns;
  std::int64_t max_age = -1;
  std::vector<std::string> unmatched_mx;  ///< MX hosts no policy pattern matches
};

struct tls_rpt_info {
  std::string record;
  std::vector<std::string> rua;
};

struct bimi_info {
  std::string record;
  std::string location;   ///< l=
  std::string authority;  ///< a=
};

struct iprev_entry {
  std::string host, ip;
  transport::iprev_verdict result = transport::iprev_verdict::none;
  transport::iprev_reason reason = transport::iprev_reason::pending;
  std::string detail, ptr_name;
};

/// On what a provider rule's status rests when only DNS is known (the domain check's "reason").
enum class provider_basis {
  dmarc_record_published,  ///< "dmarc.record_published": the From domain's DMARC record was found
  no_dmarc_record,         ///< "dmarc.no_record": none was found (DMARC cannot pass, nor fail)
  no_spf_record,           ///< "spf.no_record": the domain publishes no SPF record (SPF cannot pass)
  needs_message,           ///< "needs_message": only a message can tell
  dns_unknown,             ///< "dns.unknown": the DNS answer was missing or failed
};
constexpr provider_basis last_provider_basis = provider_basis::dns_unknown;
std::string_view to_string(provider_basis b);

/// A mailbox provider's rules (authlens/senders.hpp) judged from the domain's DNS alone, as if the
/// domain were the From domain of mail sent to that provider.
struct provider_grade {
  senders::verdict judged;
  std::vector<provider_basis> basis;  ///< basis[i] belongs to judged.rules[i]
};

struct dnssec_info {
  int answers = 0;        ///< answers about the domain itself that the check read
  int authenticated = 0;  ///< of which the resolver set AD
};

/// What the check found.
struct report {
  std::string domain;
  bool done = false;
  std::vector<area> areas;  ///< in the fixed order: mx spf dmarc dkim mta_sts tls_rpt bimi iprev dnssec

  std::vector<mx_host> mx;
  bool null_mx = false;
  spf::lint_report spf;  ///< the linter's own report (findings, flatten)
  spf_node spf_tree;
  int spf_rfc_lookups = 0, spf_subqueries = 0, spf_void_lookups = 0;
  dmarc::domain_report dmarc;  ///< both discovery modes, lint, report destinations
  std::vector<dkim_key> dkim;
  mta_sts_info mta_sts;
  tls_rpt_info tls_rpt;
  bimi_info bimi;
  std::vector<iprev_entry> iprev;
  dnssec_info dnssec;
  std::vector<provider_grade> providers;  ///< every provider of core/data/sender-rules.json

  const area* find(std::string_view name) const;
  bool any_fail() const;
  bool any_temp_failure() const;
};

struct options {
  std::vector<std::string> selectors;  ///< DKIM selectors to look at, besides the probe
  bool probe_selectors = true;         ///< probe google, selector1, selector2, s1, s2, k1, default, dkim, mail
  /// The MTA-STS policy file (https://mta-sts.DOMAIN/.well-known/mta-sts.txt) when the driver
  /// fetched it; the core never fetches.
  std::optional<std::string> mta_sts_policy;
  /// What happened to the fetch, in the driver's words: "not_fetched" (default), "fetched",
  /// "http_404", "tls: …", "blocked: …".
  std::string mta_sts_fetch = "not_fetched";
  int max_mx_hosts = 10;     ///< MX hosts whose addresses and PTRs are read
  int max_addresses = 4;     ///< addresses per MX host checked for PTR/FCrDNS
  /// Decides which providers' rules are in force (the caller's clock: the core never reads it);
  /// 0 or less: no date known, the latest rule of each requirement applies.
  std::int64_t now = 0;
};

/// The common selectors the check probes.
const std::vector<std::string>& common_selectors();

/// Evaluates everything against ctx's cache (repeatable; missing answers end up in ctx.pending()).
[[nodiscard]] report evaluate(dns::lookup_context& ctx, std::string_view domain, const options& opt = {});

/// Parses an MTA-STS policy file (RFC 8461 §3.2) into `into` and returns its defects.
[[nodiscard]] std::vector<finding> parse_mta_sts_policy(std::string_view text, mta_sts_info& into);
/// True when an MX host matches an MTA-STS `mx:` pattern (RFC 8461 §4.1: "*." matches one label).
bool mta_sts_mx_matches(std::string_view pattern, std::string_view host);

/// The domain check as a dns::job; result() is the typed report, serialised as `authlens/domain/v1`
/// (docs/domain-check.md) by report::to_json (authlens/report.hpp, "domain" section).
class check : public dns::job {
 public:
  check(std::string domain, options opt = {}, const dns::job_options& jopt = {})
      : dns::job(jopt), domain_(std::move(domain)), opt_(std::move(opt)) {}
  ~check() override = default;
  check(check&&) noexcept = default;
  check& operator=(check&&) noexcept = default;

  const report& result() const { return report_; }
  const std::string& domain() const { return domain_; }
  /// Supplies the MTA-STS policy after the DNS rounds (the driver fetched it); call evaluate() after.
  void set_mta_sts_policy(std::optional<std::string> text, std::string fetch) {
    opt_.mta_sts_policy = std::move(text);
    opt_.mta_sts_fetch = std::move(fetch);
  }

 protected:
  void run(dns::lookup_context& ctx) override { report_ = domain::evaluate(ctx, domain_, opt_); }

 private:
  std::string domain_;
  options opt_;
  report report_;
};

/// A domain name the check accepts: LDH labels (underscores tolerated), at least two labels,
/// at most 253 octets. Trailing dot and case are normalised away; "" when invalid.
std::string normalize_domain_input(std::string_view s);

}  // namespace authlens::domain
