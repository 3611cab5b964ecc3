// JSON for the headline (report key `summary`) and the decision chart (`decision`),
// authlens/report.hpp, "analysis" section.
#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

json summary_to_json(const analyzer::summary_line& s) {
  return json{{"headline_code", s.headline_code}, {"headline", s.headline}, {"params", params_to_json(s.params)}};
}

json decision_to_json(const analyzer::decision_chart& d) {
  json j = {{"spf", {{"pass", d.spf_pass}, {"aligned", d.spf_aligned}, {"domain", d.spf_domain}}},
            {"dkim", {{"pass", d.dkim_pass}, {"aligned", d.dkim_aligned}}},
            {"dmarc", d.dmarc}};
  if (d.dmarc_reason) j["dmarc_reason"] = *d.dmarc_reason;
  return j;
}

}  // namespace authlens::report
