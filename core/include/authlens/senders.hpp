// authlens/senders.hpp — the mailbox providers' published sender rules (Gmail, Yahoo, Outlook.com,
// iCloud Mail, NTT docomo, Yahoo! JAPAN, GMX / WEB.DE, La Poste) and how a provider's verdict follows
// from them. The rules are data: core/data/sender-rules.json, compiled into the core at build time
// (core/src/senders/generate_rules.cmake; docs/sender-rules.md). Each face checks the requirements
// with what it knows — the message analysis from one message (authlens/analysis.hpp), the domain
// check from DNS alone (authlens/domain.hpp) — and judge() turns the statuses into what the recipient
// will see. Pure: no I/O, no clock (the caller gives `now`), no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace authlens::senders {

enum class region { global, japan, europe };

/// What a rule asks of the sender (the JSON word is the data file's "requirement").
enum class requirement {
  spf_pass,                ///< "spf.pass": SPF passes for the MAIL FROM domain
  dkim_pass,               ///< "dkim.pass": a DKIM signature passes (RSA >= 1024 bits or Ed25519)
  dkim_aligned,            ///< "dkim.aligned": a passing DKIM signature aligned with From
  dmarc_record,            ///< "dmarc.record": the From domain publishes DMARC (p=none is enough)
  dmarc_aligned_pass,      ///< "dmarc.aligned_pass": DMARC passes
  dmarc_not_fail,          ///< "dmarc.not_fail": DMARC does not fail (no record is not a failure)
  auth_aligned,            ///< "auth.aligned": SPF or DKIM passes aligned with From, record or not
  ptr_fcrdns,              ///< "ptr.fcrdns": forward-confirmed reverse DNS of the sending IP
  ptr_non_generic,         ///< "ptr.non_generic": ... and the name is not a generic (dynamic-looking) one
  tls_handoff,             ///< "tls.handoff": the hand-off hop used TLS
  format_rfc5322,          ///< "format.rfc5322": header fields as RFC 5322 wants them
  unsubscribe_one_click,   ///< "unsubscribe.one_click": RFC 8058, signed
  unsubscribe_functional,  ///< "unsubscribe.functional": a working unsubscribe
};
constexpr requirement last_requirement = requirement::unsubscribe_functional;

/// To whom a rule applies: senders above the provider's volume threshold, or every message.
enum class applies { bulk, all };

/// Where the rule's date comes from: the provider's announcement, or the date a source reports the
/// rule in force when no announcement was found (the rule then counts as in force at any `now`).
enum class date_basis { announced, reported };

/// What the recipient will see (a provider's verdict; a rule's consequence when it fails). Ordered
/// from harmless to worst, `unknown` apart.
enum class effect {
  delivered,             ///< nothing in the rules acts on the message
  filtering_risk,        ///< the provider may filter it (no specific treatment published)
  warning,               ///< delivered with a warning shown to the recipient
  spam,                  ///< delivered to the spam folder
  spam_or_rejected,      ///< spam folder at best, or refused
  deferred_or_rejected,  ///< refused at SMTP, temporarily (4xx) or permanently (5xx)
  rejected,              ///< refused at SMTP (5xx)
  unknown,               ///< cannot tell (a requirement could not be checked)
};
constexpr effect last_effect = effect::unknown;

enum class status { pass, fail, unknown };
constexpr status last_status = status::unknown;

struct source {
  std::string_view url, title;
};

struct provider {
  std::string_view id, name;
  senders::region region;
};

struct rule {
  std::string_view provider;
  senders::requirement requirement;
  senders::applies applies;
  std::int64_t threshold_per_day;  ///< 0: none published
  std::string_view effective;      ///< YYYY-MM-DD
  senders::date_basis date_basis;
  senders::effect effect;          ///< when the rule fails
  std::string_view smtp_reply;     ///< "" when the provider documents none
  std::string_view text;           ///< the requirement, one English sentence
  senders::source source;
};

/// The compiled-in data.
std::span<const provider> providers();
std::span<const rule> rules();
std::string_view data_version();  ///< "sha256:…" of the data file

std::string_view to_string(region r);
std::string_view to_string(requirement r);
std::string_view to_string(applies a);
std::string_view to_string(date_basis b);
std::string_view to_string(effect e);
std::string_view to_string(status s);
status status_of(std::string_view word);  ///< "pass" / "fail" / anything else → unknown

struct rule_outcome {
  const rule* r = nullptr;
  status st = status::unknown;
  bool in_force = true;  ///< false: effective after `now` (listed, not counted)
};

struct verdict {
  const provider* p = nullptr;
  status st = status::unknown;     ///< fail: a rule in force fails; unknown: one cannot be checked
  effect outcome = effect::unknown;
  std::string_view smtp_reply;     ///< of the failing rule that decides `outcome`
  std::vector<rule_outcome> rules;
};

/// The rules of `p` that apply at `now`: for each requirement (in data order) the latest rule in
/// force, or, when none is in force yet, the first one to come. now <= 0: no date known, every rule
/// counts as in force.
std::vector<rule_outcome> applicable(const provider& p, std::int64_t now);

/// `p` judged at `now`, each requirement's status given by `check`.
verdict judge(const provider& p, std::int64_t now, const std::function<status(requirement)>& check);

}  // namespace authlens::senders
