// libFuzzer target: IP address text (RFC 4291 §2.2 and RFC 5952 for IPv6, dotted quads, RFC 5321
// address literals) as SPF ip4:/ip6: terms, Received fields and aggregate reports give it.
// Properties: what parses prints canonically, and the canonical text parses back to the same address;
// the address from its wire bytes does too; a network always contains its own address.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "authlens/ip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ip = authlens::ip;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto a = ip::parse(in)) {
    const std::string text = ip::to_string(*a);
    auto again = ip::parse(text);
    if (!again || !(*again == *a) || ip::to_string(*again) != text) __builtin_trap();
    if (ip::reverse_name(*a).empty()) __builtin_trap();
    if (!ip::in_network(*a, *a, a->v6 ? 128 : 32)) __builtin_trap();
    if (!ip::in_network(*a, *a, 0)) __builtin_trap();
    if (ip::is_private(*a) != ip::is_private(*again)) __builtin_trap();
    (void)ip::unmap_v4(*a);
  }
  (void)ip::parse_v4(in);
  (void)ip::parse_v6(in);
  // The first 4 or 16 bytes as an A or AAAA record's data.
  for (std::size_t n : {std::size_t{4}, std::size_t{16}}) {
    if (size < n) continue;
    auto w = ip::from_bytes(std::span<const std::uint8_t>(data, n));
    if (!w) __builtin_trap();
    auto back = ip::parse(ip::to_string(*w));
    if (!back || !(*back == *w)) __builtin_trap();
  }
  return 0;
}
