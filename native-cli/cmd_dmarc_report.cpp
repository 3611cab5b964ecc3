// `authlens dmarc report FILE... [--json|--csv] [--by sender|ip] [--failures] [--from DOMAIN] [--reporter ORG]
// [--ptr [--ptr-limit N] [DNS source options]]` — DMARC aggregate reports (RFC 7489 §7.2, RFC 9990) read, merged
// and summarised: reporters, period, pass/fail by mechanism, alignment by sending domain, and either the senders
// (--by sender, the default: aggregate::group_senders) or the source IPs (--by ip: the volume by source IP and
// the senders to fix one IP at a time, as before). --ptr looks the sources up in DNS (aggregate::ptr_lookup,
// through native-cli/dns_source.hpp): PTR names, forward confirmation and the providers' SPF trees; without it
// senders are named by their network only. Files may be XML, .gz, .zip or an e-mail.
//   exit 0 every file gave a report (possibly partial, with defects; PTR lookups that failed do not change it)
//   exit 2 bad usage, or a file unreadable
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/aggregate.hpp"
#include "authlens/report.hpp"
#include "authlens/strings.hpp"
#include "commands.hpp"
#include "dns_source.hpp"
#include "i18n/catalog.hpp"

namespace authlens::cli {
namespace {

constexpr const char* usage =
    "dmarc report FILE... [--json|--csv] [--by sender|ip] [--failures] [--from DOMAIN] [--reporter ORG] [--ptr "
    "[--ptr-limit N]]   summarise DMARC aggregate reports (XML, .gz, .zip, .eml) by sender (default) or by source "
    "IP; --ptr: look the top N sources (200) up in DNS (PTR names, providers' SPF trees) through the DNS source "
    "options; --failures, --from, --reporter: which records the senders count";

using i18n::text;

std::string ptr_text(const aggregate::source_ptr& p) {
  if (p.status == aggregate::ptr_status::found) {
    std::string names;
    for (const auto& n : p.names) names += (names.empty() ? "" : ", ") + n;
    return names + " (" + text("cli.report.forward." + std::string(p.forward ? aggregate::to_string(*p.forward) : "not_checked")) + ")";
  }
  return text("cli.report.ptr." + std::string(aggregate::to_string(p.status)));
}

std::string day_text(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string pct(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * double(part) / double(whole));
  return buf;
}

std::string pad(std::string s, std::size_t w) {
  std::size_t width = i18n::display_width(s);
  if (width < w) s.append(w - width, ' ');
  return s;
}
std::string rpad(const std::string& s, std::size_t w) {
  std::size_t width = i18n::display_width(s);
  return width < w ? std::string(w - width, ' ') + s : s;
}

std::string counts_line(const std::vector<aggregate::count_by>& v) {
  std::string out;
  for (const auto& c : v) {
    if (!out.empty()) out += ", ";
    out += c.key + " " + std::to_string(c.messages);
  }
  return out.empty() ? "-" : out;
}

std::string list_text(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// Why a sender fails and what to change: the catalog's sentence for the core's reason (the same one
/// the page's Reports tab shows).
std::string why_text(aggregate::fix_reason why, const std::string& from, const std::vector<std::string>& dkim,
                     const std::vector<std::string>& spf) {
  std::string s = text("reports.why." + std::string(aggregate::to_string(why)),
                       {{"domain", from}, {"dkim", list_text(dkim)}, {"spf", list_text(spf)}});
  // The sentence ends the line's own punctuation; the CLI line has none after it.
  for (std::string_view stop : {".", "。"})
    if (s.size() >= stop.size() && s.compare(s.size() - stop.size(), stop.size(), stop) == 0) s.resize(s.size() - stop.size());
  return s;
}

/// The senders table, each with its fix and its trend (messages per day, failing in brackets).
void print_senders(const aggregate::sender_view& v) {
  std::string filters;
  if (v.filter.failures_only) filters += text("cli.report.filter.failures");
  if (!v.filter.header_from.empty()) filters += text("cli.report.filter.from", {{"domain", v.filter.header_from}});
  if (!v.filter.reporter.empty()) filters += text("cli.report.filter.reporter", {{"org", v.filter.reporter}});
  std::cout << "\n" << text("cli.report.senders", {{"filters", filters}}) << "\n";
  if (v.lookup == aggregate::sender_lookup::none)
    std::cout << "  " << text("cli.report.lookup.none") << "\n";
  else if (v.lookup == aggregate::sender_lookup::partial)
    std::cout << "  " << text("cli.report.lookup.partial") << "\n";
  std::cout << "  " << pad(text("cli.report.col.sender"), 32) << pad(text("cli.report.col.kind"), 12)
            << rpad(text("cli.report.col.messages"), 9) << rpad(text("cli.report.col.pass"), 8)
            << rpad(text("cli.report.col.spfAligned"), 12) << rpad(text("cli.report.col.dkimAligned"), 13)
            << rpad(text("cli.report.col.quarantined"), 7) << rpad(text("cli.report.col.rejected"), 7) << "  "
            << text("cli.report.col.ips") << "\n";
  std::size_t shown = 0;
  for (const auto& x : v.senders) {
    if (++shown > 30) {
      std::cout << "  " << text("cli.report.more", {{"n", v.senders.size() - 30}}) << "\n";
      break;
    }
    std::cout << "  " << pad(x.name, 32) << pad(text("cli.report.kind." + std::string(aggregate::to_string(x.kind))), 12)
              << rpad(std::to_string(x.messages), 9) << rpad(pct(x.dmarc_pass, x.messages), 8)
              << rpad(std::to_string(x.spf_aligned_pass), 12) << rpad(std::to_string(x.dkim_aligned_pass), 13)
              << rpad(std::to_string(x.quarantined), 7) << rpad(std::to_string(x.rejected), 7) << "  " << x.ip_count
              << "\n";
    std::cout << "      " << text("cli.report.sender.for", {{"domains", list_text(x.header_froms)}, {"reporters", list_text(x.reporters)}})
              << "\n";
    std::string trend;
    for (const auto& d : x.days)
      trend += (trend.empty() ? "" : ", ") + day_text(d.day).substr(0, 10) + " " + std::to_string(d.messages) +
               (d.dmarc_fail ? " (" + text("cli.report.failed", {{"n", d.dmarc_fail}}) + ")" : "");
    std::cout << "      " << text("cli.report.perDay") << trend << "\n";
    if (x.fix)
      std::cout << "      " << text("cli.report.fix", {{"n", x.fix->messages}})
                << why_text(x.fix->why, list_text(x.fix->header_froms), x.fix->dkim_domains, x.fix->spf_domains)
                << "\n";
  }
  if (v.other_senders)
    std::cout << "  " << text("cli.report.others", {{"senders", v.other_senders}, {"messages", v.other_messages}}) << "\n";
}

void print_text(const std::vector<report::aggregate_file>& files, const aggregate::summary& s,
                const aggregate::ptr_lookup* ptr, const aggregate::sender_view* senders) {
  std::map<std::string, const aggregate::source_ptr*> ptr_by_ip;
  if (ptr)
    for (const auto& p : ptr->results()) ptr_by_ip.emplace(p.ip, &p);
  std::size_t parsed = 0, partial = 0, failed = 0;
  for (const auto& f : files) {
    std::string st = report::aggregate_status(f.parsed);
    if (st == "parsed") ++parsed;
    else if (st == "partial") ++partial;
    else ++failed;
  }
  std::cout << text("cli.report.files", {{"files", files.size()}, {"parsed", parsed}, {"partial", partial}, {"failed", failed}})
            << "\n";
  for (const auto& f : files) {
    if (!f.parsed) {
      std::cout << "  ! " << f.name << ": " << f.parsed.err().message << " [" << f.parsed.err().code << "]\n";
      continue;
    }
    const auto& r = *f.parsed;
    std::cout << "  " << (r.defects.empty() ? "- " : "~ ") << f.name << ": "
              << text("cli.report.file", {{"org", r.meta.org_name}, {"id", r.meta.report_id}, {"domain", r.published.domain},
                                          {"records", r.records.size()}, {"messages", r.messages()}})
              << " [" << aggregate::to_string(r.from) << ", " << aggregate::to_string(r.format) << "]\n";
    for (const auto& d : r.defects)
      std::cout << "      " << text("cli.report.defect") << " " << d.code << ": " << i18n::defect(d.code, d.detail) << "\n";
  }
  if (s.reports == 0) return;
  std::cout << "\n" << text("cli.report.period", {{"begin", day_text(s.begin)}, {"end", day_text(s.end)}}) << "\n";
  std::cout << text("cli.report.domains");
  for (std::size_t i = 0; i < s.domains.size(); ++i) std::cout << (i ? ", " : "") << s.domains[i];
  std::cout << "\n" << text("cli.report.reports", {{"n", s.reports}});
  if (s.duplicates) std::cout << text("cli.report.duplicates", {{"n", s.duplicates}});
  std::cout << text("cli.report.totals", {{"reporters", s.reporters.size()}, {"records", s.records}, {"messages", s.messages}})
            << "\n";
  std::cout << text("cli.report.dmarc", {{"pass", s.dmarc.dmarc_pass}, {"pass_pct", pct(s.dmarc.dmarc_pass, s.dmarc.messages)},
                                         {"fail", s.dmarc.dmarc_fail}, {"fail_pct", pct(s.dmarc.dmarc_fail, s.dmarc.messages)}})
            << "\n";
  std::cout << text("cli.report.dkim", {{"aligned", counts_line(s.dkim_evaluated)}, {"results", counts_line(s.dkim_auth)}}) << "\n";
  std::cout << text("cli.report.spf", {{"aligned", counts_line(s.spf_evaluated)}, {"results", counts_line(s.spf_auth)}}) << "\n";
  std::cout << text("cli.report.applied") << counts_line(s.dispositions) << "\n";

  std::cout << "\n" << text("cli.report.reporters") << "\n";
  for (const auto& r : s.reporters)
    std::cout << "  " << pad(r.org_name.empty() ? text("cli.report.noName") : r.org_name, 32) << rpad(std::to_string(r.reports), 5)
              << " " << text("cli.report.reporter.reports") << " " << rpad(std::to_string(r.messages), 9) << " "
              << text("cli.report.reporter.messages") << "  " << r.email << "\n";

  if (senders) {
    print_senders(*senders);
  } else {
    std::cout << "\n" << text("cli.report.sources") << "\n  " << pad(text("cli.report.col.sourceIp"), 40)
              << rpad(text("cli.report.col.messages"), 9) << rpad(text("cli.report.col.pass"), 9)
              << rpad(text("cli.report.col.fail"), 9) << "  header_from\n";
    std::size_t shown = 0;
    for (const auto& x : s.sources) {
      if (++shown > 20) {
        std::cout << "  " << text("cli.report.more", {{"n", s.sources.size() - 20}}) << "\n";
        break;
      }
      std::string froms;
      for (const auto& f : x.header_froms) froms += (froms.empty() ? "" : ", ") + f;
      std::cout << "  " << pad(x.ip, 40) << rpad(std::to_string(x.messages), 9) << rpad(std::to_string(x.dmarc_pass), 9)
                << rpad(std::to_string(x.dmarc_fail), 9) << "  " << froms << "\n";
      if (ptr) {
        auto it = ptr_by_ip.find(x.ip);
        std::cout << "      PTR " << (it == ptr_by_ip.end() ? text("cli.report.ptr.beyond_limit") : ptr_text(*it->second))
                  << "\n";
      }
    }

  }

  // % compliant per From domain; under --by sender it follows the senders' filter.
  const auto& froms = senders ? senders->by_header_from : s.by_header_from;
  std::cout << "\n" << text("cli.report.byFrom") << "\n  " << pad(text("cli.report.col.domain"), 32)
            << rpad(text("cli.report.col.messages"), 9) << rpad(text("cli.report.col.pass"), 9)
            << rpad(text("cli.report.col.fail"), 9) << rpad(text("cli.report.col.pctPass"), 9) << rpad("SPF✗", 9)
            << rpad("DKIM✗", 9) << "\n";
  for (const auto& d : froms)
    std::cout << "  " << pad(d.header_from, 32) << rpad(std::to_string(d.messages), 9)
              << rpad(std::to_string(d.dmarc_pass), 9) << rpad(std::to_string(d.dmarc_fail), 9)
              << rpad(pct(d.dmarc_pass, d.messages), 9) << rpad(std::to_string(d.spf_unaligned), 9)
              << rpad(std::to_string(d.dkim_unaligned), 9) << "\n";
  if (senders) return;  // each sender already carries its fix

  std::cout << "\n" << text("cli.report.toFix") << "\n";
  if (s.senders_to_fix.empty()) std::cout << "  " << text("cli.report.toFix.none") << "\n";
  for (const auto& f : s.senders_to_fix)
    std::cout << "  " << text("cli.report.toFix.line", {{"ip", f.ip}, {"domain", f.header_from}, {"n", f.messages}})
              << why_text(f.why, f.header_from, f.dkim_domains, f.spf_domains) << "\n";
}

int run(const std::vector<std::string>& argv) {
  args a;
  std::set<std::string> values = {"--ptr-limit", "--by", "--from", "--reporter"};
  values.insert(dns_value_options.begin(), dns_value_options.end());
  if (!a.parse(argv, values, {"--json", "--csv", "--ptr", "--failures"})) {
    std::cerr << "authlens dmarc report: " << a.error() << "\nusage: authlens " << usage << "\n";
    return exit_usage;
  }
  if (a.positional().empty() || (a.has("--json") && a.has("--csv"))) {
    std::cerr << "usage: authlens " << usage << "\n";
    return exit_usage;
  }
  const std::string by = a.get("--by").value_or("sender");
  if (by != "sender" && by != "ip") {
    std::cerr << "authlens dmarc report: --by takes sender or ip\n";
    return exit_usage;
  }
  const bool by_sender = by == "sender";
  if (!by_sender && (a.has("--failures") || a.get("--from") || a.get("--reporter"))) {
    std::cerr << "authlens dmarc report: --failures, --from and --reporter choose what the senders count (--by sender)\n";
    return exit_usage;
  }
  std::vector<report::aggregate_file> files;
  bool unreadable = false;
  for (const auto& path : a.positional()) {
    auto bytes = read_input(path);
    if (!bytes) {
      files.push_back({path, error{"aggregate.input.unreadable", "the file could not be read"}});
    } else {
      files.push_back({path, aggregate::parse(*bytes)});
    }
    if (!files.back().parsed) unreadable = true;
  }
  std::vector<aggregate::report> ok;
  for (const auto& f : files)
    if (f.parsed) ok.push_back(*f.parsed);
  const aggregate::summary merged = aggregate::merge(ok);
  std::optional<aggregate::ptr_lookup> ptr;
  if (a.has("--ptr")) {
    aggregate::ptr_options popt;
    if (auto n = a.get("--ptr-limit")) {
      char* end = nullptr;
      long v = std::strtol(n->c_str(), &end, 10);
      if (n->empty() || *end != '\0' || v < 1 || v > 1000) {
        std::cerr << "authlens dmarc report: --ptr-limit takes a number from 1 to 1000\n";
        return exit_usage;
      }
      popt.max_sources = static_cast<std::size_t>(v);
    }
    auto src = make_dns_source(a);
    if (!src) {
      std::cerr << "authlens dmarc report: " << src.err().message << "\n";
      return exit_usage;
    }
    ptr.emplace(merged, popt);
    ptr->evaluate();
    src->run(*ptr);
    if (auto w = src->finish(ptr->dns_cache()); !w) {
      std::cerr << "authlens dmarc report: " << w.err().message << "\n";
      return exit_usage;
    }
  } else if (a.get("--ptr-limit")) {
    std::cerr << "authlens dmarc report: --ptr-limit needs --ptr\n";
    return exit_usage;
  }
  const aggregate::ptr_lookup* p = ptr ? &*ptr : nullptr;
  std::optional<aggregate::sender_view> senders;
  if (by_sender) {
    aggregate::sender_options sopt;
    sopt.filter.failures_only = a.has("--failures");
    sopt.filter.header_from = str::lower(a.get("--from").value_or(""));
    sopt.filter.reporter = a.get("--reporter").value_or("");
    senders = aggregate::group_senders(ok, p ? std::span<const aggregate::source_ptr>(p->results())
                                             : std::span<const aggregate::source_ptr>(), sopt);
  }
  if (a.has("--json")) {
    auto doc = report::aggregate_to_json(files);
    if (p) report::add_ptr_to_aggregate_json(doc, *p);
    if (senders) doc["senders"] = report::aggregate_senders_to_json(*senders);
    std::cout << json_text(doc, 2) << "\n";
  } else if (a.has("--csv")) {
    std::cout << (senders ? aggregate::to_csv(*senders) : aggregate::to_csv(ok, p ? &p->results() : nullptr));
    for (const auto& f : files)
      if (!f.parsed) std::cerr << "authlens dmarc report: " << f.name << ": " << f.parsed.err().message << "\n";
  } else {
    print_text(files, merged, p, senders ? &*senders : nullptr);
  }
  return unreadable ? exit_usage : exit_pass;
}

static register_command reg{"dmarc report", &run, usage};

}  // namespace
}  // namespace authlens::cli
