// Helpers the subcommands share: the option set with the DNS source options added, the CLI's
// random source, and the `--now` reading. The CLI is the edge: it may read the clock and the
// kernel's randomness; the core never does (they are passed in).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>

namespace authlens::cli {

/// `extra` plus the DNS source options every DNS-using command accepts (args.hpp dns_value_options).
std::set<std::string> with_dns(std::set<std::string> extra);

/// Fills `out` from getrandom(2); false if the kernel gives none. A crypto::random_fn.
bool os_random(std::span<std::uint8_t> out);

/// `--now UNIXTIME` as seconds since the epoch, or the current time when the option is absent.
/// False when the value is not a whole decimal number.
bool parse_time(const std::optional<std::string>& value, std::int64_t& out);

}  // namespace authlens::cli
