// authlens inventory PATH... [--jobs N] [--json|--csv] [analyze options]
// authlens inventory --from-jsonl FILE... [--json|--csv]
// The sender inventory (authlens/inventory.hpp, docs/inventory.md): the messages analysed as
// `analyze` does, grouped into sending streams; or the JSONL output of earlier `analyze` runs
// merged (partial runs, other machines). Exit codes as `analyze` over many messages.
#include <fstream>
#include <iostream>
#include <string>

#include "args.hpp"
#include "authlens/inventory.hpp"
#include "authlens/report.hpp"
#include "bulk/analyze_many.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"
#include "json_out.hpp"

namespace authlens::cli {
namespace {

constexpr const char* usage =
    "usage: authlens inventory PATH... [--jobs N] [--json|--csv] [--mbox] [--now T] [--offline] [DNS options]\n"
    "       authlens inventory --from-jsonl FILE... [--json|--csv]\n";

void print_text(std::ostream& out, const inventory::result_set& r) {
  using i18n::text;
  out << text("cli.inventory.totals", {{"messages", r.messages}, {"unreadable", r.unreadable}, {"streams", r.streams.size()}})
      << "\n";
  for (const auto& s : r.streams) {
    std::string dkim;
    for (const auto& d : s.dkim_domains) dkim += (dkim.empty() ? "" : ",") + d;
    out << "\n" << s.messages << " × From " << (s.from_domain.empty() ? "?" : s.from_domain) << "  MAIL FROM "
        << (s.mail_from_domain.empty() ? "<>" : s.mail_from_domain) << "  DKIM " << (dkim.empty() ? "-" : dkim) << "  ("
        << s.sender.name << ")\n";
    for (const auto& [label, c] : {std::pair{"SPF ", s.spf}, std::pair{"DKIM", s.dkim}})
      out << "  " << label << " "
          << text("cli.inventory.chart", {{"pass_aligned", c.pass_aligned}, {"pass_not_aligned", c.pass_not_aligned},
                                          {"not_pass", c.not_pass}})
          << "\n";
    out << "  " << text("cli.inventory.verdicts", {{"pass", s.dmarc.pass}, {"fail", s.dmarc.fail}, {"none", s.dmarc.none},
                                                   {"error", s.dmarc.error}, {"gy_pass", s.gmail_yahoo.pass},
                                                   {"gy_fail", s.gmail_yahoo.fail}, {"ol_pass", s.outlook.pass},
                                                   {"ol_fail", s.outlook.fail}})
        << "\n";
    if (!s.fix_code.empty()) {
      nlohmann::json params(s.fix_params);
      out << "  " << text("cli.inventory.fix") << i18n::localized("inventory", s.fix_code, s.fix_text, params) << " ["
          << s.fix_code << "]\n";
    }
  }
}

int run(const std::vector<std::string>& argv) {
  args a;
  auto value_options = dns_value_options;
  value_options.insert({"--ip", "--helo", "--mail-from", "--now", "--jobs"});
  if (!a.parse(argv, value_options, {"--json", "--csv", "--offline", "--mbox", "--stats", "--from-jsonl"}) ||
      (a.has("--json") && a.has("--csv"))) {
    std::cerr << "authlens inventory: " << (a.error().empty() ? "--json and --csv exclude each other" : a.error())
              << "\n" << usage;
    return exit_usage;
  }
  inventory::builder b;
  int code = exit_pass;
  if (a.has("--from-jsonl")) {
    if (a.positional().empty()) {
      std::cerr << "authlens inventory: --from-jsonl needs the JSONL files\n" << usage;
      return exit_usage;
    }
    bool any_failed = false;
    for (const auto& path : a.positional()) {
      std::ifstream f(path, std::ios::binary);
      if (path != "-" && !f) {
        std::cerr << "authlens inventory: cannot read " << path << "\n";
        return exit_usage;
      }
      std::istream& in = path == "-" ? std::cin : f;
      std::string line;
      std::size_t n = 0;
      while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (!b.add_report_json(line)) {
          std::cerr << "authlens inventory: " << path << ":" << n << ": not an analyze report line\n";
          return exit_usage;
        }
        auto f2 = inventory::facts_from_report(line);
        any_failed = any_failed || !f2 || f2->dmarc != "pass";
      }
    }
    const auto r = b.finish();
    code = r.unreadable > 0 ? exit_usage : any_failed ? exit_fail : exit_pass;
  } else {
    code = bulk::analyse_inputs(
        a, "inventory",
        [&](const bulk::analysed_line& l) {
          if (l.facts) b.add(*l.facts);
          else b.add_report_json(l.json);  // an error line: counted as unreadable
        },
        true);
  }
  const auto r = b.finish();
  if (a.has("--json"))
    std::cout << json_text(report::inventory_to_json(r)) << "\n";
  else if (a.has("--csv"))
    std::cout << report::inventory_to_csv(r);
  else
    print_text(std::cout, r);
  return code;
}

const register_command reg{"inventory", &run,
                           "inventory PATH... [--jobs N] [--json|--csv] | --from-jsonl FILE...   sending streams of many messages"};

}  // namespace
}  // namespace authlens::cli
