// authlens analyze [FILE|-] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now UNIXTIME] [--json]
//                  [--ar [--authserv-id ID]] [--offline]
// authlens analyze PATH... [--jobs N] [--jsonl] [--mbox]   (many messages: bulk/analyze_many.hpp)
// The whole analysis of one message, DNS from the chosen source (DESIGN.md's CLI contract).
// --mail-from "" or "<>" is the null reverse-path (SPF checks postmaster@<HELO>, RFC 7208 §2.4).
// --ar (alias --ar-header) prints only an Authentication-Results field (RFC 8601) for pipelines.
// Exit: 0 DMARC (RFC 9989) passes, 1 it does not, 2 usage, 3 temporary DNS failure.
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "bulk/analyze_many.hpp"
#include "commands.hpp"
#include "dns_source.hpp"
#include "text_view.hpp"

namespace authlens::cli {
namespace {

int run(const std::vector<std::string>& argv) {
  args a;
  auto value_options = dns_value_options;
  value_options.insert({"--ip", "--helo", "--mail-from", "--now", "--authserv-id", "--jobs"});
  if (!a.parse(argv, value_options, {"--json", "--pretty", "--offline", "--ar", "--ar-header", "--jsonl", "--mbox", "--stats"}) ||
      (bulk::is_many(a) && (a.has("--ar") || a.has("--ar-header")))) {
    std::cerr << "authlens analyze: " << (a.error().empty() ? "--ar takes one message" : a.error())
              << "\nusage: authlens analyze [FILE|-] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now UNIXTIME] [--json]"
                 " [--ar [--authserv-id ID]] [--offline]\n"
                 "       authlens analyze PATH... [--jobs N] [--jsonl] [--mbox] [--stats] [same options]\n";
    return exit_usage;
  }
  if (bulk::is_many(a)) return bulk::analyze_many(a);
  std::string path = a.positional().empty() ? "-" : a.positional()[0];
  auto input = read_input(path);
  if (!input) {
    std::cerr << "authlens analyze: cannot read " << path << "\n";
    return exit_usage;
  }
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));  // the CLI owns the clock; the core never reads it
  if (auto n = a.get("--now")) {
    char* end = nullptr;
    now = std::strtoll(n->c_str(), &end, 10);
    if (end == n->c_str() || *end) {
      std::cerr << "authlens analyze: --now takes a Unix time\n";
      return exit_usage;
    }
  }
  // --mail-from given empty ("" or "<>") is the null reverse-path, not "not given": keep the optional.
  envelope env{a.get("--ip").value_or(""), a.get("--helo").value_or(""), a.get("--mail-from")};
  analysis_options opt;
  opt.offline = a.has("--offline");
  auto an = analysis::create(*input, env, now, opt);
  if (!an) {
    std::cerr << "authlens analyze: " << an.err().message << "\n";
    return exit_usage;
  }
  if (!opt.offline) {
    auto source = make_dns_source(a);
    if (!source) {
      std::cerr << "authlens analyze: " << source.err().message << "\n";
      return exit_usage;
    }
    dns::drive(*an, source->resolve);
    if (auto w = source->finish(an->dns_cache()); !w) std::cerr << "authlens analyze: " << w.err().message << "\n";
  }
  if (a.has("--ar") || a.has("--ar-header")) {
    std::string field = an->authentication_results(a.get("--authserv-id").value_or("authlens"));
    // Pipelines want one header line per result on continuation lines; print with LF.
    std::string out;
    for (char c : field)
      if (c != '\r') out += c;
    std::cout << out << "\n";
  } else {
    if (a.has("--json")) {
      std::cout << authlens::report::to_json(*an, a.has("--pretty")) << "\n";
    } else {
      // The report as a value, not written to JSON text and parsed back (that was ≈ 1 ms); as_json_output
      // makes it read exactly as the parsed text would (invalid UTF-8 replaced). The mailbox providers'
      // verdicts, most of the report, are printed from the typed result instead (docs/decisions.md).
      nlohmann::json report = authlens::report::analysis_to_json(*an, {.bulk_providers = false});
      as_json_output(report);
      print_analysis_text(std::cout, report, an->result().bulk_sender);
    }
  }
  // Verdict: the DMARC (RFC 9989) result, as DESIGN.md's CLI contract says.
  switch (an->verdict_exit_code()) {
    case 0: return exit_pass;
    case 3: return exit_tempfail;
    default: return exit_fail;
  }
}

const register_command reg{"analyze", &run,
                           "analyze [FILE|-|PATH...] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now T] [--json] [--ar] [--jobs N] [--jsonl] [--mbox]   the whole analysis (JSONL for many)"};

}  // namespace
}  // namespace authlens::cli
