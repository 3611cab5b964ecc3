// JSON for the record wizard and the spf.budget job (authlens/report.hpp, "records" section).
#include "authlens/report.hpp"


namespace authlens::report {

using nlohmann::json;

namespace {

json notes_json(const std::vector<records::note>& v) {
  json a = json::array();
  for (const auto& n : v) a.push_back(note_to_json(n));
  return a;
}
json publish_json(const std::vector<records::dns_record>& v) {
  json a = json::array();
  for (const auto& r : v) a.push_back(record_to_json(r));
  return a;
}

std::string s_of(const json& j, const char* k, std::string def = {}) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : def;
}
bool b_of(const json& j, const char* k, bool def) {
  auto it = j.find(k);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : def;
}
std::uint32_t ttl_of(const json& j, std::uint32_t def = 3600) {
  auto it = j.find("ttl");
  if (it != j.end() && it->is_number_integer()) {
    auto v = it->get<std::int64_t>();
    if (v >= 0 && v <= 2147483647) return static_cast<std::uint32_t>(v);
  }
  return def;
}
std::vector<std::string> list_of(const json& j, const char* k) {
  std::vector<std::string> out;
  auto it = j.find(k);
  if (it == j.end()) return out;
  if (it->is_string()) {
    if (!it->get<std::string>().empty()) out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& x : *it)
      if (x.is_string() && !x.get<std::string>().empty()) out.push_back(x.get<std::string>());
  }
  return out;
}

}  // namespace

json record_to_json(const records::dns_record& r) {
  json j{{"name", r.name},       {"type", r.type},         {"value", r.value},   {"strings", r.strings},
         {"ttl", r.ttl},         {"bind", r.bind},         {"one_string", r.one_string},
         {"quoted", r.quoted},   {"purpose", r.purpose}};
  if (!r.purpose_code.empty()) {
    json p = json::object();
    for (const auto& [k, v] : r.purpose_params) p[k] = v;
    j["purpose_code"] = r.purpose_code;
    j["purpose_params"] = std::move(p);
  }
  return j;
}

json note_to_json(const records::note& n) {
  json p = json::object();
  for (const auto& [k, v] : n.params) p[k] = v;
  return json{{"code", n.code}, {"severity", n.severity}, {"message", n.message}, {"fix", n.fix}, {"params", p}};
}

json spf_build_to_json(const records::spf_build& b) {
  return json{{"kind", "spf"},        {"record", b.record},        {"lookups", b.lookups},
              {"lookup_terms", b.lookup_terms}, {"publish", publish_json(b.publish)},
              {"notes", notes_json(b.notes)}, {"ok", !records::has_error(b.notes)}};
}

json dmarc_build_to_json(const records::dmarc_build& b) {
  json steps = json::array();
  for (const auto& s : b.rollout)
    steps.push_back(json{{"code", s.code}, {"title", s.title}, {"record", s.record}, {"watch", s.watch},
                         {"duration", s.duration}, {"current", s.current}});
  return json{{"kind", "dmarc"},
              {"record", b.record},
              {"publish", publish_json(b.publish)},
              {"notes", notes_json(b.notes)},
              {"rollout", steps},
              {"external_destinations", b.external_destinations},
              {"ok", !records::has_error(b.notes)}};
}

json dkim_build_to_json(const records::dkim_build& b) {
  return json{{"kind", "dkim"},
              {"record", b.record},
              {"private_pem", b.private_pem},
              {"publish", publish_json(b.publish)},
              {"notes", notes_json(b.notes)},
              {"rotation", notes_json(b.rotation)},
              {"next_selector", b.next_selector},
              {"ok", !records::has_error(b.notes)}};
}

json delegation_to_json(const records::delegation_build& b) {
  return json{{"kind", "delegation"},
              {"publish", publish_json(b.publish)},
              {"notes", notes_json(b.notes)},
              {"ok", !records::has_error(b.notes)}};
}

json spf_budget_to_json(const records::spf_budget& b) {
  return json{{"kind", "spf.budget"},
              {"done", b.done},
              {"status", std::string(records::to_string(b.status))},
              {"domain", b.domain},
              {"record", b.record},
              {"lookups", b.lookups},
              {"limit", b.limit},
              {"void_lookups", b.void_lookups},
              {"tree", spf_tree_to_json(b.lint.tree)},
              {"notes", notes_json(b.notes)},
              {"flatten", json{{"ip4", b.lint.flatten_ip4}, {"ip6", b.lint.flatten_ip6}}},
              {"ok", b.done && !records::has_error(b.notes)}};
}

json record_providers_json() {
  json spf = json::array(), dkim = json::array();
  for (const auto& p : records::spf_providers())
    spf.push_back(json{{"id", p.id}, {"name", p.name}, {"include", p.include}, {"note", p.note}});
  for (const auto& p : records::dkim_providers())
    dkim.push_back(json{{"id", p.id}, {"name", p.name}, {"needs", p.needs}});
  return json{{"spf", spf}, {"dkim", dkim}};
}

json error_json(const error& e) { return json{{"error", json{{"code", e.code}, {"message", e.message}}}}; }

records::spf_options spf_options_from_json(const json& j) {
  records::spf_options o;
  if (!j.is_object()) return o;
  o.domain = s_of(j, "domain");
  o.providers = list_of(j, "providers");
  o.ip4 = list_of(j, "ip4");
  o.ip6 = list_of(j, "ip6");
  o.hosts = list_of(j, "hosts");
  o.includes = list_of(j, "includes");
  o.a = b_of(j, "a", false);
  o.mx = b_of(j, "mx", false);
  o.all = s_of(j, "all", "fail");
  o.ses_mail_from = s_of(j, "ses_mail_from");
  o.ses_region = s_of(j, "ses_region", "us-east-1");
  o.ttl = ttl_of(j);
  return o;
}

records::dmarc_options dmarc_options_from_json(const json& j) {
  records::dmarc_options o;
  if (!j.is_object()) return o;
  o.domain = s_of(j, "domain");
  o.p = s_of(j, "p", "none");
  o.sp = s_of(j, "sp");
  o.np = s_of(j, "np");
  o.adkim = s_of(j, "adkim");
  o.aspf = s_of(j, "aspf");
  o.rua = list_of(j, "rua");
  o.ruf = list_of(j, "ruf");
  o.fo = s_of(j, "fo");
  o.testing = b_of(j, "t", false);
  o.psd = s_of(j, "psd");
  o.legacy_pct = b_of(j, "legacy_pct", true);
  o.mailing_lists = b_of(j, "mailing_lists", false);
  o.ttl = ttl_of(j);
  return o;
}

records::dkim_options dkim_options_from_json(const json& j) {
  records::dkim_options o;
  if (!j.is_object()) return o;
  o.domain = s_of(j, "domain");
  o.selector = s_of(j, "selector");
  o.type = s_of(j, "type", "rsa") == "ed25519" ? dkim::key_type::ed25519 : dkim::key_type::rsa;
  if (auto it = j.find("bits"); it != j.end() && it->is_number_integer()) {
    auto v = it->get<std::int64_t>();
    o.bits = v > 0 && v < 100000 ? static_cast<unsigned>(v) : 1;
  }
  o.ttl = ttl_of(j);
  o.date = s_of(j, "date");
  return o;
}

records::delegation_options delegation_options_from_json(const json& j) {
  records::delegation_options o;
  if (!j.is_object()) return o;
  o.provider = s_of(j, "provider");
  o.domain = s_of(j, "domain");
  o.tokens = list_of(j, "tokens");
  o.account = s_of(j, "account");
  o.ttl = ttl_of(j);
  return o;
}

std::string to_json(const records::spf_budget_job& job, bool pretty) {
  json j = spf_budget_to_json(job.result());
  j["dns"] = json{{"rounds", job.rounds()}, {"offline", job.offline()}};
  // TXT answers may carry invalid UTF-8: replaced (U+FFFD), never thrown about.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace authlens::report
