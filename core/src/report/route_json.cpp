// transport::route → the report's `route` object (see authlens/report.hpp, "route" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {
/// JSON strings must be UTF-8: the core's one cleaner (mime::to_valid_utf8) replaces each invalid byte by U+FFFD.
std::string utf8(std::string_view s) { return mime::to_valid_utf8(s); }
nlohmann::json defects_json(const std::vector<defect>& ds) {
  auto out = nlohmann::json::array();
  for (const auto& d : ds) out.push_back({{"code", d.code}, {"detail", utf8(d.detail)}});
  return out;
}
void put(nlohmann::json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = utf8(*v);
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
  // The hand-off hop's TLS as one field, so readers (the page's TLS badge) need not pick the hop
  // themselves: its recorded version, "none" for plain SMTP, absent when it does not say.
  if (r.handoff_hop && *r.handoff_hop < r.hops.size() && r.hops[*r.handoff_hop].tls)
    j["handoff_tls"] = utf8(*r.hops[*r.handoff_hop].tls);
  auto hops = nlohmann::json::array();
  for (const auto& h : r.hops) hops.push_back(hop_to_json(h));
  j["hops"] = std::move(hops);
  if (!r.defects.empty()) j["defects"] = defects_json(r.defects);
  return j;
}

}  // namespace authlens::report
