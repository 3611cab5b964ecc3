// authlens/message.hpp — the message model: one pasted or dropped message, parsed once.
//
// Implements, for reading (never for writing mail):
//   RFC 5322 §2.1–2.2 (lines, header fields, folding/unfolding), §3.4 (address specification,
//                     through address.hpp), §3.6 (which fields carry addresses), §4 (obsolete syntax, leniently);
//   RFC 2045 §5–6 (Content-Type, Content-Transfer-Encoding), RFC 2046 §5.1 (multipart bodies and boundaries),
//                     §5.2.1 (message/rfc822), RFC 2183 (Content-Disposition);
//   RFC 2047 (encoded words, B and Q, §6.2 joining of adjacent words) and RFC 2231 (parameter value
//                     continuations, charset'language'percent-encoding), decoded to UTF-8 for display;
//   RFC 6532 (UTF-8 in header fields is passed through).
//
// Line endings. The parser accepts CRLF, bare LF, or a mix, and normalises every bare LF to CRLF as a
// receiving MTA does before DKIM sees the message (a CR not followed by LF is kept as it is). Every byte
// stored in `message` — raw header fields, body — is the normalised form; `message::line_endings` records
// what the input had. A last header line that ends the input without a line break gets a CRLF appended
// to its raw form (so `raw` always ends in CRLF).
//
// Headers-only input (Outlook's "Internet headers", a paste without the body) is detected and flagged
// (`headers_only`); an mbox "From " first line is skipped with a defect.
//
// Hostile input. Parsing never fails and never throws: everything that is wrong becomes a `defect` with a
// stable code, limits come from `parse_options`, and the work is linear in the input size (MIME recursion
// is bounded by `max_mime_depth` and `max_mime_parts`). Defect codes:
//   mime.input.mixed_line_endings  mime.input.leading_blank_lines  mime.input.headers_only  mime.mbox.from_line
//   mime.header.malformed          mime.header.orphan_continuation  mime.header.too_long     mime.header.too_many
//   mime.header.block_too_large    mime.header.nul                  mime.header.none
//   mime.content_type.invalid      mime.cte.unknown                 mime.multipart.no_boundary
//   mime.multipart.bad_boundary    mime.multipart.no_parts          mime.multipart.unterminated
//   mime.depth_exceeded            mime.parts.too_many
//   mime.param.syntax  mime.param.unterminated  mime.param.duplicate  mime.param.too_many
//   mime.param.continuation_gap    mime.param.rfc2231_syntax
//   mime.charset.unknown           mime.encoded_word.invalid        mime.defects.truncated
//   mime.encoded_word.control      (decodes to a control character; kept, see has_control_characters)
//   mime.encoded_word.undecodable  (RFC 2047 §6.3: not valid B/Q text; shown as written)
//   mime.address.* (address.hpp), mime.author.* (author_error)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/address.hpp"
#include "authlens/result.hpp"

namespace authlens::mime {

/// Which line endings the input used (before normalisation to CRLF).
enum class line_endings {
  none,   ///< the input holds no line break at all (a single line, or empty)
  crlf,   ///< every line break was CRLF
  lf,     ///< every line break was a bare LF (a Unix file, or a paste from a browser)
  mixed,  ///< both CRLF and bare LF occurred
};
/// "none", "CRLF", "LF" or "mixed" (the report's spelling).
const char* to_string(line_endings e);

/// Limits that keep parsing bounded; every violation becomes a defect, never a failure.
struct parse_options {
  std::size_t max_header_fields = 1000;        ///< fields kept in the top-level header block
  std::size_t max_field_size = 64 * 1024;      ///< bytes of one field (all its folded lines)
  std::size_t max_header_block = 1024 * 1024;  ///< bytes of the whole top-level header block
  std::size_t max_mime_depth = 16;             ///< nesting of multipart and message/rfc822 parts
  std::size_t max_mime_parts = 500;            ///< parts in the whole tree
  std::size_t max_defects = 200;               ///< defects kept; then one "mime.defects.truncated"
  /// false: skip the MIME tree (`message::mime` keeps the root's defaults, no part defects). For callers
  /// that need only the header fields and the body, as DKIM verification does: sizing every part (base64
  /// attachments) is a tenth of `authlens dkim verify`'s time.
  bool mime_tree = true;
};

/// One header field, in input order.
struct header_field {
  /// The field exactly as it stood (after LF→CRLF normalisation): name, colon, value, folding and the
  /// terminating CRLF. DKIM "simple" header canonicalisation hashes these bytes.
  std::string raw;
  /// The field name as written, without any white space before the colon (obsolete syntax allows some).
  std::string name;
  /// Everything after the colon, up to but excluding the final CRLF, folding kept.
  std::string value;
  /// `value` unfolded (CRLFs removed, RFC 5322 §2.2.3) with leading and trailing white space trimmed.
  std::string unfolded;
  /// Offset of `raw` in the normalised input (useful to show the field in context).
  std::size_t offset = 0;
};

/// A parsed Content-Type / Content-Disposition style value: `token/token; param=value; …`.
struct parameter {
  std::string name;   ///< lower-cased attribute, without the RFC 2231 `*N*` suffixes
  std::string value;  ///< decoded to UTF-8 (RFC 2231 joined and percent-decoded; RFC 2047 in quotes decoded)
};

/// One node of the MIME tree (RFC 2045/2046). The top-level message is the root part.
struct part {
  std::string content_type = "text/plain";  ///< lower-cased type/subtype; RFC 2045 §5.2 default
  std::string charset;                      ///< lower-cased charset parameter; empty when absent
  std::string transfer_encoding = "7bit";   ///< lower-cased Content-Transfer-Encoding; default 7bit
  std::string disposition;                  ///< lower-cased disposition type ("inline", "attachment"), or empty
  std::string filename;                     ///< UTF-8: disposition filename, else the Content-Type name
  std::string boundary;                     ///< multipart boundary as given (empty otherwise)
  std::vector<parameter> type_params;       ///< every Content-Type parameter, in order
  std::vector<parameter> disposition_params;///< every Content-Disposition parameter, in order
  std::vector<header_field> fields;         ///< the part's own header fields (empty for the root: see message)
  std::size_t body_offset = 0;              ///< where the part body starts in message::body
  std::size_t body_length = 0;              ///< encoded length of the part body in bytes
  /// Decoded size: exact for 7bit/8bit/binary/quoted-printable, counted from the alphabet for base64.
  std::size_t size = 0;
  std::vector<part> parts;                  ///< children (multipart/*, or the one message of message/rfc822)

  bool is_multipart() const;
};

/// A parsed message. Obtain one with `parse`.
struct message {
  std::vector<header_field> fields;  ///< top-level header fields in input order
  std::string body;                  ///< the body bytes (after the blank line), CRLF-normalised
  std::size_t input_bytes = 0;       ///< size of the input as given
  std::size_t body_offset = 0;       ///< where the body starts in the normalised input
  line_endings endings = line_endings::none;
  /// True when there is no body to hash: no blank line ends the header block, or nothing follows it.
  /// Users who paste Outlook's "Internet headers" give such input; DKIM then reports the body hash as
  /// "not provided".
  bool headers_only = false;
  /// True when a blank line separated the header block from a body (possibly empty).
  bool has_separator = false;
  /// True when the input began with an mbox "From " line, which was skipped.
  bool mbox_from_line = false;
  /// True when limits made the parser drop header fields.
  bool truncated = false;
  part mime;                         ///< MIME structure; mime.fields is empty (see `fields`)
  std::vector<defect> defects;       ///< everything wrong with the input, in the order found

  /// First field with this name (ASCII case-insensitive), or nullptr.
  const header_field* first(std::string_view name) const;
  /// Last field with this name, or nullptr (the one nearest the body: DKIM signs bottom-up).
  const header_field* last(std::string_view name) const;
  /// Every field with this name, in input order.
  std::vector<const header_field*> all(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  /// The first Subject decoded to UTF-8 (RFC 2047), or empty when absent; decoding defects go to
  /// `out_defects` when not null.
  std::string subject(std::vector<defect>* out_defects = nullptr) const;
};

/// Parses a message. Never fails: what could not be read is reported in `message::defects`.
[[nodiscard]] message parse(std::string_view input, const parse_options& options = {});

/// One top-level header field as a view: `raw` and `name` hold what header_field's members of the same
/// names would hold.
struct field_view {
  std::string_view name;
  std::string_view raw;
};

/// The top-level header fields and the body, borrowed rather than copied: the first step of `parse`
/// (which copies them into `message`), for callers that need nothing else, as DKIM verification does
/// (copying the body of every file cost ≈ 3% of `authlens dkim verify`). The views point into the input,
/// or into the caller's `storage` when the input needed its line endings normalised (or a CRLF after
/// its last header line); they stay valid while both do. The members mean what `message`'s do; the
/// defects are those `parse` reports before the MIME tree.
struct message_parts {
  std::string_view text;  ///< the normalised input (field offsets are `raw.data() - text.data()`)
  std::vector<field_view> fields;
  std::string_view body;
  std::size_t body_offset = 0;
  line_endings endings = line_endings::none;
  bool headers_only = false;
  bool has_separator = false;
  bool mbox_from_line = false;
  bool truncated = false;
  std::vector<defect> defects;
};

/// Splits a message into its header fields and body without copying them (see message_parts). Reusing
/// one `message_parts` and one `storage` across messages keeps their memory.
void split(std::string_view input, std::string& storage, message_parts& out, const parse_options& options = {});

/// Decodes RFC 2047 encoded words in `text` to UTF-8 (text outside encoded words is kept; white space
/// between adjacent encoded words is dropped, RFC 2047 §6.2). Unknown charsets leave the word as written
/// and add "mime.charset.unknown" to `defects` (when not null); so does a word whose B/Q text cannot be
/// decoded ("mime.encoded_word.undecodable", RFC 2047 §6.3). Control characters that a word decodes to
/// are kept and reported ("mime.encoded_word.control").
std::string decode_words(std::string_view text, std::vector<defect>* defects = nullptr);

/// Converts `bytes` in `charset` (an IANA name or common alias) to UTF-8 using iconv. Returns false when the
/// charset is unknown (out untouched). Invalid sequences become U+FFFD and set `*had_invalid` when not null.
bool charset_to_utf8(std::string_view charset, std::string_view bytes, std::string& out, bool* had_invalid = nullptr);

/// True when UTF-8 text holds a control character: C0 (U+0000–U+001F) but HTAB, DEL, or C1 (U+0080–U+009F).
/// Decoded encoded words can carry them (NUL, CR, LF, NEL…) to hide text in a display name or Subject.
bool has_control_characters(std::string_view utf8);
/// The text with those control characters written visibly: "\r", "\n", "\x00"…"\x1f", "\x7f", "\u0080"…"\u009f"
/// (for text output; JSON keeps the real characters and escapes them itself).
std::string visible_controls(std::string_view utf8);
/// `s` with every invalid UTF-8 sequence replaced by U+FFFD (for display and JSON).
std::string to_valid_utf8(std::string_view s);

/// Parses a structured value like Content-Type: the leading token (lower-cased, e.g. "text/plain",
/// "attachment") and its parameters (RFC 2045 §5.1, RFC 2231 §3–4). Defects go to `defects` when not null.
std::string parse_parameters(std::string_view value, std::vector<parameter>& params,
                             std::vector<defect>* defects = nullptr);
/// The value of parameter `name` (case-insensitive), or nullptr.
const parameter* find_parameter(const std::vector<parameter>& params, std::string_view name);

/// Addresses of every field named `field_name` (e.g. "From", "To"), joined in field order, with the parse
/// defects of each. Return-Path's null path `<>` yields an empty mailbox (`address` empty).
address_list addresses(const message& m, std::string_view field_name);

/// Why a single author domain could not be determined (DMARC needs exactly one, RFC 7489 §6.6.1,
/// RFC 9989 §4.4).
enum class author_error {
  none,                  ///< the domain was found
  no_from,               ///< the message has no From field
  multiple_from_fields,  ///< more than one From field
  no_mailbox,            ///< From holds no mailbox that could be parsed (empty, or only a group)
  multiple_mailboxes,    ///< From lists several mailboxes in different domains (one shared domain is fine)
  no_domain,             ///< the one mailbox has no domain ("From: user")
};
/// Stable code: "mime.author.no_from", …; "ok" for none.
const char* to_string(author_error e);

/// The RFC 5322.From domain (lower-cased, one trailing dot removed) or why there is none.
struct author_domain_result {
  std::string domain;                     ///< empty unless error == none
  author_error error = author_error::none;
  std::string detail;                     ///< sentence for people when error != none
  bool ok() const { return error == author_error::none; }
};
[[nodiscard]] author_domain_result author_domain(const message& m);

}  // namespace authlens::mime
