// authlens/authres.hpp — reading Authentication-Results and ARC-Authentication-Results fields.
//
// Implements, for reading:
//   RFC 8601 §2.2 (the full ABNF: authserv-id with optional authres-version, the `none` form,
//                 methodspec `method[/version]=result`, reasonspec `reason=value`, propspec
//                 `ptype.property=pvalue` where pvalue is a token, a quoted-string or
//                 `[local-part]@domain`), §2.3–2.7 (registered methods and their result keywords);
//   RFC 5322 §3.2.2 (CFWS: comments, nested, anywhere between tokens) and §3.2.4 (quoted strings);
//   RFC 8616 §5 (UTF-8 in quoted strings, values and comments; U-labels in authserv-id only quoted);
//   RFC 8617 §4.1.1 (ARC-Authentication-Results: `i=N;` instance prefix, then the RFC 8601 payload).
//
// Lenient by design ("losing nothing"). Big receivers write non-conforming fields, e.g. Microsoft 365:
//   spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=x.example; dkim=pass (signature was verified)
//   header.d=x.example;dmarc=pass action=none header.from=x.example;compauth=pass reason=100
// (no authserv-id, `action=` without a ptype). Such fields are read as far as they make sense; every
// departure from RFC 8601 becomes a `defect` with a stable code (listed in `defect_codes`), and text that
// cannot be read as a result is kept verbatim in `field::unparsed`. A field with no defect conforms to
// RFC 8601 (as far as this parser checks). Parsing never fails, never throws, and is linear in the input.
//
// Normalisation: method, result, ptype and property names are lower-cased (they are case-insensitive
// keywords); authserv-id, reason and property values are kept as written (quoted strings unquoted,
// quoted-pairs resolved). Comments are kept (without their outer parentheses) on the result they
// appear in; comments before the first result belong to the field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::authres {

/// Which header field the value came from.
enum class field_kind {
  authentication_results,      ///< Authentication-Results (RFC 8601)
  arc_authentication_results,  ///< ARC-Authentication-Results (RFC 8617 §4.1.1): `i=N;` then RFC 8601
};
/// "Authentication-Results" or "ARC-Authentication-Results".
const char* to_string(field_kind k);

/// One `ptype.property=value` (RFC 8601 §2.2 propspec).
struct property {
  std::string ptype;  ///< lower-cased: "smtp", "header", "body", "policy", or an extension; empty when
                      ///< the field wrote `name=value` without a ptype (defect authres.property.missing_ptype)
  std::string name;   ///< lower-cased property name ("mailfrom", "d", "from", "iprev", …)
  std::string value;  ///< unquoted value as written; may be `local-part@domain` or `@domain`
};

/// One resinfo: the outcome of one method (RFC 8601 §2.2).
struct resinfo {
  std::string method;                 ///< lower-cased method ("spf", "dkim", "dmarc", "arc", "compauth", …)
  std::optional<int> method_version;  ///< `method/N`; absent means version 1
  std::string result;                 ///< lower-cased result keyword ("pass", "fail", "softfail", …)
  std::optional<std::string> reason;  ///< `reason=` value, unquoted
  std::vector<property> properties;   ///< in field order
  std::vector<std::string> comments;  ///< comments inside this resinfo, outer parentheses removed

  /// First property with this ptype and name (both compared case-insensitively), or nullptr.
  const property* find(std::string_view ptype, std::string_view name) const;
};

/// One parsed Authentication-Results or ARC-Authentication-Results field.
struct field {
  field_kind kind = field_kind::authentication_results;
  std::optional<std::uint32_t> instance;  ///< ARC `i=` (1..50 by RFC 8617; any number is kept)
  std::string authserv_id;                ///< empty when the field has none (Microsoft form)
  std::optional<int> version;             ///< authres-version after the authserv-id; absent means 1
  bool no_result = false;                 ///< the field said `; none` (RFC 8601 §2.2 no-result)
  std::vector<resinfo> results;
  std::vector<std::string> comments;      ///< comments before the first result (around the authserv-id)
  std::vector<std::string> unparsed;      ///< text that could not be read as a result, verbatim (trimmed)
  std::string raw;                        ///< the field value as given
  std::vector<defect> defects;

  /// True when no defect was found (the field conforms to RFC 8601 as far as this parser checks).
  bool conforming() const { return defects.empty(); }
};

/// Limits and switches. Every limit hit becomes a defect, never a failure.
struct parse_options {
  /// Accept UTF-8 (RFC 8616) in quoted strings, values and comments. When false, any non-ASCII byte
  /// adds the defect authres.utf8.not_allowed (the values are still read).
  bool allow_utf8 = true;
  /// Results read from one field; the rest is kept in `unparsed` with authres.results.too_many.
  std::size_t max_results = 128;
  /// Bytes of one field value read; the rest is ignored with authres.field.too_long.
  std::size_t max_length = 64 * 1024;
};

/// Stable defect codes (the `code` of every defect this area emits).
namespace defect_codes {
inline constexpr const char* authserv_id_missing = "authres.authserv_id.missing";   ///< first item is a result
inline constexpr const char* authserv_id_utf8 = "authres.authserv_id.unquoted_utf8";  ///< U-label not quoted
inline constexpr const char* version_invalid = "authres.version.invalid";           ///< junk after authserv-id
inline constexpr const char* instance_missing = "authres.instance.missing";         ///< ARC field without i=
inline constexpr const char* instance_invalid = "authres.instance.invalid";         ///< i= not a number 1..50
inline constexpr const char* results_missing = "authres.results.missing";           ///< no `;` after authserv-id
inline constexpr const char* results_too_many = "authres.results.too_many";         ///< max_results reached
inline constexpr const char* resinfo_empty = "authres.resinfo.empty";               ///< `;;` or a trailing `;`
inline constexpr const char* resinfo_unparsed = "authres.resinfo.unparsed";         ///< kept in `unparsed`
inline constexpr const char* result_missing = "authres.result.missing";             ///< `method=` with no result
inline constexpr const char* result_unregistered = "authres.result.unregistered";   ///< keyword not in the
                                                                                   ///< method's IANA list
inline constexpr const char* none_mixed = "authres.none.mixed";                     ///< `none` among results
inline constexpr const char* property_missing_ptype = "authres.property.missing_ptype";  ///< `action=none`
inline constexpr const char* property_malformed = "authres.property.malformed";     ///< stray text in a result
inline constexpr const char* value_not_token = "authres.value.not_token";           ///< unquoted `/`, `:`, …
inline constexpr const char* value_empty = "authres.value.empty";                   ///< `header.d=` then nothing
inline constexpr const char* reason_duplicate = "authres.reason.duplicate";         ///< two `reason=`
inline constexpr const char* comment_unterminated = "authres.comment.unterminated";  ///< `(` never closed
inline constexpr const char* comment_unbalanced = "authres.comment.unbalanced";     ///< `)` with no `(`
inline constexpr const char* quoted_unterminated = "authres.quoted.unterminated";   ///< `"` never closed
inline constexpr const char* utf8_not_allowed = "authres.utf8.not_allowed";         ///< allow_utf8 = false
inline constexpr const char* field_too_long = "authres.field.too_long";             ///< max_length reached
}  // namespace defect_codes

/// Parses one field value (unfolded or not: CR and LF count as white space).
[[nodiscard]] field parse(std::string_view value, field_kind kind = field_kind::authentication_results,
            const parse_options& opt = {});

/// Parses a whole field `Name: value`. Fails (code "authres.field.not_authres") only when the name is
/// neither Authentication-Results nor ARC-Authentication-Results, or there is no colon.
[[nodiscard]] result<field> parse_field(std::string_view whole_field, const parse_options& opt = {});

/// True when `result` is a result keyword IANA registers for `method` (RFC 8601 §2.7, RFC 7489 §11.2,
/// RFC 8617 §10.2, RFC 7281, RFC 7293, RFC 8904…). Unknown methods accept every keyword.
bool is_registered_result(std::string_view method, std::string_view result);

/// Re-serialises one result as RFC 8601 text: `method[/v]=result [reason="…"] ptype.prop=value…`.
/// Comments and properties without a ptype (which RFC 8601 cannot express) are left out; values are
/// quoted when they are not a token or `[local-part]@domain`.
std::string format_resinfo(const resinfo& r);

}  // namespace authlens::authres
