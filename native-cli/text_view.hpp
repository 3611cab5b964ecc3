// Plain-text rendering of report JSON for terminals. Renders what the core decided; decides nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "authlens/analysis.hpp"

namespace authlens::cli {

/// Makes a report built in memory (report::analysis_to_json) what the text view would read from the JSON
/// output parsed back, without writing and parsing that text (≈ 1 ms of a whole `analyze` run for a 17 KB
/// report): invalid UTF-8 in a string or a key becomes U+FFFD exactly as the replacing dump writes it
/// (every JSON output replaces, TEAM-NOTES), and a number that is not finite becomes null as dump() writes
/// it. So the text is byte for byte what it was when the report went through its JSON text.
void as_json_output(nlohmann::json& report);

void print_headers_text(std::ostream& out, const nlohmann::json& report);
/// `report`: report::analysis_to_json(a, {.bulk_providers = false}) made ready by as_json_output; the
/// mailbox providers' verdicts are drawn from `bulk`, the analysis's typed bulk_sender.
void print_analysis_text(std::ostream& out, const nlohmann::json& report, const analyzer::bulk_sender_verdicts& bulk);

}  // namespace authlens::cli
