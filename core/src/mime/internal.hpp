// Internal helpers shared by the mime area's sources (not a public header).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/message.hpp"
#include "authlens/result.hpp"

namespace authlens::mime::detail {

/// Collects defects up to a limit; past it, records one "mime.defects.truncated".
class defect_sink {
 public:
  defect_sink(std::vector<defect>* out, std::size_t max) : out_(out), max_(max) {}
  void add(std::string code, std::string detail);
  /// Adds only the first time this code is seen by this sink's vector.
  void add_once(std::string_view code, std::string detail);
  bool full() const;

 private:
  std::vector<defect>* out_;
  std::size_t max_;
  bool truncated_ = false;
};

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t'; }

/// A short, printable excerpt of `s` for defect details (non-printable bytes as \xNN, at most `max` bytes).
std::string excerpt(std::string_view s, std::size_t max = 40);

/// Decoded length of quoted-printable text (RFC 2045 §6.7).
std::size_t qp_decoded_size(std::string_view s);
/// Replaces invalid UTF-8 by U+FFFD.
std::string valid_utf8(std::string_view s);

/// Japanese text with NEC row-13 characters (①, ㈱ …) that the strict converters reject: the rest goes
/// through iconv (EUC-JP / SHIFT_JIS), row 13 comes from a built-in table. False if iconv lacks the base
/// charset. Used when the vendor converters (CP932, EUC-JP-MS) are missing, as in musl.
bool iso2022jp_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid);
bool sjis_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid);
bool eucjp_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid);

/// One field of a header block, as offsets into the block's text: [begin, end) is the field without its
/// final line break, [begin, begin + name_size) its name (white space before the colon trimmed).
struct field_span {
  std::size_t begin = 0, end = 0, colon = 0, name_size = 0;
};
/// The fields of a header block as offsets, and where the body starts in `text`.
struct header_spans {
  std::vector<field_span> fields;
  std::size_t body_start = 0;  ///< == text.size() when there is no separator
  bool has_separator = false;
  bool truncated = false;
};
/// Finds the header fields of CRLF-normalised `text` (limits and defects as parse_header_block).
/// `base` is added to the byte offsets in defect details. `out` is cleared first (its memory is kept).
void scan_header_block(std::string_view text, std::size_t base, const parse_options& opt, defect_sink& sink,
                       header_spans& out);
/// The field `f` of `text` copied into a header_field (`raw` gets a CRLF when `text` has none after it).
header_field make_field(std::string_view text, const field_span& f, std::size_t base);

/// The header block of a message or part: the fields, and where the body starts in `text`.
struct header_block {
  std::vector<header_field> fields;
  std::size_t body_start = 0;  ///< == text.size() when there is no separator
  bool has_separator = false;
  bool truncated = false;
};
/// Parses header fields from CRLF-normalised `text`. `base` is added to field offsets.
header_block parse_header_block(std::string_view text, std::size_t base, const parse_options& opt,
                                defect_sink& sink);

}  // namespace authlens::mime::detail
