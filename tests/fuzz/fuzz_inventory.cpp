// libFuzzer target: the inventory's two readers (authlens/inventory.hpp): a report line
// (facts_from_report, what `inventory --from-jsonl` reads) and a message's facts (facts_from_json,
// what the page hands back). Checks: whatever parses as facts writes back to the same JSON, and the
// builder takes any facts without failing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "authlens/inventory.hpp"
#include "authlens/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  authlens::inventory::builder b;
  for (auto f : {authlens::inventory::facts_from_report(text), authlens::inventory::facts_from_json(text)}) {
    if (!f) continue;
    const auto once = authlens::inventory::facts_to_json(*f);
    auto again = authlens::inventory::facts_from_json(once);
    if (!again || authlens::inventory::facts_to_json(*again) != once) std::abort();
    b.add(*f);
  }
  (void)authlens::report::inventory_to_json(b.finish());
  return 0;
}
