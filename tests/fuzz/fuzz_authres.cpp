// libFuzzer target: Authentication-Results / ARC-Authentication-Results parsing (RFC 8601, RFC 8617).
// The first byte picks the field kind and UTF-8 mode; the rest is the field value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "authlens/authres.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace ar = authlens::authres;
  ar::parse_options opt;
  opt.allow_utf8 = (data[0] & 1) != 0;
  opt.max_results = 16;
  auto kind = (data[0] & 2) ? ar::field_kind::arc_authentication_results : ar::field_kind::authentication_results;
  std::string_view v(reinterpret_cast<const char*>(data + 1), size - 1);
  auto f = ar::parse(v, kind, opt);
  for (const auto& r : f.results) {
    auto s = ar::format_resinfo(r);
    // Re-parsing our own serialisation must succeed without unparsed text.
    auto again = ar::parse("x; " + s);
    if (!again.unparsed.empty() && r.result.size() > 0 && r.method.size() > 0) __builtin_trap();
  }
  (void)ar::parse_field(v, opt);
  return 0;
}
