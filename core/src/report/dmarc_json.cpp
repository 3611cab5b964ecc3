// dmarc::evaluation / record / domain_report → JSON (see authlens/report.hpp, "dmarc" section).
#include "authlens/report.hpp"

#include <string>
#include <string_view>

#include "authlens/message.hpp"

namespace authlens::report {

namespace {

/// JSON strings must be UTF-8: the core's one cleaner (mime::to_valid_utf8) replaces each invalid byte by U+FFFD.
std::string text(std::string_view s) { return mime::to_valid_utf8(s); }

/// A reason code, "" when unset.
template <class E>
std::string code(const std::optional<E>& r) {
  return r ? std::string(dmarc::to_string(*r)) : std::string();
}

nlohmann::json opt_policy(const std::optional<dmarc::policy>& p) {
  if (!p) return nullptr;
  return std::string(dmarc::to_string(*p));
}

nlohmann::json identifier_json(const dmarc::identifier& id) {
  nlohmann::json j;
  j["domain"] = text(id.domain);
  if (id.mechanism == "dkim") j["selector"] = text(id.selector);
  j["result"] = text(id.result);
  j["passed"] = id.passed;
  j["aligned"] = id.aligned;
  j["domain_aligned"] = id.domain_aligned;
  j["mode"] = std::string(dmarc::to_string(id.how));
  j["org_domain"] = text(id.org_domain);
  j["reason"] = code(id.reason);
  return j;
}

nlohmann::json alignment_json(const dmarc::outcome& o) {
  auto dk = nlohmann::json::array();
  for (const auto& k : o.dkim) dk.push_back(identifier_json(k));
  return {{"spf", identifier_json(o.spf)}, {"dkim", dk}};
}

nlohmann::json rua_json(const std::vector<dmarc::rua_check>& v) {
  auto a = nlohmann::json::array();
  for (const auto& c : v)
    a.push_back({{"uri", text(c.uri)},
                 {"tag", c.tag},
                 {"dest_domain", text(c.dest_domain)},
                 {"external", c.external},
                 {"query", text(c.query)},
                 {"status", c.status},
                 {"record", text(c.record)}});
  return a;
}

nlohmann::json disagreements_json(const std::vector<dmarc::disagreement>& v) {
  auto a = nlohmann::json::array();
  for (const auto& d : v)
    a.push_back({{"what", d.what},
                 {"reason", std::string(dmarc::to_string(d.reason))},
                 {"rfc9989", text(d.rfc9989)},
                 {"rfc7489", text(d.rfc7489)},
                 {"detail", text(d.detail)}});
  return a;
}

/// The fields both modes share, in the report's shape.
nlohmann::json outcome_json(const dmarc::outcome& o) {
  nlohmann::json j;
  j["result"] = std::string(dmarc::to_string(o.result));
  // Always present (DESIGN.md "Report format"). `policy` is "none" for a record that applies no
  // policy (no valid p= and no valid rua=), null only when no record was found. `disposition` is
  // "none" whenever DMARC asks nothing of the receiver: no record, permerror, temperror, pass.
  j["policy"] = o.requested ? opt_policy(o.requested) : o.disc.rec ? nlohmann::json("none") : nlohmann::json(nullptr);
  j["disposition"] = o.disposition ? opt_policy(o.disposition) : nlohmann::json("none");
  j["org_domain"] = text(o.disc.org_domain);
  j["record_domain"] = text(o.disc.record_domain);
  j["reason"] = std::string(dmarc::to_string(o.reason));
  j["detail"] = text(o.detail);
  j["policy_tag"] = o.policy_tag;
  j["record"] = text(o.disc.record_text);
  j["alignment"] = alignment_json(o);
  j["discovery"] = report::dmarc_discovery_to_json(o.disc);
  if (o.m == dmarc::mode::rfc9989) {
    j["test_mode"] = o.test_mode;
    if (o.author_existence_checked) j["author_exists"] = o.author_exists;
    else if (o.author_existence_unknown) j["author_exists"] = nullptr;  // DNS failed: unknown, not non-existent
  } else {
    j["pct"] = o.pct;
    j["disposition_unsampled"] = opt_policy(o.disposition_unsampled);
  }
  return j;
}

nlohmann::json explain_part_json(const dmarc::explain_part& p) {
  return {{"present", p.present}, {"passed", p.passed}, {"aligned", p.aligned}, {"why_not", code(p.why_not)},
          {"detail", text(p.detail)}};
}

}  // namespace

nlohmann::json dmarc_discovery_to_json(const dmarc::discovery& d) {
  nlohmann::json j;
  j["mode"] = std::string(dmarc::to_string(d.m));
  j["domain"] = text(d.domain);
  j["org_domain"] = text(d.org_domain);
  j["record_domain"] = text(d.record_domain);
  j["record"] = text(d.record_text);
  j["reason"] = code(d.reason);
  j["org_reason"] = code(d.org_reason);
  j["temperror"] = d.temperror;
  auto steps = nlohmann::json::array();
  for (const auto& s : d.steps) {
    auto recs = nlohmann::json::array();
    for (const auto& r : s.records) recs.push_back(text(r));
    nlohmann::json st{{"domain", text(s.domain)}, {"query", "_dmarc." + text(s.domain)}, {"outcome", s.outcome},
                      {"records", recs}};
    if (s.outcome == "record") st["psd"] = std::string(dmarc::to_string(s.psd));
    steps.push_back(std::move(st));
  }
  j["steps"] = steps;
  if (!d.done) j["pending"] = true;
  return j;
}

nlohmann::json dmarc_to_json(const dmarc::evaluation& e) {
  nlohmann::json j = outcome_json(e.rfc9989);
  j["author_domain"] = text(e.author_domain);
  j["author_error"] = std::string(dmarc::to_string(e.author_error));
  j["explain"] = {{"spf", explain_part_json(e.explain.spf)},
                  {"dkim", explain_part_json(e.explain.dkim)},
                  {"fix_code", code(e.explain.fix_code)},
                  {"fix", text(e.explain.fix)}};
  j["disagreements"] = disagreements_json(e.disagreements);
  j["rua"] = rua_json(e.rua);
  j["authentication_results"] = text(e.auth_results_fragment());
  j["rfc7489"] = outcome_json(e.rfc7489);
  if (!e.done) j["pending"] = true;
  return j;
}

nlohmann::json dmarc_record_to_json(const dmarc::record& r) {
  nlohmann::json j;
  j["text"] = text(r.text);
  j["p"] = r.p_state == dmarc::tag_state::valid ? nlohmann::json(std::string(dmarc::to_string(r.p))) : nullptr;
  j["sp"] = opt_policy(r.sp);
  j["np"] = opt_policy(r.np);
  j["psd"] = std::string(dmarc::to_string(r.psd));
  j["t"] = r.test ? "y" : "n";
  j["adkim"] = r.adkim == dmarc::alignment_mode::strict ? "s" : "r";
  j["aspf"] = r.aspf == dmarc::alignment_mode::strict ? "s" : "r";
  for (const auto* lst : {&r.rua, &r.ruf}) {
    auto a = nlohmann::json::array();
    for (const auto& u : *lst)
      a.push_back({{"uri", text(u.uri)}, {"scheme", u.scheme}, {"address", text(u.address)},
                   {"domain", text(u.domain)}, {"size_limit", text(u.size_limit)}, {"valid", u.valid}});
    j[lst == &r.rua ? "rua" : "ruf"] = a;
  }
  j["fo"] = r.fo;
  j["pct"] = r.pct ? nlohmann::json(*r.pct) : nlohmann::json(nullptr);
  j["rf"] = r.rf.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.rf);
  j["ri"] = r.ri ? nlohmann::json(*r.ri) : nlohmann::json(nullptr);
  j["policy_fallback"] = r.policy_fallback;
  j["policy_unusable"] = r.policy_unusable;
  auto tags = nlohmann::json::array();
  for (const auto& t : r.tags) tags.push_back({{"name", text(t.name)}, {"value", text(t.value)}});
  j["tags"] = tags;
  auto defects = nlohmann::json::array();
  for (const auto& d : r.defects) defects.push_back({{"code", d.code}, {"detail", text(d.detail)}});
  j["defects"] = defects;
  return j;
}

nlohmann::json dmarc_findings_to_json(const std::vector<dmarc::finding>& f) {
  auto a = nlohmann::json::array();
  for (const auto& x : f)
    a.push_back({{"code", x.code}, {"severity", x.severity}, {"detail", text(x.detail)}, {"fix", text(x.fix)}});
  return a;
}

nlohmann::json dmarc_domain_to_json(const dmarc::domain_report& r) {
  nlohmann::json j;
  j["domain"] = text(r.domain);
  j["rfc9989"] = dmarc_discovery_to_json(r.rfc9989);
  j["rfc7489"] = dmarc_discovery_to_json(r.rfc7489);
  const dmarc::discovery& applied = r.rfc9989.rec ? r.rfc9989 : r.rfc7489;
  j["record"] = applied.rec ? dmarc_record_to_json(*applied.rec) : nlohmann::json(nullptr);
  j["record_domain"] = text(applied.record_domain);
  j["findings"] = dmarc_findings_to_json(r.findings);
  j["rua"] = rua_json(r.rua);
  j["disagreements"] = disagreements_json(r.disagreements);
  j["temperror"] = r.temperror;
  if (!r.done) j["pending"] = true;
  return j;
}

}  // namespace authlens::report
