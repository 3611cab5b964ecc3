// authlens headers [FILE|-] [--json] — fields, addresses, MIME outline, route (hops, delays, TLS)
// and the parsed Authentication-Results. No DNS.
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "commands.hpp"
#include "text_view.hpp"

namespace authlens::cli {
namespace {

int run(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, {"--ip"}, {"--json", "--pretty"}) || a.positional().size() > 1) {
    std::cerr << "authlens headers: " << (a.error().empty() ? "too many files" : a.error())
              << "\nusage: authlens headers [FILE|-] [--ip ADDR] [--json]\n";
    return exit_usage;
  }
  std::string path = a.positional().empty() ? "-" : a.positional()[0];
  auto input = read_input(path);
  if (!input) {
    std::cerr << "authlens headers: cannot read " << path << "\n";
    return exit_usage;
  }
  envelope env;
  env.ip = a.get("--ip").value_or("");
  std::string report = authlens::report::to_json(view_headers(*input, env), a.has("--pretty"));
  if (a.has("--json")) {
    std::cout << report << "\n";
    return exit_pass;
  }
  print_headers_text(std::cout, nlohmann::json::parse(report, nullptr, false));
  return exit_pass;
}

const register_command reg{"headers", &run, "headers [FILE|-] [--ip ADDR] [--json]   fields, addresses, MIME, route, Authentication-Results"};

}  // namespace
}  // namespace authlens::cli
