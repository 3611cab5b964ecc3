// Many reports folded into one summary; CSV export.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "aggregate/internal.hpp"
#include "authlens/strings.hpp"

namespace authlens::aggregate {
using namespace authlens::str;

const char* to_string(fix_reason r) {
  switch (r) {
    case fix_reason::dkim_not_aligned: return "dkim_not_aligned";
    case fix_reason::spf_not_aligned: return "spf_not_aligned";
    case fix_reason::dkim_broken: return "dkim_broken";
    case fix_reason::unauthenticated: return "unauthenticated";
  }
  return "unauthenticated";
}

// The PTR words live here, with to_csv, rather than in ptr.cpp: to_csv needs them, and ptr.cpp's
// ptr_lookup (its job code) must not be pulled into every link that only needs the words.
std::string_view to_string(ptr_status s) {
  switch (s) {
    case ptr_status::found: return "found";
    case ptr_status::no_ptr: return "no_ptr";
    case ptr_status::dns_error: return "dns_error";
    case ptr_status::bad_address: return "bad_address";
    case ptr_status::not_checked: return "not_checked";
  }
  return "not_checked";
}

std::string_view to_string(ptr_forward f) {
  switch (f) {
    case ptr_forward::confirmed: return "confirmed";
    case ptr_forward::not_confirmed: return "not_confirmed";
    case ptr_forward::dns_error: return "dns_error";
    case ptr_forward::not_checked: return "not_checked";
  }
  return "not_checked";
}

bool loosely_aligned(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (iequals(a, b)) return true;
  auto sub = [](std::string_view x, std::string_view y) {  // x is a subdomain of y
    return x.size() > y.size() + 1 && x[x.size() - y.size() - 1] == '.' && iends_with(x, y) &&
           y.find('.') != std::string_view::npos;
  };
  return sub(a, b) || sub(b, a);
}

namespace {

void tally(std::map<std::string, count_by>& m, const std::string& key, const record& r) {
  auto& c = m[key.empty() ? std::string("(absent)") : key];
  c.key = key.empty() ? "(absent)" : key;
  c.messages += r.count;
  (r.dmarc_pass() ? c.dmarc_pass : c.dmarc_fail) += r.count;
}

std::vector<count_by> values(const std::map<std::string, count_by>& m) {
  std::vector<count_by> out;
  for (const auto& [k, v] : m) out.push_back(v);
  std::stable_sort(out.begin(), out.end(), [](const count_by& a, const count_by& b) { return a.messages > b.messages; });
  return out;
}

std::string best_dkim(const record& r) {
  std::string best;
  for (const auto& d : r.dkim_results) {
    if (d.result == "pass") return "pass";
    if (best.empty()) best = d.result;
  }
  return best.empty() ? "none" : best;
}

}  // namespace

namespace detail {

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::vector<const report*> distinct_reports(std::span<const report> reports) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<const report*> out;
  for (const report& rep : reports)
    if (rep.meta.report_id.empty() || seen.emplace(lower(rep.meta.org_name), rep.meta.report_id).second)
      out.push_back(&rep);
  return out;
}

void count_alignment(domain_alignment& fa, const record& r) {
  fa.messages += r.count;
  (r.dmarc_pass() ? fa.dmarc_pass : fa.dmarc_fail) += r.count;
  if (r.spf != "pass") fa.spf_unaligned += r.count;
  if (r.dkim != "pass") fa.dkim_unaligned += r.count;
  if (r.disposition == "quarantine") fa.quarantined += r.count;
  if (r.disposition == "reject") fa.rejected += r.count;
}

std::int64_t day_of(std::int64_t t) { return t - ((t % 86400) + 86400) % 86400; }

std::string judged_from(const report& rep, const record& r) {
  return r.header_from.empty() ? rep.published.domain : r.header_from;
}

fix_reason classify_failure(const record& r, std::string_view from, std::vector<std::string>& dkim_domains,
                            std::vector<std::string>& spf_domains) {
  bool dkim_other = false, dkim_own_fail = false, spf_other = false;
  for (const auto& d : r.dkim_results) {
    if (d.result == "pass" && !loosely_aligned(d.domain, from)) {
      dkim_other = true;
      add_unique(dkim_domains, d.domain);
    } else if (d.result != "pass" && loosely_aligned(d.domain, from)) {
      dkim_own_fail = true;
      add_unique(dkim_domains, d.domain);
    }
  }
  for (const auto& sp : r.spf_results) {
    if (sp.result == "pass" && !loosely_aligned(sp.domain, from)) {
      spf_other = true;
      add_unique(spf_domains, sp.domain);
    }
  }
  return dkim_other ? fix_reason::dkim_not_aligned
         : spf_other ? fix_reason::spf_not_aligned
         : dkim_own_fail ? fix_reason::dkim_broken
                         : fix_reason::unauthenticated;
}

}  // namespace detail

summary merge(std::span<const report> reports, const merge_options& options) {
  summary s;
  std::map<std::pair<std::string, std::string>, reporter> reps;
  std::map<std::string, source> srcs;
  std::map<std::string, std::set<std::string>> src_froms, src_reps;
  std::map<std::string, count_by> dkim_ev, spf_ev, dkim_au, spf_au, disp;
  std::map<std::string, domain_alignment> froms;
  std::map<std::pair<std::string, std::string>, sender_to_fix> fixes;
  std::map<std::int64_t, day_volume> days;
  std::set<std::string> domains;
  bool first = true;

  const std::vector<const report*> counted = detail::distinct_reports(reports);
  s.duplicates = reports.size() - counted.size();
  for (const report* each : counted) {
    const report& rep = *each;
    ++s.reports;
    if (rep.meta.begin != 0 || rep.meta.end != 0) {
      if (first || rep.meta.begin < s.begin) s.begin = rep.meta.begin;
      if (first || rep.meta.end > s.end) s.end = rep.meta.end;
      first = false;
    }
    if (!rep.published.domain.empty()) domains.insert(rep.published.domain);
    auto& who = reps[{rep.meta.org_name, rep.meta.email}];
    if (who.reports == 0) {
      who.org_name = rep.meta.org_name;
      who.email = rep.meta.email;
      who.begin = rep.meta.begin;
      who.end = rep.meta.end;
    }
    ++who.reports;
    who.begin = std::min(who.begin, rep.meta.begin);
    who.end = std::max(who.end, rep.meta.end);
    std::int64_t day = detail::day_of(rep.meta.begin);
    auto& dv = days[day];
    dv.day = day;

    for (const record& r : rep.records) {
      ++s.records;
      s.messages += r.count;
      who.messages += r.count;
      bool pass = r.dmarc_pass();
      dv.messages += r.count;
      (pass ? dv.dmarc_pass : dv.dmarc_fail) += r.count;
      s.dmarc.messages += r.count;
      (pass ? s.dmarc.dmarc_pass : s.dmarc.dmarc_fail) += r.count;

      auto& src = srcs[r.source_ip];
      src.ip = r.source_ip;
      src.messages += r.count;
      (pass ? src.dmarc_pass : src.dmarc_fail) += r.count;
      if (r.spf == "pass") src.spf_aligned_pass += r.count;
      if (r.dkim == "pass") src.dkim_aligned_pass += r.count;
      if (!r.header_from.empty()) src_froms[r.source_ip].insert(r.header_from);
      if (!rep.meta.org_name.empty()) src_reps[r.source_ip].insert(rep.meta.org_name);

      tally(dkim_ev, r.dkim, r);
      tally(spf_ev, r.spf, r);
      tally(dkim_au, best_dkim(r), r);
      tally(spf_au, r.spf_results.empty() ? std::string("none") : r.spf_results.front().result, r);
      tally(disp, r.disposition, r);

      std::string from = detail::judged_from(rep, r);
      auto& fa = froms[from];
      fa.header_from = from;
      detail::count_alignment(fa, r);

      if (!pass) {
        auto& fx = fixes[{r.source_ip, from}];
        fx.ip = r.source_ip;
        fx.header_from = from;
        fx.messages += r.count;
        fix_reason why = detail::classify_failure(r, from, fx.dkim_domains, fx.spf_domains);
        if (fx.messages == r.count || why < fx.why) fx.why = why;
      }
    }
  }

  s.domains.assign(domains.begin(), domains.end());
  for (auto& [k, v] : reps) s.reporters.push_back(v);
  std::stable_sort(s.reporters.begin(), s.reporters.end(),
                   [](const reporter& a, const reporter& b) { return a.messages > b.messages; });
  for (auto& [ip, v] : srcs) {
    const auto& f = src_froms[ip];
    const auto& r = src_reps[ip];
    v.header_froms.assign(f.begin(), f.end());
    v.reporters.assign(r.begin(), r.end());
    s.sources.push_back(std::move(v));
  }
  std::stable_sort(s.sources.begin(), s.sources.end(),
                   [](const source& a, const source& b) { return a.messages > b.messages; });
  if (s.sources.size() > options.max_sources) {
    for (std::size_t i = options.max_sources; i < s.sources.size(); ++i) s.other_sources += s.sources[i].messages;
    s.sources.resize(options.max_sources);
  }
  s.dmarc.key = "dmarc";
  s.dkim_evaluated = values(dkim_ev);
  s.spf_evaluated = values(spf_ev);
  s.dkim_auth = values(dkim_au);
  s.spf_auth = values(spf_au);
  s.dispositions = values(disp);
  for (auto& [k, v] : froms) s.by_header_from.push_back(v);
  std::stable_sort(s.by_header_from.begin(), s.by_header_from.end(),
                   [](const domain_alignment& a, const domain_alignment& b) { return a.messages > b.messages; });
  for (auto& [k, v] : fixes) s.senders_to_fix.push_back(v);
  std::stable_sort(s.senders_to_fix.begin(), s.senders_to_fix.end(),
                   [](const sender_to_fix& a, const sender_to_fix& b) { return a.messages > b.messages; });
  if (s.senders_to_fix.size() > options.max_senders_to_fix) s.senders_to_fix.resize(options.max_senders_to_fix);
  for (auto& [k, v] : days) s.days.push_back(v);
  return s;
}

void detail::csv_field(std::string& out, std::string_view v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  // A leading = + - @ would be read as a formula by spreadsheets: quote and prefix it.
  bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@');
  if (!quote && !formula) {
    out += v;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void detail::csv_row(std::string& out, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) out += ',';
    csv_field(out, row[i]);
  }
  out += "\r\n";
}

namespace {

template <class T, class F>
std::string joined(const std::vector<T>& v, F f) {
  std::string out;
  for (const auto& x : v) {
    if (!out.empty()) out += ' ';
    out += f(x);
  }
  return out;
}

}  // namespace

std::string to_csv(std::span<const report> reports, const std::vector<source_ptr>* ptr) {
  std::string out =
      "org_name,report_id,begin,end,policy_domain,policy_p,source_ip,count,disposition,dmarc,dkim_evaluated,"
      "spf_evaluated,header_from,envelope_from,dkim_domains,dkim_results,spf_domains,spf_results";
  out += ptr ? ",ptr,ptr_forward\r\n" : "\r\n";
  std::map<std::string, const source_ptr*> by_ip;
  if (ptr)
    for (const auto& p : *ptr) by_ip.emplace(p.ip, &p);
  for (const report& rep : reports) {
    for (const record& r : rep.records) {
      std::vector<std::string> row = {
          rep.meta.org_name, rep.meta.report_id, std::to_string(rep.meta.begin), std::to_string(rep.meta.end),
          rep.published.domain, rep.published.p, r.source_ip, std::to_string(r.count), r.disposition,
          r.dmarc_pass() ? "pass" : "fail", r.dkim, r.spf, r.header_from, r.envelope_from,
          joined(r.dkim_results, [](const dkim_auth& d) { return d.domain; }),
          joined(r.dkim_results, [](const dkim_auth& d) { return d.result; }),
          joined(r.spf_results, [](const spf_auth& d) { return d.domain; }),
          joined(r.spf_results, [](const spf_auth& d) { return d.result; })};
      if (ptr) {
        auto it = by_ip.find(r.source_ip);
        row.push_back(it == by_ip.end() ? std::string() : joined(it->second->names, [](const std::string& n) { return n; }));
        row.push_back(it == by_ip.end() || !it->second->forward ? std::string()
                                                                 : std::string(to_string(*it->second->forward)));
      }
      detail::csv_row(out, row);
    }
  }
  return out;
}

}  // namespace authlens::aggregate
