// libFuzzer target: Received fields (RFC 5321 §4.4, RFC 5322 §3.6.7) and the route built from them.
// The input is split at NUL bytes into several field values, newest first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/transport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tr = authlens::transport;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> values;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= in.size(); ++i) {
    if (i == in.size() || in[i] == '\0') {
      values.emplace_back(in.substr(start, i - start));
      start = i + 1;
    }
  }
  tr::route_options opt;
  opt.max_hops = 16;
  auto r = tr::build_route(values, opt);
  if (r.hops.size() > 16) __builtin_trap();
  for (const auto& h : r.hops) {
    if (h.from_ip && !tr::is_ip_literal(*h.from_ip)) __builtin_trap();
    if (h.date) (void)tr::to_iso8601_utc(*h.date);
  }
  return 0;
}
