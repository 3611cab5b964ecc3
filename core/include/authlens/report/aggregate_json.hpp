// authlens/report/aggregate_json.hpp — JSON for DMARC aggregate reports (RFC 7489 §7.2, RFC 9990).
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
#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "authlens/aggregate.hpp"

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
///   "forward_confirm", "looked_up", "not_looked_up", "sources": [ { "ip", "messages", …one source… } ] }.
nlohmann::json aggregate_ptr_to_json(const aggregate::ptr_lookup& job);
/// The job's result as `authlens/aggregate-ptr/v1` text (invalid UTF-8 replaced).
std::string to_json(const aggregate::ptr_lookup& job, bool pretty = false);
/// Adds the lookup to an aggregate_to_json document: "ptr_lookup" (the job's result without "schema" and
/// "sources") and, on every summary.sources entry, "ptr" (one source as above, or null when not looked up).
void add_ptr_to_aggregate_json(nlohmann::json& doc, const aggregate::ptr_lookup& job);

/// "parsed", "partial" or "error".
const char* aggregate_status(const result<aggregate::report>& r);

}  // namespace authlens::report
