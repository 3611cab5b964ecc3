// Senders: the sources of many reports grouped into who sends (authlens/aggregate.hpp, group_senders).
// A person fixing DMARC thinks in services ("SendGrid", "our mail servers"), not in addresses: one
// provider sends from hundreds of IPs, and a report lists each one. So each IP is named by the
// strongest evidence its lookup gave — the provider's SPF tree, else its PTR name's organisation —
// and only without either by its network, which still keeps one server farm together.
#include <algorithm>
#include <map>
#include <set>

#include "aggregate/internal.hpp"
#include "authlens/inventory.hpp"
#include "authlens/ip.hpp"
#include "authlens/psl.hpp"

namespace authlens::aggregate {

std::string_view to_string(provider_check c) {
  switch (c) {
    case provider_check::found: return "found";
    case provider_check::not_found: return "not_found";
    case provider_check::incomplete: return "incomplete";
    case provider_check::not_checked: return "not_checked";
  }
  return "not_checked";
}

std::string_view to_string(sender_kind k) {
  switch (k) {
    case sender_kind::provider: return "provider";
    case sender_kind::ptr_domain: return "ptr_domain";
    case sender_kind::prefix: return "prefix";
  }
  return "prefix";
}

std::string_view to_string(sender_lookup l) {
  switch (l) {
    case sender_lookup::none: return "none";
    case sender_lookup::partial: return "partial";
    case sender_lookup::complete: return "complete";
  }
  return "none";
}

namespace {

/// "192.0.2.0/24" or "2001:db8:1::/48": the block a provider or an ISP usually hands out whole.
std::string network_of(std::string_view ip_text) {
  auto parsed = ip::parse(ip_text);
  if (!parsed) return std::string(ip_text);  // kept as written: it still groups with itself
  ip::address a = ip::unmap_v4(*parsed);
  const std::size_t keep = a.v6 ? 6 : 3;
  for (std::size_t i = keep; i < a.bytes.size(); ++i) a.bytes[i] = 0;
  return ip::to_string(a) + (a.v6 ? "/48" : "/24");
}

/// The PTR name to name the sender by: the forward-confirmed one when there is one (a PTR that does
/// not resolve back can be written by anyone), else the first.
const std::string* ptr_name(const source_ptr& p) {
  if (p.status != ptr_status::found || p.names.empty()) return nullptr;
  if (!p.confirmed_name.empty()) return &p.confirmed_name;
  return &p.names.front();
}

struct sender_acc {
  sender s;
  std::map<std::string, std::uint64_t> ips;
  std::set<std::string> froms, reporters;
  std::map<std::int64_t, day_volume> days;
  std::map<fix_reason, sender_fix> fixes;
  std::map<fix_reason, std::set<std::string>> fix_froms;
};

/// The reason most failing messages carry; on a tie the one fixed most directly (the enum's order).
std::optional<sender_fix> main_fix(sender_acc& a) {
  std::optional<sender_fix> best;
  for (auto& [why, f] : a.fixes) {
    if (best && f.messages <= best->messages) continue;
    best = f;
    const auto& froms = a.fix_froms[why];
    best->header_froms.assign(froms.begin(), froms.end());
  }
  return best;
}

sender finish(sender_acc& a, std::size_t max_ips) {
  sender s = std::move(a.s);
  std::vector<std::pair<std::string, std::uint64_t>> ips(a.ips.begin(), a.ips.end());
  std::stable_sort(ips.begin(), ips.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  s.ip_count = ips.size();
  for (std::size_t i = 0; i < ips.size() && i < max_ips; ++i) s.ips.push_back(ips[i].first);
  s.header_froms.assign(a.froms.begin(), a.froms.end());
  s.reporters.assign(a.reporters.begin(), a.reporters.end());
  for (const auto& [d, v] : a.days) s.days.push_back(v);
  s.fix = main_fix(a);
  return s;
}

}  // namespace

sender_id identify_sender(std::string_view ip, const source_ptr* looked_up) {
  if (looked_up && looked_up->in_provider == provider_check::found) {
    if (auto p = inventory::find_provider(looked_up->provider))
      return {sender_kind::provider, std::string(p->id), std::string(p->name)};
  }
  if (const std::string* name = looked_up ? ptr_name(*looked_up) : nullptr) {
    // The organisation, not the host: mail1.example.net and mail2.example.net are one sender.
    std::string domain = psl::list::builtin().lookup(*name).registrable;
    if (domain.empty()) domain = *name;  // the name is itself a public suffix
    return {sender_kind::ptr_domain, domain, domain};
  }
  std::string net = network_of(ip);
  return {sender_kind::prefix, net, net};
}

sender_view group_senders(std::span<const report> reports, std::span<const source_ptr> looked_up,
                          const sender_options& options) {
  sender_view v;
  v.filter = options.filter;
  std::map<std::string, const source_ptr*> by_ip;
  for (const auto& p : looked_up) by_ip.emplace(p.ip, &p);
  std::map<std::string, sender_id> ids;  // per IP: identify once
  std::map<std::pair<int, std::string>, sender_acc> senders;
  std::map<std::string, domain_alignment> froms;
  std::set<std::string> all_froms, all_reporters;
  std::set<std::int64_t> days;
  bool any_looked_up = false, any_not = false;

  for (const report* rep : detail::distinct_reports(reports)) {
    if (!rep->meta.org_name.empty()) all_reporters.insert(rep->meta.org_name);
    const std::int64_t day = detail::day_of(rep->meta.begin);
    days.insert(day);
    const bool reporter_ok = v.filter.reporter.empty() || rep->meta.org_name == v.filter.reporter;
    for (const record& r : rep->records) {
      const std::string from = detail::judged_from(*rep, r);
      if (!from.empty()) all_froms.insert(from);
      const bool pass = r.dmarc_pass();
      if (!reporter_ok || (v.filter.failures_only && pass) ||
          (!v.filter.header_from.empty() && from != v.filter.header_from))
        continue;
      v.messages += r.count;

      auto id_it = ids.find(r.source_ip);
      if (id_it == ids.end()) {
        auto p = by_ip.find(r.source_ip);
        const source_ptr* lp = p == by_ip.end() ? nullptr : p->second;
        // A source counts as looked up once DNS answered something about it.
        (lp && (lp->status != ptr_status::not_checked || lp->in_provider != provider_check::not_checked)
             ? any_looked_up
             : any_not) = true;
        id_it = ids.emplace(r.source_ip, identify_sender(r.source_ip, lp)).first;
      }
      const sender_id& who = id_it->second;
      auto& a = senders[{static_cast<int>(who.kind), who.id}];
      sender& s = a.s;
      if (s.messages == 0) s.kind = who.kind, s.id = who.id, s.name = who.name;
      s.messages += r.count;
      (pass ? s.dmarc_pass : s.dmarc_fail) += r.count;
      if (r.spf == "pass") s.spf_aligned_pass += r.count;
      if (r.dkim == "pass") s.dkim_aligned_pass += r.count;
      if (r.disposition == "quarantine") s.quarantined += r.count;
      if (r.disposition == "reject") s.rejected += r.count;
      a.ips[r.source_ip] += r.count;
      if (!from.empty()) a.froms.insert(from);
      if (!rep->meta.org_name.empty()) a.reporters.insert(rep->meta.org_name);
      auto& dv = a.days[day];
      dv.day = day;
      dv.messages += r.count;
      (pass ? dv.dmarc_pass : dv.dmarc_fail) += r.count;
      if (!pass) {
        std::vector<std::string> dkim_domains, spf_domains;
        fix_reason why = detail::classify_failure(r, from, dkim_domains, spf_domains);
        auto& f = a.fixes[why];
        f.why = why;
        f.messages += r.count;
        for (const auto& d : dkim_domains) detail::add_unique(f.dkim_domains, d);
        for (const auto& d : spf_domains) detail::add_unique(f.spf_domains, d);
        if (!from.empty()) a.fix_froms[why].insert(from);
      }
      auto& fa = froms[from];
      fa.header_from = from;
      detail::count_alignment(fa, r);
    }
  }

  v.lookup = !any_looked_up ? sender_lookup::none : any_not ? sender_lookup::partial : sender_lookup::complete;
  for (auto& [key, a] : senders) v.senders.push_back(finish(a, options.max_ips));
  // Most messages first; the key breaks ties so the order never depends on the input's.
  std::stable_sort(v.senders.begin(), v.senders.end(), [](const sender& a, const sender& b) { return a.messages > b.messages; });
  if (v.senders.size() > options.max_senders) {
    for (std::size_t i = options.max_senders; i < v.senders.size(); ++i) {
      ++v.other_senders;
      v.other_messages += v.senders[i].messages;
    }
    v.senders.resize(options.max_senders);
  }
  for (auto& [k, fa] : froms) v.by_header_from.push_back(fa);
  std::stable_sort(v.by_header_from.begin(), v.by_header_from.end(),
                   [](const domain_alignment& a, const domain_alignment& b) { return a.messages > b.messages; });
  v.header_froms.assign(all_froms.begin(), all_froms.end());
  v.reporters.assign(all_reporters.begin(), all_reporters.end());
  v.days.assign(days.begin(), days.end());
  return v;
}

std::string to_csv(const sender_view& v) {
  std::string out =
      "sender_kind,sender_id,sender,messages,dmarc_pass,dmarc_fail,spf_aligned_pass,dkim_aligned_pass,"
      "disposition_none,disposition_quarantine,disposition_reject,ip_count,ips,header_froms,reporters,fix,"
      "fix_messages\r\n";
  auto spaced = [](const std::vector<std::string>& list) {
    std::string s;
    for (const auto& x : list) s += (s.empty() ? "" : " ") + x;
    return s;
  };
  for (const sender& s : v.senders) {
    const std::vector<std::string> row = {
        std::string(to_string(s.kind)), s.id, s.name, std::to_string(s.messages), std::to_string(s.dmarc_pass),
        std::to_string(s.dmarc_fail), std::to_string(s.spf_aligned_pass), std::to_string(s.dkim_aligned_pass),
        std::to_string(s.messages - s.quarantined - s.rejected), std::to_string(s.quarantined),
        std::to_string(s.rejected), std::to_string(s.ip_count), spaced(s.ips), spaced(s.header_froms),
        spaced(s.reporters), s.fix ? to_string(s.fix->why) : "", s.fix ? std::to_string(s.fix->messages) : ""};
    detail::csv_row(out, row);
  }
  return out;
}

}  // namespace authlens::aggregate
