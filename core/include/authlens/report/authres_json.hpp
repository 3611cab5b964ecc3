// authlens/report/authres_json.hpp — Authentication-Results and ARC-Authentication-Results fields
// (RFC 8601, RFC 8617 §4.1.1; read by authlens/authres.hpp) as report JSON.
//
// Shape: an array, one object per field, in header order:
//   { "field": "Authentication-Results" | "ARC-Authentication-Results",
//     "instance": 1,                 // ARC i=, omitted when absent
//     "authserv_id": "mx.example.net",
//     "version": 1,                  // authres-version, omitted when absent
//     "results": [ { "method": "dkim", "version": 1 (omitted when absent), "result": "pass",
//                    "reason": "…" (omitted when absent),
//                    "properties": [ { "ptype": "header", "property": "d", "value": "example.com" } ],
//                    "comments": [ "…" ] (omitted when empty) } ],
//     "none": true,                  // only when the field said "; none"
//     "unparsed": [ "…" ],           // omitted when empty
//     "raw": "…",                    // the field value as given
//     "defects": [ { "code", "detail" } ] }   // omitted when empty
#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "authlens/authres.hpp"

namespace authlens::report {

/// One result (resinfo) as a JSON object.
nlohmann::json resinfo_to_json(const authres::resinfo& r);
/// One field as a JSON object.
nlohmann::json authres_field_to_json(const authres::field& f);
/// Every field, as the report's array.
nlohmann::json authres_to_json(std::span<const authres::field> fields);

}  // namespace authlens::report
