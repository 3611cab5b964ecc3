// authlens/report/arc_json.hpp — JSON for the ARC chain (RFC 8617 validation, RFC 8601 words).
//
// arc_to_json(evaluation) — the report's `arc` object and `arc verify --json`'s output:
//   { "cv": "pass"|"fail"|"none", "reason": "ok"|"newest_ams_failed"|…, "message": "…", "detail": "…",
//     "complete": true, "temporary": false, "failed_instance": 2|null, "newest": 2,
//     "oldest_pass": 1|null,
//     "first_hop_results": <AAR of instance 1, as authres_field_to_json (authres_json.hpp)> | null,
//     "sets": [ { "instance": 1, "authserv_id": "…", "cv": "none",
//                 "aar": <authres_field_to_json> | null,
//                 "ams": <signature>, "seal": <signature>,
//                 "counts": { "aar": 1, "ams": 1, "as": 1 } } ],
//     "defects": [ { "code": "…", "detail": "…" } ] }
//   <signature> = { "result": "pass"|"fail"|"temperror"|"pending"|"not_checked", "reason": "…",
//     "message": "…", "detail": "…", "domain": "…", "selector": "…", "algorithm": "rsa-sha256",
//     "timestamp": 1700000000|null,
//     "key": { "name": "…", "record": "…", "bits": 2048, "weak": false, "ttl": 300, "cname_chain": [] },
//     "header_signature": "valid"|"invalid"|"not_checked",
//     AMS only: "canonicalization": "relaxed/relaxed", "headers": "from:to",
//               "body": { "state": "match", "expected": "…", "computed": "…" } }
// arc_result_json(evaluation) — the short form { "cv": …, "reason": … } (for badges).
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/arc.hpp"

namespace authlens::report {

nlohmann::json arc_to_json(const arc::evaluation& e);
nlohmann::json arc_result_json(const arc::evaluation& e);

}  // namespace authlens::report
