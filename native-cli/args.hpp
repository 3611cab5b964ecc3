// Command-line arguments: positionals, `--flag value` options (repeatable) and boolean switches.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace authlens::cli {

class args {
 public:
  /// `switches` are the options that take no value (e.g. "--json"). Returns false and sets
  /// error() on an unknown option or a missing value.
  bool parse(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
             const std::set<std::string>& switches);
  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;  ///< last value given
  std::vector<std::string> all(const std::string& name) const;    ///< every value, in order
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> switches_seen_;
  std::string error_;
};

/// The DNS source options every command accepts (DESIGN.md's CLI contract).
inline const std::set<std::string> dns_value_options = {"--zone", "--snapshot", "--record", "--resolver",
                                                        "--doh", "--timeout"};

/// Exit codes of the CLI contract.
enum exit_code : int { exit_pass = 0, exit_fail = 1, exit_usage = 2, exit_tempfail = 3 };

/// Reads a file, or standard input for "-" or an empty name. nullopt when unreadable.
std::optional<std::string> read_input(const std::string& path);

}  // namespace authlens::cli
