// The report's `dns` object (docs/report-format.md), shared by every dns::job's result: rounds,
// offline, complete, the transcript of every answer used with the round it was asked in, pending.
#pragma once

#include <nlohmann/json.hpp>

#include "authlens/dns_job.hpp"

namespace authlens::report {

nlohmann::json dns_to_json(const dns::job& j);

}  // namespace authlens::report
