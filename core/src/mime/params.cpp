// Structured MIME values: "token; attribute=value; …" (RFC 2045 §5.1) with RFC 2231 extensions
// (parameter continuations "name*0=", "name*1*=", and charset'language'percent-encoded values).
#include <algorithm>

#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::mime {

namespace {

constexpr std::size_t kMaxParams = 100;

/// Skips white space and (nested) comments from `i`.
std::size_t skip_cfws(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(') {
      int depth = 0;
      while (i < s.size()) {
        if (s[i] == '\\') {
          i += 2;
          continue;
        }
        if (s[i] == '(') ++depth;
        if (s[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
        ++i;
      }
      if (i > s.size()) i = s.size();
    } else {
      break;
    }
  }
  return i;
}

int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
      out.push_back(char(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct raw_param {
  std::string base;      // lower-cased name without *N / *
  int section = -1;      // RFC 2231 continuation number, -1 when none
  bool extended = false; // trailing '*': charset'lang'%XX
  std::string value;     // as read (quotes removed)
  bool quoted = false;
};

}  // namespace

const parameter* find_parameter(const std::vector<parameter>& params, std::string_view name) {
  for (const auto& p : params)
    if (str::iequals(p.name, name)) return &p;
  return nullptr;
}

std::string parse_parameters(std::string_view value, std::vector<parameter>& params, std::vector<defect>* defects) {
  detail::defect_sink sink(defects, 100);
  params.clear();
  // The leading token ("text/plain", "attachment"): everything up to ';', lower-cased. CFWS may stand
  // around the '/' (RFC 2045 §5.1 is a structured field) and is dropped there; anywhere else it separates
  // words and is kept as one space, so "multipart/mixed<FWS>boundary=x" without its ';' stays visibly
  // two words (not a valid type) instead of gluing into one.
  std::string head;
  std::size_t i = skip_cfws(value, 0);
  bool gap = false;
  while (i < value.size() && value[i] != ';') {
    char c = value[i];
    if (c == '(' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      i = skip_cfws(value, i);
      gap = true;
      continue;
    }
    if (gap && !head.empty() && head.back() != '/' && c != '/') head.push_back(' ');
    gap = false;
    head.push_back(str::ascii_lower(c));
    ++i;
  }

  std::vector<raw_param> raws;
  while (i < value.size()) {
    if (value[i] == ';') {
      ++i;
      continue;
    }
    i = skip_cfws(value, i);
    if (i >= value.size()) break;
    if (value[i] == ';') continue;
    std::size_t n_begin = i;
    while (i < value.size() && value[i] != '=' && value[i] != ';' && value[i] != ' ' && value[i] != '\t' &&
           value[i] != '(' && value[i] != '"')
      ++i;
    std::string_view name = value.substr(n_begin, i - n_begin);
    i = skip_cfws(value, i);
    if (i >= value.size() || value[i] != '=' || name.empty()) {
      sink.add_once("mime.param.syntax", "malformed parameter near \"" +
                                             detail::excerpt(value.substr(n_begin, 30)) + "\"");
      while (i < value.size() && value[i] != ';') {
        if (value[i] == '"') {  // do not stop at a ';' inside quotes
          ++i;
          while (i < value.size() && value[i] != '"') i += (value[i] == '\\') ? 2 : 1;
        }
        ++i;
      }
      continue;
    }
    ++i;  // '='
    i = skip_cfws(value, i);
    raw_param rp;
    if (i < value.size() && value[i] == '"') {
      rp.quoted = true;
      ++i;
      bool closed = false;
      while (i < value.size()) {
        char c = value[i];
        if (c == '\\' && i + 1 < value.size()) {
          rp.value.push_back(value[i + 1]);
          i += 2;
          continue;
        }
        if (c == '"') {
          closed = true;
          ++i;
          break;
        }
        if (c != '\r' && c != '\n') rp.value.push_back(c);
        ++i;
      }
      if (!closed) sink.add_once("mime.param.unterminated", "unterminated quoted parameter value");
      // Skip anything up to the next ';' (comments, junk).
      while (i < value.size() && value[i] != ';') ++i;
    } else {
      // Token; leniently allow spaces (file names like "my file.pdf" are often left unquoted).
      std::size_t v_begin = i;
      while (i < value.size() && value[i] != ';' && value[i] != '(') ++i;
      rp.value = std::string(str::trim(value.substr(v_begin, i - v_begin)));
      while (i < value.size() && value[i] != ';') {
        if (value[i] == '(') {
          std::size_t j = skip_cfws(value, i);
          i = j > i ? j : i + 1;
        } else {
          ++i;
        }
      }
    }
    // RFC 2231 §3–4: name*N, name*N*, name*
    std::string lname = str::lower(name);
    if (!lname.empty() && lname.back() == '*') {
      rp.extended = true;
      lname.pop_back();
    }
    std::size_t star = lname.rfind('*');
    if (star != std::string::npos && star + 1 < lname.size() && lname.size() - star - 1 <= 4 &&
        std::all_of(lname.begin() + long(star) + 1, lname.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      int n = 0;
      for (std::size_t k = star + 1; k < lname.size(); ++k) n = n * 10 + (lname[k] - '0');
      rp.section = n;
      lname.resize(star);
    }
    rp.base = std::move(lname);
    if (raws.size() >= kMaxParams) {
      sink.add_once("mime.param.too_many", "more than 100 parameters; the rest were ignored");
      break;
    }
    raws.push_back(std::move(rp));
  }

  // Assemble: one parameter per base name, in order of first appearance.
  std::vector<bool> used(raws.size(), false);
  for (std::size_t a = 0; a < raws.size(); ++a) {
    if (used[a]) continue;
    const std::string& base = raws[a].base;
    if (find_parameter(params, base)) {
      sink.add_once("mime.param.duplicate", "parameter \"" + detail::excerpt(base) + "\" given more than once");
      used[a] = true;
      continue;
    }
    std::vector<std::size_t> group;
    for (std::size_t b = a; b < raws.size(); ++b)
      if (!used[b] && raws[b].base == base) {
        group.push_back(b);
        used[b] = true;
      }
    parameter p;
    p.name = base;
    bool continued = raws[group.front()].section >= 0;
    if (!continued) {
      const raw_param& rp = raws[group.front()];
      if (group.size() > 1)
        sink.add_once("mime.param.duplicate", "parameter \"" + detail::excerpt(base) + "\" given more than once");
      if (rp.extended) {
        // charset'language'percent-encoded
        std::size_t q1 = rp.value.find('\'');
        std::size_t q2 = q1 == std::string::npos ? std::string::npos : rp.value.find('\'', q1 + 1);
        if (q2 == std::string::npos) {
          p.value = detail::valid_utf8(percent_decode(rp.value));
          sink.add_once("mime.param.rfc2231_syntax", "extended parameter \"" + detail::excerpt(base) +
                                                        "\" lacks charset'language'");
        } else {
          std::string cs = rp.value.substr(0, q1);
          std::string bytes = percent_decode(std::string_view(rp.value).substr(q2 + 1));
          if (cs.empty()) cs = "us-ascii";
          if (!charset_to_utf8(cs, bytes, p.value)) {
            p.value = detail::valid_utf8(bytes);
            sink.add("mime.charset.unknown", "unknown charset \"" + detail::excerpt(cs) + "\" in parameter " +
                                                 detail::excerpt(base));
          }
        }
      } else if (rp.value.find("=?") != std::string::npos) {
        // Not standard (RFC 2047 §5 forbids encoded words in quoted strings) but what many clients send.
        p.value = decode_words(rp.value, defects);
      } else {
        p.value = rp.value;
      }
    } else {
      std::stable_sort(group.begin(), group.end(),
                       [&](std::size_t x, std::size_t y) { return raws[x].section < raws[y].section; });
      std::string charset;
      std::string bytes;
      int expect = 0;
      for (std::size_t k = 0; k < group.size(); ++k) {
        const raw_param& rp = raws[group[k]];
        if (rp.section != expect) {
          sink.add_once("mime.param.continuation_gap", "parameter \"" + detail::excerpt(base) +
                                                          "\" has missing or repeated continuation sections");
          if (rp.section < expect) continue;
        }
        expect = rp.section + 1;
        std::string_view v = rp.value;
        if (rp.extended) {
          if (k == 0) {
            std::size_t q1 = v.find('\'');
            std::size_t q2 = q1 == std::string_view::npos ? std::string_view::npos : v.find('\'', q1 + 1);
            if (q2 != std::string_view::npos) {
              charset = std::string(v.substr(0, q1));
              v = v.substr(q2 + 1);
            }
          }
          bytes += percent_decode(v);
        } else {
          bytes += v;
        }
      }
      if (charset.empty()) charset = "us-ascii";
      if (!charset_to_utf8(charset, bytes, p.value)) {
        p.value = detail::valid_utf8(bytes);
        sink.add("mime.charset.unknown", "unknown charset \"" + detail::excerpt(charset) + "\" in parameter " +
                                             detail::excerpt(base));
      }
    }
    params.push_back(std::move(p));
  }
  return head;
}

}  // namespace authlens::mime
