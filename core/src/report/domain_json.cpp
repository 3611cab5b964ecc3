// JSON for the domain check (authlens/report.hpp, "domain" section), and the domain::check job's text.
#include "authlens/report.hpp"


namespace authlens::report {

using nlohmann::json;

json domain_spf_node_to_json(const domain::spf_node& n) {
  json children = json::array();
  for (const auto& c : n.children) children.push_back(domain_spf_node_to_json(c));
  return {{"domain", n.domain},
          {"via", n.via},
          {"record", n.record},
          {"result", n.result},
          {"reason", n.reason ? std::string(spf::to_string(*n.reason)) : std::string()},
          {"lookup_terms", n.lookup_terms},
          {"rfc_own", n.rfc_own},
          {"rfc_total", n.rfc_total},
          {"subqueries_own", n.subqueries_own},
          {"subqueries_total", n.subqueries_total},
          {"void_lookups", n.void_lookups},
          {"budget_before", n.budget_before},
          {"over_budget_term", n.over_budget_term},
          {"children", std::move(children)}};
}

json domain_to_json(const domain::report& r) {
  json j;
  j["schema"] = "authlens/domain/v1";
  j["domain"] = r.domain;
  j["done"] = r.done;
  json summary = {{"pass", 0}, {"warn", 0}, {"fail", 0}, {"info", 0}, {"unknown", 0}};
  json areas = json::array();
  for (const auto& a : r.areas) {
    json f = json::array();
    // Codes and values beside the English sentences: the faces render them from the catalogs.
    auto values = [](const std::map<std::string, std::string>& m) {
      json p = json::object();
      for (const auto& [k, v] : m) p[k] = v;
      return p;
    };
    for (const auto& x : a.findings)
      f.push_back({{"code", x.code}, {"severity", x.severity}, {"message", x.message}, {"fix", x.fix},
                   {"params", values(x.params)}});
    std::string g(domain::to_string(a.g));
    summary[g] = summary[g].get<int>() + 1;
    json area{{"name", a.name},
              {"grade", g},
              {"summary", a.summary},
              {"fix", a.fix},
              {"temp_failure", a.temp_failure},
              {"findings", std::move(f)}};
    if (!a.summary_code.empty()) {
      area["summary_code"] = a.summary_code;
      area["summary_params"] = values(a.summary_params);
    }
    if (!a.fix_code.empty() && !a.fix.empty()) {
      area["fix_code"] = a.fix_code;
      area["fix_params"] = values(a.fix_params);
    }
    areas.push_back(std::move(area));
  }
  j["summary"] = std::move(summary);
  j["areas"] = std::move(areas);
  json hosts = json::array();
  for (const auto& h : r.mx)
    hosts.push_back({{"preference", h.preference}, {"host", h.host}, {"addresses", h.addresses}, {"problem", h.problem}});
  j["mx"] = {{"hosts", std::move(hosts)}, {"null_mx", r.null_mx}};
  j["spf"] = {{"lookups", {{"rfc", r.spf_rfc_lookups}, {"subqueries", r.spf_subqueries}, {"void", r.spf_void_lookups}, {"limit", 10}}},
              {"tree", r.spf_tree.domain.empty() ? json(nullptr) : domain_spf_node_to_json(r.spf_tree)},
              {"flatten", {{"ip4", r.spf.flatten_ip4}, {"ip6", r.spf.flatten_ip6}}}};
  j["dmarc"] = r.dmarc.done ? dmarc_domain_to_json(r.dmarc) : json(nullptr);
  json dkim = json::array();
  for (const auto& k : r.dkim)
    dkim.push_back({{"selector", k.selector}, {"name", k.name},         {"source", k.source},
                    {"status", k.status},     {"record", k.record},     {"cname_chain", k.cname_chain},
                    {"provider", k.provider}, {"key_type", k.key_type}, {"bits", k.bits},
                    {"testing", k.testing},   {"detail", k.detail}});
  j["dkim"] = std::move(dkim);
  const auto& m = r.mta_sts;
  j["mta_sts"] = {{"record", m.record}, {"id", m.id},           {"fetch", m.fetch},
                  {"policy_given", m.policy_given},             {"version", m.version},
                  {"mode", m.mode},     {"mx", m.mx_patterns},  {"max_age", m.max_age},
                  {"unmatched_mx", m.unmatched_mx}};
  j["tls_rpt"] = {{"record", r.tls_rpt.record}, {"rua", r.tls_rpt.rua}};
  j["bimi"] = {{"record", r.bimi.record}, {"location", r.bimi.location}, {"authority", r.bimi.authority}};
  json iprev = json::array();
  for (const auto& e : r.iprev)
    iprev.push_back({{"host", e.host}, {"ip", e.ip}, {"result", std::string(transport::to_string(e.result))},
                     {"reason", std::string(transport::to_string(e.reason))}, {"detail", e.detail},
                     {"ptr_name", e.ptr_name}});
  j["iprev"] = std::move(iprev);
  j["dnssec"] = {{"answers", r.dnssec.answers}, {"authenticated", r.dnssec.authenticated}};
  json providers = json::array();
  for (const auto& g : r.providers) {
    json v = sender_verdict_to_json(g.judged);
    for (std::size_t i = 0; i < g.basis.size() && i < v["rules"].size(); ++i)
      v["rules"][i]["reason"] = domain::to_string(g.basis[i]);
    providers.push_back(std::move(v));
  }
  j["providers"] = std::move(providers);
  return j;
}

std::string to_json(const domain::check& job, bool pretty) {
  nlohmann::json j = domain_to_json(job.result());
  j["dns"] = {{"rounds", job.rounds()}};
  // Records come from DNS as bytes: invalid UTF-8 is replaced (U+FFFD), never thrown about.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace authlens::report
