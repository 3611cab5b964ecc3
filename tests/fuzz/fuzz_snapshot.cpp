// Fuzz target: authlens/dns-snapshot/v1 reader. Property: whatever it accepts serialises to a
// snapshot that reads back and serialises to the very same text (to ∘ from is idempotent).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "authlens/dns.hpp"

using namespace authlens::dns;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = from_snapshot_json(text);
  if (!c.ok()) {
    if (c.err().code.empty()) __builtin_trap();
    return 0;
  }
  const std::string once = to_snapshot_json(*c);
  auto again = from_snapshot_json(once);
  if (!again.ok()) __builtin_trap();
  if (to_snapshot_json(*again) != once) __builtin_trap();
  for (const answer* a : c->all()) (void)resolve_from_snapshot(*c, a->q);
  return 0;
}
