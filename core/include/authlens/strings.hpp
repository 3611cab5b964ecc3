// authlens/strings.hpp — small ASCII string helpers shared by every parser.
// Mail protocols are ASCII-case-insensitive; these never depend on the C locale.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace authlens::str {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
/// Trims RFC 5322 white space (SP, HTAB, CR, LF) at both ends.
std::string_view trim(std::string_view s);
/// Splits on a single character; empty pieces are kept.
std::vector<std::string_view> split(std::string_view s, char sep);
/// Removes CRLF (or LF) folding: every CR and LF is dropped, white space is kept (RFC 5322 §2.2.3).
std::string unfold(std::string_view s);
/// Collapses runs of SP/HTAB/CR/LF to one space and trims.
std::string collapse_space(std::string_view s);

}  // namespace authlens::str
