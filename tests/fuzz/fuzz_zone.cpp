// Fuzz target: the RFC 1035 §5 master-file reader and offline resolution over what it read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "authlens/dns.hpp"

using namespace authlens::dns;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  zone_source z;
  auto defects = z.add_zone_text(text, "fuzz.test");
  for (const auto& d : defects)
    if (d.code.empty()) __builtin_trap();
  static const char* names[] = {"fuzz.test", "a.fuzz.test", "www.fuzz.test", "b.a.fuzz.test", "test", "x"};
  static const rr_type types[] = {rr_type::a,   rr_type::ns,  rr_type::cname, rr_type::soa, rr_type::ptr,
                                  rr_type::mx,  rr_type::txt, rr_type::aaaa,  rr_type::spf};
  for (const char* n : names)
    for (rr_type t : types) {
      answer a = z.resolve(make_question(n, t));
      if (a.st != status::noerror && (!a.records.empty() || !a.txt.empty())) __builtin_trap();
      if (a.cname_chain.size() > 8) __builtin_trap();
      // Zone answers are in the forms the snapshot accepts (names absolute, addresses canonical);
      // the snapshot itself is fuzzed by fuzz_snapshot, which keeps this target fast.
      for (const auto& r : a.records)
        if (r.empty() || (t != rr_type::soa && t != rr_type::a && t != rr_type::aaaa && r.back() != '.'))
          __builtin_trap();
    }
  return 0;
}
