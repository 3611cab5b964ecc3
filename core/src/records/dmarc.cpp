// The DMARC builder: RFC 9989 first (p, sp, np, adkim, aspf, rua, ruf, fo, t, psd), the staged
// rollout, the mailing-list caution (RFC 9989), external report destinations and their
// authorisation records, and RFC 7489's pct explained as the old way.
#include <algorithm>

#include "authlens/psl.hpp"
#include "authlens/records.hpp"
#include "authlens/strings.hpp"
#include "records/dmarc_check.hpp"

namespace authlens::records {

namespace {

bool is_policy(std::string_view p) { return p == "none" || p == "quarantine" || p == "reject"; }

/// Normalises one report URI: a bare address gets mailto:; checks the address and an optional !size.
result<std::string> normalize_uri(std::string_view in) {
  std::string s(str::trim(in));
  if (s.find('@') != std::string::npos && !str::istarts_with(s, "mailto:")) s = "mailto:" + s;
  if (!str::istarts_with(s, "mailto:"))
    return error{"records.dmarc.bad_uri", "'" + std::string(in) + "' is not a mailto: report address"};
  s = "mailto:" + s.substr(7);
  std::string addr = s.substr(7);
  std::string size;
  if (auto bang = addr.find('!'); bang != std::string::npos) {
    size = addr.substr(bang + 1);
    addr.erase(bang);
    bool ok = !size.empty();
    for (std::size_t i = 0; i < size.size(); ++i) {
      char c = str::ascii_lower(size[i]);
      bool digit = c >= '0' && c <= '9';
      if (!(digit || (i + 1 == size.size() && i > 0 && (c == 'k' || c == 'm' || c == 'g' || c == 't')))) ok = false;
    }
    if (!ok) return error{"records.dmarc.bad_uri", "'" + std::string(in) + "' has a bad size limit after '!'"};
  }
  auto at = addr.rfind('@');
  if (at == std::string::npos || at == 0 || addr.find_first_of(",; ") != std::string::npos ||
      !valid_domain(addr.substr(at + 1)))
    return error{"records.dmarc.bad_uri", "'" + std::string(in) + "' is not a usable e-mail address"};
  return s;
}

/// The domain of a mailto: URI.
std::string uri_domain(std::string_view uri) {
  std::string addr(uri.substr(7));
  if (auto bang = addr.find('!'); bang != std::string::npos) addr.erase(bang);
  return dns::normalize_name(addr.substr(addr.rfind('@') + 1));
}

/// True when a is b or a sub-domain of b.
bool within(std::string_view a, std::string_view b) {
  return a == b || (a.size() > b.size() && a.substr(a.size() - b.size()) == b && a[a.size() - b.size() - 1] == '.');
}

struct tags {
  std::string p, sp, np, adkim, aspf, fo, psd;
  std::vector<std::string> rua, ruf;
  bool t = false, pct0 = false;
};

std::string compose(const tags& g) {
  std::string r = "v=DMARC1; p=" + g.p;
  if (!g.sp.empty()) r += "; sp=" + g.sp;
  if (!g.np.empty()) r += "; np=" + g.np;
  if (!g.adkim.empty()) r += "; adkim=" + g.adkim;
  if (!g.aspf.empty()) r += "; aspf=" + g.aspf;
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
  };
  if (!g.rua.empty()) r += "; rua=" + list(g.rua);
  if (!g.ruf.empty()) r += "; ruf=" + list(g.ruf);
  if (!g.fo.empty()) r += "; fo=" + g.fo;
  if (!g.psd.empty()) r += "; psd=" + g.psd;
  if (g.t) r += "; t=y";
  if (g.t && g.pct0) r += "; pct=0";
  return r;
}

}  // namespace

bool check_dmarc_record(std::string_view domain, std::string_view record, std::vector<note>& notes) {
  return detail::check_dmarc_with_core(domain, record, notes, false);
}

result<dmarc_build> build_dmarc(const dmarc_options& opt) {
  dmarc_build out;
  const std::string domain = dns::normalize_name(str::trim(opt.domain));
  if (!valid_domain(domain)) return error{"records.dmarc.bad_domain", "'" + opt.domain + "' is not a domain name"};
  tags g;
  g.p = str::lower(str::trim(opt.p));
  g.sp = str::lower(str::trim(opt.sp));
  g.np = str::lower(str::trim(opt.np));
  if (!is_policy(g.p)) return error{"records.dmarc.bad_policy", "p is none, quarantine or reject, not '" + opt.p + "'"};
  if (!g.sp.empty() && !is_policy(g.sp))
    return error{"records.dmarc.bad_policy", "sp is none, quarantine or reject, not '" + opt.sp + "'"};
  if (!g.np.empty() && !is_policy(g.np))
    return error{"records.dmarc.bad_policy", "np is none, quarantine or reject, not '" + opt.np + "'"};
  g.adkim = str::lower(str::trim(opt.adkim));
  g.aspf = str::lower(str::trim(opt.aspf));
  if (g.adkim == "relaxed") g.adkim = "r";
  if (g.adkim == "strict") g.adkim = "s";
  if (g.aspf == "relaxed") g.aspf = "r";
  if (g.aspf == "strict") g.aspf = "s";
  if (!(g.adkim.empty() || g.adkim == "r" || g.adkim == "s") || !(g.aspf.empty() || g.aspf == "r" || g.aspf == "s"))
    return error{"records.dmarc.bad_alignment", "adkim and aspf are r (relaxed) or s (strict)"};
  for (const auto& u : opt.rua) {
    auto n = normalize_uri(u);
    if (!n) return n.err();
    if (std::find(g.rua.begin(), g.rua.end(), *n) == g.rua.end()) g.rua.push_back(*n);
  }
  for (const auto& u : opt.ruf) {
    auto n = normalize_uri(u);
    if (!n) return n.err();
    if (std::find(g.ruf.begin(), g.ruf.end(), *n) == g.ruf.end()) g.ruf.push_back(*n);
  }
  g.fo = str::lower(str::trim(opt.fo));
  if (!g.fo.empty()) {
    for (auto part : str::split(g.fo, ':'))
      if (!(part == "0" || part == "1" || part == "d" || part == "s"))
        return error{"records.dmarc.bad_fo", "fo is a colon-separated list of 0, 1, d and s, not '" + opt.fo + "'"};
  }
  g.psd = str::lower(str::trim(opt.psd));
  if (!(g.psd.empty() || g.psd == "y" || g.psd == "n" || g.psd == "u"))
    return error{"records.dmarc.bad_psd", "psd is y, n or u"};
  g.t = opt.testing;
  g.pct0 = opt.legacy_pct;
  out.record = compose(g);

  out.publish.push_back(with_purpose(make_record("_dmarc." + domain, "TXT", out.record, opt.ttl,
                                                 "The DMARC policy of " + domain + " (and of its sub-domains without their own)."),
                                     "records.purpose.dmarc.policy", {{"domain", domain}}));

  // External report destinations need the destination's consent (RFC 9989; RFC 7489 §7.1).
  std::vector<std::string> seen;
  for (const auto* list : {&g.rua, &g.ruf})
    for (const auto& u : *list) {
      std::string d = uri_domain(u);
      // Same Organizational Domain (public suffix list, as RFC 7489 §7.1 receivers decide): no
      // authorisation needed.
      if (within(d, domain) || within(domain, d) || std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
      const std::string org_d = psl::organizational_domain(d), org_domain = psl::organizational_domain(domain);
      if (!org_d.empty() && org_d == org_domain) continue;
      seen.push_back(d);
      out.external_destinations.push_back(d);
      const std::string auth = domain + "._report._dmarc." + d;
      out.publish.push_back(with_purpose(make_record(auth, "TXT", "v=DMARC1;", opt.ttl,
                                                     "Published by " + d + " (not by you): it agrees to receive reports for " +
                                                         domain + "."),
                                         "records.purpose.dmarc.report_authorization", {{"operator", d}, {"domain", domain}}));
      out.notes.push_back({"records.dmarc.external_rua", "warning",
                           "Reports go to " + d + ", outside " + domain + ": receivers send them only when " + d +
                               " publishes " + auth + " TXT \"v=DMARC1;\". Report services do this for their customers; "
                               "check it is there.",
                           "ask the operator of " + d + " to publish the authorisation record",
                           {{"destination", d}, {"name", auth}, {"domain", domain}}});
    }

  // Explanations and cautions.
  if (g.p == "none")
    out.notes.push_back({"records.dmarc.p_none", "info",
                         "p=none: monitoring only. Receivers deliver as before and send reports; nothing is protected yet.",
                         "", {}});
  if (g.p == "reject")
    out.notes.push_back({"records.dmarc.mailing_lists", opt.mailing_lists ? "warning" : "info",
                         "RFC 9989 cautions against p=reject for domains whose users post to mailing lists: lists "
                         "that change the subject or body break DKIM, and the list's subscribers then reject or lose "
                         "those posts (and may unsubscribe your users). Prefer p=quarantine for such domains, or move "
                         "list traffic to a sub-domain with its own policy.",
                         opt.mailing_lists ? "use p=quarantine for a domain whose users post to mailing lists" : "", {}});
  if (g.rua.empty())
    out.notes.push_back({"records.dmarc.no_rua", g.p == "none" ? "warning" : "info",
                         "No rua: you get no aggregate reports, so you cannot see who sends as " + domain +
                             " nor whether moving to a stricter policy is safe.",
                         "add rua=mailto:dmarc-reports@" + domain, {{"domain", domain}}});
  if (!g.ruf.empty())
    out.notes.push_back({"records.dmarc.ruf_privacy", "info",
                         "Failure reports (ruf) can carry message content and personal data; most large receivers "
                         "never send them.",
                         "", {}});
  if (!g.fo.empty() && g.ruf.empty())
    out.notes.push_back({"records.dmarc.fo_without_ruf", "info", "fo= only affects failure reports; there is no ruf.",
                         "remove fo or add ruf", {}});
  if (g.t)
    out.notes.push_back({"records.dmarc.testing", "info",
                         "t=y (RFC 9989 test mode): receivers apply the next policy down (quarantine → none, "
                         "reject → quarantine) while you watch the reports." +
                             std::string(g.pct0 ? " pct=0 says the same to receivers that still follow RFC 7489 and "
                                                  "do not know t=; RFC 9989 receivers ignore pct."
                                                : " Receivers that still follow RFC 7489 do not know t= and apply the "
                                                  "full policy."),
                         "", {}});
  out.notes.push_back({"records.dmarc.pct_old_way", "info",
                       "RFC 7489 had pct=0..100 to apply the policy to a share of failing mail; RFC 9989 removed it "
                       "(receivers sampled inconsistently) and keeps only the test mode t=y.",
                       "", {}});
  if (g.adkim == "s" || g.aspf == "s")
    out.notes.push_back({"records.dmarc.strict", "warning",
                         "Strict alignment needs the exact domain: mail signed or bounced through a sub-domain "
                         "(common with sending services) fails DMARC.",
                         "keep relaxed alignment unless every sender uses exactly " + domain, {{"domain", domain}}});
  if (!g.np.empty())
    out.notes.push_back({"records.dmarc.np", "info",
                         "np=" + g.np + " applies to mail from sub-domains that do not exist in DNS (RFC 9989).", "",
                         {{"np", g.np}}});
  if (!g.sp.empty() && g.sp != g.p)
    out.notes.push_back({"records.dmarc.sp", "info", "sp=" + g.sp + " applies to existing sub-domains without their own record.",
                         "", {{"sp", g.sp}}});
  if (g.psd == "y")
    out.notes.push_back({"records.dmarc.psd", "warning",
                         "psd=y declares " + domain + " a public suffix domain (RFC 9989): only for operators of public "
                             "suffixes such as registries, never for an ordinary organisation.",
                         "remove psd unless you operate a public suffix", {{"domain", domain}}});
  else if (g.psd == "n")
    out.notes.push_back({"records.dmarc.psd_n", "info",
                         "psd=n marks " + domain + " as the organisational domain for the DNS tree walk (RFC 9989).", "",
                         {{"domain", domain}}});

  // The staged rollout, with the user's other choices kept at every step.
  struct stage {
    const char* code;
    const char* title;
    const char* p;
    bool t;
    const char* watch;
    const char* duration;
  };
  const stage stages[] = {
      {"records.dmarc.stage.monitor", "Monitor: p=none with aggregate reports", "none", false,
       "Read the aggregate reports: list every service that sends as the domain and make each pass SPF or DKIM "
       "aligned with it (add it to SPF, give it DKIM CNAMEs).",
       "2 to 4 weeks, until the reports show only known senders passing"},
      {"records.dmarc.stage.test", "Quarantine in test mode: p=quarantine; t=y", "quarantine", true,
       "Failing mail is still delivered as with p=none by most receivers; watch that the share of aligned mail stays "
       "near 100 % and no new legitimate source appears.",
       "2 weeks"},
      {"records.dmarc.stage.quarantine", "Quarantine: p=quarantine", "quarantine", false,
       "Failing mail goes to spam. Watch the reports and ask users about missing mail (forwarders, mailing lists, "
       "a forgotten service).",
       "2 to 4 weeks"},
      {"records.dmarc.stage.reject", "Reject: p=reject", "reject", false,
       "Failing mail is refused. Keep reading the reports: new services must be set up before they send. Mind the "
       "mailing-list caution.",
       "ongoing"},
  };
  for (const auto& s : stages) {
    tags st = g;
    st.p = s.p;
    st.t = s.t;
    rollout_step step;
    step.code = s.code;
    step.title = s.title;
    step.record = compose(st);
    step.watch = s.watch;
    step.duration = s.duration;
    step.current = g.p == s.p && g.t == s.t;
    out.rollout.push_back(std::move(step));
  }

  // Every generated record goes through the core's DMARC parser and linter.
  detail::check_dmarc_with_core(domain, out.record, out.notes, true);
  for (auto& s : out.rollout) {
    std::vector<note> scratch;
    if (!check_dmarc_record(domain, s.record, scratch))
      out.notes.push_back({"records.dmarc.rollout_invalid", "error", "the rollout record '" + s.record + "' has an error",
                           "", {}});
  }
  for (auto& n : ttl_advice(opt.ttl)) out.notes.push_back(std::move(n));
  return out;
}

}  // namespace authlens::records
