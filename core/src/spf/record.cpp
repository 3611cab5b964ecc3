// SPF record syntax (RFC 7208 §4.5, §4.6, §5, §6, §12) and macros (§7).
#include <algorithm>

#include "authlens/spf.hpp"
#include "authlens/strings.hpp"
#include "spf/internal.hpp"

namespace authlens::spf {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_delim(char c) {
  return c == '.' || c == '-' || c == '+' || c == ',' || c == '/' || c == '_' || c == '=';
}
bool is_macro_letter(char c) {
  switch (str::ascii_lower(c)) {
    case 's': case 'l': case 'o': case 'd': case 'i': case 'p': case 'h': case 'c': case 'r': case 't': case 'v':
      return true;
    default:
      return false;
  }
}

error syntax(reason why, std::string msg) { return error{std::string(to_string(why)), std::move(msg)}; }

/// Position just after a macro-expand starting at s[i] == '%', or npos when it is malformed.
/// `last_was_macro` is set for "%{...}".
std::size_t scan_macro(std::string_view s, std::size_t i, bool exp) {
  if (i + 1 >= s.size()) return std::string_view::npos;
  char n = s[i + 1];
  if (n == '%' || n == '_' || n == '-') return i + 2;
  if (n != '{') return std::string_view::npos;
  std::size_t k = i + 2;
  if (k >= s.size() || !is_macro_letter(s[k])) return std::string_view::npos;
  char letter = str::ascii_lower(s[k]);
  if (!exp && (letter == 'c' || letter == 'r' || letter == 't')) return std::string_view::npos;
  ++k;
  while (k < s.size() && is_digit(s[k])) ++k;
  if (k < s.size() && str::ascii_lower(s[k]) == 'r') ++k;
  while (k < s.size() && is_delim(s[k])) ++k;
  if (k >= s.size() || s[k] != '}') return std::string_view::npos;
  return k + 1;
}

bool valid_toplabel(std::string_view l) {
  if (l.empty() || l.size() > 63) return false;
  bool alpha = false, hyphen = false;
  for (char c : l) {
    if (c == '-') hyphen = true;
    else if (is_alpha(c)) alpha = true;
    else if (!is_digit(c)) return false;
  }
  if (!is_alnum(l.front()) || !is_alnum(l.back())) return false;
  return alpha || hyphen;
}

/// domain-spec = macro-string domain-end (§7.1).
bool valid_domain_spec(std::string_view s) {
  if (s.empty() || !valid_macro_string(s, false)) return false;
  // Find where the trailing literal run starts (after the last macro-expand).
  std::size_t lit_start = 0;
  bool ends_with_macro = false;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      i = scan_macro(s, i, false);
      lit_start = i;
      ends_with_macro = (i == s.size());
    } else {
      ++i;
    }
  }
  if (ends_with_macro) return true;
  std::string_view tail = s.substr(lit_start);
  if (!tail.empty() && tail.back() == '.') tail.remove_suffix(1);
  auto dot = tail.rfind('.');
  if (dot == std::string_view::npos) return false;
  return valid_toplabel(tail.substr(dot + 1));
}

/// "/n" with no leading zero, n <= max.
bool parse_cidr_len(std::string_view digits, int max, int& out) {
  if (digits.empty() || digits.size() > 3) return false;
  for (char c : digits)
    if (!is_digit(c)) return false;
  if (digits.size() > 1 && digits[0] == '0') return false;
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  if (v > max) return false;
  out = v;
  return true;
}

/// Splits "domain-spec/24//64": the CIDR lengths are read from the end ("/" digits, "//" digits),
/// so a domain-spec may itself hold a '/' ("a:foo:bar/baz.example.com").
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

bool split_dual_cidr(std::string_view s, std::string& domain, int& c4, int& c6, bool allow4, bool allow6) {
  auto dbl = s.rfind("//");
  if (dbl != std::string_view::npos && all_digits(s.substr(dbl + 2))) {
    if (!allow6 || !parse_cidr_len(s.substr(dbl + 2), 128, c6)) return false;
    s = s.substr(0, dbl);
  } else if (dbl != std::string_view::npos && dbl + 2 == s.size()) {
    return false;  // "//" with no length
  }
  auto one = s.rfind('/');
  if (one != std::string_view::npos && (all_digits(s.substr(one + 1)) || one + 1 == s.size())) {
    if (!allow4 || !parse_cidr_len(s.substr(one + 1), 32, c4)) return false;
    s = s.substr(0, one);
  }
  domain = std::string(s);
  return true;
}

bool valid_modifier_name(std::string_view n) {
  if (n.empty() || !is_alpha(n[0])) return false;
  for (char c : n)
    if (!(is_alnum(c) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

result<term> parse_term(std::string_view t) {
  term out;
  out.text = std::string(t);
  // Modifier: name "=" macro-string, the '=' before any ':' or '/'.
  auto eq = t.find('=');
  auto colon = t.find_first_of(":/");
  if (eq != std::string_view::npos && (colon == std::string_view::npos || eq < colon) &&
      valid_modifier_name(t.substr(0, eq))) {
    out.name = str::lower(t.substr(0, eq));
    out.domain_spec = std::string(t.substr(eq + 1));
    if (out.name == "redirect" || out.name == "exp") {
      out.kind = out.name == "redirect" ? term_kind::redirect : term_kind::exp;
      if (!valid_domain_spec(out.domain_spec))
        return syntax(reason::syntax_bad_domain_spec, "invalid domain-spec in '" + out.text + "'");
    } else {
      out.kind = term_kind::unknown_modifier;
      if (!valid_macro_string(out.domain_spec, false))
        return syntax(reason::syntax_bad_macro, "invalid macro-string in modifier '" + out.text + "'");
    }
    return out;
  }
  std::string_view m = t;
  if (!m.empty() && (m[0] == '+' || m[0] == '-' || m[0] == '~' || m[0] == '?')) {
    out.qualifier = m[0];
    m.remove_prefix(1);
  }
  auto end = m.find_first_of(":/");
  std::string name = str::lower(m.substr(0, end));
  std::string_view rest = end == std::string_view::npos ? std::string_view{} : m.substr(end);
  auto bad = [&](const char* why) {
    return syntax(reason::syntax_bad_mechanism, std::string(why) + " in '" + out.text + "'");
  };
  if (name == "all") {
    out.kind = term_kind::all;
    if (!rest.empty()) return bad("'all' takes no argument");
    return out;
  }
  if (name == "include" || name == "exists") {
    out.kind = name == "include" ? term_kind::include : term_kind::exists;
    if (rest.empty() || rest[0] != ':') return bad("a domain-spec is required");
    out.domain_spec = std::string(rest.substr(1));
    if (!valid_domain_spec(out.domain_spec)) return bad("invalid domain-spec");
    return out;
  }
  if (name == "a" || name == "mx") {
    out.kind = name == "a" ? term_kind::a : term_kind::mx;
    std::string_view r = rest;
    bool has_domain = !r.empty() && r[0] == ':';
    if (has_domain) r.remove_prefix(1);
    std::string dom;
    if (!split_dual_cidr(r, dom, out.cidr4, out.cidr6, true, true)) return bad("invalid CIDR length");
    if (has_domain) {
      if (!valid_domain_spec(dom)) return bad("invalid domain-spec");
      out.domain_spec = dom;
    } else if (!dom.empty()) {
      return bad("unknown mechanism");
    }
    return out;
  }
  if (name == "ptr") {
    out.kind = term_kind::ptr;
    if (rest.empty()) return out;
    if (rest[0] != ':') return bad("'ptr' takes no CIDR length");
    out.domain_spec = std::string(rest.substr(1));
    if (!valid_domain_spec(out.domain_spec)) return bad("invalid domain-spec");
    return out;
  }
  if (name == "ip4" || name == "ip6") {
    bool v6 = name == "ip6";
    out.kind = v6 ? term_kind::ip6 : term_kind::ip4;
    if (rest.empty() || rest[0] != ':') return bad("an address is required");
    std::string_view r = rest.substr(1);
    auto slash = r.find('/');
    std::string_view addr = r.substr(0, slash);
    auto parsed = v6 ? ip::parse_v6(addr) : ip::parse_v4(addr);
    if (!parsed) return bad(v6 ? "invalid IPv6 address" : "invalid IPv4 address");
    std::copy(parsed->bytes.begin(), parsed->bytes.end(), out.addr);
    if (slash != std::string_view::npos) {
      std::string_view c = r.substr(slash + 1);
      if (!parse_cidr_len(c, v6 ? 128 : 32, v6 ? out.cidr6 : out.cidr4)) return bad("invalid CIDR length");
    }
    return out;
  }
  return syntax(reason::syntax_unknown_mechanism, "unknown mechanism '" + out.text + "'");
}

std::string url_escape(std::string_view v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : v) {
    auto c = static_cast<unsigned char>(ch);
    if (is_alnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(term_kind k) {
  switch (k) {
    case term_kind::all: return "all";
    case term_kind::include: return "include";
    case term_kind::a: return "a";
    case term_kind::mx: return "mx";
    case term_kind::ptr: return "ptr";
    case term_kind::ip4: return "ip4";
    case term_kind::ip6: return "ip6";
    case term_kind::exists: return "exists";
    case term_kind::redirect: return "redirect";
    case term_kind::exp: return "exp";
    case term_kind::unknown_modifier: return "modifier";
  }
  return "?";
}

bool term::costs_lookup() const {
  switch (kind) {
    case term_kind::include: case term_kind::a: case term_kind::mx: case term_kind::ptr:
    case term_kind::exists: case term_kind::redirect:
      return true;
    default:
      return false;
  }
}

bool is_spf_record(std::string_view txt) {
  if (!str::istarts_with(txt, "v=spf1")) return false;
  return txt.size() == 6 || txt[6] == ' ';
}

result<record> parse_record(std::string_view text) {
  if (!is_spf_record(text)) return syntax(reason::syntax_version, "the record does not start with v=spf1");
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return syntax(reason::syntax_non_ascii, "the record holds non-ASCII bytes");
    if (c < 0x20 || c == 0x7f) return syntax(reason::syntax_control_char, "the record holds a control character");
  }
  record rec;
  for (auto piece : str::split(text.substr(6), ' ')) {
    if (piece.empty()) continue;
    auto t = parse_term(piece);
    // §4.6: a syntax error anywhere — even after "all" — makes the whole record a permerror.
    if (!t) return t.err();
    int idx = static_cast<int>(rec.terms.size());
    if (t->kind == term_kind::redirect) {
      if (rec.redirect_index >= 0) return syntax(reason::syntax_duplicate_redirect, "redirect= appears twice");
      rec.redirect_index = idx;
    } else if (t->kind == term_kind::exp) {
      if (rec.exp_index >= 0) return syntax(reason::syntax_duplicate_exp, "exp= appears twice");
      rec.exp_index = idx;
    }
    rec.terms.push_back(std::move(*t));
  }
  return rec;
}

bool valid_macro_string(std::string_view s, bool exp) {
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '%') {
      i = scan_macro(s, i, exp);
      if (i == std::string_view::npos) return false;
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7e) {
      if (!(exp && c == ' ')) return false;
    }
    ++i;
  }
  return true;
}

result<std::string> expand_macros(std::string_view s, const macro_env& env, bool exp) {
  constexpr std::size_t max_out = 8192;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c != '%') {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x21 || u > 0x7e) && !(exp && c == ' '))
        return syntax(reason::macro_syntax, "invalid character in macro-string");
      out += c;
      ++i;
    } else {
      std::size_t next = scan_macro(s, i, exp);
      if (next == std::string_view::npos)
        return syntax(reason::macro_syntax, "invalid macro at '" + std::string(s.substr(i, 12)) + "'");
      char n = s[i + 1];
      if (n == '%') out += '%';
      else if (n == '_') out += ' ';
      else if (n == '-') out += "%20";
      else {
        std::size_t k = i + 2;
        char letter = s[k];
        bool upper = letter >= 'A' && letter <= 'Z';
        std::string value;
        switch (str::ascii_lower(letter)) {
          case 's': value = env.sender; break;
          case 'l': value = env.local_part; break;
          case 'o': value = env.sender_domain; break;
          case 'd': value = env.domain; break;
          case 'i': value = env.ip; break;
          case 'p': value = env.validated_name; break;
          case 'h': value = env.helo; break;
          case 'c': value = env.client_ip; break;
          case 'r': value = env.receiver.empty() ? "unknown" : env.receiver; break;
          case 't': value = std::to_string(env.now); break;
          case 'v': value = env.ip_version; break;
          default: break;
        }
        ++k;
        std::size_t digits_start = k;
        long keep = 0;
        while (is_digit(s[k])) {
          if (keep < 100000) keep = keep * 10 + (s[k] - '0');
          ++k;
        }
        bool has_digits = k > digits_start;
        if (has_digits && keep == 0) return syntax(reason::macro_syntax, "a macro transformer of 0 parts");
        bool reverse = false;
        if (str::ascii_lower(s[k]) == 'r') reverse = true, ++k;
        std::string delims;
        while (s[k] != '}') delims += s[k++];
        if (delims.empty()) delims = ".";
        if (has_digits || reverse || delims != ".") {
          std::vector<std::string_view> parts;
          std::string_view v = value;
          std::size_t start = 0;
          for (std::size_t p = 0; p <= v.size(); ++p) {
            if (p == v.size() || delims.find(v[p]) != std::string::npos) {
              parts.push_back(v.substr(start, p - start));
              start = p + 1;
            }
          }
          if (reverse) std::reverse(parts.begin(), parts.end());
          if (has_digits && static_cast<std::size_t>(keep) < parts.size())
            parts.erase(parts.begin(), parts.end() - keep);
          std::string joined;
          for (std::size_t p = 0; p < parts.size(); ++p) {
            if (p) joined += '.';
            joined += parts[p];
          }
          value = std::move(joined);
        }
        out += upper ? url_escape(value) : value;
      }
      i = next;
    }
    if (out.size() > max_out) return syntax(reason::macro_too_long, "the macro expansion is too long");
  }
  return out;
}

}  // namespace authlens::spf
