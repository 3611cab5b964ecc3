// authres::field → report JSON (see authlens/report/authres_json.hpp).
#include "authlens/report/authres_json.hpp"

namespace authlens::report {

nlohmann::json resinfo_to_json(const authres::resinfo& r) {
  nlohmann::json j = nlohmann::json::object();
  j["method"] = r.method;
  if (r.method_version) j["version"] = *r.method_version;
  j["result"] = r.result;
  if (r.reason) j["reason"] = *r.reason;
  auto props = nlohmann::json::array();
  for (const auto& p : r.properties) props.push_back({{"ptype", p.ptype}, {"property", p.name}, {"value", p.value}});
  j["properties"] = std::move(props);
  if (!r.comments.empty()) j["comments"] = r.comments;
  return j;
}

nlohmann::json authres_field_to_json(const authres::field& f) {
  nlohmann::json j = nlohmann::json::object();
  j["field"] = authres::to_string(f.kind);
  if (f.instance) j["instance"] = *f.instance;
  j["authserv_id"] = f.authserv_id;
  if (f.version) j["version"] = *f.version;
  auto results = nlohmann::json::array();
  for (const auto& r : f.results) results.push_back(resinfo_to_json(r));
  j["results"] = std::move(results);
  if (f.no_result) j["none"] = true;
  if (!f.unparsed.empty()) j["unparsed"] = f.unparsed;
  j["raw"] = f.raw;
  if (!f.defects.empty()) {
    auto ds = nlohmann::json::array();
    for (const auto& d : f.defects) ds.push_back({{"code", d.code}, {"detail", d.detail}});
    j["defects"] = std::move(ds);
  }
  return j;
}

nlohmann::json authres_to_json(std::span<const authres::field> fields) {
  auto out = nlohmann::json::array();
  for (const auto& f : fields) out.push_back(authres_field_to_json(f));
  return out;
}

}  // namespace authlens::report
