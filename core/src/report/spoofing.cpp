// Spoofing indicators (report key `spoofing`, docs/report-format.md): header From vs envelope From vs
// DKIM d=, display names that carry another address, lookalike domains (mixed scripts, characters that
// imitate Latin letters, punycode shown decoded). The punycode decoder follows RFC 3492 §6.2; the
// script and confusable tables are small, deliberate subsets (the letters phishers use), not UTS #39.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "authlens/message.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "report/analyzer.hpp"

namespace authlens::report::analyzer {

using nlohmann::json;

// --- UTF-8 and punycode ------------------------------------------------------------------------------

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::u32string utf8_decode(std::string_view s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t min_for[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (!ok || cp < min_for[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    out += cp;
    i += static_cast<std::size_t>(len);
  }
  return out;
}

namespace {

// RFC 3492 §5 parameter values for Punycode.
constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700, initial_bias = 72,
                        initial_n = 0x80;
constexpr std::uint32_t maxint = 0xFFFFFFFFu;

std::uint32_t adapt(std::uint32_t delta, std::uint32_t numpoints, bool first) {
  delta = first ? delta / damp : delta / 2;
  delta += delta / numpoints;
  std::uint32_t k = 0;
  while (delta > ((base - tmin) * tmax) / 2) {
    delta /= base - tmin;
    k += base;
  }
  return k + (base - tmin + 1) * delta / (delta + skew);
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0' + 26;
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  return -1;
}

}  // namespace

result<std::u32string> punycode_decode(std::string_view in) {
  std::u32string out;
  std::uint32_t n = initial_n, i = 0, bias = initial_bias;
  std::size_t b = in.rfind('-');
  if (b == std::string_view::npos) b = 0;
  for (std::size_t j = 0; j < b; ++j) {
    auto c = static_cast<unsigned char>(in[j]);
    if (c >= 0x80) return error{"punycode.syntax", "a non-basic code point before the delimiter"};
    out += static_cast<char32_t>(c);
  }
  for (std::size_t pos = b > 0 ? b + 1 : 0; pos < in.size();) {
    std::uint32_t oldi = i, w = 1;
    for (std::uint32_t k = base;; k += base) {
      if (pos >= in.size()) return error{"punycode.syntax", "the input ends inside a variable-length integer"};
      int d = digit_value(in[pos++]);
      if (d < 0) return error{"punycode.syntax", "a character that is not a punycode digit"};
      auto digit = static_cast<std::uint32_t>(d);
      if (digit > (maxint - i) / w) return error{"punycode.overflow", "the value overflows"};
      i += digit * w;
      std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
      if (digit < t) break;
      if (w > maxint / (base - t)) return error{"punycode.overflow", "the value overflows"};
      w *= base - t;
    }
    auto len = static_cast<std::uint32_t>(out.size() + 1);
    bias = adapt(i - oldi, len, oldi == 0);
    if (i / len > maxint - n) return error{"punycode.overflow", "the value overflows"};
    n += i / len;
    i %= len;
    if (n < 0x80 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
      return error{"punycode.range", "a decoded code point is not a valid non-basic character"};
    if (out.size() >= 63) return error{"punycode.overflow", "the label is too long"};
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return out;
}

std::string domain_to_unicode(std::string_view domain) {
  std::string out;
  for (auto label : str::split(domain, '.')) {
    std::string piece(label);
    if (str::istarts_with(label, "xn--")) {
      auto d = punycode_decode(label.substr(4));
      if (d) {
        piece.clear();
        for (char32_t cp : *d) append_utf8(piece, cp);
      }
    }
    out += piece;
    out += '.';
  }
  if (!out.empty()) out.pop_back();
  return out;
}

// --- scripts and confusables --------------------------------------------------------------------------

namespace {

enum class script { common, latin, greek, cyrillic, armenian, hebrew, arabic, thai, hangul, hiragana, katakana, han,
                    other };

const char* script_name(script s) {
  switch (s) {
    case script::common: return "Common";
    case script::latin: return "Latin";
    case script::greek: return "Greek";
    case script::cyrillic: return "Cyrillic";
    case script::armenian: return "Armenian";
    case script::hebrew: return "Hebrew";
    case script::arabic: return "Arabic";
    case script::thai: return "Thai";
    case script::hangul: return "Hangul";
    case script::hiragana: return "Hiragana";
    case script::katakana: return "Katakana";
    case script::han: return "Han";
    case script::other: return "Other";
  }
  return "Other";
}

script script_of(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return script::latin;
  if (c < 0x80) return script::common;
  if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF)) return script::latin;
  if (c >= 0x250 && c <= 0x2AF) return script::latin;  // IPA extensions (ɡ, ɑ…)
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return script::latin;  // fullwidth
  if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF)) return script::greek;
  if (c >= 0x400 && c <= 0x52F) return script::cyrillic;
  if (c >= 0x530 && c <= 0x58F) return script::armenian;
  if (c >= 0x590 && c <= 0x5FF) return script::hebrew;
  if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F)) return script::arabic;
  if (c >= 0xE00 && c <= 0xE7F) return script::thai;
  if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
    return script::hangul;
  if (c == 0x30FC || c == 0x3005 || c == 0xFF70) return script::common;  // ー 々: shared by Japanese scripts
  if (c >= 0x3040 && c <= 0x309F) return script::hiragana;
  if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F))
    return script::katakana;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF) ||
      (c >= 0xF900 && c <= 0xFAFF))
    return script::han;
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF20)) return script::common;
  return script::other;
}

/// A set of scripts one label may use together (UTS #39 "highly restrictive" spirit): one script, or
/// Latin with the scripts of Japanese, Chinese or Korean writing.
bool allowed_combination(const std::set<script>& s) {
  if (s.size() <= 1) return true;
  auto subset_of = [&](std::initializer_list<script> allowed) {
    for (script x : s)
      if (std::find(allowed.begin(), allowed.end(), x) == allowed.end()) return false;
    return true;
  };
  return subset_of({script::latin, script::han, script::hiragana, script::katakana}) ||
         subset_of({script::latin, script::han, script::hangul});
}

/// The Latin letter a character imitates, or 0. Cyrillic, Greek, Armenian and a few Latin extensions
/// that look like basic Latin letters; fullwidth ASCII.
char confusable_of(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) {
    char32_t a = c - 0xFEE0;
    if (a >= 'A' && a <= 'Z') a += 32;
    return static_cast<char>(a);
  }
  switch (c) {
    // Cyrillic
    case 0x430: return 'a'; case 0x435: return 'e'; case 0x43E: return 'o'; case 0x440: return 'p';
    case 0x441: return 'c'; case 0x443: return 'y'; case 0x445: return 'x'; case 0x456: return 'i';
    case 0x458: return 'j'; case 0x455: return 's'; case 0x4BB: return 'h'; case 0x501: return 'd';
    case 0x51B: return 'q'; case 0x51D: return 'w'; case 0x4CF: return 'l'; case 0x432: return 'b';
    case 0x43A: return 'k'; case 0x43C: return 'm'; case 0x43D: return 'h'; case 0x442: return 't';
    case 0x410: return 'a'; case 0x415: return 'e'; case 0x41E: return 'o'; case 0x420: return 'p';
    case 0x421: return 'c'; case 0x425: return 'x'; case 0x406: return 'i'; case 0x408: return 'j';
    // Greek
    case 0x3B1: return 'a'; case 0x3BF: return 'o'; case 0x3BD: return 'v'; case 0x3B9: return 'i';
    case 0x3BA: return 'k'; case 0x3C1: return 'p'; case 0x3C4: return 't'; case 0x3C5: return 'u';
    case 0x3C7: return 'x'; case 0x3B5: return 'e'; case 0x39F: return 'o'; case 0x391: return 'a';
    // Armenian
    case 0x585: return 'o'; case 0x578: return 'n'; case 0x57D: return 'u'; case 0x570: return 'h';
    // Latin extensions and IPA that pass for basic letters
    case 0x131: return 'i'; case 0x261: return 'g'; case 0x251: return 'a'; case 0x269: return 'i';
    case 0x1D0F: return 'o'; case 0x237: return 'j';
    default: return 0;
  }
}

/// ASCII sequences that read as other letters at a glance (rn → m, 0 → o, 1 → l, vv → w).
std::string ascii_skeleton(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = str::ascii_lower(s[i]);
    if (c == 'r' && i + 1 < s.size() && str::ascii_lower(s[i + 1]) == 'n') {
      out += 'm';
      ++i;
    } else if (c == 'v' && i + 1 < s.size() && str::ascii_lower(s[i + 1]) == 'v') {
      out += 'w';
      ++i;
    } else if (c == '0') {
      out += 'o';
    } else if (c == '1' || c == 'i') {
      out += 'l';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

lookalike check_lookalike(std::string_view domain) {
  lookalike r;
  r.domain = str::lower(domain);
  r.unicode = domain_to_unicode(r.domain);
  for (auto label : str::split(r.domain, '.')) r.punycode = r.punycode || str::istarts_with(label, "xn--");
  std::set<script> all;
  bool all_mapped = true;
  bool any_mapped = false;
  std::string skel;
  for (auto label : str::split(r.unicode, '.')) {
    std::set<script> in_label;
    for (char32_t c : utf8_decode(label)) {
      if (c >= 0x80) r.non_ascii = true;
      script sc = script_of(c);
      if (sc != script::common) in_label.insert(sc), all.insert(sc);
      if (c < 0x80) {
        skel += str::ascii_lower(static_cast<char>(c));
      } else if (char m = confusable_of(c)) {
        skel += m;
        any_mapped = true;
      } else {
        all_mapped = false;
        append_utf8(skel, c);
      }
    }
    if (!allowed_combination(in_label)) r.mixed_scripts = true;
    skel += '.';
  }
  if (!skel.empty()) skel.pop_back();
  for (script s : all) r.scripts.push_back(script_name(s));
  r.confusable = any_mapped && all_mapped;
  r.skeleton = r.confusable ? skel : "";
  return r;
}

bool same_organisation(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  std::string oa = psl::organizational_domain(str::lower(a));
  std::string ob = psl::organizational_domain(str::lower(b));
  return !oa.empty() && oa == ob;
}

namespace {

json indicator(std::string code, std::string severity, std::string detail, json params) {
  return json{{"code", std::move(code)}, {"severity", std::move(severity)}, {"detail", std::move(detail)},
              {"params", std::move(params)}};
}

/// Addresses written inside a display name ("PayPal <service@paypal.com>" shown as the name of
/// another mailbox): word@domain.tld tokens.
std::vector<std::string> addresses_in(std::string_view text) {
  std::vector<std::string> out;
  auto is_addr_char = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           std::string_view("._%+-").find(c) != std::string_view::npos || u >= 0x80;
  };
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t b = at, e = at + 1;
    while (b > 0 && is_addr_char(text[b - 1])) --b;
    while (e < text.size() && is_addr_char(text[e])) ++e;
    std::string_view local = text.substr(b, at - b), dom = text.substr(at + 1, e - at - 1);
    while (!dom.empty() && dom.back() == '.') dom.remove_suffix(1);
    if (local.empty() || dom.find('.') == std::string_view::npos) continue;
    out.push_back(str::lower(std::string(local) + "@" + std::string(dom)));
  }
  return out;
}

std::string domain_part(std::string_view addr) {
  auto at = addr.rfind('@');
  return at == std::string_view::npos ? "" : str::lower(addr.substr(at + 1));
}

}  // namespace

json spoofing(const spoof_inputs& in) {
  json ind = json::array();
  std::string from_addr = in.from.size() == 1 ? in.from[0].address : "";
  std::string from_dom = in.author_domain;
  std::string from_org = from_dom.empty() ? "" : psl::organizational_domain(from_dom);

  // Identities side by side.
  json ids = json::object();
  ids["header_from"] = {{"address", from_addr}, {"domain", from_dom}, {"org_domain", from_org}};
  std::string env_org = in.envelope_domain.empty() ? "" : psl::organizational_domain(in.envelope_domain);
  ids["envelope_from"] = {{"address", in.envelope_from}, {"domain", in.envelope_domain}, {"org_domain", env_org},
                          {"same_org_as_from", !from_dom.empty() && same_organisation(from_dom, in.envelope_domain)}};
  ids["dkim"] = json::array();
  for (const auto& d : in.dkim_domains) {
    bool pass = std::find(in.dkim_pass_domains.begin(), in.dkim_pass_domains.end(), d) != in.dkim_pass_domains.end();
    ids["dkim"].push_back({{"domain", d}, {"org_domain", psl::organizational_domain(d)}, {"pass", pass},
                           {"same_org_as_from", same_organisation(from_dom, d)}});
  }

  // Header From vs envelope From.
  if (!from_dom.empty() && !in.envelope_domain.empty() && !same_organisation(from_dom, in.envelope_domain)) {
    ind.push_back(indicator(
        "spoofing.envelope_from.differs", "info",
        "The envelope sender (" + in.envelope_domain + ") is in another organisation than the From domain (" +
            from_dom + "). Common with email service providers; it means SPF cannot align for DMARC.",
        {{"from_domain", from_dom}, {"envelope_domain", in.envelope_domain}}));
  }
  // Header From vs DKIM d=.
  if (!from_dom.empty() && !in.dkim_pass_domains.empty()) {
    bool any_same = false;
    for (const auto& d : in.dkim_pass_domains) any_same = any_same || same_organisation(from_dom, d);
    if (!any_same)
      ind.push_back(indicator("spoofing.dkim.third_party", "warning",
                              "Every passing DKIM signature is by another organisation (" + in.dkim_pass_domains.front() +
                                  ") than the From domain (" + from_dom + ").",
                              {{"from_domain", from_dom}, {"dkim_domain", in.dkim_pass_domains.front()}}));
  } else if (!from_dom.empty() && in.dkim_pass_domains.empty()) {
    ind.push_back(indicator("spoofing.dkim.none_pass", "info",
                            "No DKIM signature passes: nothing cryptographically ties the message to " + from_dom + ".",
                            {{"from_domain", from_dom}}));
  }
  // Display names carrying an address.
  auto check_names = [&](const std::vector<spoof_mailbox>& list, const char* field) {
    for (const auto& mb : list) {
      for (const auto& a : addresses_in(mb.display_name)) {
        if (str::iequals(a, mb.address)) continue;
        bool other_org = !same_organisation(domain_part(a), mb.domain);
        ind.push_back(indicator(
            "spoofing.display_name.address", other_org ? "danger" : "warning",
            std::string("The ") + field + " display name shows the address " + a + " but the message is from " +
                mb.address + ".",
            {{"field", field}, {"shown", a}, {"actual", mb.address}, {"other_organisation", other_org}}));
      }
    }
  };
  check_names(in.from, "From");
  check_names(in.reply_to, "Reply-To");
  check_names(in.sender, "Sender");
  // Control characters (NUL, CR, LF, NEL…) that only an encoded word can put into a display name or a
  // Subject: a reader shows the text before a line break and hides the rest, such as the real address.
  auto check_controls = [&](const std::string& text, const char* field, const char* severity) {
    if (!mime::has_control_characters(text)) return;
    ind.push_back(indicator("spoofing.control_characters", severity,
                            std::string("The ") + field + " holds control characters that a mail reader may hide "
                                "text behind: \"" + mime::visible_controls(text) + "\".",
                            {{"field", field}, {"shown", mime::visible_controls(text)}}));
  };
  for (const auto& mb : in.from) check_controls(mb.display_name, "From display name", "danger");
  for (const auto& mb : in.sender) check_controls(mb.display_name, "Sender display name", "danger");
  for (const auto& mb : in.reply_to) check_controls(mb.display_name, "Reply-To display name", "warning");
  check_controls(in.subject, "Subject", "warning");
  // One From field naming mailboxes in several domains: no Author Domain, so no DMARC verdict (RFC 9989
  // exempts the message); a spoofer lists the forged domain next to one it controls.
  {
    std::vector<std::string> from_domains;
    for (const auto& mb : in.from) {
      std::string d = str::lower(mb.domain);
      while (!d.empty() && d.back() == '.') d.pop_back();
      if (!d.empty() && std::find(from_domains.begin(), from_domains.end(), d) == from_domains.end())
        from_domains.push_back(d);
    }
    if (from_domains.size() > 1) {
      std::string list;
      for (const auto& d : from_domains) list += (list.empty() ? "" : ", ") + d;
      ind.push_back(indicator("spoofing.from.multiple_domains", "danger",
                              "The From field lists mailboxes in " + std::to_string(from_domains.size()) +
                                  " domains (" + list + "): DMARC cannot protect any of them, and a mail reader "
                                  "may show only one.",
                              {{"domains", from_domains}}));
    }
  }
  // Reply-To elsewhere.
  for (const auto& mb : in.reply_to) {
    if (!from_dom.empty() && !mb.domain.empty() && !same_organisation(from_dom, mb.domain)) {
      ind.push_back(indicator("spoofing.reply_to.differs", "info",
                              "Replies go to " + mb.address + ", outside the From domain's organisation (" + from_dom + ").",
                              {{"reply_to", mb.address}, {"from_domain", from_dom}}));
      break;
    }
  }

  // Lookalikes: every domain the message shows.
  std::vector<std::string> domains;
  auto add = [&](const std::string& d) {
    std::string l = str::lower(d);
    if (!l.empty() && std::find(domains.begin(), domains.end(), l) == domains.end()) domains.push_back(l);
  };
  for (const auto& mb : in.from) add(mb.domain);
  for (const auto& mb : in.reply_to) add(mb.domain);
  for (const auto& mb : in.sender) add(mb.domain);
  add(in.envelope_domain);
  for (const auto& d : in.dkim_domains) add(d);
  for (const auto& mb : in.from)
    for (const auto& a : addresses_in(mb.display_name)) add(domain_part(a));

  json doms = json::array();
  for (const auto& d : domains) {
    lookalike l = check_lookalike(d);
    json j = {{"domain", l.domain}, {"unicode", l.unicode}, {"punycode", l.punycode}, {"non_ascii", l.non_ascii},
              {"scripts", l.scripts}, {"mixed_scripts", l.mixed_scripts}, {"confusable", l.confusable}};
    if (l.confusable) j["looks_like"] = l.skeleton;
    doms.push_back(j);
    if (l.punycode)
      ind.push_back(indicator("spoofing.lookalike.punycode", "info",
                              d + " is an internationalised name; it reads as " + l.unicode + ".",
                              {{"domain", d}, {"unicode", l.unicode}}));
    if (l.mixed_scripts) {
      std::string names;
      for (const auto& x : l.scripts) names += (names.empty() ? "" : ", ") + x;
      ind.push_back(indicator("spoofing.lookalike.mixed_scripts", "danger",
                              l.unicode + " mixes scripts within one label (" + names + ").",
                              {{"domain", d}, {"unicode", l.unicode}, {"scripts", l.scripts}}));
    }
    if (l.confusable)
      ind.push_back(indicator("spoofing.lookalike.confusable", "danger",
                              l.unicode + " uses characters that imitate Latin letters: it looks like " + l.skeleton + ".",
                              {{"domain", d}, {"unicode", l.unicode}, {"looks_like", l.skeleton}}));
  }
  // ASCII lookalikes between the domains the message shows (paypa1.com next to paypal.com).
  for (std::size_t i = 0; i < domains.size(); ++i)
    for (std::size_t j = i + 1; j < domains.size(); ++j) {
      std::string oi = psl::organizational_domain(domains[i]), oj = psl::organizational_domain(domains[j]);
      if (oi.empty() || oj.empty() || oi == oj) continue;
      if (ascii_skeleton(oi) == ascii_skeleton(oj))
        ind.push_back(indicator("spoofing.lookalike.similar_domain", "danger",
                                oi + " and " + oj + " differ only in characters that look alike.",
                                {{"domain", oi}, {"similar_to", oj}}));
    }

  std::string level = "none";
  for (const auto& i : ind) {
    std::string s = i["severity"];
    if (s == "danger") level = "danger";
    else if (s == "warning" && level != "danger") level = "warning";
    else if (s == "info" && level == "none") level = "info";
  }
  return json{{"level", level}, {"identities", ids}, {"indicators", ind}, {"domains", doms}};
}

}  // namespace authlens::report::analyzer
