// JSON for the bulk-sender checklists and the mailbox providers' verdicts (report key `bulk_sender`,
// authlens/report.hpp, "analysis" section; the domain check's "providers" use the same verdict shape).
#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

namespace {

json item_base(const analyzer::bulk_item& i) {
  json j{{"id", i.id}, {"status", i.status}, {"evidence", i.evidence}, {"rule", i.rule},
         {"params", params_to_json(i.params)}};
  if (!i.evidence_code.empty()) j["evidence_code"] = i.evidence_code;
  return j;
}

json checklist_to_json(const analyzer::checklist& c) {
  json items = json::array();
  for (const auto& i : c.items) items.push_back(item_base(i));
  return json{{"items", std::move(items)}, {"passed", c.passed}, {"failed", c.failed}, {"unknown", c.unknown},
              {"status", c.status}};
}

}  // namespace

json sender_verdict_to_json(const senders::verdict& v) {
  json rules = json::array();
  for (const auto& o : v.rules) {
    const auto& r = *o.r;
    rules.push_back(json{{"requirement", senders::to_string(r.requirement)},
                         {"applies", senders::to_string(r.applies)},
                         {"threshold_per_day", r.threshold_per_day},
                         {"effective", r.effective},
                         {"date_basis", senders::to_string(r.date_basis)},
                         {"in_force", o.in_force},
                         {"status", senders::to_string(o.st)},
                         {"effect", senders::to_string(r.effect)},
                         {"smtp_reply", r.smtp_reply},
                         {"text", r.text},
                         {"source", json{{"url", r.source.url}, {"title", r.source.title}}}});
  }
  return json{{"provider", v.p->id},
              {"name", v.p->name},
              {"region", senders::to_string(v.p->region)},
              {"status", senders::to_string(v.st)},
              {"effect", senders::to_string(v.outcome)},
              {"smtp_reply", v.smtp_reply},
              {"rules", std::move(rules)}};
}

json bulk_sender_to_json(const analyzer::bulk_sender_verdicts& b, const report_parts& parts) {
  json r{{"gmail_yahoo", checklist_to_json(b.gmail_yahoo)}, {"outlook", checklist_to_json(b.outlook)}};
  if (!parts.bulk_providers) return r;
  json providers = json::array();
  for (const auto& p : b.providers) {
    json v = sender_verdict_to_json(p.judged);
    for (std::size_t i = 0; i < p.items.size() && i < v["rules"].size(); ++i) {
      v["rules"][i]["evidence"] = p.items[i].evidence;
      v["rules"][i]["params"] = params_to_json(p.items[i].params);
      if (!p.items[i].evidence_code.empty()) v["rules"][i]["evidence_code"] = p.items[i].evidence_code;
    }
    providers.push_back(std::move(v));
  }
  r["providers"] = std::move(providers);
  return r;
}

}  // namespace authlens::report
