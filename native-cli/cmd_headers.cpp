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
  const headers_view view = view_headers(*input, env);
  if (a.has("--json")) {
    std::cout << authlens::report::to_json(view, a.has("--pretty")) << "\n";
    return exit_pass;
  }
  // As analyze does: the report as a value, made to read as its JSON text would (as_json_output).
  nlohmann::json report = authlens::report::headers_to_json(view);
  as_json_output(report);
  print_headers_text(std::cout, report);
  return exit_pass;
}

const register_command reg{"headers", &run, "headers [FILE|-] [--ip ADDR] [--json]   fields, addresses, MIME, route, Authentication-Results"};

}  // namespace
}  // namespace authlens::cli
