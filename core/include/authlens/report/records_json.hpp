// authlens/report/records_json.hpp — JSON for the record wizard (authlens/records.hpp) and the
// `spf.budget` job's result (the live lookup budget of a draft SPF record, RFC 7208 §4.6.4).
//
// Shapes (fields are added, never changed):
//   record:   { "name", "type", "value", "strings": [..], "ttl", "bind", "one_string", "quoted", "purpose" }
//   note:     { "code", "severity", "message", "fix", "params": {..} }
//   spf:      { "kind": "spf", "record", "lookups", "lookup_terms": [..], "publish": [record], "notes": [note],
//               "ok": bool }                                   // ok: no error-level note
//   dmarc:    { "kind": "dmarc", "record", "publish", "notes", "ok",
//               "rollout": [ { "code", "title", "record", "watch", "duration", "current" } ],
//               "external_destinations": [..] }
//   dkim:     { "kind": "dkim", "record", "private_pem", "publish", "notes", "rotation": [note], "next_selector", "ok" }
//   delegation: { "kind": "delegation", "publish", "notes", "ok" }
//   budget:   { "kind": "spf.budget", "done", "status", "domain", "record", "lookups", "limit", "void_lookups",
//               "tree": {spf tree}, "notes": [note], "flatten": { "ip4", "ip6" }, "ok" }
//             status: "incomplete" | "within" | "near_limit" (8–10) | "over_limit" (records::budget_status)
//             the job's text adds "dns": { "rounds", "offline" }
//   providers: { "spf": [ { "id", "name", "include", "note" } ], "dkim": [ { "id", "name", "needs" } ] }
//   error:    { "error": { "code", "message" } }
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "authlens/records.hpp"

namespace authlens::report {

nlohmann::json record_to_json(const records::dns_record& r);
nlohmann::json note_to_json(const records::note& n);
nlohmann::json spf_build_to_json(const records::spf_build& b);
nlohmann::json dmarc_build_to_json(const records::dmarc_build& b);
nlohmann::json dkim_build_to_json(const records::dkim_build& b);
nlohmann::json delegation_to_json(const records::delegation_build& b);
nlohmann::json spf_budget_to_json(const records::spf_budget& b);
nlohmann::json record_providers_json();
nlohmann::json error_json(const error& e);
/// The wizard's live budget job as text: the "budget" shape with "dns": { "rounds", "offline" }.
std::string to_json(const records::spf_budget_job& job, bool pretty = false);

/// Options from JSON (the wasm methods' input; same names as the CLI flags, arrays for repeatables):
///   spf:   { "domain", "providers": [..], "ip4": [..], "ip6": [..], "hosts": [..], "includes": [..], "a", "mx",
///            "all": "fail"|"softfail", "ses_mail_from", "ses_region", "ttl" }
///   dmarc: { "domain", "p", "sp", "np", "adkim", "aspf", "rua": [..], "ruf": [..], "fo", "t": bool, "psd",
///            "legacy_pct": bool, "mailing_lists": bool, "ttl" }
///   dkim:  { "domain", "selector", "type": "rsa"|"ed25519", "bits", "ttl", "date" }
///   delegation: { "provider", "domain", "tokens": [..], "account", "ttl" }
/// Members of the wrong type are ignored (defaults kept); never throws.
records::spf_options spf_options_from_json(const nlohmann::json& j);
records::dmarc_options dmarc_options_from_json(const nlohmann::json& j);
records::dkim_options dkim_options_from_json(const nlohmann::json& j);
records::delegation_options delegation_options_from_json(const nlohmann::json& j);

}  // namespace authlens::report
