// Fuzz target: the DNS wire parser (RFC 1035 §4) and to_answer. Properties checked beyond "no
// crash": every name the parser returns encodes back into a query (so build_query accepts what
// parse_response produces) and reads back as the same name.
#include <cstddef>
#include <cstdint>
#include <span>

#include "authlens/dns.hpp"

using namespace authlens::dns;

namespace {

void check_name_round_trip(const std::string& name) {
  auto q = build_query(question{name, rr_type::txt}, 1);
  if (q.empty()) __builtin_trap();  // parsed names are at most 255 octets: always encodable
  auto back = parse_response(q);
  if (!back.ok() || !back->q || back->q->name != name) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = parse_response(std::span<const std::uint8_t>(data, size));
  if (!r.ok()) {
    if (r.err().code.empty()) __builtin_trap();
    return 0;
  }
  if (r->q) {
    check_name_round_trip(r->q->name);
    answer a = to_answer(*r, *r->q);
    if (a.st != status::noerror && (!a.records.empty() || !a.txt.empty())) __builtin_trap();
    if (a.cname_chain.size() > 8) __builtin_trap();
  }
  for (const auto& rec : r->answers) check_name_round_trip(rec.name);
  (void)to_answer(*r, make_question("example.com", rr_type::a));
  return 0;
}
