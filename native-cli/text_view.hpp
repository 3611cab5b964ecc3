// Plain-text rendering of report JSON for terminals. Renders what the core decided; decides nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

namespace authlens::cli {

void print_headers_text(std::ostream& out, const nlohmann::json& report);
void print_analysis_text(std::ostream& out, const nlohmann::json& report);

}  // namespace authlens::cli
