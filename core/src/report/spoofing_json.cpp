// JSON for the spoofing indicators (report key `spoofing`, authlens/report.hpp, "analysis" section).
#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

namespace {

json identity_to_json(const analyzer::spoof_identity& i) {
  json j = {{"address", i.address}, {"domain", i.domain}, {"org_domain", i.org_domain}};
  if (i.same_org_as_from) j["same_org_as_from"] = *i.same_org_as_from;
  return j;
}

}  // namespace

json lookalike_to_json(const analyzer::lookalike& l) {
  json j = {{"domain", l.domain},       {"unicode", l.unicode},         {"punycode", l.punycode},
            {"non_ascii", l.non_ascii}, {"scripts", l.scripts},         {"mixed_scripts", l.mixed_scripts},
            {"confusable", l.confusable}};
  if (l.confusable) j["looks_like"] = l.skeleton;
  return j;
}

json spoofing_to_json(const analyzer::spoofing_report& s) {
  json dkim = json::array();
  for (const auto& d : s.identities.dkim)
    dkim.push_back({{"domain", d.domain}, {"org_domain", d.org_domain}, {"pass", d.pass},
                    {"same_org_as_from", d.same_org_as_from}});
  json ids = {{"header_from", identity_to_json(s.identities.header_from)},
              {"envelope_from", identity_to_json(s.identities.envelope_from)},
              {"dkim", std::move(dkim)}};
  json ind = json::array();
  for (const auto& i : s.indicators)
    ind.push_back(json{{"code", i.code}, {"severity", i.severity}, {"detail", i.detail},
                       {"params", params_to_json(i.params)}});
  json doms = json::array();
  for (const auto& l : s.domains) doms.push_back(lookalike_to_json(l));
  return json{{"level", s.level}, {"identities", std::move(ids)}, {"indicators", std::move(ind)},
              {"domains", std::move(doms)}};
}

}  // namespace authlens::report
