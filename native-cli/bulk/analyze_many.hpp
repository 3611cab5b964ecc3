// `authlens analyze PATH...` over many messages: JSONL, one authlens/report/v1 object per message in
// input order, each with "source": {"path", "index"}; a message that cannot be read gets a line of its
// own with "error" and the run goes on (bulk/messages.hpp says what a PATH may be).
#pragma once

#include <string>
#include <vector>

#include "args.hpp"

namespace authlens::cli::bulk {

/// True when the inputs are a collection (several paths, a directory, an mbox, or --mbox/--jsonl):
/// the output is then JSONL. One message file keeps the one-report output.
bool is_many(const args& a);

/// Runs the many-message analysis; returns the exit code (0 every message passed DMARC, 1 some did
/// not, 2 some input could not be read or the options are wrong).
int analyze_many(const args& a);

}  // namespace authlens::cli::bulk
