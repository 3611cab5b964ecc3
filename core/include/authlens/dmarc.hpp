// authlens/dmarc.hpp — Domain-based Message Authentication, Reporting, and Conformance.
//
// Two specifications side by side, on the same inputs:
//   RFC 9989 (DMARCbis): record format (§4.7: v p sp np psd t adkim aspf rua ruf fo), the DNS Tree
//     Walk (§4.10: at most 8 queries, `psd=y/n` stops it), policy discovery (§4.10.1), Organizational
//     Domain selection for alignment (§4.10.2), identifier alignment (§3.2.x), non-existent domains
//     (`np`), test mode (`t=y`: one level below the stated policy), author domain problems
//     (no From, several From, several addresses, no domain → permerror).
//   RFC 7489: Organizational Domain from the Public Suffix List (§3.2, psl.hpp), policy discovery
//     at the author domain then the Organizational Domain (§6.6.3), `pct` sampling, `rf`/`ri`.
// External report destinations (RFC 7489 §7.1, RFC 9990 §4): `<domain>._report._dmarc.<dest>`.
//
// Sans-I/O like spf::check_host(): check() reads DNS through a dns::lookup_context, asks ahead
// (every _dmarc name of every walk it will need, the author domain's A/AAAA/MX when `np` could
// matter, the report authorisation names) and returns done == false until every answer it needs
// is in the cache. Same cache → same questions and same evaluation. No exceptions, no I/O, no clock,
// no randomness (RFC 7489 `pct` is reported as the two possible dispositions, never sampled).
#pragma once

#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "authlens/psl.hpp"
#include "authlens/result.hpp"
#include "authlens/spf.hpp"

namespace authlens::dmarc {

/// Which specification a result follows.
enum class mode {
  rfc9989,  ///< DMARCbis (May 2026): DNS tree walk, np, psd, t
  rfc7489,  ///< the original DMARC: public suffix list, pct, rf, ri
};
std::string_view to_string(mode m);  ///< "rfc9989", "rfc7489"

/// DMARC results, spelled as in RFC 8601 (dmarc method, RFC 7489 §11.2).
enum class result_code {
  none,       ///< DMARC does not apply: no usable policy record for the author domain
  pass,       ///< an aligned identifier passed (SPF or DKIM)
  fail,       ///< no aligned identifier passed
  temperror,  ///< a DNS failure kept discovery or alignment from finishing
  permerror,  ///< the author domain could not be determined (no/several From, no domain)
};
std::string_view to_string(result_code r);

/// Domain Owner Assessment Policy values (p / sp / np) and dispositions.
enum class policy {
  none,        ///< no preference (monitoring)
  quarantine,  ///< treat as suspicious
  reject,      ///< reject
};
std::string_view to_string(policy p);
std::optional<policy> policy_from_string(std::string_view s);  ///< exact, lower-case (as the ABNF says)

/// adkim / aspf.
enum class alignment_mode {
  relaxed,  ///< same Organizational Domain
  strict,   ///< identical domains
};
std::string_view to_string(alignment_mode a);  ///< "relaxed", "strict"

/// psd= (RFC 9989).
enum class psd_flag {
  unset,  ///< absent or "u": use the tree walk
  yes,    ///< "y": the domain is a Public Suffix Domain
  no,     ///< "n": the domain is an Organizational Domain
};
std::string_view to_string(psd_flag p);  ///< "u", "y", "n"

// --- record syntax ------------------------------------------------------------------------------

/// One DMARC reporting URI (rua / ruf).
struct report_uri {
  std::string text;        ///< as written (size limit included)
  std::string uri;         ///< without the RFC 7489 "!size" suffix
  std::string scheme;      ///< lower-case, e.g. "mailto", "https"
  std::string address;     ///< mailto: the addr-spec ("" for other schemes)
  std::string domain;      ///< mailto: the address's domain, lower-case ("" otherwise)
  std::string size_limit;  ///< RFC 7489 "!10m" suffix without '!' ("" when absent)
  bool valid = false;      ///< syntactically valid URI with a scheme (mailto: with an address)
};

/// One tag as written (name lower-cased, value trimmed).
struct tag {
  std::string name;
  std::string value;
};

/// State of one policy tag (p / sp / np).
enum class tag_state {
  absent,   ///< not in the record
  valid,    ///< none / quarantine / reject
  invalid,  ///< present with another value
};

/// A parsed DMARC record. Tags with invalid values are recorded as defects and fall back to their
/// defaults (RFC 9989 §4.7: "syntax errors in the remainder of the record MUST be discarded in
/// favor of default values"); only a missing/misplaced v=DMARC1 makes parse_record() fail.
struct record {
  std::string text;              ///< the record as retrieved (strings concatenated)
  std::vector<tag> tags;         ///< every tag in order, unknown ones included
  tag_state p_state = tag_state::absent;
  tag_state sp_state = tag_state::absent;
  tag_state np_state = tag_state::absent;
  policy p = policy::none;       ///< meaningful when p_state == valid (or policy_fallback)
  std::optional<policy> sp;      ///< valid sp=
  std::optional<policy> np;      ///< valid np= (RFC 9989)
  psd_flag psd = psd_flag::unset;  ///< RFC 9989
  bool test = false;             ///< t=y (RFC 9989)
  alignment_mode adkim = alignment_mode::relaxed;
  alignment_mode aspf = alignment_mode::relaxed;
  std::vector<report_uri> rua, ruf;
  std::string fo = "0";          ///< as written when valid
  std::optional<int> pct;        ///< RFC 7489 only: 0..100 when valid
  std::string rf;                ///< RFC 7489 only: as written when valid ("afrf" default, "" when absent)
  std::optional<std::uint32_t> ri;  ///< RFC 7489 only: seconds when valid
  /// p missing or invalid, or sp/np invalid, and rua holds a valid URI: act as p=none
  /// (RFC 9989 §4.10.1, RFC 7489 §6.6.3).
  bool policy_fallback = false;
  /// p missing or invalid (or sp/np invalid) and no valid rua: the receiver applies no DMARC
  /// processing with this record.
  bool policy_unusable = false;
  std::vector<defect> defects;   ///< tag-level problems ("dmarc.record.bad_value", …)

  bool has_valid_rua() const;
  /// The tag's value as written, or nullptr.
  const std::string* find(std::string_view name) const;
};

/// True when a TXT record (strings concatenated) starts with v=DMARC1 as its first tag.
bool is_dmarc_record(std::string_view txt);

/// Parses a record. The one error: "dmarc.record.not_dmarc" (v=DMARC1 not first / absent / wrong
/// case). Everything else (pieces that are not name=value, bad values, duplicate tags, bad URIs) is a
/// defect and the tag's default applies.
[[nodiscard]] result<record> parse_record(std::string_view text);

// --- linting (shared with the record wizard and the domain check) ---------------------------------

struct finding {
  std::string code;      ///< stable, e.g. "dmarc.lint.pct_obsolete"
  std::string severity;  ///< "error", "warning", "info"
  std::string detail;    ///< a sentence for people
  std::string fix;       ///< the change to make ("" when nothing to change)
  std::map<std::string, std::string> params = {};  ///< the values detail and fix name, for translations
};

struct lint_options {
  /// The domain the record is (or will be) published for: enables the rua/ruf external-domain
  /// checks (whose DNS part is in check_domain()) and psd plausibility. "" to skip.
  std::string domain;
};

/// Lints a parsed record: obsolete RFC 7489 tags (pct, rf, ri), p=none without rua, invalid values,
/// unknown tags, fo without ruf, strict alignment hints, sp weaker than p, np/psd/t notes.
[[nodiscard]] std::vector<finding> lint_record(const record& r, const lint_options& opt = {});
/// Parses then lints; a record that does not parse gives one error finding with the parse error.
[[nodiscard]] std::vector<finding> lint_record(std::string_view text, const lint_options& opt = {});

// --- discovery ------------------------------------------------------------------------------------

/// One DNS question asked for a _dmarc TXT record, with what came of it.
struct lookup_step {
  std::string domain;    ///< the domain the record would be for (the name without "_dmarc.")
  std::string outcome;   ///< "record", "none" (no DMARC record), "multiple", "nxdomain",
                         ///< "temperror", "pending"
  std::vector<std::string> records;  ///< the v=DMARC1 TXT records seen (strings concatenated)
  psd_flag psd = psd_flag::unset;    ///< of the record, when outcome == "record"
};

/// How discovery ended: where the applicable record was found, or why there is none.
enum class discovery_reason {
  record_found,          ///< "dmarc.record.found": at the domain itself
  record_at_org_domain,  ///< "dmarc.record.at_org_domain"
  record_at_psd,         ///< "dmarc.record.at_psd": at a public suffix domain (RFC 9989 psd=y)
  record_none,           ///< "dmarc.record.none"
  record_multiple,       ///< "dmarc.record.multiple": several records at one name
  dns_temperror,         ///< "dmarc.dns.temperror": a DNS failure kept the record from being read
  domain_invalid,        ///< "dmarc.domain.invalid": not a domain name
};
std::string_view to_string(discovery_reason r);

/// How the Organizational Domain was chosen.
enum class org_reason {
  psd_n,           ///< "dmarc.org.psd_n": a record with psd=n
  psd_y,           ///< "dmarc.org.psd_y": one label below a record with psd=y
  fewest_labels,   ///< "dmarc.org.fewest_labels": the highest record of the walk
  no_record,       ///< "dmarc.org.no_record": no record in the tree, the domain itself
  psl,             ///< "dmarc.org.psl": the public suffix list (ICANN section)
  psl_private,     ///< "dmarc.org.psl_private": the public suffix list's private section
  psl_suffix,      ///< "dmarc.org.psl_suffix": the domain is a public suffix
  temperror,       ///< "dmarc.org.temperror": a DNS failure stopped the walk
  domain_invalid,  ///< "dmarc.domain.invalid": not a domain name
};
std::string_view to_string(org_reason r);

/// Where a domain's policy comes from and what its Organizational Domain is, in one mode.
struct discovery {
  mode m = mode::rfc9989;
  bool done = false;          ///< false: answers are pending
  bool temperror = false;     ///< a DNS failure stopped discovery
  std::string domain;         ///< the domain asked about (normalised)
  std::string org_domain;     ///< Organizational Domain (9989: tree walk; 7489: PSL)
  std::string record_domain;  ///< where the applicable record was found ("" when none)
  std::string record_text;    ///< that record ("" when none)
  std::optional<record> rec;  ///< parsed
  std::optional<discovery_reason> reason;  ///< how discovery ended (unset while pending)
  std::optional<dmarc::org_reason> org_reason;  ///< how org_domain was chosen (unset while pending)
  std::vector<lookup_step> steps;  ///< _dmarc questions in walk order
};

struct options {
  const psl::list* psl = nullptr;  ///< nullptr: psl::list::builtin()
  psl::match_options psl_match;    ///< ICANN + private by default
  bool check_rua = true;           ///< ask <domain>._report._dmarc.<dest> for external rua
  int max_rua_checks = 8;          ///< destinations checked (the rest are listed as unchecked)
};

/// Policy discovery and Organizational Domain of `domain` in one mode.
[[nodiscard]] discovery discover(dns::lookup_context& ctx, std::string_view domain, mode m, const options& opt = {});

/// RFC 9989 §4.10.2 Organizational Domain of any domain (tree walk). steps/done/temperror as above.
[[nodiscard]] discovery organizational_domain(dns::lookup_context& ctx, std::string_view domain, const options& opt = {});

/// Authorisation of one external report destination.
struct rua_check {
  std::string uri;         ///< as written
  std::string tag;         ///< "rua" or "ruf"
  std::string dest_domain; ///< the destination address's domain
  bool external = false;   ///< the destination's Organizational Domain (PSL) differs from the policy domain's
  std::string query;       ///< "<domain>._report._dmarc.<dest>" ("" when not external)
  std::string status;      ///< "same_domain", "authorized", "not_authorized", "temperror", "pending",
                           ///< "not_mailto", "invalid", "unchecked"
  std::string record;      ///< the authorising record found ("" otherwise)
};

/// Checks every rua/ruf destination of `r` (published at `policy_domain`).
[[nodiscard]] std::vector<rua_check> check_report_destinations(dns::lookup_context& ctx, std::string_view policy_domain,
                                                 const record& r, const options& opt = {});

// --- message evaluation ---------------------------------------------------------------------------

/// Why the RFC5322.From domain could not be determined (RFC 9989 §4.4 / DESIGN.md: permerror).
enum class author_problem {
  none,                ///< author_domain is set
  no_from,             ///< no From field
  multiple_from,       ///< several From fields
  multiple_addresses,  ///< one From with several mailboxes (and no single domain)
  no_domain,           ///< the address has no (valid) domain
};
std::string_view to_string(author_problem p);  ///< "none", "no_from", …

struct spf_input {
  std::optional<spf::result_code> result;  ///< SPF's result; nullopt when SPF was not evaluated
  std::string domain;  ///< domain of the identity checked (MAIL FROM domain, or HELO when MAIL FROM is empty)
  bool helo = false;   ///< true when `domain` is the HELO identity (MAIL FROM was empty)
};

struct dkim_input {
  std::string domain;    ///< d=
  std::string selector;  ///< s= (evidence only)
  dkim::verdict result = dkim::verdict::none;  ///< the signature's result; only pass can align
};

struct inputs {
  std::string author_domain;  ///< RFC5322.From domain (normalised by check())
  author_problem author_error = author_problem::none;
  spf_input spf;
  std::vector<dkim_input> dkim;
};

/// Why an identifier is (not) aligned with the author domain.
enum class alignment_reason {
  identical,             ///< "dmarc.align.identical"
  same_org_domain,       ///< "dmarc.align.same_org_domain"
  strict_mismatch,       ///< "dmarc.align.strict_mismatch": different domains under strict alignment
  different_org_domain,  ///< "dmarc.align.different_org_domain"
  not_passed,            ///< "dmarc.align.not_passed": the mechanism did not pass
  no_domain,             ///< "dmarc.align.no_domain": the identifier has no domain
  helo_not_used,         ///< "dmarc.align.helo_not_used": RFC 9989 does not use the HELO identity
  pending,               ///< "dmarc.align.pending": an Organizational Domain walk waits for DNS
  temperror,             ///< "dmarc.align.temperror": a DNS failure kept alignment unknown
};
std::string_view to_string(alignment_reason r);

/// Alignment of one authenticated identifier with the author domain.
struct identifier {
  std::string mechanism;   ///< "spf" or "dkim"
  std::string domain;      ///< the identifier's domain
  std::string selector;    ///< dkim only
  std::string result;      ///< the mechanism's own result word
  bool passed = false;
  bool aligned = false;    ///< passed and aligned under the record's mode (adkim / aspf)
  bool domain_aligned = false;  ///< the domains align (whether or not the mechanism passed)
  alignment_mode how = alignment_mode::relaxed;
  std::string org_domain;  ///< the identifier's Organizational Domain in this spec ("" when not needed)
  std::optional<alignment_reason> reason;  ///< unset when alignment was not judged (no usable record)
};

/// Why one spec's verdict is what it is.
enum class outcome_reason {
  pending,                       ///< "dmarc.pending": DNS answers are missing
  pass_dkim,                     ///< "dmarc.pass.dkim"
  pass_spf,                      ///< "dmarc.pass.spf"
  pass_dkim_and_spf,             ///< "dmarc.pass.dkim_and_spf"
  fail_no_aligned_pass,          ///< "dmarc.fail.no_aligned_pass"
  none_no_record,                ///< "dmarc.none.no_record"
  none_multiple_records,         ///< "dmarc.none.multiple_records"
  none_unusable_record,          ///< "dmarc.none.unusable_record": no valid p= and no valid rua=
  temperror_dns,                 ///< "dmarc.temperror.dns": the record could not be read
  temperror_alignment,           ///< "dmarc.temperror.alignment": an Organizational Domain could not be found
  permerror_no_from,             ///< "dmarc.permerror.author.no_from"
  permerror_multiple_from,       ///< "dmarc.permerror.author.multiple_from"
  permerror_multiple_addresses,  ///< "dmarc.permerror.author.multiple_addresses"
  permerror_no_domain,           ///< "dmarc.permerror.author.no_domain"
};
std::string_view to_string(outcome_reason r);

/// One spec's verdict.
struct outcome {
  mode m = mode::rfc9989;
  result_code result = result_code::none;
  outcome_reason reason = outcome_reason::pending;
  std::string detail;            ///< a sentence for people
  discovery disc;                ///< of the author domain
  std::optional<policy> requested;   ///< the policy that applies (p, sp or np) before t / pct
  std::string policy_tag;        ///< "p", "sp", "np" ("" when none applies)
  std::optional<policy> disposition; ///< what the receiver should do with this message
  bool test_mode = false;        ///< RFC 9989 t=y lowered the disposition one level
  int pct = 100;                 ///< RFC 7489 sampling rate used
  /// RFC 7489 with 0 < pct < 100: the disposition of a failing message outside the sample.
  std::optional<policy> disposition_unsampled;
  /// RFC 9989 existence test of the author domain (made only when np= would change the policy):
  /// false when A, AAAA and MX all answered NXDOMAIN or NODATA (np applies); true when any of them
  /// has a record, and also when existence is unknown (see below).
  bool author_exists = true;
  bool author_existence_checked = false;  ///< the test was made and DNS answered it
  /// The test was needed but no record was found and a question failed (SERVFAIL, TIMEOUT): a DNS
  /// failure is never taken for non-existence, so the domain counts as existing (sp or p applies).
  bool author_existence_unknown = false;
  identifier spf;
  std::vector<identifier> dkim;
};

/// Why SPF or DKIM gave no aligned pass (the explanation's `why_not`).
enum class unaligned_reason {
  spf_not_evaluated,            ///< "spf.not_evaluated"
  spf_helo_not_used,            ///< "spf.helo_not_used"
  spf_not_pass,                 ///< "spf.not_pass"
  spf_not_aligned_strict,       ///< "spf.not_aligned.strict"
  spf_not_aligned_org_domain,   ///< "spf.not_aligned.org_domain"
  dkim_no_signature,            ///< "dkim.no_signature"
  dkim_no_pass,                 ///< "dkim.no_pass"
  dkim_not_aligned_strict,      ///< "dkim.not_aligned.strict"
  dkim_not_aligned_org_domain,  ///< "dkim.not_aligned.org_domain"
};
std::string_view to_string(unaligned_reason r);

/// The single change that would make DMARC pass (docs/dmarc.md).
enum class fix {
  dmarc_publish_record,          ///< "fix.dmarc.publish_record" (result none)
  dmarc_one_record,              ///< "fix.dmarc.one_record"
  dmarc_valid_policy,            ///< "fix.dmarc.valid_policy"
  author_single_from,            ///< "fix.author.single_from" (permerror)
  dkim_repair_signature,         ///< "fix.dkim.repair_signature"
  dkim_sign_with_author_domain,  ///< "fix.dkim.sign_with_author_domain"
  dkim_sign,                     ///< "fix.dkim.sign"
  alignment_relax_adkim,         ///< "fix.alignment.relax_adkim"
  alignment_relax_aspf,          ///< "fix.alignment.relax_aspf"
  spf_authorize_sender,          ///< "fix.spf.authorize_sender"
  spf_custom_mail_from,          ///< "fix.spf.custom_mail_from"
};
std::string_view to_string(fix f);

/// "passed / aligned / why not" for one mechanism, and the single change that would make DMARC pass.
struct explain_part {
  bool present = false;   ///< the mechanism produced a result at all
  bool passed = false;
  bool aligned = false;   ///< passed and aligned
  std::optional<unaligned_reason> why_not;  ///< set when !aligned
  std::string detail;     ///< a sentence
};

struct explanation {
  explain_part spf;
  explain_part dkim;
  std::optional<dmarc::fix> fix_code;  ///< unset when DMARC passes or on temperror
  std::string fix;        ///< the single change, as a sentence
};

/// Why RFC 9989 and RFC 7489 reach different answers ("dmarc.diff.…").
enum class disagreement_reason {
  org_domain,                 ///< "dmarc.diff.org_domain"
  psd_record,                 ///< "dmarc.diff.psd_record": a psd= record sets RFC 9989's Organizational Domain
  psl_private_suffix,         ///< "dmarc.diff.psl_private_suffix"
  no_record_in_tree,          ///< "dmarc.diff.no_record_in_tree"
  record_placement,           ///< "dmarc.diff.record_placement"
  record_domain,              ///< "dmarc.diff.record_domain"
  multiple_records,           ///< "dmarc.diff.multiple_records"
  psd_policy,                 ///< "dmarc.diff.psd_policy"
  record_outside_psl_lookup,  ///< "dmarc.diff.record_outside_psl_lookup"
  record_not_applied,         ///< "dmarc.diff.record_not_applied"
  spf_alignment,              ///< "dmarc.diff.spf_alignment"
  spf_helo,                   ///< "dmarc.diff.spf_helo"
  dkim_alignment,             ///< "dmarc.diff.dkim_alignment"
  policy,                     ///< "dmarc.diff.policy"
  np,                         ///< "dmarc.diff.np"
  disposition,                ///< "dmarc.diff.disposition"
  test_mode_vs_pct,           ///< "dmarc.diff.test_mode_vs_pct"
  result,                     ///< "dmarc.diff.result"
};
std::string_view to_string(disagreement_reason r);

/// A point where RFC 9989 and RFC 7489 reach different answers.
struct disagreement {
  std::string what;    ///< "org_domain", "record", "policy", "alignment", "result", "disposition"
  disagreement_reason reason = disagreement_reason::result;
  std::string rfc9989; ///< the value under RFC 9989
  std::string rfc7489; ///< the value under RFC 7489
  std::string detail;  ///< why
};

struct evaluation {
  bool done = false;  ///< false: answer ctx.pending() and evaluate again
  std::string author_domain;
  author_problem author_error = author_problem::none;
  outcome rfc9989;    ///< the product's DMARC verdict
  outcome rfc7489;    ///< the same message judged the old way
  explanation explain;  ///< for the RFC 9989 outcome
  std::vector<disagreement> disagreements;
  std::vector<rua_check> rua;  ///< report destinations of the applied RFC 9989 record
  /// The Authentication-Results method fragment, e.g. "dmarc=pass header.from=example.com".
  std::string auth_results_fragment() const;
};

/// Evaluates DMARC for one message in both modes.
[[nodiscard]] evaluation check(dns::lookup_context& ctx, const inputs& in, const options& opt = {});

/// Convenience: runs dns::drive over `c` with `resolve` until the evaluation is done.
[[nodiscard]] evaluation evaluate(dns::cache& c, const inputs& in, const dns::resolve_fn& resolve, const options& opt = {},
                    dns::drive_stats* stats = nullptr);

// --- domain check (authlens dmarc check DOMAIN, the domain tab) ------------------------------------

struct domain_report {
  bool done = false;
  std::string domain;
  discovery rfc9989;
  discovery rfc7489;
  std::vector<finding> findings;     ///< lint of the applicable record (RFC 9989's, else RFC 7489's)
  std::vector<rua_check> rua;        ///< destinations of that record
  std::vector<disagreement> disagreements;
  bool temperror = false;            ///< a DNS failure kept a record from being read
};

[[nodiscard]] domain_report check_domain(dns::lookup_context& ctx, std::string_view domain, const options& opt = {});
[[nodiscard]] domain_report check_domain(dns::cache& c, std::string_view domain, const dns::resolve_fn& resolve,
                           const options& opt = {}, dns::drive_stats* stats = nullptr);

}  // namespace authlens::dmarc
