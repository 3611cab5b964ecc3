// Authentication-Results / ARC-Authentication-Results reader (RFC 8601 §2.2, RFC 8617 §4.1.1).
// A hand-written cursor over the value: CFWS is skipped (comments collected) between every token,
// as RFC 8601's ABNF allows; every departure becomes a defect and unreadable text is kept verbatim.
#include <algorithm>
#include <string>
#include <string_view>

#include "authlens/authres.hpp"
#include "authlens/strings.hpp"

namespace authlens::authres {
namespace dc = defect_codes;

const char* to_string(field_kind k) {
  switch (k) {
    case field_kind::authentication_results: return "Authentication-Results";
    case field_kind::arc_authentication_results: return "ARC-Authentication-Results";
  }
  return "Authentication-Results";
}

const property* resinfo::find(std::string_view ptype, std::string_view name) const {
  for (const auto& p : properties)
    if (str::iequals(p.ptype, ptype) && str::iequals(p.name, name)) return &p;
  return nullptr;
}

namespace {

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
/// Keyword characters (RFC 8601 Keyword = ldh-str); '_' accepted as real fields use it.
constexpr bool is_kw(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; }
/// RFC 2045 tspecials.
constexpr bool is_tspecial(char c) {
  switch (c) {
    case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':': case '\\':
    case '"': case '/': case '[': case ']': case '?': case '=':
      return true;
    default:
      return false;
  }
}
/// RFC 2045 token character (UTF-8 bytes accepted: RFC 8616).
constexpr bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && !is_tspecial(c);
}
/// RFC 5322 atext (UTF-8 bytes accepted: RFC 6532).
constexpr bool is_atext(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '/':
    case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}': case '~':
      return true;
    default:
      return false;
  }
}
bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (i + 1 < s.size() && s[i + 1] == '.') return false;
    } else if (!is_atext(s[i])) {
      return false;
    }
  }
  return true;
}
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_token_char(c); });
}
/// `[local-part]@domain` with a dot-atom local part (a quoted local part is checked by the caller).
bool is_addr_form(std::string_view s, bool local_quoted) {
  auto at = s.rfind('@');
  if (at == std::string_view::npos) return false;
  auto local = s.substr(0, at);
  auto domain = s.substr(at + 1);
  if (!local_quoted && !local.empty() && !is_dot_atom(local)) return false;
  if (domain.empty() || domain.front() == '.') return false;
  for (char c : domain)
    if (!(is_kw(c) || c == '.' || static_cast<unsigned char>(c) >= 0x80)) return false;
  return true;
}

class parser {
 public:
  parser(std::string_view s, field& f, const parse_options& opt) : s_(s), f_(f), opt_(opt) {}

  void run();

 private:
  std::string_view s_;
  std::size_t p_ = 0;
  field& f_;
  const parse_options& opt_;
  std::vector<std::string>* comment_sink_ = nullptr;

  bool eat_semicolon() {
    if (peek() != ';') return false;
    ++p_;
    return true;
  }
  bool at_end() const { return p_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[p_]; }
  void add(const char* code, std::string detail) { f_.defects.push_back({code, std::move(detail)}); }
  std::string where() const { return "at offset " + std::to_string(p_); }

  /// Skips white space and comments; comments go to comment_sink_.
  void skip_cfws() {
    while (!at_end()) {
      char c = s_[p_];
      if (is_wsp(c)) {
        ++p_;
      } else if (c == '(') {
        read_comment();
      } else {
        break;
      }
    }
  }

  void read_comment() {
    std::size_t start = p_;
    int depth = 0;
    std::string text;
    while (!at_end()) {
      char c = s_[p_++];
      if (c == '\\' && !at_end()) {
        if (depth > 0) text.push_back(s_[p_]);
        ++p_;
        continue;
      }
      if (c == '(') {
        if (depth > 0) text.push_back(c);
        ++depth;
      } else if (c == ')') {
        --depth;
        if (depth == 0) {
          if (comment_sink_) comment_sink_->push_back(str::collapse_space(text));
          return;
        }
        text.push_back(c);
      } else {
        text.push_back(c);
      }
    }
    add(dc::comment_unterminated, "comment opened at offset " + std::to_string(start) + " is never closed");
    if (comment_sink_) comment_sink_->push_back(str::collapse_space(text));
  }

  /// Reads a quoted-string at p_ (which is '"'); returns its content, quoted-pairs resolved.
  std::string read_quoted() {
    std::size_t start = p_;
    ++p_;
    std::string out;
    while (!at_end()) {
      char c = s_[p_++];
      if (c == '\\' && !at_end()) {
        out.push_back(s_[p_++]);
      } else if (c == '"') {
        return out;
      } else if (c == '\r' || c == '\n') {
        continue;  // folding inside a quoted string
      } else {
        out.push_back(c);
      }
    }
    add(dc::quoted_unterminated, "quoted string opened at offset " + std::to_string(start) + " is never closed");
    return out;
  }

  std::string_view read_keyword() {
    std::size_t start = p_;
    while (!at_end() && is_kw(s_[p_])) ++p_;
    return s_.substr(start, p_ - start);
  }

  std::optional<int> read_number() {
    std::size_t start = p_;
    long v = 0;
    while (!at_end() && is_digit(s_[p_])) {
      if (v < 100000000) v = v * 10 + (s_[p_] - '0');
      ++p_;
    }
    if (p_ == start) return std::nullopt;
    return static_cast<int>(v);
  }

  /// Skips to the next top-level ';' (or the end), honouring comments and quoted strings, and
  /// returns the skipped text.
  std::string_view skip_to_semicolon() {
    std::size_t start = p_;
    auto* saved = comment_sink_;
    comment_sink_ = nullptr;
    while (!at_end() && s_[p_] != ';') {
      if (s_[p_] == '(') {
        read_comment();
      } else if (s_[p_] == '"') {
        read_quoted();
      } else {
        ++p_;
      }
    }
    comment_sink_ = saved;
    return s_.substr(start, p_ - start);
  }

  void keep_unparsed(std::string_view text, const std::string& why) {
    auto t = str::collapse_space(text);
    if (t.empty()) return;
    add(dc::resinfo_unparsed, why + ": \"" + t + "\"");
    f_.unparsed.push_back(std::move(t));
  }

  /// Reads a pvalue (RFC 8601: value / [[local-part] "@"] domain-name) leniently: a quoted string
  /// (optionally followed by @domain) or a run of characters up to white space, '(' , ')' or ';'.
  std::string read_pvalue(std::string_view what) {
    std::string out;
    bool quoted_local = false;
    if (peek() == '"') {
      out = read_quoted();
      if (peek() != '@') return out;
      quoted_local = true;
    }
    std::size_t start = p_;
    while (!at_end()) {
      char c = s_[p_];
      if (is_wsp(c) || c == '(' || c == ')' || c == ';') break;
      if (c == '"') {  // a quoted string glued to the value: take it whole
        out.append(s_.substr(start, p_ - start));
        out += read_quoted();
        start = p_;
        continue;
      }
      ++p_;
    }
    out.append(s_.substr(start, p_ - start));
    if (out.empty() && !quoted_local) {
      add(dc::value_empty, std::string(what) + " has no value " + where());
    } else if (!quoted_local && is_token(out)) {
      // a plain token
    } else if (!is_addr_form(out, quoted_local)) {
      add(dc::value_not_token, std::string(what) + " value \"" + out +
                                   "\" is neither a token nor [local-part]@domain: it should be quoted");
    }
    return out;
  }

  void read_arc_instance();
  bool read_authserv_id();
  bool read_resinfo();
};

void parser::read_arc_instance() {
  skip_cfws();
  std::size_t save = p_;
  if (!at_end() && (s_[p_] == 'i' || s_[p_] == 'I')) {
    ++p_;
    skip_cfws();
    if (peek() == '=') {
      ++p_;
      skip_cfws();
      auto n = read_number();
      skip_cfws();
      if (!n || (peek() != ';' && !at_end())) {
        add(dc::instance_invalid, "ARC instance tag i= is not a number");
        skip_to_semicolon();
      } else {
        f_.instance = static_cast<std::uint32_t>(*n);
        if (*n < 1 || *n > 50) add(dc::instance_invalid, "ARC instance i=" + std::to_string(*n) + " is outside 1..50");
      }
      if (peek() == ';') ++p_;
      return;
    }
  }
  p_ = save;
  add(dc::instance_missing, "ARC-Authentication-Results does not start with i=N;");
}

bool parser::read_authserv_id() {
  comment_sink_ = &f_.comments;
  skip_cfws();
  std::size_t start = p_;
  // Microsoft form: the field opens with a result (`spf=pass …`), no authserv-id.
  if (peek() != '"') {
    read_keyword();
    std::size_t after_kw = p_;
    auto saved = f_.comments.size();
    skip_cfws();
    if (after_kw > start && (peek() == '=' || peek() == '/')) {
      f_.comments.resize(saved);
      p_ = start;
      add(dc::authserv_id_missing, "the field opens with a result, not with an authserv-id");
      return true;
    }
    f_.comments.resize(saved);
    p_ = start;
  }
  if (at_end() || peek() == ';') {
    add(dc::authserv_id_missing, "the field has no authserv-id");
  } else if (peek() == '"') {
    f_.authserv_id = read_quoted();
  } else {
    bool utf8 = false;
    while (!at_end()) {
      char c = s_[p_];
      if (is_wsp(c) || c == '(' || c == ';' || c == ')') break;
      if (static_cast<unsigned char>(c) >= 0x80) utf8 = true;
      ++p_;
    }
    f_.authserv_id = std::string(s_.substr(start, p_ - start));
    if (utf8)
      add(dc::authserv_id_utf8, "authserv-id \"" + f_.authserv_id + "\" holds non-ASCII characters outside quotes");
    else if (!is_token(f_.authserv_id))
      add(dc::value_not_token, "authserv-id \"" + f_.authserv_id + "\" is not a token: it should be quoted");
  }
  skip_cfws();
  if (is_digit(peek())) {
    f_.version = read_number();
    skip_cfws();
  }
  if (at_end()) {
    add(dc::results_missing, "no \"; none\" or result follows the authserv-id");
    return false;
  }
  if (peek() != ';') {
    auto junk = skip_to_semicolon();
    add(dc::version_invalid, "unexpected text after the authserv-id: \"" + str::collapse_space(junk) + "\"");
    f_.unparsed.push_back(str::collapse_space(junk));
  }
  return eat_semicolon();
}

/// Reads one resinfo after a ';' (or at the start, for the Microsoft form). Returns false at the end.
bool parser::read_resinfo() {
  resinfo r;
  comment_sink_ = &r.comments;
  std::size_t seg_start = p_;
  skip_cfws();
  if (at_end() || peek() == ';') {
    if (f_.defects.empty() || f_.defects.back().code != dc::resinfo_empty)
      add(dc::resinfo_empty, at_end() ? "the field ends with \";\"" : "empty result between two \";\"");
    if (!r.comments.empty() && !f_.results.empty())
      for (auto& c : r.comments) f_.results.back().comments.push_back(std::move(c));
    return eat_semicolon();
  }
  if (f_.results.size() >= opt_.max_results) {
    add(dc::results_too_many, "more than " + std::to_string(opt_.max_results) + " results; the rest is kept raw");
    f_.unparsed.push_back(str::collapse_space(s_.substr(seg_start)));
    p_ = s_.size();
    return false;
  }
  std::size_t method_start = p_;
  auto method = read_keyword();
  skip_cfws();
  // The `none` form.
  if (str::iequals(method, "none") && (at_end() || peek() == ';')) {
    if (!f_.results.empty() || f_.no_result) add(dc::none_mixed, "\"none\" appears among results");
    f_.no_result = true;
    if (!r.comments.empty())
      for (auto& c : r.comments) f_.comments.push_back(std::move(c));
    return eat_semicolon();
  }
  std::optional<int> mversion;
  if (!method.empty() && peek() == '/') {
    ++p_;
    skip_cfws();
    mversion = read_number();
    skip_cfws();
  }
  if (method.empty() || peek() != '=') {
    p_ = method_start;
    auto text = skip_to_semicolon();
    keep_unparsed(text, "not a result (method=result expected)");
    return eat_semicolon();
  }
  ++p_;  // '='
  skip_cfws();
  auto res = read_keyword();
  r.method = str::lower(method);
  r.method_version = mversion;
  r.result = str::lower(res);
  if (res.empty()) {
    add(dc::result_missing, "method \"" + r.method + "\" has no result keyword");
  } else if (!is_registered_result(r.method, r.result)) {
    add(dc::result_unregistered, "\"" + r.result + "\" is not a registered result for method \"" + r.method + "\"");
  }
  // reasonspec and propspecs, in any order (leniently).
  while (true) {
    skip_cfws();
    if (at_end() || peek() == ';') break;
    if (peek() == ')') {
      add(dc::comment_unbalanced, "\")\" without \"(\" " + where());
      ++p_;
      continue;
    }
    std::size_t item_start = p_;
    std::size_t comments_before = r.comments.size();
    auto name1 = read_keyword();
    std::string_view name2;
    bool dotted = false;
    skip_cfws();
    if (!name1.empty() && peek() == '.') {
      ++p_;
      skip_cfws();
      name2 = read_keyword();
      dotted = true;
      skip_cfws();
    }
    if (name1.empty() || (dotted && name2.empty()) || peek() != '=') {
      // Stray text: keep it up to the next white space / comment / ';'.
      p_ = item_start;
      r.comments.resize(comments_before);
      std::size_t s = p_;
      while (!at_end() && !is_wsp(s_[p_]) && s_[p_] != '(' && s_[p_] != ';' && s_[p_] != ')') {
        if (s_[p_] == '"') {
          read_quoted();
        } else {
          ++p_;
        }
      }
      if (p_ == s) ++p_;  // always progress
      auto stray = str::collapse_space(s_.substr(s, p_ - s));
      add(dc::property_malformed, "unexpected \"" + stray + "\" in the " + r.method + " result");
      f_.unparsed.push_back(stray);
      continue;
    }
    ++p_;  // '='
    skip_cfws();
    if (!dotted && str::iequals(name1, "reason")) {
      std::string v = read_pvalue("reason");
      if (r.reason) add(dc::reason_duplicate, "a second reason= in the " + r.method + " result");
      else r.reason = std::move(v);
      continue;
    }
    property prop;
    if (dotted) {
      prop.ptype = str::lower(name1);
      prop.name = str::lower(name2);
    } else {
      prop.name = str::lower(name1);
      add(dc::property_missing_ptype,
          "\"" + prop.name + "=\" in the " + r.method + " result has no ptype (smtp., header., body., policy.)");
    }
    prop.value = read_pvalue(dotted ? prop.ptype + "." + prop.name : prop.name);
    r.properties.push_back(std::move(prop));
  }
  if (f_.no_result) add(dc::none_mixed, "a result follows \"none\"");
  f_.results.push_back(std::move(r));
  return eat_semicolon();
}

void parser::run() {
  if (!opt_.allow_utf8) {
    for (char c : s_)
      if (static_cast<unsigned char>(c) >= 0x80) {
        add(dc::utf8_not_allowed, "non-ASCII characters while UTF-8 is not allowed");
        break;
      }
  }
  if (f_.kind == field_kind::arc_authentication_results) read_arc_instance();
  bool more = read_authserv_id();
  while (more) more = read_resinfo();
}

}  // namespace

field parse(std::string_view value, field_kind kind, const parse_options& opt) {
  field f;
  f.kind = kind;
  f.raw = std::string(value);
  std::string_view v = value;
  if (v.size() > opt.max_length) {
    f.defects.push_back({dc::field_too_long, "the value has " + std::to_string(v.size()) + " bytes; only the first " +
                                                 std::to_string(opt.max_length) + " are read"});
    v = v.substr(0, opt.max_length);
  }
  parser(v, f, opt).run();
  return f;
}

result<field> parse_field(std::string_view whole_field, const parse_options& opt) {
  auto colon = whole_field.find(':');
  if (colon == std::string_view::npos)
    return error{"authres.field.not_authres", "no colon: not a header field"};
  auto name = str::trim(whole_field.substr(0, colon));
  field_kind kind;
  if (str::iequals(name, "Authentication-Results")) kind = field_kind::authentication_results;
  else if (str::iequals(name, "ARC-Authentication-Results")) kind = field_kind::arc_authentication_results;
  else return error{"authres.field.not_authres", "field \"" + std::string(name) + "\" is not Authentication-Results"};
  return parse(whole_field.substr(colon + 1), kind, opt);
}

}  // namespace authlens::authres
