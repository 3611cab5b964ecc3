// wasm/bindings_inventory.cpp — the sender inventory for the page (wasm/registry.hpp;
// authlens/inventory.hpp, docs/inventory.md). The page analyses each message of a collection with the
// "analysis" job and hands the reports here; the grouping is the core's, as in the CLI.
//
// Method:
//   inventory   {"reports": [report, …], "unreadable": N}   → authlens/inventory/v1
//               (each report may carry "source": {"path", "index"}; "csv": true adds {"csv": "…"})
#include <nlohmann/json.hpp>

#include "authlens/inventory.hpp"
#include "authlens/report.hpp"
#include "registry.hpp"

namespace {

using nlohmann::json;

json error_json(const char* code, const char* message) { return {{"error", {{"code", code}, {"message", message}}}}; }

const authlens::wasm::register_method inventory_method{"inventory", [](const json& in) -> json {
  if (!in.is_object() || !in.contains("reports") || !in["reports"].is_array())
    return error_json("inventory.input", "expected {\"reports\": [...]}");
  authlens::inventory::builder b;
  for (const auto& r : in["reports"])
    if (!b.add_report_json(r.dump(-1, ' ', false, json::error_handler_t::replace)))
      return error_json("inventory.not_a_report", "an element of \"reports\" is not an authlens/report/v1 analysis");
  if (in.contains("unreadable") && in["unreadable"].is_number_unsigned())
    for (auto n = in["unreadable"].get<std::size_t>(); n > 0; --n) b.add_unreadable();
  const auto set = b.finish();
  json out = authlens::report::inventory_to_json(set);
  if (in.value("csv", false)) out["csv"] = authlens::report::inventory_to_csv(set);
  return out;
}};

}  // namespace
