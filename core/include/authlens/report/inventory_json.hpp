// The sender inventory as authlens/inventory/v1 JSON and as CSV (docs/inventory.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/inventory.hpp"

namespace authlens::report {

nlohmann::json inventory_to_json(const inventory::result_set& r);
/// One header line, then one line per stream (RFC 4180 quoting; DKIM domains joined with spaces).
std::string inventory_to_csv(const inventory::result_set& r);

}  // namespace authlens::report
