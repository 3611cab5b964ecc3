// JSON for DMARC aggregate reports; see authlens/report.hpp, "aggregate" section.
#include "authlens/report.hpp"

#include <map>
#include <vector>

namespace authlens::report {
namespace {

using nlohmann::json;

json counts_json(const std::vector<aggregate::count_by>& v) {
  json out = json::array();
  for (const auto& c : v)
    out.push_back({{"key", c.key}, {"messages", c.messages}, {"pass", c.dmarc_pass}, {"fail", c.dmarc_fail}});
  return out;
}

}  // namespace

json header_from_json(const aggregate::domain_alignment& d) {
  return {{"header_from", d.header_from}, {"messages", d.messages}, {"pass", d.dmarc_pass},
          {"fail", d.dmarc_fail}, {"spf_unaligned", d.spf_unaligned}, {"dkim_unaligned", d.dkim_unaligned},
          {"quarantined", d.quarantined}, {"rejected", d.rejected}};
}

namespace {

json defects_json(const std::vector<defect>& d) {
  json out = json::array();
  for (const auto& x : d) out.push_back({{"code", x.code}, {"detail", x.detail}});
  return out;
}

}  // namespace

const char* aggregate_status(const result<aggregate::report>& r) {
  if (!r) return "error";
  return r->defects.empty() ? "parsed" : "partial";
}

json aggregate_report_to_json(const aggregate::report& r, bool with_records) {
  const auto& m = r.meta;
  const auto& p = r.published;
  json j = {
      {"version", r.version},
      {"namespace", r.xml_namespace},
      {"schema", aggregate::to_string(r.format)},
      {"container", aggregate::to_string(r.from)},
      {"report_metadata",
       {{"org_name", m.org_name}, {"email", m.email}, {"extra_contact_info", m.extra_contact_info},
        {"report_id", m.report_id}, {"date_range", {{"begin", m.begin}, {"end", m.end}}}, {"error", m.errors},
        {"generator", m.generator}}},
      {"policy_published",
       {{"domain", p.domain}, {"adkim", p.adkim}, {"aspf", p.aspf}, {"p", p.p}, {"sp", p.sp}, {"np", p.np},
        {"pct", p.pct}, {"fo", p.fo}, {"testing", p.testing}, {"discovery_method", p.discovery_method}}},
      {"messages", r.messages()},
      {"record_count", r.records.size()}};
  if (with_records) {
    json recs = json::array();
    for (const auto& x : r.records) {
      json reasons = json::array();
      for (const auto& w : x.reasons) reasons.push_back({{"type", w.type}, {"comment", w.comment}});
      json dk = json::array(), sp = json::array();
      for (const auto& d : x.dkim_results)
        dk.push_back({{"domain", d.domain}, {"selector", d.selector}, {"result", d.result}, {"human_result", d.human_result}});
      for (const auto& s : x.spf_results)
        sp.push_back({{"domain", s.domain}, {"scope", s.scope}, {"result", s.result}, {"human_result", s.human_result}});
      recs.push_back({{"source_ip", x.source_ip}, {"count", x.count}, {"disposition", x.disposition},
                      {"dkim", x.dkim}, {"spf", x.spf}, {"dmarc", x.dmarc_pass() ? "pass" : "fail"},
                      {"reasons", reasons}, {"envelope_to", x.envelope_to}, {"envelope_from", x.envelope_from},
                      {"header_from", x.header_from}, {"auth_results", {{"dkim", dk}, {"spf", sp}}}});
    }
    j["records"] = std::move(recs);
  }
  return j;
}

json aggregate_summary_to_json(const aggregate::summary& s) {
  json reporters = json::array(), sources = json::array(), froms = json::array(), fixes = json::array(),
       days = json::array();
  for (const auto& r : s.reporters)
    reporters.push_back({{"org_name", r.org_name}, {"email", r.email}, {"reports", r.reports},
                         {"messages", r.messages}, {"begin", r.begin}, {"end", r.end}});
  for (const auto& x : s.sources)
    sources.push_back({{"ip", x.ip}, {"messages", x.messages}, {"pass", x.dmarc_pass}, {"fail", x.dmarc_fail},
                       {"spf_aligned_pass", x.spf_aligned_pass}, {"dkim_aligned_pass", x.dkim_aligned_pass},
                       {"header_froms", x.header_froms}, {"reporters", x.reporters}});
  for (const auto& d : s.by_header_from) froms.push_back(header_from_json(d));
  for (const auto& f : s.senders_to_fix)
    fixes.push_back({{"ip", f.ip}, {"header_from", f.header_from}, {"messages", f.messages},
                     {"why", aggregate::to_string(f.why)}, {"dkim_domains", f.dkim_domains},
                     {"spf_domains", f.spf_domains}});
  for (const auto& d : s.days)
    days.push_back({{"day", d.day}, {"messages", d.messages}, {"pass", d.dmarc_pass}, {"fail", d.dmarc_fail}});
  return {{"reports", s.reports},
          {"duplicates", s.duplicates},
          {"records", s.records},
          {"messages", s.messages},
          {"begin", s.begin},
          {"end", s.end},
          {"domains", s.domains},
          {"reporters", reporters},
          {"sources", sources},
          {"other_sources", s.other_sources},
          {"dmarc", {{"messages", s.dmarc.messages}, {"pass", s.dmarc.dmarc_pass}, {"fail", s.dmarc.dmarc_fail}}},
          {"dkim_evaluated", counts_json(s.dkim_evaluated)},
          {"spf_evaluated", counts_json(s.spf_evaluated)},
          {"dkim_auth", counts_json(s.dkim_auth)},
          {"spf_auth", counts_json(s.spf_auth)},
          {"dispositions", counts_json(s.dispositions)},
          {"by_header_from", froms},
          {"senders_to_fix", fixes},
          {"days", days}};
}

json aggregate_to_json(std::span<const aggregate_file> files, bool with_records,
                       const aggregate::merge_options& options) {
  json list = json::array();
  std::vector<aggregate::report> ok;
  std::size_t parsed = 0, partial = 0, failed = 0;
  for (const auto& f : files) {
    json e = {{"file", f.name}, {"status", aggregate_status(f.parsed)}};
    if (!f.parsed) {
      ++failed;
      e["error"] = {{"code", f.parsed.err().code}, {"message", f.parsed.err().message}};
    } else {
      (f.parsed->defects.empty() ? parsed : partial) += 1;
      e["container"] = aggregate::to_string(f.parsed->from);
      e["schema"] = aggregate::to_string(f.parsed->format);
      e["defects"] = defects_json(f.parsed->defects);
      e["report"] = aggregate_report_to_json(*f.parsed, with_records);
      ok.push_back(*f.parsed);
    }
    list.push_back(std::move(e));
  }
  return {{"schema", "authlens/dmarc-aggregate/v1"},
          {"counts", {{"files", files.size()}, {"parsed", parsed}, {"partial", partial}, {"error", failed}}},
          {"files", std::move(list)},
          {"summary", aggregate_summary_to_json(aggregate::merge(ok, options))}};
}

}  // namespace authlens::report

namespace authlens::report {

nlohmann::json aggregate_ptr_source_to_json(const aggregate::source_ptr& p) {
  nlohmann::json j = {{"status", std::string(aggregate::to_string(p.status))},
                      {"names", p.names},
                      {"forward", p.forward ? std::string(aggregate::to_string(*p.forward)) : std::string()}};
  if (p.forward == aggregate::ptr_forward::confirmed) j["forward_confirmed"] = true;
  else if (p.forward == aggregate::ptr_forward::not_confirmed) j["forward_confirmed"] = false;
  else j["forward_confirmed"] = nullptr;
  j["confirmed_name"] = p.confirmed_name;
  return j;
}

nlohmann::json sender_id_to_json(const aggregate::sender_id& id) {
  return {{"kind", std::string(aggregate::to_string(id.kind))}, {"id", id.id}, {"name", id.name}};
}

nlohmann::json aggregate_ptr_to_json(const aggregate::ptr_lookup& job) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : job.results()) {
    nlohmann::json e = {{"ip", p.ip}, {"messages", p.messages}};
    e.update(aggregate_ptr_source_to_json(p));
    e["in_provider"] = std::string(aggregate::to_string(p.in_provider));
    e["provider"] = p.provider;
    e["sender"] = sender_id_to_json(aggregate::identify_sender(p.ip, &p));
    list.push_back(std::move(e));
  }
  return {{"schema", "authlens/aggregate-ptr/v1"},
          {"complete", job.complete()},
          {"offline", job.offline()},
          {"rounds", job.rounds()},
          {"max_sources", job.options().max_sources},
          {"forward_confirm", job.options().forward_confirm},
          {"providers", job.options().providers},
          {"looked_up", job.results().size()},
          {"not_looked_up", job.not_looked_up()},
          {"sources", std::move(list)}};
}

void add_ptr_to_aggregate_json(nlohmann::json& doc, const aggregate::ptr_lookup& job) {
  nlohmann::json info = aggregate_ptr_to_json(job);
  info.erase("sources");
  info.erase("schema");
  doc["ptr_lookup"] = std::move(info);
  auto s = doc.find("summary");
  if (s == doc.end() || !s->contains("sources")) return;
  std::map<std::string, const aggregate::source_ptr*> by_ip;
  for (const auto& p : job.results()) by_ip.emplace(p.ip, &p);
  for (auto& src : (*s)["sources"]) {
    auto it = by_ip.find(src.value("ip", std::string()));
    src["ptr"] = it == by_ip.end() ? nlohmann::json(nullptr) : aggregate_ptr_source_to_json(*it->second);
  }
}

nlohmann::json aggregate_senders_to_json(const aggregate::sender_view& v) {
  using nlohmann::json;
  json senders = json::array(), froms = json::array();
  for (const auto& s : v.senders) {
    json days = json::array();
    for (const auto& d : s.days)
      days.push_back({{"day", d.day}, {"messages", d.messages}, {"pass", d.dmarc_pass}, {"fail", d.dmarc_fail}});
    json fix = nullptr;
    if (s.fix)
      fix = {{"why", aggregate::to_string(s.fix->why)}, {"messages", s.fix->messages},
             {"header_froms", s.fix->header_froms}, {"dkim_domains", s.fix->dkim_domains},
             {"spf_domains", s.fix->spf_domains}};
    json e = sender_id_to_json({s.kind, s.id, s.name});
    e.update(json{{"messages", s.messages}, {"pass", s.dmarc_pass}, {"fail", s.dmarc_fail},
                  {"spf_aligned_pass", s.spf_aligned_pass}, {"dkim_aligned_pass", s.dkim_aligned_pass},
                  {"dispositions", {{"none", s.messages - s.quarantined - s.rejected},
                                    {"quarantine", s.quarantined}, {"reject", s.rejected}}},
                  {"ips", s.ips}, {"ip_count", s.ip_count}, {"header_froms", s.header_froms},
                  {"reporters", s.reporters}, {"fix", std::move(fix)}, {"days", std::move(days)}});
    senders.push_back(std::move(e));
  }
  for (const auto& d : v.by_header_from) froms.push_back(header_from_json(d));
  return {{"filter", {{"failures_only", v.filter.failures_only}, {"header_from", v.filter.header_from},
                      {"reporter", v.filter.reporter}}},
          {"lookup", std::string(aggregate::to_string(v.lookup))},
          {"messages", v.messages},
          {"senders", std::move(senders)},
          {"other_senders", v.other_senders},
          {"other_messages", v.other_messages},
          {"by_header_from", std::move(froms)},
          {"header_froms", v.header_froms},
          {"reporters", v.reporters},
          {"days", v.days}};
}

std::string to_json(const aggregate::ptr_lookup& job, bool pretty) {
  nlohmann::json j = aggregate_ptr_to_json(job);
  // Report files and DNS answers may carry invalid UTF-8: replaced (U+FFFD), never thrown about.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace authlens::report
