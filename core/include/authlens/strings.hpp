// authlens/strings.hpp — small ASCII string helpers shared by every parser.
// Mail protocols are ASCII-case-insensitive; these never depend on the C locale.
#pragma once

#include <cstddef>
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

/// Builds a header field that a signer writes ("DKIM-Signature:", "ARC-Seal:" …), folding it
/// (RFC 5322 §2.2.3: CRLF + HTAB) before a token that would carry the line past 76 columns. The
/// DKIM signer and the ARC sealer share it, so both fold the same bytes the same way.
class header_folder {
 public:
  static constexpr std::size_t width = 76;
  /// `start` is the field name and colon ("DKIM-Signature:"), or any text the field begins with.
  explicit header_folder(std::string start);
  /// Appends `sep` then `token`; or, when they would pass `width` on a line holding more than the
  /// fold's tab, a fold then `token` (the separator is dropped: the fold stands for it).
  void add(std::string_view token, std::string_view sep);
  /// Appends `token` with no fold before it.
  void raw(std::string_view token);
  /// Appends a long value (a b= signature) starting on the current line, up to `width` (at least one
  /// character, so removing the value leaves the "b=" exactly where it was), then in folded
  /// 72-character pieces.
  void add_wrapped(std::string_view value);
  /// Length of the current (last) line.
  std::size_t line() const { return line_; }
  /// The field so far (no final CRLF).
  const std::string& str() const { return out_; }

 private:
  std::string out_;
  std::size_t line_;
};

}  // namespace authlens::str
