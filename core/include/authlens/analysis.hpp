// authlens/analysis.hpp — the analysis area: one message, one evaluation context (the entry point
// shared by the CLI and the WebAssembly module), and the judgements made from the checks' results.
//
// Sans-I/O (DESIGN.md "How data flows"): create() parses the message and evaluates every check
// against an empty DNS cache; pending() lists the questions the checks still need; supply() adds
// answers and evaluates again. The driver (native resolver, DoH via fetch, zone files, snapshot)
// loops until pending() is empty. Time is an input (now_unix); nothing here does I/O.
//
// result() is typed: the areas' own results (SPF RFC 7208, DKIM RFC 6376, DMARC RFC 9989 / RFC 7489,
// ARC RFC 8617, iprev RFC 8601 §3) and the parts judged from them: bulk-sender readiness, spoofing
// indicators, recomputed vs claimed (RFC 8601 Authentication-Results), the one-line summary and the
// decision chart. The report area serialises it as authlens/report/v1 (authlens/report.hpp, "analysis" section,
// docs/report-format.md); nothing in this area knows JSON.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "authlens/arc.hpp"
#include "authlens/authres.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/message.hpp"
#include "authlens/result.hpp"
#include "authlens/senders.hpp"
#include "authlens/spf.hpp"
#include "authlens/transport.hpp"

namespace authlens {

/// What the receiving MTA knew that the message may not say. Fields not given are taken from the
/// message (Received chain, Return-Path) where possible.
struct envelope {
  std::string ip;    ///< client IP that handed the message to the receiving organisation ("" = not given)
  std::string helo;  ///< HELO/EHLO name given by that client ("" = not given)
  /// RFC 5321 MAIL FROM. nullopt: not given (taken from Return-Path). "" or "<>": given, and it was
  /// the null reverse-path (RFC 5321 §4.5.5, bounces): SPF then checks postmaster@<HELO> (RFC 7208 §2.4).
  std::optional<std::string> mail_from;
};

namespace analyzer {

/// What became of a check that needs DNS.
enum class check_state {
  done,            ///< evaluated
  not_run,         ///< could not run (no IP, no identity…)
  dns_offline,     ///< offline mode: never asked
  dns_incomplete,  ///< answers missing
};

/// One value of a finding's parameters (the values a translated sentence is built from).
using param_value = std::variant<std::string, bool, std::int64_t, std::vector<std::string>>;

/// A finding's parameters: names with values, each name once (set() replaces).
class param_list {
 public:
  void set(std::string name, std::string v) { put(std::move(name), param_value(std::move(v))); }
  void set(std::string name, const char* v) { put(std::move(name), param_value(std::string(v))); }
  void set(std::string name, bool v) { put(std::move(name), param_value(v)); }
  void set(std::string name, std::vector<std::string> v) { put(std::move(name), param_value(std::move(v))); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void set(std::string name, T v) {
    put(std::move(name), param_value(static_cast<std::int64_t>(v)));
  }
  /// The value of `name`, nullptr when absent.
  const param_value* find(std::string_view name) const {
    for (const auto& [n, v] : items_)
      if (n == name) return &v;
    return nullptr;
  }
  const std::vector<std::pair<std::string, param_value>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  void put(std::string name, param_value v) {
    for (auto& [n, old] : items_)
      if (n == name) {
        old = std::move(v);
        return;
      }
    items_.emplace_back(std::move(name), std::move(v));
  }
  std::vector<std::pair<std::string, param_value>> items_;
};

// --- bulk-sender readiness: every provider in core/data/sender-rules.json (authlens/senders.hpp), and
// the two checklists of the first version (Gmail/Yahoo February 2024, Outlook May 2025), kept as they
// were because the inventory and older readers use them ----------------------------------------------

struct bulk_item {
  std::string id;        ///< "spf.pass", "dkim.pass", "dmarc.record", … (docs/report-format.md)
  std::string status;    ///< "pass", "fail" or "unknown" (cannot tell from this message)
  std::string evidence;  ///< one English sentence
  std::string rule;      ///< the published requirement it comes from
  param_list params = {};
  std::string evidence_code = {};  ///< stable code of the evidence sentence, e.g. "dkim.no_pass" (its values in params)
};

struct checklist {
  std::vector<bulk_item> items;
  int passed = 0, failed = 0, unknown = 0;
  std::string status;  ///< "fail" when an item fails, else "unknown" when one is unknown, else "pass"
};

/// One provider's rules applied to the message: the verdict (what the recipient will see) and, for
/// each of its rules, the evidence (items[i] belongs to judged.rules[i]; its `rule` is empty).
struct provider_verdict {
  senders::verdict judged;
  std::vector<bulk_item> items;
};

struct bulk_sender_verdicts {
  checklist gmail_yahoo;
  checklist outlook;
  std::vector<provider_verdict> providers;  ///< every provider of the data, in data order
};

// --- spoofing indicators -----------------------------------------------------------------------------

struct spoof_identity {
  std::string address, domain, org_domain;
  std::optional<bool> same_org_as_from;  ///< for identities other than the header From
};

struct spoof_dkim_identity {
  std::string domain, org_domain;
  bool pass = false;
  bool same_org_as_from = false;
};

struct spoof_identities {
  spoof_identity header_from;
  spoof_identity envelope_from;
  std::vector<spoof_dkim_identity> dkim;
};

struct indicator {
  std::string code;      ///< "spoofing.…"
  std::string severity;  ///< "info", "warning" or "danger"
  std::string detail;
  param_list params = {};
};

/// A lookalike finding for one domain.
struct lookalike {
  std::string domain;        ///< as given (A-labels kept)
  std::string unicode;       ///< xn-- labels decoded
  bool punycode = false;     ///< some label was xn--
  bool non_ascii = false;    ///< the Unicode form has non-ASCII characters
  std::vector<std::string> scripts;  ///< scripts present in the letters of the name (Latin, Cyrillic…)
  bool mixed_scripts = false;        ///< one label mixes scripts that are not a usual combination
  bool confusable = false;           ///< characters that look like Latin letters from other scripts
  std::string skeleton;              ///< the name with confusables mapped to the Latin letters they mimic
};

struct spoofing_report {
  std::string level;  ///< the highest severity among the indicators, "none" without any
  spoof_identities identities;
  std::vector<indicator> indicators;
  std::vector<lookalike> domains;  ///< every domain the message shows
};

// --- recomputed vs claimed (the message's own Authentication-Results) ---------------------------------

struct comparison_item {
  std::string method;                     ///< "spf", "dkim", "dmarc", "arc"
  std::optional<std::string> claimed;     ///< the receiver's result, nullopt when none
  std::optional<std::string> recomputed;  ///< authlens's, nullopt when it could not recompute
  bool agree = false;
  std::string code;                       ///< "compare.agree", "compare.dkim.key_rotated", …
  std::string detail;
  param_list params = {};
};

struct comparison_report {
  bool found = false;  ///< an Authentication-Results field was chosen
  std::string receiver_host, receiver_org;
  std::string detail;                     ///< when nothing was found
  // When found:
  std::optional<std::size_t> field_index;  ///< index among the parsed AR/AAR fields
  std::string authserv_id;
  std::string chosen_by;                   ///< "authserv_id_matches_receiver" or "topmost"
  std::optional<std::string> delivered_at; ///< ISO 8601, from the newest Received field
  std::vector<comparison_item> items;
  bool agree = false;                      ///< every item agrees
};

// --- summary and decision ----------------------------------------------------------------------------

/// The one line a person can act on. params.fix_code / params.fix are present only when the fix
/// applies: never for the summary.dns.*, summary.pass.* and summary.temperror headlines.
struct summary_line {
  std::string headline_code;  ///< "summary.fail.dkim_not_aligned", …
  std::string headline;       ///< the English sentence
  param_list params = {};
};

/// Where SPF and DKIM (each passed × aligned) put DMARC.
struct decision_chart {
  bool spf_pass = false, spf_aligned = false;
  std::string spf_domain;
  bool dkim_pass = false, dkim_aligned = false;
  std::string dmarc;                        ///< RFC 9989 result word, "none" when not judged
  std::optional<std::string> dmarc_reason;  ///< "dns.offline" / "dns.incomplete" when not judged
};

/// Everything the analysis found, as of the last evaluation.
struct message_report {
  std::int64_t now = 0;
  bool offline = false;
  mime::message message;
  transport::route route;
  std::vector<authres::field> authres;  ///< every AR/AAR field, in header order
  mime::author_domain_result author;
  // Identities, as used (given, or taken from the message).
  std::string mail_from;         ///< "" when unknown; "<>" for the null reverse-path
  std::string mail_from_source;  ///< "given", "return_path", "none"
  std::string helo;
  std::string helo_source;       ///< "given", "received", "none"
  // The checks.
  std::optional<transport::iprev_result> iprev;  ///< nullopt: no client IP
  std::optional<spf::evaluation> spf_mailfrom;   ///< nullopt: not run (no IP or no identity)
  std::optional<spf::evaluation> spf_helo;
  dkim::verify_result dkim;
  dmarc::evaluation dmarc;
  arc::evaluation arc;
  check_state iprev_state = check_state::not_run;
  check_state spf_state = check_state::done;
  check_state dkim_state = check_state::done;
  check_state dmarc_state = check_state::done;
  check_state arc_state = check_state::done;
  // The judgements.
  bulk_sender_verdicts bulk_sender;
  spoofing_report spoofing;
  comparison_report comparison;
  summary_line summary;
  decision_chart decision;
};

}  // namespace analyzer

using analysis_options = dns::job_options;

/// The message analysis: a dns::job (authlens/dns_job.hpp) whose result is a message_report.
class analysis : public dns::job {
 public:
  static authlens::result<analysis> create(std::string_view message, const envelope& env, std::int64_t now_unix,
                                 const analysis_options& opt = {});
  analysis(analysis&&) noexcept;
  analysis& operator=(analysis&&) noexcept;
  ~analysis() override;

  /// The report as of the last evaluation (serialised by report::to_json, authlens/report.hpp, "analysis" section).
  /// Its judged parts are made on the first call after an evaluation.
  const analyzer::message_report& result() const;

  /// An Authentication-Results field (RFC 8601) with authlens's own results, for pipelines:
  /// "Authentication-Results: <authserv_id>; iprev=…; spf=…; dkim=…; dmarc=…; arc=…" (folded with
  /// CRLF + TAB between results, no final CRLF). Checks whose DNS answers are missing are left out.
  std::string authentication_results(std::string_view authserv_id = "authlens") const;

  /// The CLI verdict (DESIGN.md): 0 when DMARC (RFC 9989) passes, 3 on temperror, 1 otherwise
  /// (an offline analysis cannot pass).
  int verdict_exit_code() const;

 protected:
  void run(dns::lookup_context& ctx) override;

 private:
  struct state;
  analysis(std::unique_ptr<state> s, const analysis_options& opt);
  /// Fills the check states and the judged parts from the checks' results.
  static void judge(analyzer::message_report& r, bool offline);
  std::unique_ptr<state> s_;
};

/// The headers-only view (`authlens headers`): the message, its route and its Authentication-Results
/// fields, parsed; no DNS. Serialised by report::headers_to_json.
struct headers_view {
  mime::message message;
  transport::route route;
  std::vector<authres::field> authres;
};
headers_view view_headers(std::string_view message, const envelope& env = {});

}  // namespace authlens
