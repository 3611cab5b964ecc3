// Internal helpers of the DMARC area.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dmarc.hpp"

namespace authlens::dmarc::detail {

/// Labels of a normalised name, left to right; empty when the name is empty or has an empty label.
std::vector<std::string> labels(std::string_view name);
/// The last `n` labels of `ls`, joined.
std::string tail(const std::vector<std::string>& ls, std::size_t n);
/// The names of an RFC 9989 §4.10 walk starting at `domain` (the start first, the TLD last).
std::vector<std::string> walk_names(std::string_view domain);
/// One level less severe: reject → quarantine → none.
policy lower(policy p);

/// How a record's policy tags can be used in one mode (RFC 9989 §4.10.1 / RFC 7489 §6.6.3).
struct usability {
  bool usable = true;    ///< false: no DMARC processing with this record
  bool fallback = false; ///< act as p=none
};
usability policy_usability(const record& r, mode m);

}  // namespace authlens::dmarc::detail
