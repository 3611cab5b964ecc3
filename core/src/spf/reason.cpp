// The words of SPF results: result codes read back, and the reason codes (see authlens/spf.hpp).
#include "authlens/spf.hpp"

namespace authlens::spf {

std::optional<result_code> result_from_string(std::string_view s) {
  for (auto r : {result_code::none, result_code::neutral, result_code::pass, result_code::fail, result_code::softfail,
                 result_code::temperror, result_code::permerror})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

std::string_view to_string(reason r) {
  switch (r) {
    case reason::pending: return "spf.pending";
    case reason::invalid_ip: return "spf.invalid_ip";
    case reason::invalid_domain: return "spf.invalid_domain";
    case reason::dns_error: return "spf.dns_error";
    case reason::no_record: return "spf.no_record";
    case reason::multiple_records: return "spf.multiple_records";
    case reason::mechanism_matched: return "spf.mechanism_matched";
    case reason::no_match: return "spf.no_match";
    case reason::no_match_invalid_target: return "spf.no_match_invalid_target";
    case reason::invalid_target: return "spf.invalid_target";
    case reason::too_many_lookups: return "spf.too_many_lookups";
    case reason::too_many_void_lookups: return "spf.too_many_void_lookups";
    case reason::too_many_mx: return "spf.too_many_mx";
    case reason::include_depth: return "spf.include_depth";
    case reason::include_none: return "spf.include_none";
    case reason::redirect_none: return "spf.redirect_none";
    case reason::syntax_version: return "spf.syntax.version";
    case reason::syntax_non_ascii: return "spf.syntax.non_ascii";
    case reason::syntax_control_char: return "spf.syntax.control_char";
    case reason::syntax_duplicate_redirect: return "spf.syntax.duplicate_redirect";
    case reason::syntax_duplicate_exp: return "spf.syntax.duplicate_exp";
    case reason::syntax_bad_domain_spec: return "spf.syntax.bad_domain_spec";
    case reason::syntax_bad_macro: return "spf.syntax.bad_macro";
    case reason::syntax_bad_mechanism: return "spf.syntax.bad_mechanism";
    case reason::syntax_unknown_mechanism: return "spf.syntax.unknown_mechanism";
    case reason::macro_syntax: return "spf.macro.syntax";
    case reason::macro_too_long: return "spf.macro.too_long";
  }
  return "spf.unknown";
}

std::optional<reason> reason_from_string(std::string_view code) {
  for (int i = 0; i <= static_cast<int>(last_reason); ++i) {
    auto r = static_cast<reason>(i);
    if (to_string(r) == code) return r;
  }
  return std::nullopt;
}

}  // namespace authlens::spf
