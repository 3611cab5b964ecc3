// transport::route → the report's `route` object (see authlens/report/route_json.hpp).
#include "authlens/report/route_json.hpp"

namespace authlens::report {

namespace {
nlohmann::json defects_json(const std::vector<defect>& ds) {
  auto out = nlohmann::json::array();
  for (const auto& d : ds) out.push_back({{"code", d.code}, {"detail", d.detail}});
  return out;
}
void put(nlohmann::json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
}  // namespace

nlohmann::json hop_to_json(const transport::hop& h) {
  nlohmann::json j = nlohmann::json::object();
  put(j, "from_host", h.from_host);
  put(j, "from_helo", h.from_helo);
  put(j, "from_ip", h.from_ip);
  put(j, "by_host", h.by_host);
  put(j, "via", h.via);
  put(j, "with", h.with);
  put(j, "id", h.id);
  put(j, "for", h.for_addr);
  put(j, "tls", h.tls);
  put(j, "cipher", h.cipher);
  if (h.date) j["date"] = transport::to_iso8601_utc(*h.date);
  if (h.delay_s) j["delay_s"] = *h.delay_s;
  if (!h.defects.empty()) j["defects"] = defects_json(h.defects);
  return j;
}

nlohmann::json route_to_json(const transport::route& r) {
  nlohmann::json j = nlohmann::json::object();
  if (r.handoff_ip) j["handoff_ip"] = *r.handoff_ip;
  j["handoff_reason"] = transport::to_string(r.reason);
  auto hops = nlohmann::json::array();
  for (const auto& h : r.hops) hops.push_back(hop_to_json(h));
  j["hops"] = std::move(hops);
  if (!r.defects.empty()) j["defects"] = defects_json(r.defects);
  return j;
}

}  // namespace authlens::report
