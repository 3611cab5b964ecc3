// `authlens domain DOMAIN` — the domain check (docs/domain-check.md) over the common DNS sources.
//   domain DOMAIN [--selector S]... [--json] [--no-fetch] [--mta-sts-policy FILE]
//   --no-fetch            do not fetch https://mta-sts.DOMAIN/.well-known/mta-sts.txt
//   --mta-sts-policy FILE use this policy text instead of fetching it (offline checks, tests)
//   --mta-sts-url URL     fetch the policy from this URL instead (a local test server)
//   --now UNIXTIME        the date that decides which mailbox providers' rules are in force (default: now)
// Exit: 0 no area fails · 1 some area fails · 3 a DNS lookup failed temporarily · 2 bad usage.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "args.hpp"
#include "authlens/domain.hpp"
#include "authlens/report.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "dns/doh.hpp"
#include "dns_source.hpp"
#include "i18n/catalog.hpp"

namespace authlens::cli {
namespace {

constexpr const char* usage =
    "domain DOMAIN [--selector S]... [--json] [--no-fetch] [--mta-sts-policy FILE] [--now T]   check a domain's MX, SPF, DMARC, "
    "DKIM, MTA-STS, TLS-RPT, BIMI, PTR and DNSSEC, graded per area";

/// Fetches the MTA-STS policy (RFC 8461 §3.3: HTTPS, valid certificate, 200, text/plain, no
/// redirects). Returns the text, or nullopt with `outcome` saying what happened.
std::optional<std::string> fetch_policy(const std::string& url, int timeout_ms, std::string& outcome) {
  auto r = net::http_get(url, timeout_ms);
  if (!r) {
    outcome = r.err().code.substr(r.err().code.rfind('.') + 1) + ": " + r.err().message;
    return std::nullopt;
  }
  if (r->status != 200) {
    outcome = "http_" + std::to_string(r->status);
    return std::nullopt;
  }
  if (r->content_type.rfind("text/plain", 0) != 0) {
    outcome = "content type '" + r->content_type + "' (text/plain expected)";
    return std::nullopt;
  }
  outcome = "fetched";
  return r->body;
}

using i18n::text;

void print_node(const domain::spf_node& n, int depth) {
  std::string pad(static_cast<std::size_t>(4 + depth * 2), ' ');
  std::cout << pad << (n.via.empty() ? "" : n.via + " ") << n.domain << "  ["
            << text("cli.domain.node", {{"own", n.rfc_own}, {"total", n.rfc_total}, {"questions", n.subqueries_total}});
  if (n.void_lookups) std::cout << text("cli.domain.node.void", {{"n", n.void_lookups}});
  std::cout << "]";
  if (!n.over_budget_term.empty()) std::cout << "  " << text("cli.domain.node.overBudget", {{"term", n.over_budget_term}});
  std::cout << "\n";
  if (!n.record.empty()) std::cout << pad << "  \"" << n.record << "\"\n";
  for (const auto& c : n.children) print_node(c, depth + 1);
}

void print_text(const domain::report& r, int rounds) {
  std::cout << text("cli.domain.title", {{"domain", r.domain}, {"rounds", rounds}}) << "\n";
  for (const auto& a : r.areas) {
    std::string name = a.name;
    name.resize(8, ' ');
    std::string g = text("cli.domain.grade." + std::string(domain::to_string(a.g)));
    g += std::string(i18n::display_width(g) < 8 ? 8 - i18n::display_width(g) : 1, ' ');
    std::cout << "  " << name << g
              << i18n::coded(a.summary_code.empty() ? "" : "reason.domain.summary." + a.summary_code, a.summary,
                             nlohmann::json(a.summary_params))
              << "\n";
    if (!a.fix.empty() && a.g != domain::grade::pass)
      std::cout << "  " << std::string(16, ' ') << text("cli.domain.fix")
                << i18n::coded(a.fix_code.empty() ? "" : "reason.finding.fix." + a.fix_code, a.fix, nlohmann::json(a.fix_params))
                << "\n";
  }
  if (!r.spf_tree.domain.empty()) {
    std::cout << "\n" << text("cli.domain.spfTree") << "\n";
    print_node(r.spf_tree, 0);
  }
  std::cout << "\n" << text("cli.domain.providers") << "\n";
  for (const auto& g : r.providers) {
    std::string effect(senders::to_string(g.judged.outcome));
    std::cout << "  " << g.judged.p->name << ": "
              << (i18n::current() == i18n::language::en || !i18n::has("bulk.effect." + effect) ? effect : text("bulk.effect." + effect))
              << "\n";
  }
  bool any = false;
  for (const auto& a : r.areas)
    for (const auto& f : a.findings) {
      if (!any) std::cout << "\n" << text("cli.domain.findings") << "\n";
      any = true;
      nlohmann::json params(f.params);
      std::cout << "  [" << a.name << "] " << text("cli.severity." + f.severity) << " " << f.code << ": "
                << i18n::coded("reason.finding." + f.code, f.message, params) << "\n";
      if (!f.fix.empty())
        std::cout << "      " << text("cli.domain.fix") << i18n::coded("reason.finding.fix." + f.code, f.fix, params) << "\n";
    }
}

int run(const std::vector<std::string>& argv) {
  args a;
  std::set<std::string> values = {"--selector", "--mta-sts-policy", "--mta-sts-url", "--now"};
  values.insert(dns_value_options.begin(), dns_value_options.end());
  if (!a.parse(argv, values, {"--json", "--no-fetch"})) {
    std::cerr << "authlens domain: " << a.error() << "\nusage: authlens " << usage << "\n";
    return exit_usage;
  }
  if (a.positional().size() != 1) {
    std::cerr << "usage: authlens " << usage << "\n";
    return exit_usage;
  }
  std::string d = domain::normalize_domain_input(a.positional()[0]);
  if (d.empty()) {
    std::cerr << "authlens domain: '" << a.positional()[0] << "' is not a domain name\n";
    return exit_usage;
  }
  domain::options opt;
  opt.selectors = a.all("--selector");
  if (!parse_time(a.get("--now"), opt.now)) {  // which providers' rules are in force
    std::cerr << "authlens domain: --now wants seconds since 1970-01-01\n";
    return exit_usage;
  }
  if (auto file = a.get("--mta-sts-policy")) {
    auto text = read_input(*file);
    if (!text) {
      std::cerr << "authlens domain: cannot read " << *file << "\n";
      return exit_usage;
    }
    opt.mta_sts_policy = *text;
    opt.mta_sts_fetch = "given";
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens domain: " << src.err().message << "\n";
    return exit_usage;
  }
  domain::check job(d, opt);
  job.evaluate();
  src->run(job);
  // The policy file is fetched only when a _mta-sts record says there is one.
  if (!opt.mta_sts_policy && !job.result().mta_sts.record.empty() && !a.has("--no-fetch")) {
    int timeout = 5000;
    if (auto t = a.get("--timeout")) timeout = std::max(1000, std::atoi(t->c_str()) * 2);
    std::string outcome;
    auto text = fetch_policy(a.get("--mta-sts-url").value_or("https://mta-sts." + d + "/.well-known/mta-sts.txt"),
                             timeout, outcome);
    job.set_mta_sts_policy(std::move(text), outcome);
    job.evaluate();
    src->run(job);
  }
  if (auto w = src->finish(job.dns_cache()); !w) {
    std::cerr << "authlens domain: " << w.err().message << "\n";
    return exit_usage;
  }
  const domain::report& r = job.result();
  if (a.has("--json")) {
    std::cout << report::to_json(job, true) << "\n";
  } else {
    print_text(r, job.rounds());
  }
  if (r.any_temp_failure()) return exit_tempfail;
  return r.any_fail() ? exit_fail : exit_pass;
}

const register_command reg{"domain", &run, usage};

}  // namespace
}  // namespace authlens::cli
