// authlens analyze [FILE|-] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now UNIXTIME] [--json]
// The whole analysis of one message, DNS from the chosen source (DESIGN.md's CLI contract).
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "authlens/analysis.hpp"
#include "commands.hpp"
#include "dns_source.hpp"
#include "text_view.hpp"

namespace authlens::cli {
namespace {

int run(const std::vector<std::string>& argv) {
  args a;
  auto value_options = dns_value_options;
  value_options.insert({"--ip", "--helo", "--mail-from", "--now"});
  if (!a.parse(argv, value_options, {"--json", "--pretty", "--offline"}) || a.positional().size() > 1) {
    std::cerr << "authlens analyze: " << (a.error().empty() ? "too many files" : a.error())
              << "\nusage: authlens analyze [FILE|-] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now UNIXTIME] [--json]\n";
    return exit_usage;
  }
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
  envelope env{a.get("--ip").value_or(""), a.get("--helo").value_or(""), a.get("--mail-from").value_or("")};
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
    while (!an->pending().empty()) {
      std::vector<dns::question> qs(an->pending().begin(), an->pending().end());
      auto answers = source->resolve(qs);
      an->supply(answers);
    }
    if (auto w = source->finish(an->dns_cache()); !w) std::cerr << "authlens analyze: " << w.err().message << "\n";
  }
  std::string report = an->report_json(a.has("--pretty"));
  auto j = nlohmann::json::parse(report, nullptr, false);
  if (a.has("--json"))
    std::cout << report << "\n";
  else
    print_analysis_text(std::cout, j);
  // Verdict: DMARC once it is checked; until then, the iprev check is the only DNS verdict.
  std::string verdict = j.is_object() && j.contains("dmarc") ? j["dmarc"].value("result", "none") : "none";
  if (verdict == "temperror") return exit_tempfail;
  return verdict == "pass" ? exit_pass : exit_fail;
}

const register_command reg{"analyze", &run,
                           "analyze [FILE|-] [--ip ADDR] [--helo NAME] [--mail-from ADDR] [--now T] [--json]   the whole analysis"};

}  // namespace
}  // namespace authlens::cli
