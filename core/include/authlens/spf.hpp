// authlens/spf.hpp — Sender Policy Framework.
//
// RFC 7208: record selection (§4.4, §4.5), record syntax (§4.6, §12), mechanisms and qualifiers
// (§5), the redirect= and exp= modifiers (§6), macros (§7), the processing limits (§4.6.4), the
// HELO and MAIL FROM identities (§2.3, §2.4, §4.3), Received-SPF (§9.1) and the Authentication-Results
// method `spf` (RFC 8601 §2.7.2). Plus a linter for published records.
//
// Sans-I/O: check_host() reads DNS through a dns::lookup_context. When an answer is missing it
// keeps going down independent branches, prefetches what the rest of the policy will probably
// need (include/redirect targets, a/mx names) and returns an evaluation with done == false; the
// caller answers ctx.pending() and calls again (dns::drive does exactly this; see evaluate()).
// The RFC accounting (10 DNS-querying terms, 2 void lookups, 10 addresses per MX, 10 PTR names)
// follows the evaluation order only, never the prefetching.
//
// No exceptions, no I/O, no clock: the time for %{t} is request::now.
#pragma once

#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::spf {

/// check_host() results (RFC 7208 §2.6), spelled as in RFC 8601.
enum class result_code {
  none,       ///< no SPF record, or no valid domain to check
  neutral,    ///< the domain makes no assertion about the IP (`?`, or no mechanism matched)
  pass,       ///< the IP is authorised
  fail,       ///< the IP is explicitly not authorised (`-`)
  softfail,   ///< probably not authorised (`~`)
  temperror,  ///< a transient DNS error
  permerror,  ///< the published record(s) cannot be interpreted
};
std::string_view to_string(result_code r);
/// The result word read back ("pass", "fail", …; exact, lower-case), or nullopt for any other text.
std::optional<result_code> result_from_string(std::string_view s);

/// Stable machine reasons for a check_host() result (and for each record of the include tree).
/// to_string gives the code the reports use ("spf.mechanism_matched", "spf.syntax.version", …).
enum class reason {
  pending,                   ///< "spf.pending": waiting for DNS answers
  invalid_ip,                ///< the client IP is not an IP address
  invalid_domain,            ///< the <domain> is not a domain SPF can check
  dns_error,                 ///< a TXT, A, AAAA, MX or PTR lookup failed (SERVFAIL, timeout)
  no_record,                 ///< the domain publishes no SPF record
  multiple_records,          ///< the domain publishes several SPF records
  mechanism_matched,         ///< a mechanism matched: its qualifier is the result
  no_match,                  ///< no mechanism matched and there is no redirect=
  no_match_invalid_target,   ///< a, mx, ptr or exists expanded to an unusable name (no match)
  invalid_target,            ///< include/redirect expanded to an invalid domain name
  too_many_lookups,          ///< more than 10 DNS-querying terms (§4.6.4)
  too_many_void_lookups,     ///< more than 2 void lookups (§4.6.4)
  too_many_mx,               ///< an `mx` found more than 10 MX records
  include_depth,             ///< includes or redirects nest too deep
  include_none,              ///< an include target publishes no SPF record
  redirect_none,             ///< the redirect target publishes no SPF record
  syntax_version,            ///< the record does not start with v=spf1
  syntax_non_ascii,          ///< the record holds non-ASCII bytes
  syntax_control_char,       ///< the record holds a control character
  syntax_duplicate_redirect, ///< redirect= appears twice
  syntax_duplicate_exp,      ///< exp= appears twice
  syntax_bad_domain_spec,    ///< an invalid domain-spec
  syntax_bad_macro,          ///< an invalid macro-string in a modifier
  syntax_bad_mechanism,      ///< a known mechanism written wrongly
  syntax_unknown_mechanism,  ///< a mechanism SPF does not define
  macro_syntax,              ///< a macro-string that cannot be expanded
  macro_too_long,            ///< a macro expansion that is too long
};
inline constexpr reason last_reason = reason::macro_too_long;
std::string_view to_string(reason r);
/// The reason for an error code of parse_record() or expand_macros() ("spf.syntax.…", "spf.macro.…"),
/// or of any code to_string gives; nullopt for other text.
std::optional<reason> reason_from_string(std::string_view code);

/// Which identity is being checked (RFC 7208 §2.3, §2.4).
enum class identity {
  automatic,  ///< MAIL FROM when it has a domain, else HELO
  mailfrom,   ///< the MAIL FROM (reverse-path); postmaster@helo when it is empty
  helo,       ///< the HELO/EHLO name
};
std::string_view to_string(identity i);  ///< "mailfrom", "helo" ("mailfrom" for automatic)

struct request {
  std::string ip;         ///< client IP: IPv4, IPv6, or IPv4-mapped IPv6 (treated as IPv4)
  std::string mail_from;  ///< MAIL FROM address (may be empty, "<>" or have no local-part)
  std::string helo;       ///< HELO/EHLO name
  identity which = identity::automatic;
  std::string domain;     ///< optional: overrides the <domain> derived from the identity
  std::string receiver;   ///< receiving host, for %{r} and Received-SPF (empty → "unknown")
  std::int64_t now = 0;   ///< seconds since the epoch, for %{t}
};

/// Limits (RFC 7208 §4.6.4) and presentation. Aggregate with safe defaults.
struct options {
  int max_dns_terms = 10;       ///< include a mx ptr exists redirect; the 11th → permerror
  int max_void_lookups = 2;     ///< NXDOMAIN / NODATA answers to terms; the 3rd → permerror
  int max_mx_names = 10;        ///< MX records one `mx` may look at; more → permerror
  int max_ptr_names = 10;       ///< PTR names looked at by `ptr` / %{p}; the rest are ignored
  int max_prefetch = 64;        ///< questions one speculative walk may add per evaluation
  /// Explanation used for `fail` when the record has no usable exp= (macro-expanded).
  std::string default_explanation = "%{d} does not designate %{i} as permitted sender";
};

/// One record in the include tree (the top domain, includes and redirects).
struct tree_node {
  std::string domain;
  std::string via;                       ///< "" for the top, "include" or "redirect"
  std::string record;                    ///< the selected v=spf1 record ("" when none)
  std::vector<std::string> lookup_terms; ///< terms of this record that cost a DNS lookup, as written
  int void_lookups = 0;                  ///< void answers to this record's terms
  result_code result = result_code::none;
  std::optional<spf::reason> reason;     ///< this record's own result (unset when not decided)
  std::vector<tree_node> children;
};

struct evaluation {
  bool done = false;  ///< false: answer ctx.pending() and evaluate again
  result_code result = result_code::none;
  spf::reason reason = spf::reason::pending;  ///< why; to_string gives e.g. "spf.mechanism_matched"
  std::string message;      ///< a sentence for people
  std::string explanation;  ///< for fail: the exp= text (or the default explanation)
  identity checked = identity::mailfrom;  ///< the identity actually checked
  std::string sender;       ///< <sender> used (postmaster@… filled in)
  std::string domain;       ///< <domain> checked
  std::string client_ip;    ///< the IP as given
  std::string helo;
  std::string receiver;
  std::string matched;         ///< the mechanism that decided, as written ("" when none did)
  std::string matched_domain;  ///< the domain whose record holds it
  std::string matched_record;  ///< that record
  int rfc_lookups = 0;   ///< DNS-querying terms evaluated (the §4.6.4 count)
  int subqueries = 0;    ///< DNS questions the evaluation read (TXT, A, AAAA, MX, PTR)
  int void_lookups = 0;  ///< void answers counted (§4.6.4)
  tree_node tree;

  /// The Received-SPF header field (RFC 7208 §9.1), "Received-SPF: " included, no CRLF.
  std::string received_spf_field() const;
  /// The Authentication-Results method fragment, e.g. "spf=pass smtp.mailfrom=user@example.com".
  std::string auth_results_fragment() const;
};

/// check_host() for one request, reading DNS through ctx (missing answers end up in ctx.pending()).
[[nodiscard]] evaluation check_host(dns::lookup_context& ctx, const request& req, const options& opt = {});

/// Convenience: runs dns::drive over `c` with `resolve` until the evaluation is done.
[[nodiscard]] evaluation evaluate(dns::cache& c, const request& req, const dns::resolve_fn& resolve, const options& opt = {},
                    dns::drive_stats* stats = nullptr);

// --- record syntax (exposed for the linter, the wizard and fuzzing) ------------------------------

enum class term_kind { all, include, a, mx, ptr, ip4, ip6, exists, redirect, exp, unknown_modifier };
std::string_view to_string(term_kind k);

struct term {
  term_kind kind = term_kind::all;
  char qualifier = '+';      ///< + - ~ ? (mechanisms)
  std::string text;          ///< the term as written
  std::string name;          ///< modifier name (lower-case) for modifiers
  std::string domain_spec;   ///< macro-string target ("" when absent); modifier value for modifiers
  int cidr4 = 32;            ///< ip4 / a / mx: IPv4 prefix length
  int cidr6 = 128;           ///< ip6 / a / mx: IPv6 prefix length
  std::uint8_t addr[16] = {};///< ip4 (first 4 bytes) / ip6 network
  bool costs_lookup() const;  ///< include a mx ptr exists redirect
  bool is_mechanism() const { return kind != term_kind::redirect && kind != term_kind::exp && kind != term_kind::unknown_modifier; }
};

struct record {
  std::vector<term> terms;  ///< in order (modifiers included)
  int redirect_index = -1;  ///< index into terms
  int exp_index = -1;
};

/// True when a TXT record (its strings concatenated) is an SPF version 1 record (§4.5).
bool is_spf_record(std::string_view txt);
/// Parses a whole record ("v=spf1 …"). Any syntax error → error{"spf.syntax…", sentence}.
[[nodiscard]] result<record> parse_record(std::string_view text);

/// Values the macro letters stand for (§7.3). `p` must be resolved by the caller.
struct macro_env {
  std::string sender, local_part, sender_domain, domain, ip, helo, receiver, validated_name = "unknown";
  std::string client_ip;  ///< %{c}: the readable client IP
  std::string ip_version; ///< %{v}: "in-addr" or "ip6"
  std::int64_t now = 0;
};
/// Checks the macro-string syntax; `exp` allows c, r, t.
bool valid_macro_string(std::string_view s, bool exp);
/// Expands a macro-string. Errors: "spf.macro.syntax", "spf.macro.too_long".
[[nodiscard]] result<std::string> expand_macros(std::string_view s, const macro_env& env, bool exp);

// --- linting -----------------------------------------------------------------------------------

struct finding {
  std::string code;      ///< stable, e.g. "spf.lint.too_many_lookups"
  std::string severity;  ///< "error", "warning", "info"
  std::string domain;    ///< where it was found
  std::string message;
  std::string fix;       ///< what to change
  std::map<std::string, std::string> params = {};  ///< the values message and fix name, for translations
};

struct lint_report {
  bool done = false;          ///< false: answer ctx.pending() and lint again
  std::string domain;
  tree_node tree;
  int lookups = 0;            ///< DNS-querying terms in the whole tree (every branch, worst case)
  int void_lookups = 0;
  std::vector<finding> findings;
  std::vector<std::string> flatten_ip4, flatten_ip6;  ///< addresses of includes that could be inlined
};

struct lint_options {
  int max_dns_terms = 10;
  int max_void_lookups = 2;
  std::size_t long_record = 450;  ///< warn above this many bytes
  int max_depth = 12;
  int max_nodes = 64;             ///< records read in the whole tree (includes can share targets)
};

[[nodiscard]] lint_report lint(dns::lookup_context& ctx, std::string_view domain, const lint_options& opt = {});
[[nodiscard]] lint_report lint(dns::cache& c, std::string_view domain, const dns::resolve_fn& resolve, const lint_options& opt = {},
                 dns::drive_stats* stats = nullptr);

}  // namespace authlens::spf
