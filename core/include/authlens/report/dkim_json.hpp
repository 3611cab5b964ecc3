// authlens/report/dkim_json.hpp — JSON for DKIM results (RFC 6376 verification, RFC 8601 words).
//
// dkim_signature_to_json(signature_result) — one element of the report's `dkim` array and of
// `dkim verify --json`'s `signatures`:
//   { "result": "fail", "reason": "body_hash_mismatch", "message": "…", "detail": "…",
//     "domain": "example.com", "selector": "s1", "algorithm": "rsa-sha256", "identity": "@example.com",
//     "canonicalization": "relaxed/simple", "headers": "from:to:subject", "timestamp": 1700000000|null,
//     "expiration": null, "timestamp_in_future": false, "author_signature": true, "from_domain": "example.com", "pending": false,
//     "key": { "name": "s1._domainkey.example.com", "record": "v=DKIM1; …", "bits": 2048, "encoding": "spki",
//              "weak": false, "testing": false, "ttl": 300, "cname_chain": [] },
//     "body": { "state": "mismatch", "expected": "…", "computed": "…", "other_canonicalization_matches": true|null,
//               "length_limited": false, "signed_bytes": 120, "unsigned_bytes": 0 },
//     "header_signature": "valid",
//     "header_fields": { "absent": [], "unsigned_duplicates": [], "duplicated": [], "oversigned": ["from"],
//                        "from_oversigned": true },
//     "unknown_tags": [] }
// dkim_to_json(verify_result) — { "result": overall word, "complete": bool, "signatures": [ … ] }.
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/dkim.hpp"

namespace authlens::report {

nlohmann::json dkim_signature_to_json(const dkim::signature_result& s);
nlohmann::json dkim_to_json(const dkim::verify_result& r);

}  // namespace authlens::report
