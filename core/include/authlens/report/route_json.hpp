// authlens/report/route_json.hpp — the report's `route` object (DESIGN.md, authlens/report/v1) from a
// transport::route (RFC 5321 §4.4 / RFC 5322 §3.6.7 Received chain, read by authlens/transport.hpp).
//
// Shape (keys whose value is absent are omitted; `hops` is newest first, as the fields stand):
//   { "handoff_ip": "192.0.2.10", "handoff_reason": "first-external-hop",
//     "handoff_tls": "TLSv1.3",     // the hand-off hop's `tls` ("none": plain SMTP); absent when it
//                                   // does not say or there is no hand-off hop
//     "hops": [ { "from_host", "from_helo", "from_ip", "by_host", "via", "with", "id", "for",
//                 "tls", "cipher", "date": "2026-11-23T07:00:00Z", "delay_s": 2,
//                 "defects": [ { "code", "detail" } ] } ],
//     "defects": [ … ] }            // route-level defects, only when there are some
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/transport.hpp"

namespace authlens::report {

/// One hop as a JSON object.
nlohmann::json hop_to_json(const transport::hop& h);
/// The whole `route` object.
nlohmann::json route_to_json(const transport::route& r);

}  // namespace authlens::report
