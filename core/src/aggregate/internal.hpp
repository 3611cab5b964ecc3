// Shared by the aggregate area's sources; not a public header.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/aggregate.hpp"

namespace authlens::aggregate::detail {

/// Raw deflate (RFC 1951) of `in` appended to `out`, stopping with an error once `out` would pass
/// `limit` bytes. `code_prefix` names the container in error codes ("aggregate.zip").
result<std::string> inflate_raw(std::string_view in, std::size_t expected, std::size_t limit,
                                const char* code_prefix);

/// Reads the XML of one report. An error only when no <feedback> element can be found.
result<report> parse_xml(std::string_view xml, const parse_options& options);

/// Adds a defect unless the list is full (then one "aggregate.defects.truncated").
void add_defect(std::vector<defect>& defects, std::size_t max, std::string code, std::string detail);

/// The reports counted when merging: the first of each (org_name, report_id); reports without an
/// ID always count. merge() and group_senders() skip duplicates alike.
std::vector<const report*> distinct_reports(std::span<const report> reports);

/// 00:00 UTC of the day `t` (seconds since the epoch) falls in.
std::int64_t day_of(std::int64_t t);

/// Adds a record to its From domain's alignment counts.
void count_alignment(domain_alignment& fa, const record& r);

/// The From domain a record is judged for: its header_from, else the published policy's domain.
std::string judged_from(const report& rep, const record& r);

/// Why a record that fails DMARC fails for `from` (the reasons of sender_to_fix); the d= and SPF
/// domains behind the reason are added (once each) to the two lists.
fix_reason classify_failure(const record& r, std::string_view from, std::vector<std::string>& dkim_domains,
                            std::vector<std::string>& spf_domains);

/// Appends one RFC 4180 field (quoted when needed; a leading = + - @ defused for spreadsheets).
void csv_field(std::string& out, std::string_view v);
/// Appends one CSV line: the fields, comma-separated, then CRLF.
void csv_row(std::string& out, const std::vector<std::string>& row);

/// Appends `s` unless it is empty or already there.
void add_unique(std::vector<std::string>& v, const std::string& s);

}  // namespace authlens::aggregate::detail
