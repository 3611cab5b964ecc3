// The public suffix list compiled at build time (core/src/psl/generate_table.cmake writes the
// definitions): the ASCII rules as a table sorted by key, the rest as list text for the run-time parser.
#pragma once

#include <cstddef>
#include <cstdint>

namespace authlens::psl::detail {

extern const char* const builtin_version;
/// Rule keys, sorted, one per key: entry i is builtin_entries[2i] (the key's length) and
/// builtin_entries[2i + 1] (its kind bits, as psl::list's entries); the keys are back to back in
/// builtin_keys; entry b × builtin_block starts at builtin_keys + builtin_block_offsets[b].
extern const std::size_t builtin_count;
extern const std::size_t builtin_block;
extern const char builtin_keys[];
extern const std::uint8_t builtin_entries[];
extern const std::uint32_t builtin_block_offsets[];
/// Rules left as text (U-labels, and rules the format does not allow), with @private/@icann markers.
extern const char* const builtin_rest;

}  // namespace authlens::psl::detail
