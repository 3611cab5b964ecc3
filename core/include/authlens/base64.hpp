// authlens/base64.hpp — RFC 4648 base64 (§4) and base64url (§5): the one encoder and decoder of the
// project. DKIM/ARC tags (RFC 6376 §2.4, white space allowed between characters), PEM bodies, MIME
// base64 bodies and RFC 2047 "B" encoded words (RFC 2045 §6.8: a reader ignores characters outside
// the alphabet), and the RFC 8484 `dns` parameter (base64url without padding) all go through here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::base64 {

/// §4 alphabet with '=' padding to a multiple of four characters.
std::string encode(std::span<const std::uint8_t> data);
std::string encode(std::string_view data);
/// §5 base64url ('-' and '_' for '+' and '/') without padding, as RFC 8484 §4.1 asks for.
std::string encode_url(std::span<const std::uint8_t> data);

/// Strict §4 decoding. White space (SP, HTAB, CR, LF) between characters is skipped; anything else
/// outside the alphabet, misplaced or excess '=' padding, or a lone final character is an error
/// ("base64.syntax", "base64.padding", "base64.length"). Unpadded text of a valid length is accepted.
[[nodiscard]] result<std::vector<std::uint8_t>> decode(std::string_view text);

struct lenient_options {
  /// Also read the §5 characters ('-' as '+', '_' as '/'); otherwise they are skipped like any
  /// other character outside the alphabet.
  bool url_alphabet_too = false;
};
/// RFC 2045 §6.8 decoding: characters outside the alphabet are ignored, the first '=' ends the data,
/// and bits that do not fill a byte are dropped. Never fails.
std::string decode_lenient(std::string_view text, lenient_options opt = {});
/// The size decode_lenient(text) would return, without decoding.
std::size_t decoded_size_lenient(std::string_view text);

}  // namespace authlens::base64
