// authres::field → report JSON (see authlens/report.hpp, "authres" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {
/// JSON strings must be UTF-8: the core's one cleaner (mime::to_valid_utf8) replaces each invalid byte by U+FFFD.
std::string utf8(std::string_view s) { return mime::to_valid_utf8(s); }
std::vector<std::string> utf8_all(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(utf8(s));
  return out;
}
}  // namespace

nlohmann::json resinfo_to_json(const authres::resinfo& r) {
  nlohmann::json j = nlohmann::json::object();
  j["method"] = utf8(r.method);
  if (r.method_version) j["version"] = *r.method_version;
  j["result"] = utf8(r.result);
  if (r.reason) j["reason"] = utf8(*r.reason);
  auto props = nlohmann::json::array();
  for (const auto& p : r.properties) props.push_back({{"ptype", utf8(p.ptype)}, {"property", utf8(p.name)}, {"value", utf8(p.value)}});
  j["properties"] = std::move(props);
  if (!r.comments.empty()) j["comments"] = utf8_all(r.comments);
  return j;
}

nlohmann::json authres_field_to_json(const authres::field& f) {
  nlohmann::json j = nlohmann::json::object();
  j["field"] = authres::to_string(f.kind);
  if (f.instance) j["instance"] = *f.instance;
  j["authserv_id"] = utf8(f.authserv_id);
  if (f.version) j["version"] = *f.version;
  auto results = nlohmann::json::array();
  for (const auto& r : f.results) results.push_back(resinfo_to_json(r));
  j["results"] = std::move(results);
  if (f.no_result) j["none"] = true;
  if (!f.unparsed.empty()) j["unparsed"] = utf8_all(f.unparsed);
  j["raw"] = utf8(f.raw);
  if (!f.defects.empty()) {
    auto ds = nlohmann::json::array();
    for (const auto& d : f.defects) ds.push_back({{"code", d.code}, {"detail", utf8(d.detail)}});
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
