// JSON for recomputed vs claimed (report key `comparison`, authlens/report.hpp, "analysis" section).
#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

namespace {

json optional_word(const std::optional<std::string>& w) { return w ? json(*w) : json(nullptr); }

}  // namespace

json comparison_to_json(const analyzer::comparison_report& c) {
  json out = {{"found", c.found}, {"receiver_host", c.receiver_host}, {"receiver_org", c.receiver_org}};
  json items = json::array();
  for (const auto& i : c.items)
    items.push_back(json{{"method", i.method},
                         {"claimed", optional_word(i.claimed)},
                         {"recomputed", optional_word(i.recomputed)},
                         {"agree", i.agree},
                         {"code", i.code},
                         {"detail", i.detail},
                         {"params", params_to_json(i.params)}});
  out["items"] = std::move(items);
  if (!c.found) {
    out["detail"] = c.detail;
    return out;
  }
  if (c.field_index) out["field_index"] = *c.field_index;
  out["authserv_id"] = c.authserv_id;
  out["chosen_by"] = c.chosen_by;
  if (c.delivered_at) out["delivered_at"] = *c.delivered_at;
  out["agree"] = c.agree;
  return out;
}

}  // namespace authlens::report
