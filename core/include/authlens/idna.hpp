// authlens/idna.hpp — RFC 3492 punycode both ways for IDNA A-labels ("xn--", RFC 5890 §2.3.2.1),
// the UTF-8 helpers it needs, and domain names for display. psl::to_a_label builds lookup names
// with the encoder; the spoofing indicators show names with the decoder. Pure; never throws.
#pragma once

#include <string>
#include <string_view>

#include "authlens/result.hpp"

namespace authlens::idna {

/// Decodes one punycode string (the part after "xn--") to Unicode code points.
/// Errors: "punycode.syntax" (a character outside the basic set), "punycode.overflow", "punycode.range".
[[nodiscard]] result<std::u32string> punycode_decode(std::string_view encoded);
/// Encodes code points as punycode (the part after "xn--"); basic code points are lower-cased.
/// Error: "punycode.too_long" (longer than a DNS label once encoded).
[[nodiscard]] result<std::string> punycode_encode(std::u32string_view code_points);
/// Appends the UTF-8 form of a code point.
void append_utf8(std::string& out, char32_t cp);
/// Decodes UTF-8 leniently (invalid bytes become U+FFFD).
std::u32string utf8_decode(std::string_view s);
/// Decodes UTF-8 strictly, appending to out: false on any malformed sequence (overlong, surrogate,
/// beyond U+10FFFF, truncated).
bool utf8_decode_strict(std::string_view s, std::u32string& out);
/// A domain for display: every "xn--" label decoded (labels that do not decode are kept as written).
std::string domain_to_unicode(std::string_view domain);

}  // namespace authlens::idna
