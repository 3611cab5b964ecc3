// The SPF builder (RFC 7208): provider presets merged into one record, checked by spf::parse_record
// and spf::lint over a draft DNS cache, and the live lookup budget of a draft (§4.6.4).
#include <algorithm>
#include <array>

#include "authlens/records.hpp"
#include "authlens/strings.hpp"

namespace authlens::records {

namespace {

// Include targets as the providers document them (checked 2026). A preset with no include needs
// its records elsewhere (SES: on the custom MAIL FROM sub-domain).
constexpr std::array<spf_provider, 11> providers_table{{
    {"google", "Google Workspace", "_spf.google.com",
     "Google Workspace sends from the ranges behind _spf.google.com, which includes further records (check the live budget)."},
    {"m365", "Microsoft 365", "spf.protection.outlook.com",
     "Microsoft 365 (Exchange Online) sends from spf.protection.outlook.com."},
    {"ses", "Amazon SES", "",
     "Amazon SES uses its own MAIL FROM (amazonses.com) unless you set a custom MAIL FROM sub-domain: only then does "
     "SPF align for DMARC, and the include goes on that sub-domain, not on the domain."},
    {"sendgrid", "SendGrid", "sendgrid.net",
     "SendGrid with domain authentication uses its own return path (emNNNN sub-domain CNAME); the include matters "
     "only when mail is sent with your domain as MAIL FROM."},
    {"mailchimp", "Mailchimp Transactional (Mandrill)", "spf.mandrillapp.com",
     "Mailchimp Transactional (Mandrill) asks for include:spf.mandrillapp.com; Mailchimp Marketing uses its own return "
     "path and needs DKIM (CNAME records) instead."},
    {"salesforce", "Salesforce", "_spf.salesforce.com", "Salesforce (core) email sends from _spf.salesforce.com."},
    {"pardot", "Salesforce Marketing Cloud Account Engagement (Pardot)", "aspmx.pardot.com",
     "Account Engagement (Pardot) asks for include:aspmx.pardot.com."},
    {"zoho", "Zoho Mail", "zohomail.com", "Zoho Mail (.com data centre); use zoho-eu for the EU data centre."},
    {"zoho-eu", "Zoho Mail (EU)", "zohomail.eu", "Zoho Mail, EU data centre."},
    {"mailgun", "Mailgun", "mailgun.org", "Mailgun sends from mailgun.org."},
    {"postmark", "Postmark", "spf.mtasv.net",
     "Postmark uses its own return path by default; the include is needed only with your domain as MAIL FROM."},
}};

constexpr std::string_view draft_placeholder = "draft.invalid";

/// A linter finding as a note; the draft's placeholder name reads "your domain".
note finding_note(const spf::finding& f) {
  auto plain = [](std::string s) {
    for (auto at = s.find(draft_placeholder); at != std::string::npos; at = s.find(draft_placeholder, at))
      s.replace(at, draft_placeholder.size(), "your domain");
    return s;
  };
  return note{f.code, f.severity, plain(f.message), plain(f.fix), {{"domain", plain(f.domain)}}};
}

/// "ip4:" prefix removed when the user typed it.
std::string strip_prefix(std::string_view s, std::string_view prefix) {
  s = str::trim(s);
  if (str::istarts_with(s, prefix)) s.remove_prefix(prefix.size());
  return std::string(s);
}

/// True when "v=spf1 <term>" parses: the core's own parser decides what a valid term is.
bool term_parses(const std::string& term) { return spf::parse_record("v=spf1 " + term).ok(); }

void push_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

}  // namespace

std::span<const spf_provider> spf_providers() { return providers_table; }

const spf_provider* find_spf_provider(std::string_view id) {
  for (const auto& p : providers_table)
    if (str::iequals(p.id, id)) return &p;
  if (str::iequals(id, "mandrill")) return find_spf_provider("mailchimp");
  if (str::iequals(id, "microsoft365") || str::iequals(id, "office365") || str::iequals(id, "outlook"))
    return find_spf_provider("m365");
  if (str::iequals(id, "google-workspace") || str::iequals(id, "gmail")) return find_spf_provider("google");
  return nullptr;
}

spf::lint_report lint_draft_spf(dns::lookup_context& ctx, std::string_view domain, std::string_view record) {
  const bool placeholder = domain.empty();
  const std::string name = placeholder ? std::string(draft_placeholder) : dns::normalize_name(domain);
  // The draft cache: everything the caller knows, then the draft standing in for the domain's TXT.
  dns::cache draft;
  for (const dns::answer* a : ctx.data().all()) draft.add(*a);
  dns::answer txt;
  txt.q = dns::make_question(name, dns::rr_type::txt);
  txt.ttl = 3600;
  txt.txt.push_back(split_strings(record, 255, true));
  draft.add(txt);
  dns::answer rr99;
  rr99.q = dns::make_question(name, dns::rr_type::spf);
  draft.add(rr99);  // NODATA: the draft has no type-99 twin
  if (placeholder) {
    // No domain yet: a and mx of the placeholder stand for "some hosts", never void.
    dns::answer a4;
    a4.q = dns::make_question(name, dns::rr_type::a);
    a4.records = {"192.0.2.1"};
    draft.add(a4);
    dns::answer a6;
    a6.q = dns::make_question(name, dns::rr_type::aaaa);
    a6.records = {"2001:db8::1"};
    draft.add(a6);
    dns::answer mx;
    mx.q = dns::make_question(name, dns::rr_type::mx);
    mx.records = {"10 mail." + name + "."};
    draft.add(mx);
  }
  dns::lookup_context inner(draft);
  spf::lint_report rep = spf::lint(inner, name, {});
  // Forward what the draft walk still needs to the caller's context (the real DNS).
  for (const auto& q : inner.pending()) ctx.get(q.name, q.type);
  return rep;
}

result<spf_build> build_spf(const spf_options& opt) {
  spf_build out;
  std::string domain = dns::normalize_name(str::trim(opt.domain));
  if (!domain.empty() && !valid_domain(domain))
    return error{"records.spf.bad_domain", "'" + opt.domain + "' is not a domain name"};
  std::string all;
  if (opt.all == "fail" || opt.all == "-all" || opt.all == "-") all = "-all";
  else if (opt.all == "softfail" || opt.all == "~all" || opt.all == "~") all = "~all";
  else return error{"records.spf.bad_all", "the policy for other hosts is 'fail' (-all) or 'softfail' (~all), not '" + opt.all + "'"};

  std::vector<std::string> ips, own_hosts, includes;
  bool ses = false;
  for (const auto& v : opt.ip4) {
    std::string t = "ip4:" + strip_prefix(v, "ip4:");
    if (t == "ip4:" || !term_parses(t)) return error{"records.spf.bad_ip4", "'" + v + "' is not an IPv4 address or range"};
    push_unique(ips, t);
  }
  for (const auto& v : opt.ip6) {
    std::string t = "ip6:" + strip_prefix(v, "ip6:");
    if (t == "ip6:" || !term_parses(t)) return error{"records.spf.bad_ip6", "'" + v + "' is not an IPv6 address or range"};
    push_unique(ips, t);
  }
  for (const auto& h : opt.hosts) {
    std::string host = dns::normalize_name(strip_prefix(h, "a:"));
    if (!valid_domain(host)) return error{"records.spf.bad_host", "'" + h + "' is not a host name"};
    push_unique(own_hosts, "a:" + host);
  }
  for (const auto& id : opt.providers) {
    const spf_provider* p = find_spf_provider(str::trim(id));
    if (!p) return error{"records.spf.unknown_provider", "no provider preset named '" + id + "'"};
    if (p->id == "ses") ses = true;
    if (!p->include.empty()) push_unique(includes, "include:" + std::string(p->include));
    out.notes.push_back({"records.spf.provider." + std::string(p->id), "info", std::string(p->note), "",
                         {{"provider", std::string(p->name)}}});
  }
  for (const auto& inc : opt.includes) {
    std::string target = dns::normalize_name(strip_prefix(inc, "include:"));
    if (!valid_domain(target)) return error{"records.spf.bad_host", "'" + inc + "' is not a domain to include"};
    push_unique(includes, "include:" + target);
  }

  // Cheapest first: ranges cost no lookup, then own names, then includes; `all` last.
  std::vector<std::string> terms = ips;
  if (opt.a) terms.push_back("a");
  if (opt.mx) terms.push_back("mx");
  terms.insert(terms.end(), own_hosts.begin(), own_hosts.end());
  terms.insert(terms.end(), includes.begin(), includes.end());
  out.record = "v=spf1";
  for (const auto& t : terms) out.record += " " + t;
  out.record += " " + all;

  auto parsed = spf::parse_record(out.record);
  if (!parsed)  // every piece was checked above: this would be a bug in the builder
    return error{"records.spf.internal", "the generated record does not parse: " + parsed.err().message};
  for (const auto& t : parsed->terms)
    if (t.costs_lookup()) out.lookup_terms.push_back(t.text);
  out.lookups = static_cast<int>(out.lookup_terms.size());

  const std::string shown = domain.empty() ? "your domain" : domain;
  out.publish.push_back(with_purpose(
      make_record(domain.empty() ? "example.com" : domain, "TXT", out.record, opt.ttl,
                  "The SPF policy of " + shown + ": the one v=spf1 record at this name."),
      domain.empty() ? "records.purpose.spf.policy_draft" : "records.purpose.spf.policy", {{"domain", domain}}));

  // Amazon SES custom MAIL FROM: its own SPF record and an MX for bounces, on the sub-domain.
  if (ses) {
    std::string sub = dns::normalize_name(str::trim(opt.ses_mail_from));
    if (!sub.empty() && sub.find('.') == std::string::npos) sub += "." + (domain.empty() ? std::string("example.com") : domain);
    std::string region = str::lower(str::trim(opt.ses_region));
    if (region.empty()) region = "us-east-1";
    if (!sub.empty()) {
      if (!valid_domain(sub)) return error{"records.spf.bad_host", "'" + opt.ses_mail_from + "' is not a sub-domain name"};
      if (!valid_domain(region, true)) return error{"records.spf.bad_host", "'" + opt.ses_region + "' is not an AWS region"};
      std::string ses_record = "v=spf1 include:amazonses.com " + all;
      out.publish.push_back(with_purpose(make_record(sub, "TXT", ses_record, opt.ttl,
                                                     "SPF for the Amazon SES custom MAIL FROM sub-domain " + sub + "."),
                                         "records.purpose.spf.ses_mail_from", {{"domain", sub}}));
      out.publish.push_back(with_purpose(
          make_record(sub, "MX", "10 feedback-smtp." + region + ".amazonses.com", opt.ttl,
                      "Bounces and complaints for the custom MAIL FROM go back to SES in " + region + "."),
          "records.purpose.spf.ses_feedback", {{"region", region}}));
      out.notes.push_back({"records.spf.ses_mail_from", "info",
                           "Set " + sub + " as the custom MAIL FROM domain in SES; SPF then passes and aligns with " +
                               shown + " (relaxed alignment).",
                           "", {{"subdomain", sub}, {"region", region}}});
    } else {
      out.notes.push_back({"records.spf.ses_no_mail_from", "warning",
                           "Without a custom MAIL FROM, SES mail passes SPF for amazonses.com, which never aligns with " +
                               shown + ": DMARC then rests on DKIM alone.",
                           "choose a custom MAIL FROM sub-domain (e.g. bounce." +
                               (domain.empty() ? std::string("example.com") : domain) + ") and publish its records",
                           {}});
    }
  }

  // Explanations and checks by the core's linter (the record itself; includes need DNS: --check).
  if (all == "-all")
    out.notes.push_back({"records.spf.all_fail", "info",
                         "-all: hosts not listed fail SPF and receivers may reject their mail. Choose it once every "
                         "service that sends as the domain is listed (DMARC aggregate reports show them).",
                         "", {}});
  else
    out.notes.push_back({"records.spf.all_softfail", "info",
                         "~all: hosts not listed get softfail, usually accepted and marked. Choose it while you are "
                         "still finding your senders; with a DMARC policy, ~all and -all count the same for DMARC.",
                         "", {}});
  if (terms.empty())
    out.notes.push_back({"records.spf.no_senders", "info",
                         "This record says the domain sends no mail at all (v=spf1 -all): right for parked domains.", "",
                         {}});
  out.notes.push_back({"records.spf.one_record", "info",
                       "Publish this as the only v=spf1 TXT record at " + shown +
                           ": replace an existing one, never add a second (two records make every check a permerror).",
                       "", {{"domain", shown}}});
  out.notes.push_back({"records.spf.lookups", out.lookups > 10 ? "error" : "info",
                       std::to_string(out.lookups) + " of the 10 DNS lookups are used by this record's own terms; each "
                           "include adds those of its target (check the live budget).",
                       "", {{"lookups", std::to_string(out.lookups)}}});
  {
    dns::cache none;
    dns::lookup_context ctx(none);
    spf::lint_report rep = lint_draft_spf(ctx, domain, out.record);
    for (const auto& f : rep.findings) out.notes.push_back(finding_note(f));
  }
  if (out.record.size() > 255)
    out.notes.push_back({"records.txt.split", "info",
                         "The record is longer than 255 bytes: it is published as " +
                             std::to_string(out.publish[0].strings.size()) +
                             " character-strings, which receivers join without spaces.",
                         "", {{"count", std::to_string(out.publish[0].strings.size())}}});
  for (auto& n : ttl_advice(opt.ttl)) out.notes.push_back(std::move(n));
  return out;
}

std::string_view to_string(budget_status s) {
  switch (s) {
    case budget_status::incomplete: return "incomplete";
    case budget_status::within: return "within";
    case budget_status::near_limit: return "near_limit";
    case budget_status::over_limit: return "over_limit";
  }
  return "incomplete";
}

spf_budget evaluate_spf_budget(dns::lookup_context& ctx, std::string_view domain, std::string_view record) {
  // From this many lookups on, one more include may well push the tree over the limit.
  constexpr int near_limit = 8;
  spf_budget b;
  b.domain = dns::normalize_name(domain);
  b.record = std::string(record);
  b.lint = lint_draft_spf(ctx, b.domain, record);
  // An SPF record already published at the domain is replaced by the draft, never added to it.
  if (!b.domain.empty()) {
    if (const dns::answer* live = ctx.get(b.domain, dns::rr_type::txt)) {
      for (const auto& strings : live->txt) {
        std::string joined;
        for (const auto& s : strings) joined += s;
        if (spf::is_spf_record(joined) && joined != b.record)
          b.notes.push_back({"records.spf.replaces_live", "warning",
                             b.domain + " already publishes \"" + joined +
                                 "\": replace it with the new record (two SPF records are a permerror).",
                             "edit the existing record instead of adding one", {{"domain", b.domain}, {"live", joined}}});
      }
    }
  }
  b.done = ctx.pending().empty();
  b.lookups = b.lint.lookups;
  b.void_lookups = b.lint.void_lookups;
  for (const auto& f : b.lint.findings) b.notes.push_back(finding_note(f));
  b.status = !b.done                ? budget_status::incomplete
             : b.lookups > b.limit    ? budget_status::over_limit
             : b.lookups >= near_limit ? budget_status::near_limit
                                      : budget_status::within;
  if (b.done)
    b.notes.push_back({"records.spf.budget",
                       b.status == budget_status::over_limit   ? "error"
                       : b.status == budget_status::near_limit ? "warning"
                                                               : "info",
                       std::to_string(b.lookups) + " of " + std::to_string(b.limit) +
                           " DNS lookups used by the whole include tree" +
                           (b.status == budget_status::near_limit ? ": little room left for one more service" : ""),
                       b.status == budget_status::over_limit ? "remove services or flatten includes into ip4:/ip6: ranges" : "",
                       {{"lookups", std::to_string(b.lookups)}, {"limit", std::to_string(b.limit)}}});
  return b;
}

}  // namespace authlens::records
