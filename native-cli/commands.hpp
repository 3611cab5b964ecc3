// Subcommand registry: each cmd_*.cpp registers itself, so adding a command touches one file.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace authlens::cli {

/// Runs a subcommand with the words after its name; returns the process exit code.
using command_fn = int (*)(const std::vector<std::string>& argv);

struct command_info {
  command_fn run;
  std::string usage;  ///< one line, shown by `authlens help`
};

/// Commands by name. Multi-word commands ("dkim verify") are registered with their full name.
std::map<std::string, command_info>& registry();

struct register_command {
  register_command(const std::string& name, command_fn fn, const std::string& usage) {
    registry()[name] = {fn, usage};
  }
};

}  // namespace authlens::cli
