// Shared by the aggregate area's sources; not a public header.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace authlens::aggregate::detail
