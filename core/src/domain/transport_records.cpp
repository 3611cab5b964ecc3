// MTA-STS (RFC 8461 §3.1 record, §3.2 policy, §4.1 MX matching), TLS-RPT (RFC 8460 §3) and BIMI
// (draft-brand-indicators-for-message-identification: default._bimi TXT, l= and a=).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "authlens/dkim.hpp"
#include "authlens/strings.hpp"
#include "domain/internal.hpp"

namespace authlens::domain {

bool mta_sts_mx_matches(std::string_view pattern, std::string_view host) {
  std::string p = dns::normalize_name(str::trim(pattern));
  std::string h = dns::normalize_name(host);
  if (p.empty() || h.empty()) return false;
  if (p.rfind("*.", 0) == 0) {
    // "*.example.com" matches exactly one extra left-most label.
    std::string rest = p.substr(1);  // ".example.com"
    if (h.size() <= rest.size() || h.compare(h.size() - rest.size(), rest.size(), rest) != 0) return false;
    std::string_view label = std::string_view(h).substr(0, h.size() - rest.size());
    return !label.empty() && label.find('.') == std::string_view::npos;
  }
  return p == h;
}

std::vector<finding> parse_mta_sts_policy(std::string_view text, mta_sts_info& into) {
  std::vector<finding> out;
  into.policy_text = std::string(text);
  auto bad = [&](std::string code, std::string msg, std::string fix, std::map<std::string, std::string> p = {}) {
    out.push_back(finding{std::move(code), "error", std::move(msg), std::move(fix), std::move(p)});
  };
  std::size_t pos = 0;
  int lines = 0;
  while (pos < text.size() && lines < 1000) {
    ++lines;
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    line = str::trim(line);
    if (line.empty()) continue;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      bad("domain.mta_sts.policy_syntax", "policy line without ':' (" + std::string(line.substr(0, 60)) + ")",
          "write each policy line as key: value", {{"line", std::string(line.substr(0, 60))}});
      continue;
    }
    std::string key = str::lower(str::trim(line.substr(0, colon)));
    std::string value(str::trim(line.substr(colon + 1)));
    if (key == "version") {
      into.version = value;
    } else if (key == "mode") {
      into.mode = value;
    } else if (key == "mx") {
      into.mx_patterns.push_back(str::lower(value));
    } else if (key == "max_age") {
      std::int64_t v = -1;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || v < 0 || v > 31557600)
        bad("domain.mta_sts.max_age", "max_age '" + value + "' is not a number of seconds up to 31557600",
            "set max_age to e.g. 604800 (one week) or more", {{"value", value}});
      else
        into.max_age = v;
    }
  }
  if (into.version != "STSv1")
    bad("domain.mta_sts.policy_version", "the policy does not start with version: STSv1", "begin the file with version: STSv1");
  if (into.mode != "enforce" && into.mode != "testing" && into.mode != "none")
    bad("domain.mta_sts.policy_mode", "mode '" + into.mode + "' is not enforce, testing or none",
        "set mode: testing, then mode: enforce", {{"mode", into.mode}});
  if (into.max_age < 0 && std::none_of(out.begin(), out.end(), [](const finding& f) { return f.code == "domain.mta_sts.max_age"; }))
    bad("domain.mta_sts.max_age", "the policy has no max_age", "add max_age: 604800 (one week) or more", {{"variant", "missing"}});
  if (into.mx_patterns.empty() && into.mode != "none")
    bad("domain.mta_sts.no_mx", "the policy lists no mx: line, so no MX host can be valid", "add one mx: line per MX host (or *.domain pattern)");
  return out;
}

namespace detail {

namespace {

/// The single TXT record that begins with `prefix`, or the area's verdict when there is none / several.
/// Returns nullptr (and grades `ar`) when the area is settled without a record.
const dns::answer* read_single(dns::lookup_context& ctx, const std::string& name, std::string_view prefix, area& ar,
                               std::string& record, const char* what, const char* fix_none) {
  const dns::answer* a = ctx.get(name, dns::rr_type::txt);
  if (!a || temp_failure(a)) {
    unknown(ar, a, what);
    return nullptr;
  }
  auto recs = txt_with_prefix(*a, prefix);
  if (recs.empty()) {
    ar.g = grade::info;
    summarize(ar, ar.name + ".none", std::string("No ") + what + " record (" + name + ").", {{"name", name}});
    add(ar, "domain." + ar.name + ".none", "info", ar.summary, fix_none, ar.summary_params);
    advise(ar, "domain." + ar.name + ".none", fix_none);
    return nullptr;
  }
  if (recs.size() > 1) {
    record = recs.front();
    add(ar, "domain." + ar.name + ".multiple", "error",
        std::to_string(recs.size()) + " " + what + " records at " + name + ": receivers ignore them all",
        "keep exactly one record", {{"count", std::to_string(recs.size())}, {"name", name}});
    grade_from_findings(ar);
    summarize(ar, ar.name + ".multiple", std::string("Several ") + what + " records.");
    return nullptr;
  }
  record = recs.front();
  return a;
}

bool https_url(std::string_view s) { return str::istarts_with(s, "https://") && s.size() > 8; }

}  // namespace

void check_mta_sts(dns::lookup_context& ctx, report& r, const options& opt, area& ar) {
  mta_sts_info& m = r.mta_sts;
  m.fetch = opt.mta_sts_fetch;
  if (!read_single(ctx, "_mta-sts." + r.domain, "v=STSv1", ar, m.record, "MTA-STS",
                   "publish _mta-sts TXT \"v=STSv1; id=YYYYMMDDNN\" and the policy at "
                   "https://mta-sts.DOMAIN/.well-known/mta-sts.txt (start with mode: testing)"))
    return;
  auto tags = dkim::parse_tag_list(m.record);
  const dkim::tag* v = tags.find("v");
  const dkim::tag* id = tags.find("id");
  if (!tags.ok || !v || v->value != "STSv1" || tags.tags.empty() || tags.tags.front().name != "v")
    add(ar, "domain.mta_sts.syntax", "error", "the _mta-sts record is not \"v=STSv1; id=…\"", "publish \"v=STSv1; id=20260101T000000\"");
  if (!id) {
    add(ar, "domain.mta_sts.no_id", "error", "the _mta-sts record has no id=", "add id= and change it at each policy update");
  } else {
    m.id = id->value;
    bool ok = !m.id.empty() && m.id.size() <= 32 &&
              std::all_of(m.id.begin(), m.id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    if (!ok)
      add(ar, "domain.mta_sts.bad_id", "error", "id '" + m.id + "' must be 1 to 32 letters and digits (RFC 8461 section 3.1)",
          "use an id such as 20261123T0000", {{"id", m.id}});
  }
  if (opt.mta_sts_policy) {
    m.policy_given = true;
    m.fetch = opt.mta_sts_fetch == "not_fetched" ? "fetched" : opt.mta_sts_fetch;
    for (auto& f : parse_mta_sts_policy(*opt.mta_sts_policy, m)) ar.findings.push_back(std::move(f));
    for (const auto& h : r.mx) {
      if (h.host.empty()) continue;
      bool hit = std::any_of(m.mx_patterns.begin(), m.mx_patterns.end(),
                             [&](const std::string& p) { return mta_sts_mx_matches(p, h.host); });
      if (!hit) m.unmatched_mx.push_back(h.host);
    }
    if (!m.unmatched_mx.empty()) {
      std::string list;
      for (const auto& h : m.unmatched_mx) list += (list.empty() ? "" : ", ") + h;
      add(ar, "domain.mta_sts.mx_not_listed", m.mode == "enforce" ? "error" : "warning",
          "MX host(s) not covered by the policy's mx: lines: " + list +
              (m.mode == "enforce" ? " — senders that enforce the policy will not deliver to them" : ""),
          "add an mx: line for each of them to the policy file, and change the id in the TXT record",
          {{"hosts", list}, {"mode", m.mode}, {"variant", m.mode == "enforce" ? "enforce" : "listed"}});
    }
    if (m.mode == "testing")
      add(ar, "domain.mta_sts.testing", "warning", "mode: testing — failures are reported, not enforced",
          "once TLS-RPT reports are clean, switch to mode: enforce and change the id");
    else if (m.mode == "none")
      add(ar, "domain.mta_sts.mode_none", "warning", "mode: none — the policy is withdrawn", "switch to mode: enforce if that is not intended");
  } else if (m.fetch != "not_fetched" && m.fetch.rfind("blocked", 0) != 0) {
    add(ar, "domain.mta_sts.fetch_failed", "error",
        "the policy file https://mta-sts." + r.domain + "/.well-known/mta-sts.txt could not be fetched (" + m.fetch +
            "): senders cannot fetch it either",
        "serve the policy over HTTPS with a valid certificate for mta-sts." + r.domain, {{"domain", r.domain}, {"error", m.fetch}});
  } else {
    add(ar, "domain.mta_sts.policy_not_checked", "info",
        m.fetch == "not_fetched" ? std::string("the policy file was not fetched, so it was not checked")
                                 : "the policy file could not be fetched from here (" + m.fetch + "); it was not checked",
        "", m.fetch == "not_fetched" ? params{} : params{{"variant", "blocked"}, {"error", m.fetch}});
  }
  grade_from_findings(ar);
  summarize(ar, m.policy_given ? "mta_sts.policy" : "mta_sts.not_checked",
            "MTA-STS record id=" + m.id +
                (m.policy_given ? "; policy mode " + (m.mode.empty() ? std::string("?") : m.mode) + "." : "; policy not checked."),
            {{"id", m.id}, {"mode", m.mode.empty() ? std::string("?") : m.mode}});
}

void check_tls_rpt(dns::lookup_context& ctx, report& r, area& ar) {
  tls_rpt_info& t = r.tls_rpt;
  if (!read_single(ctx, "_smtp._tls." + r.domain, "v=TLSRPTv1", ar, t.record, "TLS-RPT",
                   "publish _smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tls-reports@DOMAIN\""))
    return;
  auto tags = dkim::parse_tag_list(t.record);
  const dkim::tag* rua = tags.find("rua");
  if (!tags.ok || tags.tags.empty() || tags.tags.front().name != "v" || tags.tags.front().value != "TLSRPTv1")
    add(ar, "domain.tls_rpt.syntax", "error", "the record is not \"v=TLSRPTv1; rua=…\"", "publish \"v=TLSRPTv1; rua=mailto:tls-reports@" + r.domain + "\"", {{"domain", r.domain}});
  if (!rua || str::trim(rua->value).empty()) {
    add(ar, "domain.tls_rpt.no_rua", "error", "the record has no rua= destination", "add rua=mailto:tls-reports@" + r.domain, {{"domain", r.domain}});
  } else {
    for (auto u : str::split(rua->value, ',')) {
      std::string uri(str::trim(u));
      t.rua.push_back(uri);
      if (!str::istarts_with(uri, "mailto:") && !str::istarts_with(uri, "https://"))
        add(ar, "domain.tls_rpt.bad_uri", "error", "rua destination '" + uri + "' is neither mailto: nor https:",
            "use mailto:address or an https:// URL", {{"uri", uri}});
    }
  }
  grade_from_findings(ar);
  summarize(ar, "tls_rpt.destinations", "TLS reports go to " + std::to_string(t.rua.size()) + " destination(s).",
            {{"count", std::to_string(t.rua.size())}});
}

void check_bimi(dns::lookup_context& ctx, report& r, area& ar) {
  bimi_info& b = r.bimi;
  if (!read_single(ctx, "default._bimi." + r.domain, "v=BIMI1", ar, b.record, "BIMI",
                   "optional: publish default._bimi TXT \"v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem\" once "
                   "DMARC is at quarantine or reject"))
    return;
  auto tags = dkim::parse_tag_list(b.record);
  if (!tags.ok || tags.tags.empty() || tags.tags.front().name != "v" || tags.tags.front().value != "BIMI1")
    add(ar, "domain.bimi.syntax", "error", "the record is not \"v=BIMI1; l=…; a=…\"", "publish \"v=BIMI1; l=https://…/logo.svg\"");
  if (const dkim::tag* l = tags.find("l")) b.location = l->value;
  if (const dkim::tag* a = tags.find("a")) b.authority = a->value;
  if (b.location.empty() && b.authority.empty()) {
    add(ar, "domain.bimi.declined", "info", "l= and a= are empty: the domain declines to show a logo", "");
  } else {
    if (!b.location.empty() && !https_url(b.location))
      add(ar, "domain.bimi.location_not_https", "error", "l= must be an https:// URL (" + b.location + ")", "serve the logo over HTTPS", {{"url", b.location}});
    else if (!b.location.empty() && !str::iends_with(b.location, ".svg"))
      add(ar, "domain.bimi.location_not_svg", "warning", "l= does not name an .svg file (BIMI logos are SVG Tiny PS)",
          "publish the logo as SVG Tiny Portable/Secure");
    if (!b.authority.empty() && !https_url(b.authority))
      add(ar, "domain.bimi.authority_not_https", "error", "a= must be an https:// URL (" + b.authority + ")",
          "serve the certificate (VMC/CMC) over HTTPS", {{"url", b.authority}});
    else if (b.authority.empty())
      add(ar, "domain.bimi.no_authority", "warning", "no a= certificate: most mailbox providers show no logo without a VMC or CMC",
          "obtain a Verified Mark Certificate (or Common Mark Certificate) and add a=https://…/vmc.pem");
  }
  // BIMI needs DMARC at enforcement.
  const dmarc::discovery& d = r.dmarc.rfc9989;
  if (r.dmarc.done && d.rec) {
    bool enforcing = d.rec->p_state == dmarc::tag_state::valid && d.rec->p != dmarc::policy::none && !d.rec->test &&
                     (!d.rec->pct || *d.rec->pct == 100);
    if (!enforcing)
      add(ar, "domain.bimi.dmarc_not_enforcing", "error",
          "BIMI logos are shown only when DMARC is at p=quarantine or p=reject (no t=y, no pct below 100)",
          "move DMARC to p=quarantine or p=reject first");
  } else if (r.dmarc.done) {
    add(ar, "domain.bimi.no_dmarc", "error", "BIMI needs a DMARC policy at quarantine or reject, and there is none",
        "publish DMARC and move it to enforcement");
  }
  grade_from_findings(ar);
  summarize(ar, b.location.empty() ? "bimi.no_logo" : "bimi.logo",
            b.location.empty() ? "BIMI record without a logo." : "BIMI logo at " + b.location + ".", {{"url", b.location}});
}

}  // namespace detail
}  // namespace authlens::domain
