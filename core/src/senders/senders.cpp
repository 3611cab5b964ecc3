// The mailbox providers' sender rules (authlens/senders.hpp): the compiled-in tables, their words, and
// a provider's verdict from the statuses of its requirements.
#include "authlens/senders.hpp"

#include <string>

#include "authlens/transport.hpp"

namespace authlens::senders {

namespace detail {
extern const char* const builtin_version;
extern const provider builtin_providers[];
extern const std::size_t builtin_provider_count;
extern const rule builtin_rules[];
extern const std::size_t builtin_rule_count;
}  // namespace detail

std::span<const provider> providers() { return {detail::builtin_providers, detail::builtin_provider_count}; }
std::span<const rule> rules() { return {detail::builtin_rules, detail::builtin_rule_count}; }
std::string_view data_version() { return detail::builtin_version; }

std::string_view to_string(region r) {
  switch (r) {
    case region::global: return "global";
    case region::japan: return "japan";
    case region::europe: return "europe";
  }
  return "";
}

std::string_view to_string(requirement r) {
  switch (r) {
    case requirement::spf_pass: return "spf.pass";
    case requirement::dkim_pass: return "dkim.pass";
    case requirement::dkim_aligned: return "dkim.aligned";
    case requirement::dmarc_record: return "dmarc.record";
    case requirement::dmarc_aligned_pass: return "dmarc.aligned_pass";
    case requirement::dmarc_not_fail: return "dmarc.not_fail";
    case requirement::auth_aligned: return "auth.aligned";
    case requirement::ptr_fcrdns: return "ptr.fcrdns";
    case requirement::ptr_non_generic: return "ptr.non_generic";
    case requirement::tls_handoff: return "tls.handoff";
    case requirement::format_rfc5322: return "format.rfc5322";
    case requirement::unsubscribe_one_click: return "unsubscribe.one_click";
    case requirement::unsubscribe_functional: return "unsubscribe.functional";
  }
  return "";
}

std::string_view to_string(applies a) { return a == applies::bulk ? "bulk" : "all"; }
std::string_view to_string(date_basis b) { return b == date_basis::announced ? "announced" : "reported"; }

std::string_view to_string(effect e) {
  switch (e) {
    case effect::delivered: return "delivered";
    case effect::filtering_risk: return "filtering_risk";
    case effect::warning: return "warning";
    case effect::spam: return "spam";
    case effect::spam_or_rejected: return "spam_or_rejected";
    case effect::deferred_or_rejected: return "deferred_or_rejected";
    case effect::rejected: return "rejected";
    case effect::unknown: return "unknown";
  }
  return "";
}

std::string_view to_string(status s) {
  switch (s) {
    case status::pass: return "pass";
    case status::fail: return "fail";
    case status::unknown: return "unknown";
  }
  return "";
}

status status_of(std::string_view word) {
  return word == "pass" ? status::pass : word == "fail" ? status::fail : status::unknown;
}

std::vector<rule_outcome> applicable(const provider& p, std::int64_t now) {
  // Dates compare as text: both sides are YYYY-MM-DD. No date known: every rule is in force.
  const std::string today = now > 0 ? transport::to_iso8601_utc(now).substr(0, 10) : "9999-12-31";
  std::vector<rule_outcome> out;
  for (const auto& r : rules()) {
    if (r.provider != p.id) continue;
    const bool in_force = r.date_basis == date_basis::reported || std::string_view(today) >= r.effective;
    rule_outcome* same = nullptr;
    for (auto& o : out)
      if (o.r->requirement == r.requirement) same = &o;
    if (!same) {
      out.push_back({&r, status::unknown, in_force});
    } else if (in_force && (!same->in_force || r.effective > same->r->effective)) {
      *same = {&r, status::unknown, true};  // a later rule in force replaces the earlier one
    }
  }
  return out;
}

verdict judge(const provider& p, std::int64_t now, const std::function<status(requirement)>& check) {
  verdict v{&p, status::pass, effect::delivered, "", applicable(p, now)};
  const rule* worst = nullptr;
  bool unknown = false;
  for (auto& o : v.rules) {
    o.st = check(o.r->requirement);
    if (!o.in_force) continue;
    if (o.st == status::fail && (!worst || o.r->effect > worst->effect)) worst = o.r;
    // An unchecked rule matters only when failing it would change what the recipient sees.
    if (o.st == status::unknown && o.r->effect != effect::delivered) unknown = true;
  }
  if (worst) {
    v.st = status::fail;
    v.outcome = worst->effect;
    v.smtp_reply = worst->smtp_reply;
  } else if (unknown) {
    v.st = status::unknown;
    v.outcome = effect::unknown;
  }
  return v;
}

}  // namespace authlens::senders
