// Private: checks a generated DMARC record with the core's DMARC parser and linter.
#pragma once

#include <string_view>
#include <vector>

#include "authlens/records.hpp"

namespace authlens::records::detail {

/// Appends the findings as notes; false when the record has an error. With `skip_covered`, warnings
/// and infos the wizard already explains in its own words (no rua, test mode, external destinations…)
/// are left out, and so is pct_obsolete when pct=0 accompanies t=y on purpose (legacy_pct).
bool check_dmarc_with_core(std::string_view domain, std::string_view record, std::vector<note>& notes,
                           bool skip_covered = false);

}  // namespace authlens::records::detail
