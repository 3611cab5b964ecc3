// authlens/report.hpp — the report area: every serialiser, one section per part (docs/report-format.md,
// docs/domain-check.md, docs/aggregate-reports.md, docs/records.md, docs/inventory.md; schemas in schema/).
// The areas judge and return typed results; this area only writes them as JSON (and CSV), so every face —
// the CLI, the WebAssembly module, the page — gets the same words from one place.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "authlens/aggregate.hpp"
#include "authlens/analysis.hpp"
#include "authlens/arc.hpp"
#include "authlens/authres.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/domain.hpp"
#include "authlens/inventory.hpp"
#include "authlens/message.hpp"
#include "authlens/records.hpp"
#include "authlens/spf.hpp"
#include "authlens/transport.hpp"

// § message — the message model (authlens/message.hpp: RFC 5322, RFC 2045–2047,
// RFC 2183, RFC 2231) turned into the pieces of the `authlens/report/v1` JSON report.
//
// Every string is valid UTF-8 (invalid bytes from the input become U+FFFD), so the result can always be
// dumped by nlohmann::json without an exception.



namespace authlens::report {

/// An object with the keys:
///   "fields":        [{"name", "value" (unfolded), "decoded" (only when RFC 2047 decoding changes it)}]
///   "addresses":     {"from", "sender", "reply_to", "return_path", "to", "cc"}: arrays of
///                    {"display_name", "address", "local", "domain"} (+ "group" when listed in a group)
///   "author_domain": the From domain DMARC uses, or null; then "author_domain_reason": {"code", "detail"}
///   "subject":       decoded Subject, or null when there is none
///   "mime":          {"content_type", "charset", "transfer_encoding", "disposition", "filename", "size",
///                    "parts": [...]} (charset/disposition/filename are null when absent)
///   "input":         {"bytes", "headers_only", "line_endings": "CRLF"|"LF"|"mixed"|"none"}
///   "defects":       [{"code", "detail"}] — parse defects, then address defects
nlohmann::json message_to_json(const mime::message& m);

/// The pieces, for callers that want one of them.
nlohmann::json fields_to_json(const mime::message& m);
nlohmann::json addresses_to_json(const mime::message& m, std::vector<defect>* defects = nullptr);
nlohmann::json mailbox_to_json(const mime::mailbox& mb);
nlohmann::json part_to_json(const mime::part& p);
nlohmann::json input_to_json(const mime::message& m);
nlohmann::json defects_to_json(const std::vector<defect>& defects);

}  // namespace authlens::report

// § route — the report's `route` object (DESIGN.md, authlens/report/v1) from a
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



namespace authlens::report {

/// One hop as a JSON object.
nlohmann::json hop_to_json(const transport::hop& h);
/// The whole `route` object.
nlohmann::json route_to_json(const transport::route& r);

}  // namespace authlens::report

// § authres — Authentication-Results and ARC-Authentication-Results fields
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



namespace authlens::report {

/// One result (resinfo) as a JSON object.
nlohmann::json resinfo_to_json(const authres::resinfo& r);
/// One field as a JSON object.
nlohmann::json authres_field_to_json(const authres::field& f);
/// Every field, as the report's array.
nlohmann::json authres_to_json(std::span<const authres::field> fields);

}  // namespace authlens::report

// The report's `dns` object (docs/report-format.md), shared by every dns::job's result: rounds,
// offline, complete, the transcript of every answer used with the round it was asked in, pending.



namespace authlens::report {

nlohmann::json dns_to_json(const dns::job& j);

}  // namespace authlens::report

// § spf — JSON for SPF results (RFC 7208 check_host, spf::lint).
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



namespace authlens::report {

nlohmann::json spf_tree_to_json(const spf::tree_node& n);
nlohmann::json spf_to_json(const spf::evaluation& e);
nlohmann::json spf_lint_to_json(const spf::lint_report& r);

}  // namespace authlens::report

// § dkim — JSON for DKIM results (RFC 6376 verification, RFC 8601 words).
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



namespace authlens::report {

nlohmann::json dkim_signature_to_json(const dkim::signature_result& s);
nlohmann::json dkim_to_json(const dkim::verify_result& r);

}  // namespace authlens::report

// § dmarc — JSON for DMARC (RFC 9989 and RFC 7489 side by side).
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



namespace authlens::report {

nlohmann::json dmarc_to_json(const dmarc::evaluation& e);
nlohmann::json dmarc_record_to_json(const dmarc::record& r);
nlohmann::json dmarc_findings_to_json(const std::vector<dmarc::finding>& f);
nlohmann::json dmarc_discovery_to_json(const dmarc::discovery& d);
nlohmann::json dmarc_domain_to_json(const dmarc::domain_report& r);

}  // namespace authlens::report

// § arc — JSON for the ARC chain (RFC 8617 validation, RFC 8601 words).
//
// arc_to_json(evaluation) — the report's `arc` object and `arc verify --json`'s output:
//   { "cv": "pass"|"fail"|"none", "reason": "ok"|"newest_ams_failed"|…, "message": "…", "detail": "…",
//     "complete": true, "temporary": false, "failed_instance": 2|null, "newest": 2,
//     "oldest_pass": 1|null,
//     "first_hop_results": <AAR of instance 1, as authres_field_to_json ("authres" section)> | null,
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



namespace authlens::report {

nlohmann::json arc_to_json(const arc::evaluation& e);
nlohmann::json arc_result_json(const arc::evaluation& e);

}  // namespace authlens::report

// § analysis — JSON for the message analysis (authlens/analysis.hpp):
// the whole authlens/report/v1 document (docs/report-format.md) and each judged part on its own.
//
//   bulk_sender: { "gmail_yahoo": checklist, "outlook": checklist, "providers": [ sender verdict ] }
//                checklist { "items": [ { "id", "status", "evidence", "rule", "params" } ], "passed", "failed",
//                            "unknown", "status" }
//   spoofing:    { "level", "identities": { "header_from", "envelope_from", "dkim": [..] },
//                  "indicators": [ { "code", "severity", "detail", "params" } ], "domains": [ lookalike ] }
//   comparison:  { "found", "receiver_host", "receiver_org", "items": [ { "method", "claimed", "recomputed",
//                  "agree", "code", "detail", "params" } ], then "detail" (nothing found) or "field_index",
//                  "authserv_id", "chosen_by", "delivered_at"?, "agree" }
//   summary:     { "headline_code", "headline", "params" }
//   decision:    { "spf": { "pass", "aligned", "domain" }, "dkim": { "pass", "aligned" }, "dmarc", "dmarc_reason"? }




namespace authlens::report {

/// Parts a caller may leave out of the report value because it draws them from the typed result itself
/// (the CLI's text view: building them as JSON was a tenth of a whole `analyze` run). Every JSON output
/// (to_json, the page, the bulk commands) has every part.
struct report_parts {
  bool bulk_providers = true;  ///< bulk_sender.providers: every provider's rules, ≈ 60 % of the report
};

nlohmann::json params_to_json(const analyzer::param_list& p);
nlohmann::json bulk_sender_to_json(const analyzer::bulk_sender_verdicts& b, const report_parts& parts = {});
/// A provider's verdict from the sender rules (authlens/senders.hpp): { "provider", "name", "region",
/// "status", "effect", "smtp_reply", "rules": [ { "requirement", "applies", "threshold_per_day",
/// "effective", "date_basis", "in_force", "status", "effect", "smtp_reply", "text", "source": { "url",
/// "title" } } ] }; the analysis adds "evidence" and "params" to each rule, the domain check "reason".
nlohmann::json sender_verdict_to_json(const senders::verdict& v);
nlohmann::json spoofing_to_json(const analyzer::spoofing_report& s);
nlohmann::json lookalike_to_json(const analyzer::lookalike& l);
nlohmann::json comparison_to_json(const analyzer::comparison_report& c);
nlohmann::json summary_to_json(const analyzer::summary_line& s);
nlohmann::json decision_to_json(const analyzer::decision_chart& d);

/// The report (authlens/report/v1) of the analysis as of its last evaluation, with its DNS
/// transcript; invalid UTF-8 from the message or DNS is replaced (U+FFFD), never thrown about.
nlohmann::json analysis_to_json(const analysis& a, const report_parts& parts = {});
std::string to_json(const analysis& a, bool pretty = false);

/// The headers-only view (`authlens headers`): fields, addresses, MIME outline, route,
/// Authentication-Results. Same conventions as the report.
nlohmann::json headers_to_json(const headers_view& v);
std::string to_json(const headers_view& v, bool pretty = false);

}  // namespace authlens::report

// § records — JSON for the record wizard (authlens/records.hpp) and the
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

// § domain — JSON for the domain check (`authlens domain --json`, the page's
// Domain tab): schema `authlens/domain/v1`, documented in docs/domain-check.md.
//   { "schema": "authlens/domain/v1", "domain", "done",
//     "summary": { "pass": n, "warn": n, "fail": n, "info": n, "unknown": n },
//     "areas": [ { "name", "grade", "summary", "fix", "temp_failure", "findings": [ { "code", "severity", "message", "fix" } ] } ],
//     "mx": { "hosts": [ { "preference", "host", "addresses": [..], "problem" } ], "null_mx" },
//     "spf": { "lookups": { "rfc", "subqueries", "void", "limit": 10 }, "tree": node|null, "flatten": { "ip4", "ip6" } },
//       node = { "domain", "via", "record", "result", "reason", "lookup_terms", "rfc_own", "rfc_total",
//                "subqueries_own", "subqueries_total", "void_lookups", "budget_before", "over_budget_term", "children" }
//     "dmarc": dmarc_domain_to_json(…) (authlens/report.hpp, "dmarc" section),
//     "dkim": [ { "selector", "name", "source", "status", "record", "cname_chain", "provider", "key_type", "bits", "testing", "detail" } ],
//     "mta_sts": { "record", "id", "fetch", "policy_given", "version", "mode", "mx", "max_age", "unmatched_mx" },
//     "tls_rpt": { "record", "rua" }, "bimi": { "record", "location", "authority" },
//     "iprev": [ { "host", "ip", "result", "reason", "detail", "ptr_name" } ],
//     "dnssec": { "answers", "authenticated" } }




namespace authlens::report {

nlohmann::json domain_spf_node_to_json(const domain::spf_node& n);
nlohmann::json domain_to_json(const domain::report& r);
/// The job's result as `authlens/domain/v1` text with "dns": { "rounds" } (invalid UTF-8 replaced).
std::string to_json(const domain::check& job, bool pretty = false);

}  // namespace authlens::report

// § aggregate — JSON for DMARC aggregate reports (RFC 7489 §7.2, RFC 9990).
//
// aggregate_to_json(files) — the `dmarc report --json` document and the page's "aggregate.parse" result:
//   { "schema": "authlens/dmarc-aggregate/v1",
//     "counts": { "files", "parsed", "partial", "error" },
//     "files": [ { "file": "a.xml.gz", "status": "parsed" | "partial" | "error",
//                  "error": { "code", "message" },                    // status "error" only
//                  "container": "gzip", "schema": "rfc7489", "defects": [ { "code", "detail" } ],
//                  "report": { … aggregate_report_to_json … } } ],   // unless status "error"
//     "summary": { … aggregate_summary_to_json … } }
// A file is "partial" when it was read with defects. Field names follow the XML element names.




namespace authlens::report {

/// One input file and what reading it gave.
struct aggregate_file {
  std::string name;
  result<aggregate::report> parsed;
};

/// { "version", "namespace", "schema", "container", "report_metadata": {...}, "policy_published": {...},
///   "messages", "records": [ { "source_ip", "count", "disposition", "dkim", "spf", "dmarc", "reasons": [...],
///   "envelope_to", "envelope_from", "header_from", "auth_results": { "dkim": [...], "spf": [...] } } ] }
nlohmann::json aggregate_report_to_json(const aggregate::report& r, bool with_records = true);
/// { "reports", "duplicates", "records", "messages", "begin", "end", "domains", "reporters", "sources",
///   "other_sources", "dmarc": {messages, pass, fail}, "dkim_evaluated", "spf_evaluated", "dkim_auth", "spf_auth",
///   "dispositions", "by_header_from", "senders_to_fix": [ { "ip", "header_from", "messages", "why",
///   "dkim_domains", "spf_domains" } ], "days": [ { "day", "messages", "pass", "fail" } ] }
nlohmann::json aggregate_summary_to_json(const aggregate::summary& s);
/// The whole document above; merges the reports that could be read.
nlohmann::json aggregate_to_json(std::span<const aggregate_file> files, bool with_records = true,
                                 const aggregate::merge_options& options = {});

/// PTR names (aggregate::ptr_lookup, `dmarc report --ptr`, the page's "aggregate.ptr" job).
/// One source: { "status", "names", "forward", "forward_confirmed": true|false|null, "confirmed_name" }.
nlohmann::json aggregate_ptr_source_to_json(const aggregate::source_ptr& p);
/// The job's result, authlens/aggregate-ptr/v1: { "schema", "complete", "offline", "rounds", "max_sources",
///   "forward_confirm", "providers", "looked_up", "not_looked_up", "sources": [ { "ip", "messages", …one source…,
///   "in_provider", "provider", "sender": { "kind", "id", "name" } } ] }.
nlohmann::json aggregate_ptr_to_json(const aggregate::ptr_lookup& job);
/// The job's result as `authlens/aggregate-ptr/v1` text (invalid UTF-8 replaced).
std::string to_json(const aggregate::ptr_lookup& job, bool pretty = false);
/// Adds the lookup to an aggregate_to_json document: "ptr_lookup" (the job's result without "schema" and
/// "sources") and, on every summary.sources entry, "ptr" (one source as above, or null when not looked up).
void add_ptr_to_aggregate_json(nlohmann::json& doc, const aggregate::ptr_lookup& job);

/// One From domain's alignment counts, as in summary.by_header_from.
nlohmann::json header_from_json(const aggregate::domain_alignment& d);
/// { "kind", "id", "name" } of a sender (aggregate::identify_sender).
nlohmann::json sender_id_to_json(const aggregate::sender_id& id);
/// The senders (aggregate::group_senders): "senders" of `dmarc report --json --by sender` and the page's
/// "aggregate.senders" result: { "filter", "lookup", "messages", "senders": [ { "kind", "id", "name",
///   "messages", "pass", "fail", "spf_aligned_pass", "dkim_aligned_pass", "dispositions", "ips", "ip_count",
///   "header_froms", "reporters", "fix": {…} | null, "days" } ], "other_senders", "other_messages",
///   "by_header_from", "header_froms", "reporters", "days" } (schema/dmarc-aggregate.schema.json#/$defs/senders).
nlohmann::json aggregate_senders_to_json(const aggregate::sender_view& v);

/// "parsed", "partial" or "error".
const char* aggregate_status(const result<aggregate::report>& r);

}  // namespace authlens::report

// The sender inventory as authlens/inventory/v1 JSON and as CSV (docs/inventory.md).



namespace authlens::report {

nlohmann::json inventory_to_json(const inventory::result_set& r);
/// One header line, then one line per stream (RFC 4180 quoting; DKIM domains joined with spaces).
std::string inventory_to_csv(const inventory::result_set& r);

}  // namespace authlens::report
