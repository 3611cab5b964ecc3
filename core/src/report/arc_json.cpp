// arc::evaluation → JSON (see authlens/report.hpp, "arc" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {

std::string utf8(std::string_view s) { return mime::to_valid_utf8(s); }

nlohmann::json sig_to_json(const arc::signature_check& c, bool ams) {
  nlohmann::json j = nlohmann::json::object();
  j["result"] = std::string(arc::to_string(c.state));
  j["reason"] = std::string(arc::to_string(c.why));
  j["message"] = utf8(c.human);
  j["detail"] = utf8(c.detail);
  j["domain"] = utf8(c.domain);
  j["selector"] = utf8(c.selector);
  j["algorithm"] = utf8(c.algorithm);
  j["timestamp"] = c.timestamp ? nlohmann::json(*c.timestamp) : nlohmann::json(nullptr);
  nlohmann::json chain = nlohmann::json::array();
  for (const auto& n : c.cname_chain) chain.push_back(utf8(n));
  j["key"] = {{"name", utf8(c.key_name)}, {"record", utf8(c.key_record)}, {"bits", c.key_bits},
              {"weak", c.key_weak},       {"ttl", c.key_ttl},             {"cname_chain", std::move(chain)}};
  j["header_signature"] = std::string(dkim::to_string(c.header_signature));
  if (ams) {
    j["canonicalization"] = utf8(c.canonicalization);
    j["headers"] = utf8(c.header_list);
    j["body"] = {{"state", std::string(dkim::to_string(c.body))},
                 {"expected", utf8(c.body_hash_expected)},
                 {"computed", utf8(c.body_hash_computed)}};
  }
  return j;
}

}  // namespace

nlohmann::json arc_result_json(const arc::evaluation& e) {
  return {{"cv", std::string(arc::to_string(e.cv))}, {"reason", std::string(arc::to_string(e.why))}};
}

nlohmann::json arc_to_json(const arc::evaluation& e) {
  nlohmann::json j = arc_result_json(e);
  j["message"] = utf8(e.human);
  j["detail"] = utf8(e.detail);
  j["complete"] = e.complete;
  j["temporary"] = e.temporary;
  j["failed_instance"] = e.failed_instance ? nlohmann::json(e.failed_instance) : nlohmann::json(nullptr);
  j["newest"] = e.newest;
  j["oldest_pass"] = e.oldest_pass ? nlohmann::json(*e.oldest_pass) : nlohmann::json(nullptr);
  j["first_hop_results"] = e.first_hop_results ? authres_field_to_json(*e.first_hop_results) : nlohmann::json(nullptr);
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& s : e.sets) {
    nlohmann::json o = nlohmann::json::object();
    o["instance"] = s.instance;
    o["authserv_id"] = utf8(s.authserv_id);
    o["cv"] = utf8(s.cv);
    o["aar"] = s.aar ? authres_field_to_json(*s.aar) : nlohmann::json(nullptr);
    o["ams"] = sig_to_json(s.ams, true);
    o["seal"] = sig_to_json(s.seal, false);
    o["counts"] = {{"aar", s.aar_count}, {"ams", s.ams_count}, {"as", s.as_count}};
    sets.push_back(std::move(o));
  }
  j["sets"] = std::move(sets);
  nlohmann::json defects = nlohmann::json::array();
  for (const auto& d : e.defects) defects.push_back({{"code", d.code}, {"detail", utf8(d.detail)}});
  j["defects"] = std::move(defects);
  return j;
}

}  // namespace authlens::report
