// DMARC (dmarc::check_domain: RFC 9989 and RFC 7489 discovery, lint, report authorisation) and
// DKIM keys (RFC 6376 §3.6.1 through dkim::parse_key_record; RFC 8301 sizes) in the domain check.
#include <algorithm>

#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/strings.hpp"
#include "domain/internal.hpp"

namespace authlens::domain::detail {

void check_dmarc(dns::lookup_context& ctx, report& r, area& ar) {
  dns::lookup_context sub(ctx.data());
  r.dmarc = dmarc::check_domain(sub, r.domain);
  for (const auto& q : sub.pending()) ctx.prefetch(q.name, q.type);
  if (!r.dmarc.done) {
    ar.g = grade::unknown;
    summarize(ar, "dmarc.no_answer", "No DNS answer for some DMARC lookups (offline, or out of rounds).");
    return;
  }
  const dmarc::discovery& d = r.dmarc.rfc9989.record_text.empty() && !r.dmarc.rfc7489.record_text.empty()
                                  ? r.dmarc.rfc7489
                                  : r.dmarc.rfc9989;
  if (r.dmarc.temperror && d.record_text.empty()) {
    ar.g = grade::unknown;
    ar.temp_failure = true;
    summarize(ar, "dmarc.dns_error", "The DMARC record could not be read (DNS error): try again later.");
    advise(ar, "domain.dns_retry", "check the domain's name servers, then run the check again");
    return;
  }
  if (d.record_text.empty()) {
    add(ar, "domain.dmarc.none", "error", "No DMARC record: receivers apply no policy to mail that fakes " + r.domain,
        "publish a TXT record at _dmarc." + r.domain + ": \"v=DMARC1; p=none; rua=mailto:dmarc-reports@" + r.domain +
            "\", read the reports, then move to quarantine and reject",
        {{"domain", r.domain}});
    grade_from_findings(ar);
    summarize(ar, "dmarc.none", "No DMARC record.");
    return;
  }
  for (const auto& f : r.dmarc.findings) add(ar, f.code, f.severity, f.detail, f.fix, f.params);
  const bool linted_rua = std::any_of(r.dmarc.findings.begin(), r.dmarc.findings.end(), [](const dmarc::finding& f) {
    return f.code.find("not_authorized") != std::string::npos;
  });
  for (const auto& c : r.dmarc.rua) {
    if (c.status == "not_authorized" && !linted_rua)
      add(ar, "domain.dmarc.rua_not_authorized", "warning",
          c.tag + " destination " + c.uri + " is in another domain that has not agreed to receive the reports (no " +
              c.query + " record): receivers will not send them",
          "ask " + c.dest_domain + " to publish TXT \"v=DMARC1\" at " + c.query + ", or send the reports to an address in " +
              r.domain,
          {{"tag", c.tag}, {"uri", c.uri}, {"query", c.query}, {"destination", c.dest_domain}, {"domain", r.domain}});
    else if (c.status == "temperror")
      ar.temp_failure = true;
  }
  for (const auto& x : r.dmarc.disagreements)
    add(ar, "domain.dmarc.disagree." + x.what, "info",
        "RFC 9989 and RFC 7489 differ on " + x.what + ": " + x.rfc9989 + " vs " + x.rfc7489 + " (" + x.detail + ")", "",
        {{"rfc9989", x.rfc9989}, {"rfc7489", x.rfc7489}});
  if (d.rec) {
    const dmarc::record& rec = *d.rec;
    if (rec.p_state == dmarc::tag_state::valid && rec.p == dmarc::policy::none)
      add(ar, "domain.dmarc.p_none", "warning",
          "p=none only monitors: mail that fakes " + r.domain + " is still delivered",
          "after reading the aggregate reports, move to p=quarantine (first with t=y), then p=reject", {{"domain", r.domain}});
    if (!rec.has_valid_rua())
      add(ar, "domain.dmarc.no_rua", "warning", "no rua= address: you will receive no aggregate reports",
          "add rua=mailto:dmarc-reports@" + r.domain, {{"domain", r.domain}});
  }
  grade_from_findings(ar);
  std::string pol = d.rec && d.rec->p_state == dmarc::tag_state::valid ? std::string(dmarc::to_string(d.rec->p)) : "?";
  summarize(ar, d.record_domain != r.domain ? "dmarc.policy_org" : "dmarc.policy",
            "Policy p=" + pol + " found at _dmarc." + d.record_domain +
                (d.record_domain != r.domain ? " (the organisational domain's record applies)" : "") + ".",
            {{"policy", pol}, {"record_domain", d.record_domain}});
}

namespace {

struct provider_hint {
  const char* suffix;
  const char* name;
};
constexpr provider_hint providers[] = {
    {".dkim.amazonses.com", "amazonses"}, {".sendgrid.net", "sendgrid"},   {".onmicrosoft.com", "microsoft365"},
    {".mcsv.net", "mailchimp"},           {".mandrillapp.com", "mandrill"}, {".mailgun.org", "mailgun"},
    {".zoho.com", "zoho"},                {".pphosted.com", "proofpoint"},
};

void read_key(dkim_key& k, const dns::answer& a) {
  k.cname_chain = a.cname_chain;
  for (const auto& target : a.cname_chain) {
    std::string t = dns::normalize_name(target);
    for (const auto& p : providers)
      if (str::iends_with(t, p.suffix)) k.provider = p.name;
  }
  if (temp_failure(&a)) {
    k.status = "dns_error";
    return;
  }
  std::vector<std::string> recs;
  for (const auto& strings : a.txt) {
    std::string joined;
    for (const auto& s : strings) joined += s;
    recs.push_back(joined);
  }
  if (recs.empty()) {
    k.status = "not_found";
    return;
  }
  if (recs.size() > 1) {
    k.status = "invalid";
    k.record = recs.front();
    k.detail = std::to_string(recs.size()) + " TXT records at the key name; verifiers reject the signature";
    return;
  }
  k.record = recs.front();
  dkim::key_parse kp = dkim::parse_key_record(k.record);
  if (kp.key) {
    k.key_type = kp.key->type == dkim::key_type::ed25519 ? "ed25519" : "rsa";
    k.bits = kp.key->bits;
    k.testing = kp.key->testing;
  }
  if (kp.key && kp.key->revoked) {
    k.status = "revoked";
  } else if (kp.why != dkim::reason::ok || !kp.key) {
    k.status = "invalid";
    k.detail = kp.detail.empty() ? std::string(dkim::to_string(kp.why)) : kp.detail;
  } else {
    k.status = "found";
  }
}

}  // namespace

void check_dkim(dns::lookup_context& ctx, report& r, const options& opt, area& ar) {
  std::vector<std::pair<std::string, std::string>> wanted;  // selector, source
  auto want = [&](std::string sel, const char* source) {
    sel = dns::normalize_name(str::trim(sel));
    if (sel.empty()) return;
    for (const auto& w : wanted)
      if (w.first == sel) return;
    wanted.emplace_back(std::move(sel), source);
  };
  for (const auto& s : opt.selectors) want(s, "given");
  if (opt.probe_selectors)
    for (const auto& s : common_selectors()) want(s, "probe");
  // Every key name in one round.
  for (const auto& w : wanted) ctx.prefetch(w.first + "._domainkey." + r.domain, dns::rr_type::txt);
  bool pending = false;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    dkim_key k;
    k.selector = wanted[i].first;
    k.source = wanted[i].second;
    k.name = k.selector + "._domainkey." + r.domain;
    const dns::answer* a = ctx.get(k.name, dns::rr_type::txt);
    if (!a) {
      pending = true;
      continue;
    }
    read_key(k, *a);
    // Amazon SES Easy DKIM: token._domainkey.D → token.dkim.amazonses.com. A CNAME that reveals a
    // token different from the selector asked (a delegated alias) adds that token as a selector.
    if (k.provider == "amazonses")
      for (const auto& target : k.cname_chain) {
        std::string t = dns::normalize_name(target);
        if (str::iends_with(t, ".dkim.amazonses.com")) want(t.substr(0, t.find('.')), "cname");
      }
    if (k.status == "not_found" && k.source == "probe") continue;  // a probe miss is not news
    r.dkim.push_back(std::move(k));
  }
  for (std::size_t i = 0; i < r.dkim.size(); ++i) {
    const dkim_key& k = r.dkim[i];
    if (k.status == "dns_error") {
      ar.temp_failure = true;
      add(ar, "domain.dkim.dns_error", "warning", "the lookup of " + k.name + " failed temporarily",
          "check the domain's name servers, then run the check again", {{"name", k.name}});
    } else if (k.status == "not_found") {
      add(ar, "domain.dkim.not_found", "error", "no DKIM key is published at " + k.name,
          "publish the key for selector '" + k.selector + "' (or the CNAME your provider gives you)", {{"name", k.name}, {"selector", k.selector}});
    } else if (k.status == "invalid") {
      add(ar, "domain.dkim.invalid", "error", "the key at " + k.name + " is unusable: " + k.detail,
          "republish the key record exactly as your signer or provider gives it", {{"name", k.name}, {"detail", k.detail}});
    } else if (k.status == "revoked") {
      add(ar, "domain.dkim.revoked", "info", "the key at " + k.name + " is revoked (empty p=)",
          "nothing to do if the selector is retired; otherwise publish its current key", {{"name", k.name}});
    } else {
      if (k.key_type == "rsa" && k.bits < 1024)
        add(ar, "domain.dkim.key_too_small", "error",
            k.name + ": RSA key of " + std::to_string(k.bits) + " bits; verifiers refuse keys under 1024 bits (RFC 8301)",
            "generate a 2048-bit RSA key and publish it under a new selector", {{"name", k.name}, {"bits", std::to_string(k.bits)}});
      else if (k.key_type == "rsa" && k.bits < 2048)
        add(ar, "domain.dkim.key_weak", "warning",
            k.name + ": RSA key of " + std::to_string(k.bits) + " bits; 2048 is the norm now",
            "rotate to a 2048-bit RSA key under a new selector", {{"name", k.name}, {"bits", std::to_string(k.bits)}});
      if (k.testing)
        add(ar, "domain.dkim.testing", "warning", k.name + " has t=y: verifiers may treat its signatures as unsigned",
            "remove t=y from the key record once signing works", {{"name", k.name}});
    }
  }
  if (pending) {
    ar.g = grade::unknown;
    summarize(ar, "dkim.no_answer", "No DNS answer for some DKIM selectors (offline, or out of rounds).");
    return;
  }
  int usable = static_cast<int>(std::count_if(r.dkim.begin(), r.dkim.end(), [](const dkim_key& k) {
    return k.status == "found" && !(k.key_type == "rsa" && k.bits < 1024);
  }));
  if (r.dkim.empty()) {
    add(ar, "domain.dkim.none_found", "warning",
        "no DKIM key found at the common selectors; selectors cannot be listed, so one may exist under another name",
        "give the selector from the s= tag of a DKIM-Signature your mail carries (--selector S)");
  }
  grade_from_findings(ar);
  if (ar.temp_failure && usable == 0) {
    ar.g = grade::unknown;
    summarize(ar, "dkim.dns_error", "A DKIM key lookup failed temporarily: try again later.");
    return;
  }
  if (r.dkim.empty())
    summarize(ar, "dkim.none", "No DKIM key found at the common selectors.");
  else
    summarize(ar, "dkim.keys",
              std::to_string(usable) + " usable DKIM key(s) found among " + std::to_string(r.dkim.size()) +
                  " selector(s) published.",
              {{"usable", std::to_string(usable)}, {"selectors", std::to_string(r.dkim.size())}});
}

}  // namespace authlens::domain::detail
