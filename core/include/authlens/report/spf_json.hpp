// authlens/report/spf_json.hpp — JSON for SPF results (RFC 7208 check_host, spf::lint).
//
// spf_to_json(evaluation) — the `spf check --json` object and the report's `spf` member:
//   { "result": "fail", "reason": "spf.mechanism_matched", "message": "…", "explanation": "…",
//     "domain": "example.com", "identity": "mailfrom", "sender": "user@example.com", "client_ip": "192.0.2.1",
//     "helo": "…",                                            // when given
//     "matched": { "mechanism": "-all", "domain": "example.com", "record": "v=spf1 … -all" },  // or null
//     "lookups": { "rfc": 3, "subqueries": 5, "void": 0 },
//     "tree": { "domain", "via", "record", "result", "reason", "lookup_terms": [..], "void_lookups", "children": [..] },
//     "received_spf": "Received-SPF: …", "authentication_results": "spf=fail smtp.mailfrom=…" }
//   `explanation` is "" unless the result is fail.
// lint_to_json(lint_report):
//   { "domain", "lookups", "void_lookups", "tree": {…}, "findings": [ { "code", "severity", "domain",
//     "message", "fix" } ], "flatten": { "ip4": [..], "ip6": [..] } }
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/spf.hpp"

namespace authlens::report {

nlohmann::json spf_tree_to_json(const spf::tree_node& n);
nlohmann::json spf_to_json(const spf::evaluation& e);
nlohmann::json spf_lint_to_json(const spf::lint_report& r);

}  // namespace authlens::report
