// Fuzz target: the Public Suffix List reader (list::parse, publicsuffix.org format, for a list
// given at run time), the matching algorithm (list::lookup, RFC 7489 §3.2 organizational_domain)
// and RFC 3492 punycode (to_a_label).
// The input up to the first line "==" is list text; each line after it is a name to look up in that
// list (and in the built-in list). Without "==", the whole input is both.
// Invariants: a valid match's public suffix is a suffix of the lower-cased name (on a label
// boundary), the registrable domain is one label more; an ASCII label comes back lower-cased.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/psl.hpp"
#include "authlens/strings.hpp"

using namespace authlens;

namespace {

bool label_suffix(std::string_view name, std::string_view suffix) {
  if (suffix.empty()) return true;
  if (name.size() < suffix.size() || name.substr(name.size() - suffix.size()) != suffix) return false;
  return name.size() == suffix.size() || name[name.size() - suffix.size() - 1] == '.';
}

void check_match(const psl::list& l, std::string_view name, const psl::match_options& o) {
  psl::match m = l.lookup(name, o);
  std::string org = psl::organizational_domain(name, l, o);
  if (!m.valid) {
    if (!m.public_suffix.empty() || !m.registrable.empty() || !org.empty()) __builtin_trap();
    return;
  }
  std::string lname = str::lower(name);
  if (!lname.empty() && lname.back() == '.') lname.pop_back();
  if (!label_suffix(lname, m.public_suffix)) __builtin_trap();
  if (!m.registrable.empty()) {
    if (!label_suffix(lname, m.registrable) || !label_suffix(m.registrable, m.public_suffix)) __builtin_trap();
    if (m.registrable.size() <= m.public_suffix.size()) __builtin_trap();
    std::string_view head(m.registrable);
    head.remove_suffix(m.public_suffix.size() + (m.public_suffix.empty() ? 0 : 1));
    if (head.empty() || head.find('.') != std::string_view::npos) __builtin_trap();
  }
  if (m.rule.empty()) __builtin_trap();
  if (org != (m.registrable.empty() ? m.public_suffix : m.registrable)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view list_text = in, names_text = in;
  if (auto sep = in.find("\n==\n"); sep != std::string_view::npos) {
    list_text = in.substr(0, sep);
    names_text = in.substr(sep + 4);
  }
  std::vector<defect> defects;
  psl::list l = psl::list::parse(list_text, &defects);
  for (const auto& d : defects)
    if (d.code.empty()) __builtin_trap();
  if (l.size() > list_text.size()) __builtin_trap();

  std::size_t count = 0;
  for (auto name : str::split(names_text, '\n')) {
    if (++count > 64) break;
    name = str::trim(name);
    for (bool priv : {true, false}) {
      psl::match_options o{.private_domains = priv};
      check_match(l, name, o);
      check_match(psl::list::builtin(), name, o);
    }
    // Labels one by one through punycode.
    for (auto label : str::split(name, '.')) {
      auto a = psl::to_a_label(label);
      if (!a) {
        if (a.err().code.empty()) __builtin_trap();
        continue;
      }
      const std::string& s = a.value();
      if (s.size() > 63) __builtin_trap();
      bool ascii = true;
      for (char c : label) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      if (ascii && s != str::lower(label)) __builtin_trap();
      if (!ascii && s.rfind("xn--", 0) != 0) __builtin_trap();
      for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z')) __builtin_trap();
    }
  }
  return 0;
}
