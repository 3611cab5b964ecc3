// Bulk-sender readiness (report key `bulk_sender`, docs/report-format.md): the message judged against
// every mailbox provider's rules in core/data/sender-rules.json (authlens/senders.hpp), and against
// the two checklists of the first version — Gmail / Yahoo (February 2024) and Outlook.com (May 2025) —
// whose JSON stays as it was (the inventory reads it). Each requirement is checked once per message:
// pass / fail / unknown (cannot tell from this message), with its evidence. One-click unsubscribe per
// RFC 8058 (RFC 2369 field).
#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "authlens/strings.hpp"
#include "analysis/analyzer.hpp"

namespace authlens::analyzer {

namespace {

const char* const gmail = "Gmail sender guidelines, Feb 2024";
const char* const yahoo = "Yahoo sender requirements, Feb 2024";
const char* const outlook = "Outlook.com high-volume sender requirements, May 2025";

using item = bulk_item;

/// The stable word of a check state, for evidence codes ("not_run", "dns_offline", "dns_incomplete").
std::string state_code(check_state s) {
  switch (s) {
    case check_state::dns_offline: return "dns_offline";
    case check_state::dns_incomplete: return "dns_incomplete";
    case check_state::not_run: return "not_run";
    case check_state::done: break;
  }
  return "done";
}

std::string state_word(check_state s) {
  switch (s) {
    case check_state::dns_offline: return "the DNS answers were not available (offline mode)";
    case check_state::dns_incomplete: return "the DNS answers were not available";
    case check_state::not_run: return "the check could not run";
    case check_state::done: break;
  }
  return "";
}

/// True, with the reason in the evidence, when the check `what` did not run to the end (status stays unknown).
bool not_evaluated(item& i, const char* what, check_state s) {
  if (s == check_state::done) return false;
  i.evidence = std::string(what) + " was not evaluated: " + state_word(s) + ".";
  i.evidence_code = str::lower(what) + ".not_evaluated." + state_code(s);
  return true;
}

item spf_item(const bulk_inputs& in, std::string rule) {
  item i{"spf.pass", "unknown", "", std::move(rule)};
  if (not_evaluated(i, "SPF", in.spf_state)) return i;
  i.params.set("result", in.spf_result);
  i.params.set("domain", in.spf_domain);
  if (in.spf_result == "pass") {
    i.status = "pass";
    i.evidence = "SPF passes for " + in.spf_domain + ".";
    i.evidence_code = "spf.pass";
  } else {
    i.status = "fail";
    i.evidence = "SPF is " + in.spf_result + " for " + (in.spf_domain.empty() ? "the MAIL FROM" : in.spf_domain) + ".";
    i.evidence_code = in.spf_domain.empty() ? "spf.not_pass_mail_from" : "spf.not_pass";
  }
  return i;
}

/// A passing signature with an acceptable key (RSA ≥ 1024 bits, or Ed25519).
const bulk_dkim_sig* good_dkim(const bulk_inputs& in, bool want_aligned) {
  for (const auto& d : in.dkim) {
    if (d.result != "pass") continue;
    if (d.key_type == "rsa" && d.key_bits < 1024) continue;
    if (want_aligned && !d.aligned) continue;
    return &d;
  }
  return nullptr;
}

item dkim_item(const bulk_inputs& in, std::string rule) {
  item i{"dkim.pass", "unknown", "", std::move(rule)};
  if (const auto* d = good_dkim(in, false)) {
    i.status = "pass";
    i.params.set("domain", d->domain);
    i.params.set("bits", d->key_bits);
    i.params.set("key_type", d->key_type);
    i.evidence = "DKIM passes for " + d->domain +
                 (d->key_type == "rsa" ? " with a " + std::to_string(d->key_bits) + "-bit RSA key."
                                       : d->key_type == "ed25519" ? " with an Ed25519 key." : ".");
    i.evidence_code = d->key_type == "rsa" ? "dkim.pass_rsa" : d->key_type == "ed25519" ? "dkim.pass_ed25519" : "dkim.pass";
    return i;
  }
  if (in.dkim_state != check_state::done) {
    i.evidence = "DKIM was not fully evaluated: " + state_word(in.dkim_state) + ".";
    i.evidence_code = "dkim.not_evaluated." + state_code(in.dkim_state);
    return i;
  }
  i.status = "fail";
  if (in.dkim.empty()) {
    i.evidence = "The message carries no DKIM signature.";
    i.evidence_code = "dkim.none";
  } else {
    bool weak = false;
    for (const auto& d : in.dkim) weak = weak || (d.result == "pass" && d.key_type == "rsa" && d.key_bits < 1024);
    i.evidence = weak ? "The only passing signature uses an RSA key under 1024 bits."
                      : "No DKIM signature passes (" + std::to_string(in.dkim.size()) + " checked).";
    i.evidence_code = weak ? "dkim.weak_key" : "dkim.no_pass";
    i.params.set("count", static_cast<std::int64_t>(in.dkim.size()));
  }
  return i;
}

item dmarc_record_item(const bulk_inputs& in, std::string rule) {
  item i{"dmarc.record", "unknown", "", std::move(rule)};
  if (not_evaluated(i, "DMARC", in.dmarc_state)) return i;
  if (!in.author_error.empty() || in.author_domain.empty()) {
    i.status = "fail";
    i.evidence = "The author domain cannot be determined from the From field.";
    i.evidence_code = "author.unknown";
    return i;
  }
  if (in.dmarc_record.empty()) {
    i.status = "fail";
    i.evidence = "No DMARC record was found for " + in.author_domain + ".";
    i.evidence_code = "dmarc.no_record";
    i.params.set("domain", in.author_domain);
    return i;
  }
  i.status = "pass";
  i.evidence = "DMARC record at _dmarc." + in.dmarc_record_domain + ": " + in.dmarc_record;
  i.evidence_code = "dmarc.record";
  i.params.set("record_domain", in.dmarc_record_domain);
  i.params.set("record", in.dmarc_record);
  i.params.set("policy", in.dmarc_policy);
  return i;
}

item dmarc_pass_item(const bulk_inputs& in, std::string rule) {
  item i{"dmarc.aligned_pass", "unknown", "", std::move(rule)};
  if (not_evaluated(i, "DMARC", in.dmarc_state)) return i;
  i.params.set("result", in.dmarc_result);
  i.params.set("spf_aligned", in.spf_aligned);
  i.params.set("dkim_aligned", in.dkim_aligned);
  if (in.dmarc_result == "pass") {
    i.status = "pass";
    i.evidence = std::string("DMARC passes with ") +
                 (in.spf_aligned && in.dkim_aligned ? "aligned SPF and DKIM."
                  : in.dkim_aligned                 ? "aligned DKIM."
                                                    : "aligned SPF.");
    i.evidence_code = in.spf_aligned && in.dkim_aligned ? "dmarc.pass_both" : in.dkim_aligned ? "dmarc.pass_dkim" : "dmarc.pass_spf";
  } else {
    i.status = "fail";
    i.evidence = "DMARC is " + in.dmarc_result + ": neither SPF nor DKIM passes aligned with " +
                 (in.author_domain.empty() ? std::string("the From domain") : in.author_domain) + ".";
    i.evidence_code = in.author_domain.empty() ? "dmarc.not_pass_no_author" : "dmarc.not_pass";
    if (!in.author_domain.empty()) i.params.set("domain", in.author_domain);
  }
  return i;
}

item ptr_item(const bulk_inputs& in, std::string rule) {
  item i{"ptr.fcrdns", "unknown", "", std::move(rule)};
  if (in.handoff_ip.empty()) {
    i.evidence = "The sending IP is not known (no Received field shows the hand-off).";
    i.evidence_code = "ptr.no_handoff";
    return i;
  }
  i.params.set("ip", in.handoff_ip);
  if (in.iprev_state != check_state::done) {
    i.evidence = "Reverse DNS of " + in.handoff_ip + " was not checked: " + state_word(in.iprev_state) + ".";
    i.evidence_code = "ptr.not_evaluated." + state_code(in.iprev_state);
    return i;
  }
  i.params.set("result", in.iprev_result);
  if (in.iprev_result == "pass") {
    i.status = "pass";
    i.evidence = in.handoff_ip + " has forward-confirmed reverse DNS: " + in.iprev_name + ".";
    i.evidence_code = "ptr.pass";
    i.params.set("name", in.iprev_name);
  } else if (in.iprev_result == "temperror") {
    i.evidence = "The reverse DNS lookup of " + in.handoff_ip + " failed temporarily.";
    i.evidence_code = "ptr.temperror";
  } else {
    i.status = "fail";
    i.evidence = in.handoff_ip + " has no forward-confirmed reverse DNS (iprev " + in.iprev_result + ").";
    i.evidence_code = "ptr.fail";
  }
  return i;
}

item tls_item(const bulk_inputs& in, std::string rule) {
  item i{"tls.handoff", "unknown", "", std::move(rule)};
  if (!in.handoff_known) {
    i.evidence = "The hand-off hop is not known.";
    i.evidence_code = "tls.no_handoff";
    return i;
  }
  if (!in.handoff_tls) {
    i.evidence = "The hand-off hop's Received field does not say whether TLS was used.";
    i.evidence_code = "tls.not_recorded";
    return i;
  }
  i.params.set("tls", *in.handoff_tls);
  if (*in.handoff_tls == "none") {
    i.status = "fail";
    i.evidence = "The hand-off hop recorded plain SMTP (no TLS).";
    i.evidence_code = "tls.none";
  } else {
    i.status = "pass";
    i.evidence = "The hand-off hop recorded TLS (" + *in.handoff_tls + ").";
    i.evidence_code = "tls.pass";
  }
  return i;
}

item format_item(const bulk_inputs& in, std::string rule) {
  item i{"format.rfc5322", "pass", "", std::move(rule)};
  std::vector<std::string> problems;
  // The first problem's code and count (the evidence sentence is about it; `more` counts the others).
  std::string first_code;
  std::int64_t first_n = 0;
  auto problem = [&](std::string text, const char* code, std::int64_t n = 0) {
    if (problems.empty()) {
      first_code = code;
      first_n = n;
    }
    problems.push_back(std::move(text));
  };
  if (in.from_fields != 1) problem(std::to_string(in.from_fields) + " From fields (exactly one required)", "from_fields", in.from_fields);
  if (in.date_fields != 1) problem(std::to_string(in.date_fields) + " Date fields (exactly one required)", "date_fields", in.date_fields);
  else if (!in.date_parses) problem("a Date that is not an RFC 5322 date-time", "date_invalid");
  if (in.message_id_fields != 1)
    problem(std::to_string(in.message_id_fields) + " Message-ID fields (one expected)", "message_id_fields", in.message_id_fields);
  if (in.sender_fields > 1) problem("several Sender fields", "sender_fields");
  if (in.to_fields > 1) problem("several To fields", "to_fields");
  if (in.subject_fields > 1) problem("several Subject fields", "subject_fields");
  if (!in.author_error.empty() && in.from_fields == 1) problem("a From field without one valid address", "from_invalid");
  for (const auto& d : in.format_defects) {
    if (problems.empty()) i.params.set("defect", d);
    problem("defect " + d, "defect");
  }
  i.params.set("problems", problems);
  if (problems.empty()) {
    i.evidence = "One From, one Date, one Message-ID; no malformed header fields.";
    i.evidence_code = "format.ok";
  } else {
    i.status = "fail";
    i.evidence = "The message has " + problems.front() +
                 (problems.size() > 1 ? " and " + std::to_string(problems.size() - 1) + " more problem(s)." : ".");
    i.evidence_code = "format." + first_code + (problems.size() > 1 ? ".more" : "");
    i.params.set("n", first_n);
    i.params.set("more", static_cast<std::int64_t>(problems.size() - 1));
  }
  return i;
}

/// Aligned with From: as DMARC judged it, or, when no DMARC record applies (DMARC then computes no
/// alignment), relaxed alignment by organisational domain — what La Poste, Yahoo! JAPAN and GMX check.
bool aligned_relaxed(bool dmarc_aligned, std::string_view domain, const bulk_inputs& in) {
  if (dmarc_aligned) return true;
  return in.dmarc_record.empty() && !in.author_domain.empty() && !domain.empty() &&
         same_organisation(domain, in.author_domain);
}

/// RFC 8058 one-click unsubscribe: an https URI in List-Unsubscribe, List-Unsubscribe-Post:
/// List-Unsubscribe=One-Click, both fields in the h= of a passing DKIM signature aligned with From.
/// `relaxed`: alignment also by organisational domain when no DMARC record applies (the providers'
/// verdicts); the first version's checklists keep DMARC's own alignment only.
item unsubscribe_item(const bulk_inputs& in, std::string id, std::string rule, bool relaxed = false) {
  item i{std::move(id), "fail", "", std::move(rule)};
  bool https = false;
  for (const auto& v : in.list_unsubscribe) {
    // RFC 2369: a list of <URI>s.
    std::size_t pos = 0;
    while ((pos = v.find('<', pos)) != std::string::npos) {
      auto end = v.find('>', pos);
      if (end == std::string::npos) break;
      std::string_view uri = std::string_view(v).substr(pos + 1, end - pos - 1);
      if (str::istarts_with(str::trim(uri), "https://")) https = true;
      pos = end + 1;
    }
  }
  bool post = false;
  for (const auto& v : in.list_unsubscribe_post)
    if (str::trim(v) == "List-Unsubscribe=One-Click") post = true;
  bool covered = false;
  std::string by;
  for (const auto& d : in.dkim) {
    if (d.result != "pass" || !(relaxed ? aligned_relaxed(d.aligned, d.domain, in) : d.aligned)) continue;
    bool lu = false, lup = false;
    for (const auto& h : d.signed_fields) {
      lu = lu || h == "list-unsubscribe";
      lup = lup || h == "list-unsubscribe-post";
    }
    if (lu && lup) {
      covered = true;
      by = d.domain;
      break;
    }
  }
  i.params.set("list_unsubscribe", !in.list_unsubscribe.empty());
  i.params.set("https", https);
  i.params.set("one_click_post", post);
  i.params.set("dkim_covered", covered);
  if (covered) i.params.set("dkim_domain", by);
  if (in.list_unsubscribe.empty()) {
    i.evidence = "No List-Unsubscribe field (required for marketing and subscribed messages).";
    i.evidence_code = "unsubscribe.no_field";
  } else if (!https) {
    i.evidence = "List-Unsubscribe has no https URI.";
    i.evidence_code = "unsubscribe.no_https";
  } else if (!post) {
    i.evidence = "List-Unsubscribe-Post: List-Unsubscribe=One-Click is missing.";
    i.evidence_code = "unsubscribe.no_post";
  } else if (!covered) {
    if (in.dkim_state != check_state::done) {
      i.status = "unknown";
      i.evidence = "Both fields are present; DKIM was not fully evaluated: " + state_word(in.dkim_state) + ".";
      i.evidence_code = "unsubscribe.dkim_not_evaluated." + state_code(in.dkim_state);
    } else {
      i.evidence = "Both fields are present but no passing DKIM signature aligned with From signs both (h=).";
      i.evidence_code = "unsubscribe.not_signed";
    }
  } else {
    i.status = "pass";
    i.evidence = "One-click unsubscribe (RFC 8058) with an https URI, signed by " + by + ".";
    i.evidence_code = "unsubscribe.pass";
  }
  return i;
}

item dkim_aligned_item(const bulk_inputs& in) {
  item i{"dkim.aligned", "unknown", "", ""};
  for (const auto& d : in.dkim) {
    if (d.result != "pass" || !aligned_relaxed(d.aligned, d.domain, in)) continue;
    i.status = "pass";
    i.params.set("domain", d.domain);
    i.evidence = "DKIM passes for " + d.domain + ", aligned with the From domain.";
    i.evidence_code = "dkim_aligned.pass";
    return i;
  }
  if (in.dkim_state != check_state::done || in.dmarc_state != check_state::done) {
    i.evidence = "DKIM was not fully evaluated: " + state_word(in.dkim_state == check_state::done ? in.dmarc_state : in.dkim_state) + ".";
    i.evidence_code = "dkim.not_evaluated." + state_code(in.dkim_state == check_state::done ? in.dmarc_state : in.dkim_state);
    return i;
  }
  i.status = "fail";
  i.params.set("domain", in.author_domain);
  i.evidence = in.dkim.empty() ? "The message carries no DKIM signature."
                               : "No passing DKIM signature is aligned with " + in.author_domain + ".";
  i.evidence_code = in.dkim.empty() ? "dkim.none" : "dkim_aligned.fail";
  return i;
}

item auth_aligned_item(const bulk_inputs& in) {
  item i{"auth.aligned", "unknown", "", ""};
  if (not_evaluated(i, "DMARC", in.dmarc_state)) return i;
  const bool spf = in.spf_result == "pass" && aligned_relaxed(in.spf_aligned, in.spf_domain, in);
  bool dkim = false;
  for (const auto& d : in.dkim) dkim = dkim || (d.result == "pass" && aligned_relaxed(d.aligned, d.domain, in));
  i.params.set("spf_aligned", spf);
  i.params.set("dkim_aligned", dkim);
  i.params.set("domain", in.author_domain);
  if (spf || dkim) {
    i.status = "pass";
    i.evidence = std::string(spf && dkim ? "SPF and DKIM pass" : spf ? "SPF passes" : "DKIM passes") +
                 " aligned with " + in.author_domain + ".";
    i.evidence_code = spf && dkim ? "auth_aligned.pass_both" : spf ? "auth_aligned.pass_spf" : "auth_aligned.pass_dkim";
  } else if (not_evaluated(i, "SPF", in.spf_state) || not_evaluated(i, "DKIM", in.dkim_state)) {
    // Nothing passes aligned so far, but a check that did not finish might have.
  } else {
    i.status = "fail";
    i.evidence = "Neither SPF nor DKIM passes aligned with " +
                 (in.author_domain.empty() ? std::string("the From domain") : in.author_domain) + ".";
    i.evidence_code = in.author_domain.empty() ? "auth_aligned.fail_no_author" : "auth_aligned.fail";
  }
  return i;
}

item dmarc_not_fail_item(const bulk_inputs& in) {
  item i{"dmarc.not_fail", "unknown", "", ""};
  if (not_evaluated(i, "DMARC", in.dmarc_state)) return i;
  i.params.set("result", in.dmarc_result);
  if (in.dmarc_result == "fail") {
    i.status = "fail";
    i.evidence = "DMARC fails for " + in.author_domain + (in.dmarc_policy.empty() ? "." : " (p=" + in.dmarc_policy + ").");
    if (!in.dmarc_policy.empty()) i.params.set("policy", in.dmarc_policy);
    i.params.set("domain", in.author_domain);
    i.evidence_code = in.dmarc_policy.empty() ? "dmarc_not_fail.fail" : "dmarc_not_fail.fail_policy";
  } else if (in.dmarc_result == "temperror") {
    i.evidence = "DMARC could not be evaluated (temporary DNS error).";
    i.evidence_code = "dmarc_not_fail.temperror";
  } else {
    i.status = "pass";
    i.evidence = "DMARC does not fail (" + in.dmarc_result + ").";
    i.evidence_code = "dmarc_not_fail.pass";
  }
  return i;
}

item ptr_non_generic_item(const bulk_inputs& in) {
  item i = ptr_item(in, "");
  i.id = "ptr.non_generic";
  if (i.status != "pass") return i;
  if (generic_ptr_name(in.iprev_name, in.handoff_ip)) {
    i.status = "fail";
    i.evidence = in.handoff_ip + " has a generic reverse DNS name (" + in.iprev_name + "), not one of the sender's own.";
    i.evidence_code = "ptr.generic";
  } else {
    i.evidence = in.handoff_ip + " has its own reverse DNS name: " + in.iprev_name + ".";
    i.evidence_code = "ptr.own_name";
  }
  return i;
}

checklist tally(std::vector<item> items) {
  checklist c;
  for (const auto& i : items) {
    if (i.status == "pass") ++c.passed;
    else if (i.status == "fail") ++c.failed;
    else ++c.unknown;
  }
  c.status = c.failed ? "fail" : c.unknown ? "unknown" : "pass";
  c.items = std::move(items);
  return c;
}

}  // namespace

bool generic_ptr_name(std::string_view name, std::string_view ip) {
  const std::string n = str::lower(name);
  // The address's digits in the name, in either order ("192-0-2-81.pool…", "81.2.0.192.dyn…").
  std::vector<std::string> parts;
  for (auto p : str::split(ip, ip.find(':') == std::string_view::npos ? '.' : ':'))
    if (!p.empty()) parts.emplace_back(p);
  if (parts.size() >= 4) {
    auto digits_in_order = [&](bool reversed) {
      std::size_t at = 0;
      for (std::size_t k = 0; k < parts.size(); ++k) {
        const std::string& part = parts[reversed ? parts.size() - 1 - k : k];
        auto pos = n.find(part, at);
        if (pos == std::string::npos) return false;
        at = pos + part.size();
      }
      return true;
    };
    if (digits_in_order(false) || digits_in_order(true)) return true;
  }
  // Words ISPs use for dynamic or residential pools, as whole parts of a label.
  static const char* const words[] = {"dyn", "dynamic", "dhcp", "dsl", "adsl", "pool", "ppp", "dialup", "dial", "cable", "client", "customer", "residential"};
  std::string token;
  auto generic_token = [&] {
    for (const char* w : words)
      if (token == w) return true;
    return false;
  };
  for (char c : n + ".") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      token += c;
      continue;
    }
    if (generic_token()) return true;
    token.clear();
  }
  return false;
}

bulk_item check_requirement(senders::requirement r, const bulk_inputs& in) {
  using senders::requirement;
  switch (r) {
    case requirement::spf_pass: return spf_item(in, "");
    case requirement::dkim_pass: return dkim_item(in, "");
    case requirement::dkim_aligned: return dkim_aligned_item(in);
    case requirement::dmarc_record: return dmarc_record_item(in, "");
    case requirement::dmarc_aligned_pass: return dmarc_pass_item(in, "");
    case requirement::dmarc_not_fail: return dmarc_not_fail_item(in);
    case requirement::auth_aligned: return auth_aligned_item(in);
    case requirement::ptr_fcrdns: return ptr_item(in, "");
    case requirement::ptr_non_generic: return ptr_non_generic_item(in);
    case requirement::tls_handoff: return tls_item(in, "");
    case requirement::format_rfc5322: return format_item(in, "");
    case requirement::unsubscribe_one_click: return unsubscribe_item(in, "unsubscribe.one_click", "", true);
    case requirement::unsubscribe_functional: return unsubscribe_item(in, "unsubscribe.functional", "", true);
  }
  return item{std::string(senders::to_string(r)), "unknown", "", ""};
}

bulk_sender_verdicts bulk_sender(const bulk_inputs& in) {
  const std::string gy = std::string(gmail) + " / " + yahoo;
  std::vector<item> g = {
      spf_item(in, gy + ": bulk senders set up SPF for their sending domain; messages must pass SPF."),
      dkim_item(in, gy + ": bulk senders sign with DKIM (a key of at least 1024 bits); messages must pass DKIM."),
      dmarc_record_item(in, gy + ": bulk senders publish a DMARC record for the From domain (p=none is enough)."),
      dmarc_pass_item(in, gy + ": messages must pass DMARC: the From domain aligned with the SPF or DKIM domain."),
      ptr_item(in, gy + ": sending IPs must have valid forward and reverse DNS (PTR) records."),
      tls_item(in, std::string(gmail) + ": use a TLS connection for transmitting email."),
      format_item(in, gy + ": format messages according to RFC 5322."),
      unsubscribe_item(in, "unsubscribe.one_click",
                       gy + ": marketing and subscribed messages support one-click unsubscribe (RFC 8058: "
                            "List-Unsubscribe with an https URI and List-Unsubscribe-Post, covered by DKIM)."),
  };
  const std::string o = outlook;
  std::vector<item> m = {
      spf_item(in, o + ": SPF must pass for the sending domain."),
      dkim_item(in, o + ": DKIM must pass to validate integrity and authenticity."),
      dmarc_record_item(in, o + ": publish a DMARC policy of at least p=none."),
      dmarc_pass_item(in, o + ": DMARC must align with SPF or DKIM (preferably both)."),
      format_item(in, o + " (recommended): compliant, valid From and Reply-To addresses."),
      unsubscribe_item(in, "unsubscribe.functional",
                       o + " (recommended): provide a functional, clearly visible unsubscribe link."),
  };
  bulk_sender_verdicts out{tally(std::move(g)), tally(std::move(m)), {}};

  // Every provider of the data; each requirement checked once for all of them.
  std::map<senders::requirement, item> checked;
  auto check = [&](senders::requirement r) -> const item& {
    auto it = checked.find(r);
    if (it == checked.end()) it = checked.emplace(r, check_requirement(r, in)).first;
    return it->second;
  };
  for (const auto& p : senders::providers()) {
    provider_verdict v;
    v.judged = senders::judge(p, in.now, [&](senders::requirement r) { return senders::status_of(check(r).status); });
    for (const auto& ro : v.judged.rules) v.items.push_back(check(ro.r->requirement));
    out.providers.push_back(std::move(v));
  }
  return out;
}

}  // namespace authlens::analyzer
