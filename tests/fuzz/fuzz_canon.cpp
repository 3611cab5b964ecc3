// Fuzz target: simple/relaxed header and body canonicalisation (RFC 6376 §3.4). Checks that streaming in
// arbitrary chunks equals the one-shot result and that canonicalisation is idempotent.
#include <cstddef>
#include <cstdint>
#include <string>

#include "authlens/dkim.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::size_t step = (data[0] & 15) + 1;
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  for (auto c : {dkim::canon::simple, dkim::canon::relaxed}) {
    std::string whole = dkim::canonicalize_body(c, in);
    dkim::body_canonicalizer bc(c);
    std::string parts;
    for (std::size_t i = 0; i < in.size(); i += step) bc.update(in.substr(i, step), parts);
    bc.finish(parts);
    if (parts != whole) __builtin_trap();
    if (dkim::canonicalize_body(c, whole) != whole) __builtin_trap();
    std::uint64_t total = 0;
    (void)dkim::body_hash(c, crypto::hash_alg::sha256, in, std::uint64_t(size / 2), &total);
    if (total != whole.size()) __builtin_trap();
    std::string h = dkim::canonicalize_header(c, in);
    if (h.size() < 2 || h.compare(h.size() - 2, 2, "\r\n") != 0) __builtin_trap();
  }
  auto v = dkim::view_of_raw(in);
  for (const auto& f : v.fields)
    if (f.raw.data() < in.data() || f.raw.data() + f.raw.size() > in.data() + in.size()) __builtin_trap();
  return 0;
}
