// spf::evaluation / spf::lint_report → JSON (see authlens/report.hpp, "spf" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {

/// JSON strings must be UTF-8: the core's one cleaner (mime::to_valid_utf8) replaces each invalid byte by U+FFFD.
std::string text(std::string_view s) { return mime::to_valid_utf8(s); }

}  // namespace

nlohmann::json spf_tree_to_json(const spf::tree_node& n) {
  nlohmann::json j;
  j["domain"] = text(n.domain);
  if (!n.via.empty()) j["via"] = n.via;
  j["record"] = text(n.record);
  j["result"] = std::string(spf::to_string(n.result));
  if (n.reason) j["reason"] = std::string(spf::to_string(*n.reason));
  auto terms = nlohmann::json::array();
  for (const auto& t : n.lookup_terms) terms.push_back(text(t));
  j["lookup_terms"] = terms;
  j["void_lookups"] = n.void_lookups;
  auto kids = nlohmann::json::array();
  for (const auto& c : n.children) kids.push_back(spf_tree_to_json(c));
  j["children"] = kids;
  return j;
}

nlohmann::json spf_to_json(const spf::evaluation& e) {
  nlohmann::json j;
  j["result"] = std::string(spf::to_string(e.result));
  j["reason"] = std::string(spf::to_string(e.reason));
  j["message"] = text(e.message);
  j["explanation"] = e.result == spf::result_code::fail ? text(e.explanation) : std::string();
  j["domain"] = text(e.domain);
  j["identity"] = std::string(spf::to_string(e.checked));
  j["sender"] = text(e.sender);
  j["client_ip"] = text(e.client_ip);
  if (!e.helo.empty()) j["helo"] = text(e.helo);
  if (e.matched.empty()) {
    j["matched"] = nullptr;
  } else {
    j["matched"] = {{"mechanism", text(e.matched)}, {"domain", text(e.matched_domain)}, {"record", text(e.matched_record)}};
  }
  j["lookups"] = {{"rfc", e.rfc_lookups}, {"subqueries", e.subqueries}, {"void", e.void_lookups}};
  j["tree"] = spf_tree_to_json(e.tree);
  j["received_spf"] = text(e.received_spf_field());
  j["authentication_results"] = text(e.auth_results_fragment());
  if (!e.done) j["pending"] = true;
  return j;
}

nlohmann::json spf_lint_to_json(const spf::lint_report& r) {
  nlohmann::json j;
  j["domain"] = text(r.domain);
  j["lookups"] = r.lookups;
  j["void_lookups"] = r.void_lookups;
  j["tree"] = spf_tree_to_json(r.tree);
  auto f = nlohmann::json::array();
  for (const auto& x : r.findings)
    f.push_back({{"code", x.code}, {"severity", x.severity}, {"domain", text(x.domain)}, {"message", text(x.message)},
                 {"fix", text(x.fix)}});
  j["findings"] = f;
  auto ip4 = nlohmann::json::array(), ip6 = nlohmann::json::array();
  for (const auto& s : r.flatten_ip4) ip4.push_back(text(s));
  for (const auto& s : r.flatten_ip6) ip6.push_back(text(s));
  j["flatten"] = {{"ip4", ip4}, {"ip6", ip6}};
  if (!r.done) j["pending"] = true;
  return j;
}

}  // namespace authlens::report
