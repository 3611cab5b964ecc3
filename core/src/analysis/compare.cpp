// Recomputed vs claimed (report key `comparison`) and the one-line summary (`summary`),
// docs/report-format.md. The claimed results are the receiving organisation's Authentication-Results
// field (RFC 8601), chosen by its authserv-id; differences are explained by their likely cause.
#include <algorithm>
#include <string>
#include <vector>

#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "authlens/transport.hpp"
#include "analysis/analyzer.hpp"

namespace authlens::analyzer {

namespace {

std::string dns_code(check_state s) { return s == check_state::dns_offline ? "dns.offline" : "dns.incomplete"; }

/// The first IP address written in the result's comments or properties (the client IP the receiver
/// checked SPF for: "designates 192.0.2.1 as permitted sender", "sender IP is 192.0.2.1").
std::string claimed_ip(const authres::resinfo& r) {
  auto scan = [](std::string_view text) -> std::string {
    std::string word;
    auto flush = [&]() -> std::string {
      std::string w = word;
      word.clear();
      while (!w.empty() && (w.back() == '.' || w.back() == ',' || w.back() == ')' || w.back() == ']')) w.pop_back();
      while (!w.empty() && (w.front() == '[' || w.front() == '(')) w.erase(w.begin());
      return transport::is_ip_literal(w) ? w : "";
    };
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == ';' || c == '=') {
        if (auto ip = flush(); !ip.empty()) return ip;
      } else {
        word += c;
      }
    }
    return flush();
  };
  for (const auto& p : r.properties)
    if (p.name == "client-ip" || p.name == "ip") {
      if (transport::is_ip_literal(p.value)) return p.value;
    }
  for (const auto& c : r.comments)
    if (auto ip = scan(c); !ip.empty()) return ip;
  return "";
}

std::string domain_of(std::string_view v) {
  auto at = v.rfind('@');
  std::string d = str::lower(at == std::string_view::npos ? v : v.substr(at + 1));
  while (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

std::string prop(const authres::resinfo& r, std::string_view ptype, std::string_view name) {
  const auto* p = r.find(ptype, name);
  return p ? p->value : "";
}

comparison_item item(std::string method, const std::string& claimed, const std::string& ours, std::string code,
                     std::string detail, param_list params = {}) {
  comparison_item i;
  i.method = std::move(method);
  i.agree = !claimed.empty() && claimed == ours;
  i.code = std::move(code);
  i.detail = std::move(detail);
  i.params = std::move(params);
  if (!claimed.empty()) i.claimed = claimed;
  if (!ours.empty()) i.recomputed = ours;
  return i;
}

param_list one(const char* name, std::string value) {
  param_list p;
  p.set(name, std::move(value));
  return p;
}

}  // namespace

comparison_report compare(const compare_inputs& in) {
  // Choose the receiving organisation's field: the topmost Authentication-Results whose authserv-id is
  // the receiver's host or inside its organisation; else the topmost one.
  int chosen = -1;
  std::string chosen_by;
  for (std::size_t i = 0; i < in.fields.size(); ++i) {
    const auto& f = in.fields[i];
    if (f.kind != authres::field_kind::authentication_results) continue;
    std::string id = str::lower(f.authserv_id);
    if (id.empty()) continue;
    if ((!in.receiver_host.empty() && id == in.receiver_host) ||
        (!in.receiver_org.empty() && (id == in.receiver_org || str::iends_with(id, "." + in.receiver_org)))) {
      chosen = static_cast<int>(i);
      chosen_by = "authserv_id_matches_receiver";
      break;
    }
  }
  if (chosen < 0)
    for (std::size_t i = 0; i < in.fields.size(); ++i)
      if (in.fields[i].kind == authres::field_kind::authentication_results) {
        chosen = static_cast<int>(i);
        chosen_by = "topmost";
        break;
      }
  comparison_report out;
  out.found = chosen >= 0;
  out.receiver_host = in.receiver_host;
  out.receiver_org = in.receiver_org;
  if (chosen < 0) {
    out.detail = "The message carries no Authentication-Results field to compare with.";
    return out;
  }
  const authres::field& f = in.fields[static_cast<std::size_t>(chosen)];
  out.field_index = static_cast<std::size_t>(chosen);
  out.authserv_id = f.authserv_id;
  out.chosen_by = chosen_by;
  if (in.delivered_at) out.delivered_at = transport::to_iso8601_utc(*in.delivered_at);

  std::vector<comparison_item>& items = out.items;
  bool spf_differs = false, dkim_differs = false;

  // SPF
  for (const auto& r : f.results) {
    if (r.method != "spf") continue;
    std::string ours = in.spf_state == check_state::done ? in.spf_result : "";
    param_list params = one("ip", in.spf_ip);
    std::string code = "compare.agree", detail = "authlens finds the same SPF result.";
    if (in.spf_state != check_state::done) {
      code = "compare.not_recomputed";
      detail = "authlens could not recompute SPF (" + dns_code(in.spf_state) + ").";
    } else if (r.result != ours) {
      spf_differs = true;
      std::string ip = claimed_ip(r);
      std::string mf = prop(r, "smtp", "mailfrom");
      std::string our_dom = domain_of(in.spf_mail_from);
      if (!ip.empty() && !in.spf_ip.empty() && ip != in.spf_ip) {
        code = "compare.spf.different_ip";
        detail = "The receiver checked SPF for " + ip + ", authlens for " + in.spf_ip +
                 ": the hand-off IP was read differently from the Received fields (give it with --ip).";
        params.set("claimed_ip", ip);
      } else if (!mf.empty() && !our_dom.empty() && domain_of(mf) != our_dom) {
        code = "compare.spf.different_identity";
        detail = "The receiver checked SPF for " + domain_of(mf) + ", authlens for " + our_dom + ".";
        params.set("claimed_domain", domain_of(mf));
        params.set("domain", our_dom);
      } else {
        code = "compare.spf.record_changed";
        detail = "Same IP and sender, different result: the SPF record (or a record it includes) has probably "
                 "changed since delivery.";
      }
    }
    items.push_back(item("spf", r.result, ours, code, detail, params));
    break;
  }

  // DKIM: each claimed signature matched to ours by d=, s= and the start of b=.
  std::vector<bool> used(in.dkim.size(), false);
  for (const auto& r : f.results) {
    if (r.method != "dkim") continue;
    std::string d = str::lower(prop(r, "header", "d"));
    if (d.empty()) d = domain_of(prop(r, "header", "i"));
    std::string s = prop(r, "header", "s");
    std::string b = prop(r, "header", "b");
    int match = -1;
    for (std::size_t i = 0; i < in.dkim.size() && match < 0; ++i) {
      if (used[i]) continue;
      const auto& o = in.dkim[i];
      if (!b.empty() && b.size() >= 4 && o.b_prefix.compare(0, b.size(), b) == 0) match = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < in.dkim.size() && match < 0; ++i) {
      if (used[i]) continue;
      const auto& o = in.dkim[i];
      if (o.domain == d && (s.empty() || str::iequals(o.selector, s))) match = static_cast<int>(i);
    }
    param_list params = one("domain", d);
    params.set("selector", s);
    if (match < 0) {
      if (r.result == "none") continue;
      items.push_back(item("dkim", r.result, "", "compare.dkim.signature_not_found",
                           "The receiver reported a signature by " + (d.empty() ? std::string("an unnamed domain") : d) +
                               " that the message no longer carries (removed after delivery).",
                           params));
      dkim_differs = true;
      continue;
    }
    used[static_cast<std::size_t>(match)] = true;
    const auto& o = in.dkim[static_cast<std::size_t>(match)];
    params.set("domain", o.domain);
    params.set("selector", o.selector);
    std::string ours = in.dkim_state == check_state::done || o.result != "none" ? o.result : "";
    std::string code = "compare.agree", detail = "authlens finds the same DKIM result.";
    if (ours.empty()) {
      code = "compare.not_recomputed";
      detail = "authlens could not recompute this signature (" + dns_code(in.dkim_state) + ").";
    } else if (r.result != ours) {
      dkim_differs = true;
      params.set("reason", o.reason);
      if (r.result == "pass") {
        if (o.reason == "key_not_found" || o.reason == "key_revoked") {
          code = "compare.dkim.key_removed";
          detail = "The key " + o.selector + "._domainkey." + o.domain +
                   " has been removed or revoked since delivery (usual after a key rotation).";
        } else if (o.reason == "signature_mismatch") {
          code = "compare.dkim.key_rotated";
          detail = "The signature no longer verifies with the key published now: the key was probably replaced "
                   "since delivery (or signed header fields were changed after receipt).";
        } else if (o.reason == "body_hash_mismatch") {
          code = "compare.dkim.body_changed";
          detail = "The body hash no longer matches: the body was changed after delivery (a forwarder, a "
                   "security gateway or the mail client rewrote it).";
        } else if (o.reason == "sig_expired") {
          code = "compare.dkim.expired_since_delivery";
          detail = "The signature's x= expiry has passed since delivery: it was valid then, it is not now.";
          if (o.expiration) params.set("expiration", transport::to_iso8601_utc(*o.expiration));
        } else if (o.reason == "key_unavailable") {
          code = "compare.dns_unavailable";
          detail = "The key could not be fetched now (temporary DNS failure).";
        } else {
          code = "compare.dkim.other";
          detail = "The receiver's verifier accepted what authlens rejects (" + o.reason + ").";
        }
      } else if (ours == "pass") {
        code = "compare.dkim.passes_now";
        detail = "The signature verifies now; the receiver's failure was probably a temporary DNS problem, a key "
                 "published after delivery, or a message changed before it reached authlens's input.";
      } else {
        code = "compare.dkim.different_failure";
        detail = "Both fail, for possibly different reasons (" + o.reason + ").";
      }
    }
    items.push_back(item("dkim", r.result, ours, code, detail, params));
  }

  // DMARC
  for (const auto& r : f.results) {
    if (r.method != "dmarc") continue;
    std::string ours = in.dmarc_state == check_state::done ? in.dmarc_result : "";
    std::string code = "compare.agree", detail = "authlens finds the same DMARC result.";
    if (ours.empty()) {
      code = "compare.not_recomputed";
      detail = "authlens could not recompute DMARC (" + dns_code(in.dmarc_state) + ").";
    } else if (r.result != ours) {
      if (spf_differs || dkim_differs) {
        code = "compare.dmarc.follows_differences";
        detail = "DMARC differs because the SPF or DKIM results above differ.";
      } else {
        code = "compare.dmarc.policy_changed";
        detail = "SPF and DKIM agree but DMARC differs: the DMARC record has probably changed since delivery "
                 "(or the receiver applies local policy).";
      }
    }
    items.push_back(item("dmarc", r.result, ours, code, detail, one("policy", in.dmarc_policy)));
    break;
  }

  // ARC
  for (const auto& r : f.results) {
    if (r.method != "arc") continue;
    std::string ours = in.arc_state == check_state::done ? in.arc_result : "";
    std::string code = "compare.agree", detail = "authlens finds the same ARC result.";
    if (ours.empty()) {
      code = "compare.not_recomputed";
      detail = "authlens could not recompute ARC (" + dns_code(in.arc_state) + ").";
    } else if (r.result != ours) {
      code = "compare.arc.differs";
      detail = "The ARC chain result differs: a sealer's key changed since delivery, or the message was changed "
               "after the last seal (the receiver may also have added its own set).";
    }
    items.push_back(item("arc", r.result, ours, code, detail));
    break;
  }

  bool all = true;
  for (const auto& i : items) all = all && i.agree;
  out.agree = all;
  return out;
}

// --- summary -------------------------------------------------------------------------------------------

summary_line summary(const summary_inputs& in) {
  param_list params;
  params.set("author_domain", in.author_domain);
  std::string code, head;
  auto with_fix = [&](std::string s, const std::string& fallback) {
    std::string fix = in.fix.empty() ? fallback : in.fix;
    if (!fix.empty()) {
      if (fix.back() == '.') fix.pop_back();
      if (!fix.empty()) fix[0] = static_cast<char>(str::ascii_lower(fix[0]));
      s += " — " + fix;
    }
    return s + ".";
  };
  // The DMARC fix applies to every headline except those where nothing is to be fixed in the
  // domain's set-up: not judged (summary.dns.*), passing (summary.pass.*), a temporary DNS failure.
  bool fix_applies = true;
  if (!in.dmarc_policy.empty()) params.set("policy", in.dmarc_policy);
  if (!in.dmarc_disposition.empty()) params.set("disposition", in.dmarc_disposition);

  if (in.dmarc_state == check_state::dns_offline || in.dmarc_state == check_state::dns_incomplete) {
    code = in.dmarc_state == check_state::dns_offline ? "summary.dns.offline" : "summary.dns.incomplete";
    head = in.dmarc_state == check_state::dns_offline
               ? "Not judged: offline mode asks no DNS, so SPF, DKIM and DMARC cannot be checked — switch DNS on to "
                 "analyse the message."
               : "Not judged: the DNS answers SPF, DKIM and DMARC need did not arrive — try again or choose another "
                 "resolver.";
    fix_applies = false;
  } else if (!in.author_error.empty()) {
    code = "summary.author_invalid";
    params.set("author_error", in.author_error);
    head = with_fix("DMARC cannot apply: the From field does not give exactly one address with a domain (" +
                        in.author_error + ")",
                    "send with exactly one From address");
  } else if (in.dmarc_result == "temperror") {
    code = "summary.temperror";
    fix_applies = false;
    head = "DMARC could not be judged: a DNS lookup failed temporarily — try again later.";
  } else if (in.dmarc_result == "none") {
    code = in.dmarc_reason == "dmarc.none.unusable_record" ? "summary.none.unusable_record" : "summary.none.no_record";
    head = with_fix(code == "summary.none.no_record"
                        ? "No DMARC policy: " + in.author_domain + " publishes no DMARC record, so receivers decide alone"
                        : "No DMARC policy: the DMARC record for " + in.author_domain + " has no usable policy",
                    "publish \"v=DMARC1; p=none; rua=mailto:…\" at _dmarc." + in.author_domain + " to start");
  } else if (in.dmarc_result == "pass") {
    fix_applies = false;
    bool dk = !in.dkim_aligned_domains.empty();
    if (dk) params.set("dkim_domain", in.dkim_aligned_domains.front());
    if (in.spf_aligned) params.set("spf_domain", in.spf_domain);
    if (dk && in.spf_aligned) {
      code = "summary.pass.both";
      head = "DMARC passes: SPF (" + in.spf_domain + ") and DKIM (" + in.dkim_aligned_domains.front() +
             ") both align with " + in.author_domain + ".";
    } else if (dk) {
      code = "summary.pass.dkim";
      head = "DMARC passes: the message is signed by " + in.dkim_aligned_domains.front() + ", aligned with " +
             in.author_domain + ".";
    } else {
      code = "summary.pass.spf";
      head = "DMARC passes on SPF alone (" + in.spf_domain + ") — sign the message as " + in.author_domain +
             " with DKIM so that forwarding does not break it.";
    }
  } else {
    std::string pol = in.dmarc_policy.empty() ? "" : " (p=" + in.dmarc_policy + ")";
    if (!in.dkim_pass_domains.empty()) {
      code = "summary.fail.dkim_not_aligned";
      params.set("dkim_domain", in.dkim_pass_domains.front());
      head = with_fix("DMARC fails" + pol + ": the message is signed by " + in.dkim_pass_domains.front() + ", not by " +
                          in.author_domain,
                      "have the sending service sign as " + in.author_domain + " (publish its DKIM records)");
    } else if (in.spf_result == "pass" && !in.spf_aligned) {
      code = "summary.fail.spf_not_aligned";
      params.set("spf_domain", in.spf_domain);
      head = with_fix("DMARC fails" + pol + ": SPF passes for " + in.spf_domain + ", which is not " + in.author_domain +
                          ", and no DKIM signature passes",
                      "sign the message with DKIM as " + in.author_domain);
    } else if (!in.dkim_fail_domains.empty()) {
      code = "summary.fail.dkim_fails";
      params.set("dkim_domain", in.dkim_fail_domains.front());
      params.set("spf_result", in.spf_result);
      head = with_fix("DMARC fails" + pol + ": the DKIM signature by " + in.dkim_fail_domains.front() +
                          " does not verify and SPF is " + (in.spf_result.empty() ? "not checked" : in.spf_result),
                      "see the DKIM card for why the signature fails");
    } else {
      code = "summary.fail.nothing_passes";
      params.set("spf_result", in.spf_result);
      head = with_fix("DMARC fails" + pol + ": the message is not DKIM-signed and SPF does not pass for " +
                          in.author_domain,
                      "sign the message with DKIM as " + in.author_domain);
    }
  }
  if (fix_applies && !in.fix_code.empty()) params.set("fix_code", in.fix_code);
  if (fix_applies && !in.fix.empty()) params.set("fix", in.fix);
  if (in.headers_only) params.set("headers_only", true);
  return summary_line{std::move(code), std::move(head), std::move(params)};
}

}  // namespace authlens::analyzer
