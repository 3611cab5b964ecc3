// JSON for the bulk-sender checklists (report key `bulk_sender`, authlens/report.hpp, "analysis" section).
#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

namespace {

json checklist_to_json(const analyzer::checklist& c) {
  json items = json::array();
  for (const auto& i : c.items)
    items.push_back(json{{"id", i.id}, {"status", i.status}, {"evidence", i.evidence}, {"rule", i.rule},
                         {"params", params_to_json(i.params)}});
  return json{{"items", std::move(items)}, {"passed", c.passed}, {"failed", c.failed}, {"unknown", c.unknown},
              {"status", c.status}};
}

}  // namespace

json bulk_sender_to_json(const analyzer::bulk_sender_verdicts& b) {
  return json{{"gmail_yahoo", checklist_to_json(b.gmail_yahoo)}, {"outlook", checklist_to_json(b.outlook)}};
}

}  // namespace authlens::report
