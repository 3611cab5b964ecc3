// libFuzzer target: internationalised domain names — Punycode (RFC 3492) and UTF-8 (RFC 3629) — as
// "xn--" labels in DNS names, addresses and report fields give them.
// Properties: a strictly valid UTF-8 text re-encodes to the same bytes; what Punycode decodes encodes
// again and decodes back to the same code points (basic ones in lower case); the display form of a domain never fails.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "authlens/idna.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace idna = authlens::idna;
  if (size > 4096) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::u32string cps;
  if (idna::utf8_decode_strict(in, cps)) {
    std::string back;
    for (char32_t c : cps) idna::append_utf8(back, c);
    if (back != in) __builtin_trap();
  }
  (void)idna::utf8_decode(in);
  if (auto decoded = idna::punycode_decode(in); decoded.ok()) {
    // The encoder writes basic code points in lower case (labels compare without case), and refuses
    // what would not fit a DNS label; an input of label size always fits again.
    auto encoded = idna::punycode_encode(decoded.value());
    if (!encoded.ok() && in.size() <= 63) __builtin_trap();
    if (encoded.ok()) {
      auto again = idna::punycode_decode(encoded.value());
      std::u32string folded = decoded.value();
      for (char32_t& c : folded)
        if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
      if (!again.ok() || again.value() != folded) __builtin_trap();
    }
  }
  (void)idna::domain_to_unicode(in);
  return 0;
}
