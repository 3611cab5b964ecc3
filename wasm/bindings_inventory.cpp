// wasm/bindings_inventory.cpp — the sender inventory for the page (wasm/registry.hpp;
// authlens/inventory.hpp, docs/inventory.md). The page analyses each message of a collection with the
// "analysis" job and hands the results here; the grouping is the core's, as in the CLI.
//
// Methods:
//   inventory.facts  {"report": report}  → {"facts": …}: what the inventory needs of one report
//                    (about 1 % of it: the page keeps these, not the reports, for large collections)
//   inventory        {"reports": [report, …]} or {"facts": [facts, …]}, "unreadable": N
//                    → authlens/inventory/v1 (each report may carry "source": {"path", "index"});
//                    "csv": true adds {"csv": "…"}; "members": true adds {"members": [[positions], …]},
//                    one list per stream, so the page can open a stream's messages.
#include <nlohmann/json.hpp>

#include "authlens/inventory.hpp"
#include "authlens/report.hpp"
#include "registry.hpp"

namespace {

using nlohmann::json;
namespace inventory = authlens::inventory;

json error_json(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

std::string text_of(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// The position of each message in its stream's list (the key the builder grouped by).
json members_of(const inventory::result_set& set, const std::vector<inventory::message_facts>& messages,
               const std::vector<std::size_t>& positions) {
  json lists = json::array();
  for (std::size_t s = 0; s < set.streams.size(); ++s) lists.push_back(json::array());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    for (std::size_t s = 0; s < set.streams.size(); ++s) {
      const auto& st = set.streams[s];
      if (st.from_domain == m.from_domain && st.mail_from_domain == m.mail_from_domain && st.dkim_domains == m.dkim_domains) {
        lists[s].push_back(positions[i]);
        break;
      }
    }
  }
  return lists;
}

const authlens::wasm::register_method facts_method{"inventory.facts", [](const json& in) -> json {
  if (!in.is_object() || !in.contains("report")) return error_json("inventory.input", "expected {\"report\": …}");
  auto f = inventory::facts_from_report(text_of(in["report"]));
  if (!f) return error_json(f.err().code, f.err().message);
  return {{"facts", json::parse(inventory::facts_to_json(*f))}};
}};

const authlens::wasm::register_method inventory_method{"inventory", [](const json& in) -> json {
  const bool from_reports = in.is_object() && in.contains("reports") && in["reports"].is_array();
  const bool from_facts = in.is_object() && in.contains("facts") && in["facts"].is_array();
  if (!from_reports && !from_facts) return error_json("inventory.input", "expected {\"reports\": [...]} or {\"facts\": [...]}");
  std::vector<inventory::message_facts> messages;
  std::vector<std::size_t> positions;  // of each message in the input list
  std::size_t unreadable = 0;
  const json& list = in[from_reports ? "reports" : "facts"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto f = from_reports ? inventory::facts_from_report(text_of(list[i])) : inventory::facts_from_json(text_of(list[i]));
    if (f) {
      messages.push_back(std::move(*f));
      positions.push_back(i);
    }
    else if (f.err().code == "inventory.unreadable") ++unreadable;
    else if (from_reports) return error_json("inventory.not_a_report", "an element of \"reports\" is not an authlens/report/v1 analysis");
    else return error_json(f.err().code, f.err().message);
  }
  if (in.contains("unreadable") && in["unreadable"].is_number_unsigned()) unreadable += in["unreadable"].get<std::size_t>();
  inventory::builder b;
  for (const auto& m : messages) b.add(m);
  for (; unreadable > 0; --unreadable) b.add_unreadable();
  const auto set = b.finish();
  json out = authlens::report::inventory_to_json(set);
  if (in.value("csv", false)) out["csv"] = authlens::report::inventory_to_csv(set);
  if (in.value("members", false)) out["members"] = members_of(set, messages, positions);
  return out;
}};

}  // namespace
