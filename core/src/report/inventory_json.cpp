// JSON and CSV for the sender inventory (authlens/report.hpp, "inventory" section).
#include "authlens/report.hpp"

namespace authlens::report {

namespace {

using nlohmann::json;

json chart(const inventory::chart_counts& c) {
  return {{"pass_aligned", c.pass_aligned}, {"pass_not_aligned", c.pass_not_aligned}, {"not_pass", c.not_pass}};
}
json verdicts(const inventory::verdict_counts& c) { return {{"pass", c.pass}, {"fail", c.fail}, {"unknown", c.unknown}}; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

json inventory_to_json(const inventory::result_set& r) {
  json streams = json::array();
  for (const auto& s : r.streams) {
    json examples = json::array();
    for (const auto& e : s.examples) examples.push_back({{"path", e.path}, {"index", e.index}});
    streams.push_back({{"from_domain", s.from_domain},
                       {"mail_from_domain", s.mail_from_domain},
                       {"dkim_domains", s.dkim_domains},
                       {"provider", {{"id", s.sender.id}, {"name", s.sender.name}}},
                       {"messages", s.messages},
                       {"spf", chart(s.spf)},
                       {"dkim", chart(s.dkim)},
                       {"dmarc", {{"pass", s.dmarc.pass}, {"fail", s.dmarc.fail}, {"none", s.dmarc.none}, {"error", s.dmarc.error}}},
                       {"gmail_yahoo", verdicts(s.gmail_yahoo)},
                       {"outlook", verdicts(s.outlook)},
                       {"fix", s.fix_code},
                       {"fix_text", s.fix_text},
                       {"fix_params", s.fix_params},
                       {"examples", examples}});
  }
  return {{"schema", "authlens/inventory/v1"}, {"messages", r.messages}, {"unreadable", r.unreadable}, {"streams", streams}};
}

std::string inventory_to_csv(const inventory::result_set& r) {
  std::string out =
      "from_domain,mail_from_domain,dkim_domains,provider,messages,"
      "spf_pass_aligned,spf_pass_not_aligned,spf_not_pass,dkim_pass_aligned,dkim_pass_not_aligned,dkim_not_pass,"
      "dmarc_pass,dmarc_fail,dmarc_none,dmarc_error,gmail_yahoo_pass,gmail_yahoo_fail,gmail_yahoo_unknown,"
      "outlook_pass,outlook_fail,outlook_unknown,fix,fix_text\r\n";
  for (const auto& s : r.streams) {
    std::string dkim;
    for (const auto& d : s.dkim_domains) dkim += (dkim.empty() ? "" : " ") + d;
    const std::size_t counts[] = {s.messages,         s.spf.pass_aligned,  s.spf.pass_not_aligned, s.spf.not_pass,
                                  s.dkim.pass_aligned, s.dkim.pass_not_aligned, s.dkim.not_pass,    s.dmarc.pass,
                                  s.dmarc.fail,        s.dmarc.none,        s.dmarc.error,          s.gmail_yahoo.pass,
                                  s.gmail_yahoo.fail,  s.gmail_yahoo.unknown, s.outlook.pass,       s.outlook.fail,
                                  s.outlook.unknown};
    out += csv_field(s.from_domain) + "," + csv_field(s.mail_from_domain) + "," + csv_field(dkim) + "," +
           csv_field(std::string(s.sender.name));
    for (auto n : counts) out += "," + std::to_string(n);
    out += "," + csv_field(s.fix_code) + "," + csv_field(s.fix_text) + "\r\n";
  }
  return out;
}

}  // namespace authlens::report
