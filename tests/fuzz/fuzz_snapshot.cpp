// Fuzz target: authlens/dns-snapshot/v1 reader and replay. Properties: whatever it accepts
// serialises to a snapshot that reads back and serialises to the very same text (to ∘ from is
// idempotent); replay answers recorded questions as recorded and never hangs on CNAME loops.
#include <algorithm>
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
  // Replay: a recorded question answers exactly as recorded; every other type of a recorded name
  // (CNAMEs followed, loops included) answers without hanging, with a chain of bounded length.
  const snapshot_source replay(*c);
  std::size_t longest = 0;
  for (const answer* a : c->all()) longest = std::max(longest, a->cname_chain.size());
  for (const answer* a : c->all()) {
    const answer r = replay.resolve(a->q);
    if (r.st != a->st || r.records != a->records || r.txt != a->txt || r.cname_chain != a->cname_chain ||
        r.ttl != a->ttl)
      __builtin_trap();
    for (rr_type t : {rr_type::a, rr_type::txt, rr_type::cname, rr_type::mx}) {
      const answer other = replay.resolve(question{a->q.name, t});
      if (other.cname_chain.size() > longest + 8) __builtin_trap();  // 8 links followed, then one recorded chain
    }
  }
  return 0;
}
