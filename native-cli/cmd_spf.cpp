// `authlens spf check` and `authlens spf lint` (RFC 7208), over the common DNS sources.
//   spf check --ip ADDR --sender ADDR [--helo NAME] [--receiver NAME] [--now UNIXTIME] [--identity helo|mailfrom] [--json]
//     exit 0 pass · 1 any other result · 3 temperror · 2 bad usage
//   spf lint DOMAIN [--json]
//     exit 0 no error-level finding · 1 errors found · 3 a DNS failure kept the policy from being read · 2 bad usage
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/report.hpp"
#include "authlens/spf.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"
#include "common.hpp"
#include "dns_source.hpp"

namespace authlens::cli {
namespace {

constexpr const char* check_usage =
    "spf check --ip ADDR --sender ADDR [--helo NAME] [--receiver NAME] [--now UNIXTIME] [--identity helo|mailfrom] "
    "[--json]   evaluate SPF (RFC 7208) for a client IP";
constexpr const char* lint_usage = "spf lint DOMAIN [--json]   lint a domain's SPF policy and its includes";

void print_tree(const spf::tree_node& n, int depth) {
  std::string pad(static_cast<std::size_t>(2 + depth * 2), ' ');
  std::cout << pad << (n.via.empty() ? "" : n.via + " ") << n.domain << " [" << spf::to_string(n.result);
  if (!n.lookup_terms.empty()) std::cout << ", " << i18n::text("cli.spf.treeLookups", {{"count", n.lookup_terms.size()}});
  if (n.void_lookups) std::cout << ", " << i18n::text("cli.spf.treeVoid", {{"count", n.void_lookups}});
  std::cout << "]";
  if (!n.record.empty()) std::cout << "  \"" << n.record << "\"";
  std::cout << "\n";
  for (const auto& c : n.children) print_tree(c, depth + 1);
}

int run_check(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, with_dns({"--ip", "--sender", "--helo", "--receiver", "--now", "--identity"}), {"--json"})) {
    std::cerr << "authlens spf check: " << a.error() << "\nusage: authlens " << check_usage << "\n";
    return exit_usage;
  }
  if (!a.positional().empty() || !a.get("--ip") || (!a.get("--sender") && !a.get("--helo"))) {
    std::cerr << "usage: authlens " << check_usage << "\n";
    return exit_usage;
  }
  spf::request req;
  req.ip = *a.get("--ip");
  req.mail_from = a.get("--sender").value_or("");
  req.helo = a.get("--helo").value_or("");
  req.receiver = a.get("--receiver").value_or("");
  if (auto id = a.get("--identity")) {
    if (*id == "helo") req.which = spf::identity::helo;
    else if (*id == "mailfrom") req.which = spf::identity::mailfrom;
    else {
      std::cerr << "authlens spf check: --identity is helo or mailfrom\n";
      return exit_usage;
    }
  }
  if (!parse_time(a.get("--now"), req.now)) {
    std::cerr << "authlens spf check: --now takes seconds since the epoch\n";
    return exit_usage;
  }
  {
    // Reject an address that is not one before asking DNS anything.
    dns::cache none;
    dns::lookup_context probe(none);
    auto e = spf::check_host(probe, req);
    if (e.done && e.reason == spf::reason::invalid_ip) {
      std::cerr << "authlens spf check: '" << req.ip << "' is not an IP address\n";
      return exit_usage;
    }
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens spf check: " << src.err().message << "\n";
    return exit_usage;
  }
  dns::cache cache;
  dns::drive_stats st;
  spf::evaluation ev = spf::evaluate(cache, req, src->resolve, {}, &st);
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens spf check: " << w.err().message << "\n";
    return exit_usage;
  }
  if (a.has("--json")) {
    auto j = report::spf_to_json(ev);
    j["dns"] = {{"rounds", st.rounds}, {"questions", st.questions}};
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << "spf: " << spf::to_string(ev.result) << " (" << spf::to_string(ev.reason) << ")\n";
    std::cout << "  " << i18n::localized("spf", spf::to_string(ev.reason), ev.message) << "\n";
    std::cout << "  "
              << i18n::text("cli.spf.identity", {{"identity", spf::to_string(ev.checked)},
                                                 {"sender", ev.sender},
                                                 {"domain", ev.domain},
                                                 {"client", ev.client_ip}})
              << "\n";
    if (!ev.matched.empty())
      std::cout << "  " << i18n::text("cli.spf.matched", {{"term", ev.matched}, {"domain", ev.matched_domain}}) << "\n";
    if (ev.result == spf::result_code::fail) std::cout << "  " << i18n::text("cli.spf.explanation") << ev.explanation << "\n";
    std::cout << "  "
              << i18n::text("cli.spf.lookups", {{"lookups", ev.rfc_lookups},
                                                {"questions", ev.subqueries},
                                                {"void", ev.void_lookups},
                                                {"rounds", st.rounds}})
              << "\n";
    if (!ev.tree.domain.empty()) {
      std::cout << "  " << i18n::text("cli.spf.tree") << ":\n";
      print_tree(ev.tree, 1);
    }
    std::cout << "  " << ev.received_spf_field() << "\n";
    std::cout << "  Authentication-Results: " << ev.auth_results_fragment() << "\n";
  }
  switch (ev.result) {
    case spf::result_code::pass: return exit_pass;
    case spf::result_code::temperror: return exit_tempfail;
    default: return exit_fail;
  }
}

int run_lint(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, with_dns({}), {"--json"})) {
    std::cerr << "authlens spf lint: " << a.error() << "\nusage: authlens " << lint_usage << "\n";
    return exit_usage;
  }
  if (a.positional().size() != 1 || a.positional()[0].empty()) {
    std::cerr << "usage: authlens " << lint_usage << "\n";
    return exit_usage;
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens spf lint: " << src.err().message << "\n";
    return exit_usage;
  }
  dns::cache cache;
  dns::drive_stats st;
  spf::lint_report r = spf::lint(cache, a.positional()[0], src->resolve, {}, &st);
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens spf lint: " << w.err().message << "\n";
    return exit_usage;
  }
  bool errors = false, dns_failed = false;
  for (const auto& f : r.findings) {
    errors = errors || f.severity == "error";
    dns_failed = dns_failed || f.code == "spf.lint.dns_error";
  }
  if (a.has("--json")) {
    auto j = report::spf_lint_to_json(r);
    j["dns"] = {{"rounds", st.rounds}, {"questions", st.questions}};
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << i18n::text("cli.spf.lint", {{"domain", r.domain}, {"lookups", r.lookups}, {"void", r.void_lookups}})
              << "\n";
    if (!r.tree.domain.empty()) print_tree(r.tree, 0);
    if (r.findings.empty()) std::cout << i18n::text("cli.findings.none") << "\n";
    for (const auto& f : r.findings) {
      nlohmann::json params(f.params);
      std::cout << i18n::text("cli.severity." + f.severity) << " " << f.code << " (" << f.domain << "): "
                << i18n::coded("reason.finding." + f.code, f.message, params) << "\n";
      if (!f.fix.empty())
        std::cout << "    " << i18n::text("cli.domain.fix") << i18n::coded("reason.finding.fix." + f.code, f.fix, params) << "\n";
    }
    if (!r.flatten_ip4.empty() || !r.flatten_ip6.empty()) {
      std::cout << i18n::text("cli.spf.flattened") << ":";
      for (const auto& s : r.flatten_ip4) std::cout << " " << s;
      for (const auto& s : r.flatten_ip6) std::cout << " " << s;
      std::cout << "\n";
    }
  }
  if (dns_failed) return exit_tempfail;
  return errors ? exit_fail : exit_pass;
}

const register_command reg_check{"spf check", &run_check, check_usage};
const register_command reg_lint{"spf lint", &run_lint, lint_usage};

}  // namespace
}  // namespace authlens::cli
