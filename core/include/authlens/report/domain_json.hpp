// authlens/report/domain_json.hpp — JSON for the domain check (`authlens domain --json`, the page's
// Domain tab): schema `authlens/domain/v1`, documented in docs/domain-check.md.
//   { "schema": "authlens/domain/v1", "domain", "done",
//     "summary": { "pass": n, "warn": n, "fail": n, "info": n, "unknown": n },
//     "areas": [ { "name", "grade", "summary", "fix", "temp_failure", "findings": [ { "code", "severity", "message", "fix" } ] } ],
//     "mx": { "hosts": [ { "preference", "host", "addresses": [..], "problem" } ], "null_mx" },
//     "spf": { "lookups": { "rfc", "subqueries", "void", "limit": 10 }, "tree": node|null, "flatten": { "ip4", "ip6" } },
//       node = { "domain", "via", "record", "result", "reason", "lookup_terms", "rfc_own", "rfc_total",
//                "subqueries_own", "subqueries_total", "void_lookups", "budget_before", "over_budget_term", "children" }
//     "dmarc": dmarc_domain_to_json(…) (authlens/report/dmarc_json.hpp),
//     "dkim": [ { "selector", "name", "source", "status", "record", "cname_chain", "provider", "key_type", "bits", "testing", "detail" } ],
//     "mta_sts": { "record", "id", "fetch", "policy_given", "version", "mode", "mx", "max_age", "unmatched_mx" },
//     "tls_rpt": { "record", "rua" }, "bimi": { "record", "location", "authority" },
//     "iprev": [ { "host", "ip", "result", "reason", "detail", "ptr_name" } ],
//     "dnssec": { "answers", "authenticated" } }
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "authlens/domain.hpp"

namespace authlens::report {

nlohmann::json domain_spf_node_to_json(const domain::spf_node& n);
nlohmann::json domain_to_json(const domain::report& r);
/// The job's result as `authlens/domain/v1` text with "dns": { "rounds" } (invalid UTF-8 replaced).
std::string to_json(const domain::check& job, bool pretty = false);

}  // namespace authlens::report
