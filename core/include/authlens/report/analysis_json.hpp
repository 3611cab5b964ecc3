// authlens/report/analysis_json.hpp — JSON for the message analysis (authlens/analysis.hpp):
// the whole authlens/report/v1 document (docs/report-format.md) and each judged part on its own.
//
//   bulk_sender: { "gmail_yahoo": checklist, "outlook": checklist }
//                checklist { "items": [ { "id", "status", "evidence", "rule", "params" } ], "passed", "failed",
//                            "unknown", "status" }
//   spoofing:    { "level", "identities": { "header_from", "envelope_from", "dkim": [..] },
//                  "indicators": [ { "code", "severity", "detail", "params" } ], "domains": [ lookalike ] }
//   comparison:  { "found", "receiver_host", "receiver_org", "items": [ { "method", "claimed", "recomputed",
//                  "agree", "code", "detail", "params" } ], then "detail" (nothing found) or "field_index",
//                  "authserv_id", "chosen_by", "delivered_at"?, "agree" }
//   summary:     { "headline_code", "headline", "params" }
//   decision:    { "spf": { "pass", "aligned", "domain" }, "dkim": { "pass", "aligned" }, "dmarc", "dmarc_reason"? }
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "authlens/analysis.hpp"

namespace authlens::report {

nlohmann::json params_to_json(const analyzer::param_list& p);
nlohmann::json bulk_sender_to_json(const analyzer::bulk_sender_verdicts& b);
nlohmann::json spoofing_to_json(const analyzer::spoofing_report& s);
nlohmann::json lookalike_to_json(const analyzer::lookalike& l);
nlohmann::json comparison_to_json(const analyzer::comparison_report& c);
nlohmann::json summary_to_json(const analyzer::summary_line& s);
nlohmann::json decision_to_json(const analyzer::decision_chart& d);

/// The report (authlens/report/v1) of the analysis as of its last evaluation, with its DNS
/// transcript; invalid UTF-8 from the message or DNS is replaced (U+FFFD), never thrown about.
nlohmann::json analysis_to_json(const analysis& a);
std::string to_json(const analysis& a, bool pretty = false);

/// The headers-only view (`authlens headers`): fields, addresses, MIME outline, route,
/// Authentication-Results. Same conventions as the report.
nlohmann::json headers_to_json(const headers_view& v);
std::string to_json(const headers_view& v, bool pretty = false);

}  // namespace authlens::report
