// transport::route → the report's `route` object (see authlens/report/route_json.hpp).
#include "authlens/report/route_json.hpp"

#include <string>
#include <string_view>

namespace authlens::report {

namespace {
/// JSON text must be UTF-8 (nlohmann's dump() rejects anything else): invalid bytes become U+FFFD.
std::string utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (ok && len == 2) ok = c >= 0xc2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xf4 && !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}
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
