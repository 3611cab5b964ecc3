// DMARC record syntax (RFC 9989 §4.7-4.8, RFC 7489 §6.3-6.4) and the names of the enums.
#include <algorithm>
#include <cstdint>
#include <string>

#include "authlens/dmarc.hpp"
#include "authlens/strings.hpp"
#include "dmarc/internal.hpp"

namespace authlens::dmarc {

std::string_view to_string(mode m) { return m == mode::rfc9989 ? "rfc9989" : "rfc7489"; }

std::string_view to_string(result_code r) {
  switch (r) {
    case result_code::none: return "none";
    case result_code::pass: return "pass";
    case result_code::fail: return "fail";
    case result_code::temperror: return "temperror";
    case result_code::permerror: return "permerror";
  }
  return "none";
}

std::string_view to_string(policy p) {
  switch (p) {
    case policy::none: return "none";
    case policy::quarantine: return "quarantine";
    case policy::reject: return "reject";
  }
  return "none";
}

std::optional<policy> policy_from_string(std::string_view s) {
  // RFC 5234 quoted strings are case-insensitive, so "Reject" is a valid dmarc-request.
  if (str::iequals(s, "none")) return policy::none;
  if (str::iequals(s, "quarantine")) return policy::quarantine;
  if (str::iequals(s, "reject")) return policy::reject;
  return std::nullopt;
}

std::string_view to_string(alignment_mode a) { return a == alignment_mode::strict ? "strict" : "relaxed"; }
std::string_view to_string(psd_flag p) { return p == psd_flag::yes ? "y" : p == psd_flag::no ? "n" : "u"; }

std::string_view to_string(author_problem p) {
  switch (p) {
    case author_problem::none: return "none";
    case author_problem::no_from: return "no_from";
    case author_problem::multiple_from: return "multiple_from";
    case author_problem::multiple_addresses: return "multiple_addresses";
    case author_problem::no_domain: return "no_domain";
  }
  return "none";
}

bool record::has_valid_rua() const {
  for (const auto& u : rua)
    if (u.valid) return true;
  return false;
}

const std::string* record::find(std::string_view name) const {
  for (const auto& t : tags)
    if (t.name == name) return &t.value;
  return nullptr;
}

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_wsp(std::string_view s) {
  // Records come from TXT strings; CR/LF are not WSP but are trimmed too (zone file accidents).
  return str::trim(s);
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// RFC 3986 scheme ":" and something after it, no white space or control characters.
bool valid_uri(std::string_view u, std::string& scheme) {
  auto colon = u.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= u.size()) return false;
  if (!is_alpha(u[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = u[i];
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : u)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  scheme = str::lower(u.substr(0, colon));
  return true;
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  for (auto lab : str::split(d, '.')) {
    if (lab.empty() || lab.size() > 63) return false;
    for (char c : lab)
      if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80)) return false;
  }
  return true;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = str::ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

report_uri parse_uri(std::string_view text) {
  report_uri u;
  u.text = std::string(text);
  std::string_view body = text;
  // RFC 7489 §6.4: an optional "!" size limit; '!' inside the URI itself must be encoded.
  auto bang = body.rfind('!');
  if (bang != std::string_view::npos) {
    u.size_limit = std::string(body.substr(bang + 1));
    body = body.substr(0, bang);
    bool ok = !u.size_limit.empty() && is_digit(u.size_limit[0]);
    std::size_t i = 0;
    while (i < u.size_limit.size() && is_digit(u.size_limit[i])) ++i;
    if (i < u.size_limit.size()) {
      char unit = str::ascii_lower(u.size_limit[i]);
      ok = ok && i + 1 == u.size_limit.size() && (unit == 'k' || unit == 'm' || unit == 'g' || unit == 't');
    }
    if (!ok) return u;  // invalid
  }
  u.uri = std::string(body);
  if (!valid_uri(body, u.scheme)) return u;
  if (u.scheme == "mailto") {
    std::string_view rest = body.substr(body.find(':') + 1);
    auto q = rest.find('?');
    if (q != std::string_view::npos) rest = rest.substr(0, q);
    std::string addr = percent_decode(rest);
    auto at = addr.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 >= addr.size()) return u;
    std::string domain = str::lower(addr.substr(at + 1));
    if (!domain.empty() && domain.back() == '.') domain.pop_back();
    if (!valid_domain(domain)) return u;
    u.address = addr;
    u.domain = domain;
  }
  u.valid = true;
  return u;
}

void bad_value(record& r, std::string_view name, std::string_view value, std::string_view expected) {
  r.defects.push_back({"dmarc.record.bad_value", "tag " + std::string(name) + "=" + std::string(value) +
                                                     " is not valid (expected " + std::string(expected) +
                                                     "); the default applies"});
}

void parse_policy_tag(record& r, std::string_view name, std::string_view value, tag_state& state,
                      std::optional<policy>& out) {
  auto p = policy_from_string(value);
  if (p) {
    state = tag_state::valid;
    out = p;
  } else {
    state = tag_state::invalid;
    bad_value(r, name, value, "none, quarantine or reject");
  }
}

}  // namespace

bool is_dmarc_record(std::string_view txt) {
  // v=DMARC1 as the first tag: "v" *WSP "=" *WSP %s"DMARC1", then *WSP and ";" or the end.
  std::size_t i = 0;
  while (i < txt.size() && is_wsp(txt[i])) ++i;
  if (i >= txt.size() || (txt[i] != 'v' && txt[i] != 'V')) return false;
  ++i;
  while (i < txt.size() && is_wsp(txt[i])) ++i;
  if (i >= txt.size() || txt[i] != '=') return false;
  ++i;
  while (i < txt.size() && is_wsp(txt[i])) ++i;
  if (txt.substr(i, 6) != "DMARC1") return false;
  i += 6;
  while (i < txt.size() && is_wsp(txt[i])) ++i;
  return i == txt.size() || txt[i] == ';';
}

result<record> parse_record(std::string_view text) {
  if (!is_dmarc_record(text))
    return error{"dmarc.record.not_dmarc", "not a DMARC record: it must start with the tag v=DMARC1 (exact case)"};
  record r;
  r.text = std::string(text);
  auto parts = str::split(text, ';');
  for (std::size_t idx = 0; idx < parts.size(); ++idx) {
    auto piece = trim_wsp(parts[idx]);
    if (piece.empty()) {
      if (idx + 1 != parts.size())
        r.defects.push_back({"dmarc.record.empty_tag", "an empty tag (\";;\") was ignored"});
      continue;
    }
    auto eq = piece.find('=');
    if (eq == std::string_view::npos) {
      r.defects.push_back({"dmarc.record.syntax", "'" + std::string(piece) + "' is not a tag=value pair; ignored"});
      continue;
    }
    auto name_v = trim_wsp(piece.substr(0, eq));
    auto value = trim_wsp(piece.substr(eq + 1));
    bool name_ok = !name_v.empty();
    for (char c : name_v) name_ok = name_ok && is_alpha(c);
    if (!name_ok) {
      r.defects.push_back({"dmarc.record.syntax", "'" + std::string(name_v) + "' is not a tag name; ignored"});
      continue;
    }
    std::string name = str::lower(name_v);
    if (r.find(name)) {
      r.defects.push_back({"dmarc.record.duplicate_tag", "tag " + name + " appears more than once; the first is used"});
      continue;
    }
    r.tags.push_back({name, std::string(value)});
    if (idx == 0) continue;  // v=DMARC1, checked above
    if (name == "v") {
      r.defects.push_back({"dmarc.record.duplicate_tag", "a second v= tag was ignored"});
    } else if (name == "p") {
      std::optional<policy> p;
      parse_policy_tag(r, name, value, r.p_state, p);
      if (p) r.p = *p;
    } else if (name == "sp") {
      parse_policy_tag(r, name, value, r.sp_state, r.sp);
    } else if (name == "np") {
      parse_policy_tag(r, name, value, r.np_state, r.np);
    } else if (name == "psd") {
      if (str::iequals(value, "y")) r.psd = psd_flag::yes;
      else if (str::iequals(value, "n")) r.psd = psd_flag::no;
      else if (str::iequals(value, "u")) r.psd = psd_flag::unset;
      else bad_value(r, name, value, "y, n or u");
    } else if (name == "t") {
      if (str::iequals(value, "y")) r.test = true;
      else if (!str::iequals(value, "n")) bad_value(r, name, value, "y or n");
    } else if (name == "adkim" || name == "aspf") {
      auto& a = name == "adkim" ? r.adkim : r.aspf;
      if (str::iequals(value, "s")) a = alignment_mode::strict;
      else if (str::iequals(value, "r")) a = alignment_mode::relaxed;
      else bad_value(r, name, value, "r or s");
    } else if (name == "rua" || name == "ruf") {
      auto& list = name == "rua" ? r.rua : r.ruf;
      for (auto u : str::split(value, ',')) {
        auto one = parse_uri(trim_wsp(u));
        if (!one.valid)
          r.defects.push_back({"dmarc.record.bad_uri", name + " URI '" + one.text + "' is not a valid reporting URI"});
        list.push_back(std::move(one));
      }
    } else if (name == "fo") {
      bool ok = !value.empty();
      for (auto opt : str::split(value, ':')) {
        auto o = trim_wsp(opt);
        ok = ok && (o == "0" || o == "1" || str::iequals(o, "d") || str::iequals(o, "s"));
      }
      if (ok) r.fo = str::lower(value);
      else bad_value(r, name, value, "0, 1, d or s, separated by ':'");
    } else if (name == "pct") {
      bool ok = !value.empty() && value.size() <= 3;
      int v = 0;
      for (char c : value) {
        ok = ok && is_digit(c);
        if (ok) v = v * 10 + (c - '0');
      }
      if (ok && v <= 100) r.pct = v;
      else bad_value(r, name, value, "an integer from 0 to 100");
    } else if (name == "rf") {
      bool ok = !value.empty();
      for (auto f : str::split(value, ':')) {
        auto t = trim_wsp(f);
        ok = ok && !t.empty();
        for (char c : t) ok = ok && (is_alpha(c) || is_digit(c) || c == '-');
      }
      if (ok) r.rf = str::lower(value);
      else bad_value(r, name, value, "a ':'-separated list of report formats");
    } else if (name == "ri") {
      bool ok = !value.empty() && value.size() <= 10;
      std::uint64_t v = 0;
      for (char c : value) {
        ok = ok && is_digit(c);
        if (ok) v = v * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (ok && v <= 0xffffffffull) r.ri = static_cast<std::uint32_t>(v);
      else bad_value(r, name, value, "a 32-bit unsigned integer");
    }
    // Unknown tags are kept in `tags` and otherwise ignored (RFC 9989 §4.7).
  }
  auto u = detail::policy_usability(r, mode::rfc9989);
  r.policy_fallback = u.fallback;
  r.policy_unusable = !u.usable;
  return r;
}

namespace detail {

usability policy_usability(const record& r, mode m) {
  bool bad = r.p_state != tag_state::valid || r.sp_state == tag_state::invalid ||
             (m == mode::rfc9989 && r.np_state == tag_state::invalid);
  if (!bad) return {true, false};
  if (r.has_valid_rua()) return {true, true};
  return {false, false};
}

std::vector<std::string> labels(std::string_view name) {
  std::vector<std::string> out;
  if (name.empty()) return out;
  for (auto l : str::split(name, '.')) {
    if (l.empty()) return {};
    out.emplace_back(l);
  }
  return out;
}

std::string tail(const std::vector<std::string>& ls, std::size_t n) {
  std::string s;
  for (std::size_t i = ls.size() - std::min(n, ls.size()); i < ls.size(); ++i) {
    if (!s.empty()) s += '.';
    s += ls[i];
  }
  return s;
}

std::vector<std::string> walk_names(std::string_view domain) {
  auto ls = labels(domain);
  std::vector<std::string> out;
  if (ls.empty()) return out;
  out.push_back(tail(ls, ls.size()));
  // RFC 9989 §4.10 step 4: from eight labels up, the next target keeps seven labels, so a walk
  // never asks more than eight questions; then one label less each time, down to the TLD.
  std::size_t next = ls.size() >= 8 ? 7 : ls.size() - 1;
  for (std::size_t n = next; n >= 1; --n) out.push_back(tail(ls, n));
  return out;
}

policy lower(policy p) {
  return p == policy::reject ? policy::quarantine : policy::none;
}

}  // namespace detail
}  // namespace authlens::dmarc
