// `authlens analyze PATH...` over many messages: JSONL, one authlens/report/v1 object per message in
// input order, each with "source": {"path", "index"}; a message that cannot be read gets a line of its
// own with "error" and the run goes on (bulk/messages.hpp says what a PATH may be).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "authlens/inventory.hpp"

namespace authlens::cli::bulk {

/// True when the inputs are a collection (several paths, a directory, an mbox, or --mbox/--jsonl):
/// the output is then JSONL. One message file keeps the one-report output.
bool is_many(const args& a);

/// One analysed message, as `analyze` writes it: the JSONL line (a report with "source", or an error line).
struct analysed_line {
  std::string json;
  bool unreadable = false;
  int verdict = 0;  ///< analysis::verdict_exit_code() (0 DMARC passed)
  /// With want_facts: what the inventory needs of the report, read in the worker (in parallel).
  std::optional<inventory::message_facts> facts;
};

/// Analyses every message of the inputs (a.positional(), "-" when none) with the common analyze
/// options (--jobs, --now, --ip, --helo, --mail-from, --offline, --mbox, DNS sources, --record,
/// --stats) and hands each line to `on_line`, in input order, on the calling thread. Returns the exit
/// code: 0 every message passed DMARC, 1 some did not, 2 some input could not be read or the options
/// are wrong, 130 interrupted (the lines finished before Ctrl-C were all handed over).
int analyse_inputs(const args& a, const char* command, const std::function<void(const analysed_line&)>& on_line,
                   bool want_facts = false);

/// `authlens analyze` over many messages: analyse_inputs, each line printed.
int analyze_many(const args& a);

}  // namespace authlens::cli::bulk
