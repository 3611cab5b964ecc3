// The sender inventory (authlens/inventory.hpp).
#include "authlens/inventory.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "authlens/strings.hpp"

namespace authlens::inventory {

namespace {

using nlohmann::json;

std::string str_at(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return "";
    auto it = cur->find(k);
    if (it == cur->end()) return "";
    cur = &*it;
  }
  return cur->is_string() ? cur->get<std::string>() : "";
}

bool bool_at(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return false;
    auto it = cur->find(k);
    if (it == cur->end()) return false;
    cur = &*it;
  }
  return cur->is_boolean() && cur->get<bool>();
}

/// The domain of a MAIL FROM address ("" for the null reverse-path); a bare name is taken as the domain.
std::string domain_of_address(std::string_view addr) {
  while (!addr.empty() && (addr.front() == '<' || addr.front() == ' ')) addr.remove_prefix(1);
  while (!addr.empty() && (addr.back() == '>' || addr.back() == '.' || addr.back() == ' ')) addr.remove_suffix(1);
  if (auto at = addr.rfind('@'); at != std::string_view::npos) addr.remove_prefix(at + 1);
  return str::lower(addr);
}

/// The report's host names on the sender's side: the hand-off hop's client and every older hop.
std::vector<std::string> sender_hosts(const json& route) {
  std::vector<std::string> out;
  if (!route.is_object() || !route.contains("hops") || !route["hops"].is_array()) return out;
  const auto& hops = route["hops"];
  const std::string handoff_ip = str_at(route, {"handoff_ip"});
  std::size_t start = hops.size();
  for (std::size_t i = 0; i < hops.size(); ++i)
    if (!handoff_ip.empty() && str_at(hops[i], {"from_ip"}) == handoff_ip) {
      start = i;
      break;
    }
  for (std::size_t i = start; i < hops.size(); ++i) {
    for (const char* k : {"from_host", "from_helo"})
      if (auto h = str::lower(str_at(hops[i], {k})); !h.empty()) out.push_back(h);
    if (i > start)
      if (auto h = str::lower(str_at(hops[i], {"by_host"})); !h.empty()) out.push_back(h);
  }
  return out;
}

bool under(std::string_view name, std::string_view suffix) {
  return name == suffix || (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix &&
                            name[name.size() - suffix.size() - 1] == '.');
}

struct provider_rule {
  provider who;
  std::vector<std::string_view> dkim, mail_from, hosts;  ///< domains the names fall under
  std::string_view fix;  ///< the DKIM alignment fix; {dkim} and {from} are filled in
  /// The SPF records the provider asks its customers to include: their trees hold its sending
  /// addresses (where the DMARC report viewer looks a source IP up: authlens/aggregate.hpp).
  std::vector<std::string_view> spf;
};

const std::vector<provider_rule>& rules() {
  static const std::vector<provider_rule> r = {
      {{"google_workspace", "Google Workspace"}, {"gappssmtp.com"}, {}, {"google.com", "googlemail.com"},
       "Google Workspace signs as {dkim}: turn on DKIM for {from} in the Admin console and publish its "
       "google._domainkey TXT record, so it signs as {from}",
       {"_spf.google.com"}},
      {{"microsoft_365", "Microsoft 365"}, {"onmicrosoft.com"}, {}, {"outlook.com", "office365.com"},
       "Microsoft 365 signs as {dkim}: publish the selector1 and selector2 CNAME records for {from} and enable "
       "DKIM signing for it, so it signs as {from}",
       {"spf.protection.outlook.com"}},
      {{"amazon_ses", "Amazon SES"}, {"amazonses.com"}, {"amazonses.com"}, {"amazonses.com"},
       "Amazon SES signs as {dkim}: verify {from} with Easy DKIM (its three CNAME records), so it signs as {from}",
       {"amazonses.com"}},
      {{"sendgrid", "SendGrid"}, {"sendgrid.net"}, {"sendgrid.net"}, {"sendgrid.net"},
       "SendGrid signs as {dkim}: add its CNAME records (domain authentication), so it signs as {from}",
       {"sendgrid.net"}},
      {{"mailchimp", "Mailchimp / Mandrill"},
       {"mcsv.net", "mandrillapp.com", "mcdlv.net", "rsgsv.net"},
       {"mcsv.net", "mandrillapp.com", "mcdlv.net", "rsgsv.net"},
       {"mcsv.net", "mandrillapp.com", "mcdlv.net", "rsgsv.net"},
       "Mailchimp signs as {dkim}: authenticate {from} in Mailchimp (its CNAME records), so it signs as {from}",
       {"servers.mcsv.net", "spf.mandrillapp.com"}},
      {{"salesforce", "Salesforce"}, {"salesforce.com", "exacttarget.com", "force.com"},
       {"salesforce.com", "exacttarget.com", "force.com"}, {"salesforce.com", "exacttarget.com"},
       "Salesforce signs as {dkim}: create a DKIM key for {from} in Setup and publish its CNAME records, so it "
       "signs as {from}",
       {"_spf.salesforce.com"}},
      {{"zoho", "Zoho"}, {"zoho.com", "zohomail.com", "zeptomail.com"}, {"zoho.com", "zohomail.com", "zeptomail.com"},
       {"zoho.com", "zohomail.com", "zeptomail.com"},
       "Zoho signs as {dkim}: publish the DKIM TXT record Zoho gives for {from}, so it signs as {from}",
       {"zohomail.com"}},
      {{"mailgun", "Mailgun"}, {"mailgun.org", "mailgun.net"}, {"mailgun.org", "mailgun.net"}, {"mailgun.org", "mailgun.net"},
       "Mailgun signs as {dkim}: verify {from} in Mailgun (its DKIM TXT record), so it signs as {from}",
       {"mailgun.org"}},
      {{"postmark", "Postmark"}, {"mtasv.net", "postmarkapp.com"}, {"mtasv.net", "postmarkapp.com"}, {"mtasv.net"},
       "Postmark signs as {dkim}: publish the DKIM record Postmark gives for {from}, so it signs as {from}",
       {"spf.mtasv.net"}},
  };
  return r;
}

const provider own_servers{"own_servers", "own servers"};

const provider_rule* rule_of(const provider& p) {
  for (const auto& r : rules())
    if (r.who.id == p.id) return &r;
  return nullptr;
}

bool any_under(const std::vector<std::string>& names, const std::vector<std::string_view>& suffixes) {
  for (const auto& n : names)
    for (auto s : suffixes)
      if (under(n, s)) return true;
  return false;
}

std::string fill(std::string_view text, std::string_view dkim, std::string_view from) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, 6) == "{dkim}") {
      out += dkim;
      i += 6;
    } else if (text.substr(i, 6) == "{from}") {
      out += from;
      i += 6;
    } else {
      out += text[i++];
    }
  }
  return out;
}

void count_chart(chart_counts& c, bool pass, bool aligned) {
  if (pass && aligned) ++c.pass_aligned;
  else if (pass) ++c.pass_not_aligned;
  else ++c.not_pass;
}

void count_verdict(verdict_counts& c, std::string_view status) {
  if (status == "pass") ++c.pass;
  else if (status == "fail") ++c.fail;
  else ++c.unknown;
}

bool before(const source& a, const source& b) { return a.path != b.path ? a.path < b.path : a.index < b.index; }

}  // namespace

result<message_facts> facts_from_report(std::string_view report_json) {
  json j = json::parse(report_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error{"inventory.not_a_report", "the line is not a JSON object"};
  if (j.contains("error")) return error{"inventory.unreadable", str_at(j, {"error", "message"})};
  if (str_at(j, {"schema"}) != "authlens/report/v1" || !j.contains("decision"))
    return error{"inventory.not_a_report", "the line is not an authlens/report/v1 analysis"};
  message_facts m;
  m.from_domain = str::lower(str_at(j, {"author_domain"}));
  m.mail_from_domain = domain_of_address(str_at(j, {"envelope", "mail_from"}));
  if (j.contains("dkim") && j["dkim"].is_array())
    for (const auto& s : j["dkim"])
      if (auto d = str::lower(str_at(s, {"domain"})); !d.empty()) m.dkim_domains.push_back(d);
  std::sort(m.dkim_domains.begin(), m.dkim_domains.end());
  m.dkim_domains.erase(std::unique(m.dkim_domains.begin(), m.dkim_domains.end()), m.dkim_domains.end());
  m.spf_pass = bool_at(j, {"decision", "spf", "pass"});
  m.spf_aligned = bool_at(j, {"decision", "spf", "aligned"});
  m.dkim_pass = bool_at(j, {"decision", "dkim", "pass"});
  m.dkim_aligned = bool_at(j, {"decision", "dkim", "aligned"});
  m.dmarc = str_at(j, {"decision", "dmarc"});
  m.gmail_yahoo = str_at(j, {"bulk_sender", "gmail_yahoo", "status"});
  m.outlook = str_at(j, {"bulk_sender", "outlook", "status"});
  if (j.contains("route")) m.sender_hosts = sender_hosts(j["route"]);
  m.fix_code = str_at(j, {"summary", "params", "fix_code"});
  m.fix_text = str_at(j, {"summary", "params", "fix"});
  if (j.contains("source") && j["source"].is_object()) {
    m.from.path = str_at(j, {"source", "path"});
    if (j["source"].contains("index") && j["source"]["index"].is_number_unsigned())
      m.from.index = j["source"]["index"].get<std::size_t>();
  }
  return m;
}

std::string facts_to_json(const message_facts& m) {
  const json j = {{"from_domain", m.from_domain},
                  {"mail_from_domain", m.mail_from_domain},
                  {"dkim_domains", m.dkim_domains},
                  {"spf", {{"pass", m.spf_pass}, {"aligned", m.spf_aligned}}},
                  {"dkim", {{"pass", m.dkim_pass}, {"aligned", m.dkim_aligned}}},
                  {"dmarc", m.dmarc},
                  {"gmail_yahoo", m.gmail_yahoo},
                  {"outlook", m.outlook},
                  {"sender_hosts", m.sender_hosts},
                  {"fix", m.fix_code},
                  {"fix_text", m.fix_text},
                  {"source", {{"path", m.from.path}, {"index", m.from.index}}}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

result<message_facts> facts_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  const auto strings = [&](const char* k, std::vector<std::string>& out) {
    if (!j.contains(k) || !j[k].is_array()) return false;
    for (const auto& v : j[k]) {
      if (!v.is_string()) return false;
      out.push_back(v.get<std::string>());
    }
    return true;
  };
  message_facts m;
  if (j.is_discarded() || !j.is_object() || !j.contains("from_domain") || !j.contains("dmarc") ||
      !strings("dkim_domains", m.dkim_domains) || !strings("sender_hosts", m.sender_hosts))
    return error{"inventory.not_facts", "not the facts of one message (from_domain, dmarc, dkim_domains, …)"};
  m.from_domain = str_at(j, {"from_domain"});
  m.mail_from_domain = str_at(j, {"mail_from_domain"});
  m.spf_pass = bool_at(j, {"spf", "pass"});
  m.spf_aligned = bool_at(j, {"spf", "aligned"});
  m.dkim_pass = bool_at(j, {"dkim", "pass"});
  m.dkim_aligned = bool_at(j, {"dkim", "aligned"});
  m.dmarc = str_at(j, {"dmarc"});
  m.gmail_yahoo = str_at(j, {"gmail_yahoo"});
  m.outlook = str_at(j, {"outlook"});
  m.fix_code = str_at(j, {"fix"});
  m.fix_text = str_at(j, {"fix_text"});
  m.from.path = str_at(j, {"source", "path"});
  if (j.contains("source") && j["source"].is_object() && j["source"].contains("index") &&
      j["source"]["index"].is_number_unsigned())
    m.from.index = j["source"]["index"].get<std::size_t>();
  return m;
}

provider recognise_provider(const message_facts& m) {
  for (const auto& r : rules())
    if (any_under(m.dkim_domains, r.dkim)) return r.who;
  for (const auto& r : rules())
    if (!m.mail_from_domain.empty() && any_under({m.mail_from_domain}, r.mail_from)) return r.who;
  for (const auto& r : rules())
    if (any_under(m.sender_hosts, r.hosts)) return r.who;
  return own_servers;
}

std::vector<provider_spf> provider_spf_trees() {
  std::vector<provider_spf> out;
  for (const auto& r : rules())
    if (!r.spf.empty()) out.push_back({r.who, r.spf});
  return out;
}

std::optional<provider> find_provider(std::string_view id) {
  if (id == own_servers.id) return own_servers;
  for (const auto& r : rules())
    if (r.who.id == id) return r.who;
  return std::nullopt;
}

void builder::add(const message_facts& m) {
  ++messages_;
  auto& a = streams_[key{m.from_domain, m.mail_from_domain, m.dkim_domains}];
  auto& s = a.s;
  if (s.messages == 0) {
    s.from_domain = m.from_domain;
    s.mail_from_domain = m.mail_from_domain;
    s.dkim_domains = m.dkim_domains;
    s.sender = recognise_provider(m);
  } else if (s.sender.id == own_servers.id) {
    // Another message of the stream may show more (a Received host the first one lacked).
    s.sender = recognise_provider(m);
  }
  ++s.messages;
  count_chart(s.spf, m.spf_pass, m.spf_aligned);
  count_chart(s.dkim, m.dkim_pass, m.dkim_aligned);
  if (m.dmarc == "pass") ++s.dmarc.pass;
  else if (m.dmarc == "fail") ++s.dmarc.fail;
  else if (m.dmarc == "none") ++s.dmarc.none;
  else ++s.dmarc.error;
  count_verdict(s.gmail_yahoo, m.gmail_yahoo);
  count_verdict(s.outlook, m.outlook);
  if (m.dmarc != "pass" && !m.fix_code.empty()) {
    ++a.fixes[m.fix_code];
    auto& t = a.fix_texts[m.fix_code];
    if (t.empty() || m.fix_text < t) t = m.fix_text;  // the smallest: the same whatever the order
  }
  s.examples.push_back(m.from);
  std::sort(s.examples.begin(), s.examples.end(), before);
  if (s.examples.size() > 3) s.examples.resize(3);
}

bool builder::add_report_json(std::string_view line) {
  auto f = facts_from_report(line);
  if (f) {
    add(*f);
    return true;
  }
  if (f.err().code == "inventory.unreadable") {
    add_unreadable();
    return true;
  }
  return false;
}

result_set builder::finish() const {
  result_set out;
  out.messages = messages_;
  out.unreadable = unreadable_;
  for (const auto& [k, a] : streams_) {
    stream s = a.s;
    if (!a.fixes.empty()) {
      // The fix most failing messages name (ties: the first code in order, for a stable result).
      auto best = a.fixes.begin();
      for (auto it = a.fixes.begin(); it != a.fixes.end(); ++it)
        if (it->second > best->second) best = it;
      s.fix_code = best->first;
      s.fix_text = a.fix_texts.at(best->first);
      s.fix_params["author_domain"] = s.from_domain;
      // A recognised provider that signs with its own domain: its own set-up step is the fix.
      const auto* r = rule_of(s.sender);
      if (r && (s.fix_code.rfind("fix.dkim.", 0) == 0 || s.fix_code.rfind("fix.spf.", 0) == 0) && !s.from_domain.empty()) {
        std::string signer;
        for (const auto& d : s.dkim_domains)
          if (any_under({d}, r->dkim)) signer = d;
        if (signer.empty() && !s.dkim_domains.empty()) signer = s.dkim_domains.front();
        if (!signer.empty()) {
          s.fix_code = "fix.provider." + std::string(r->who.id) + ".dkim";
          s.fix_text = fill(r->fix, signer, s.from_domain);
          s.fix_params["signer"] = signer;
        }
      }
    }
    out.streams.push_back(std::move(s));
  }
  std::stable_sort(out.streams.begin(), out.streams.end(),
                   [](const stream& a, const stream& b) { return a.messages > b.messages; });
  return out;
}

}  // namespace authlens::inventory
