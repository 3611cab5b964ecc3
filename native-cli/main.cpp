// authlens — email authentication checker (native CLI). See README.md for every command.
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"

namespace authlens::cli {

std::map<std::string, command_info>& registry() {
  static std::map<std::string, command_info> commands;
  return commands;
}

namespace {
int usage(std::ostream& out) {
  out << "usage: authlens COMMAND [ARGS]\n\ncommands:\n";
  for (const auto& [name, info] : registry()) out << "  " << info.usage << "\n";
  out << "\nDNS sources (every command): --zone FILE (repeatable) · --snapshot FILE · --record FILE ·"
         " --resolver HOST[:PORT] · --doh URL · --timeout MS\n"
         "exit: 0 passed · 1 did not pass · 2 bad usage or unreadable input · 3 temporary DNS failure\n";
  return exit_usage;
}
}  // namespace

}  // namespace authlens::cli

int main(int argc, char** argv) {
  using namespace authlens::cli;
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    return words.empty() ? usage(std::cerr) : (usage(std::cout), 0);
  }
  if (words[0] == "--version") {
    std::cout << "authlens 0.1.0\n";
    return 0;
  }
  // Longest match first: "dkim verify" before "dkim".
  for (std::size_t n = std::min<std::size_t>(words.size(), 2); n >= 1; --n) {
    std::string name = words[0];
    for (std::size_t i = 1; i < n; ++i) name += " " + words[i];
    auto it = registry().find(name);
    if (it != registry().end())
      return it->second.run(std::vector<std::string>(words.begin() + static_cast<long>(n), words.end()));
  }
  std::cerr << "authlens: unknown command '" << words[0] << "'\n";
  return usage(std::cerr);
}
