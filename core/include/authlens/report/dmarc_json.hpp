// authlens/report/dmarc_json.hpp — JSON for DMARC (RFC 9989 and RFC 7489 side by side).
//
// dmarc_to_json(evaluation) — the report's `dmarc` member (DESIGN.md "Report format"):
//   { "result": "fail", "policy": "reject", "disposition": "quarantine", "org_domain": "example.com",
//     "record_domain": "example.com", "reason": "dmarc.fail.no_aligned_pass", "detail": "…",
//     "author_domain": "mail.example.com", "author_error": "none",
//     "policy_tag": "p", "test_mode": true, "record": "v=DMARC1; …",        // record: "" when none
//     (the rfc7489 object has "pct" and "disposition_unsampled" instead of "test_mode")
//     "alignment": { "spf":  { "domain", "result", "passed", "aligned", "domain_aligned", "mode", "org_domain", "reason" },
//                    "dkim": [ { "domain", "selector", "result", "passed", "aligned", "domain_aligned", "mode",
//                                "org_domain", "reason" } ] },
//     "discovery": { "mode", "domain", "org_domain", "record_domain", "record", "reason", "org_reason", "temperror",
//                    "steps": [ { "domain", "query": "_dmarc.…", "outcome", "records": [..], "psd" } ] },
//     "author_exists": true,               // np existence test: true/false; null when DNS failed (unknown,
//                                          // counted as existing); absent when np could not change the policy
//     "explain": { "spf": { "present", "passed", "aligned", "why_not", "detail" }, "dkim": { … }, "fix_code", "fix" },
//     "disagreements": [ { "what", "reason", "rfc9989", "rfc7489", "detail" } ],
//     "rua": [ { "uri", "tag", "dest_domain", "external", "query", "status", "record" } ],
//     "authentication_results": "dmarc=fail (p=reject) header.from=example.com",
//     "rfc7489": { "result", "policy", "disposition", "org_domain", "record_domain", "reason", "detail",
//                  "policy_tag", "pct", "disposition_unsampled", "record", "alignment": {…}, "discovery": {…} } }
//   `disposition` is always a word: the policy applied to a failing message, "none" for any other outcome
//   (pass, no record, temperror, permerror). `policy` is null only when no record was found ("none" for a
//   record without a usable policy). rfc7489 `pct` is the record's (100 when absent), pass or fail.
//   `"pending": true` while !done.
// dmarc_record_to_json(record) — a parsed record: { "p", "sp", "np", "psd", "t", "adkim", "aspf", "rua": [..],
//   "ruf": [..], "fo", "pct", "rf", "ri", "policy_fallback", "policy_unusable", "tags": [{name,value}], "defects": [..] }
// dmarc_findings_to_json(findings) — [ { "code", "severity", "detail", "fix" } ]
// dmarc_domain_to_json(domain_report) — the `dmarc check --json` object:
//   { "domain", "rfc9989": { discovery… }, "rfc7489": { discovery… }, "record": {…}|null, "record_domain", "findings": [..],
//     "rua": [..], "disagreements": [..], "temperror": false }
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/dmarc.hpp"

namespace authlens::report {

nlohmann::json dmarc_to_json(const dmarc::evaluation& e);
nlohmann::json dmarc_record_to_json(const dmarc::record& r);
nlohmann::json dmarc_findings_to_json(const std::vector<dmarc::finding>& f);
nlohmann::json dmarc_discovery_to_json(const dmarc::discovery& d);
nlohmann::json dmarc_domain_to_json(const dmarc::domain_report& r);

}  // namespace authlens::report
