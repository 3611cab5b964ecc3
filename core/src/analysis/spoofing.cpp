// Spoofing indicators (report key `spoofing`, docs/report-format.md): header From vs envelope From vs
// DKIM d=, display names that carry another address, lookalike domains (mixed scripts, characters that
// imitate Latin letters, punycode shown decoded by authlens/idna.hpp). The
// script and confusable tables are small, deliberate subsets (the letters phishers use), not UTS #39.
#include <algorithm>
#include <set>
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "authlens/message.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "analysis/analyzer.hpp"
#include "authlens/idna.hpp"

namespace authlens::analyzer {

using idna::append_utf8;
using idna::domain_to_unicode;
using idna::utf8_decode;

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

/// One name/value pair of an indicator's parameters.
struct param {
  param(const char* n, std::string v) : name(n), value(std::move(v)) {}
  param(const char* n, const char* v) : name(n), value(std::string(v)) {}
  param(const char* n, bool v) : name(n), value(v) {}
  param(const char* n, std::vector<std::string> v) : name(n), value(std::move(v)) {}
  std::string name;
  param_value value;
};

indicator make_indicator(std::string code, std::string severity, std::string detail,
                         std::initializer_list<param> params) {
  indicator i{std::move(code), std::move(severity), std::move(detail)};
  for (const auto& p : params) std::visit([&](const auto& v) { i.params.set(p.name, v); }, p.value);
  return i;
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

spoofing_report spoofing(const spoof_inputs& in) {
  spoofing_report out;
  std::vector<indicator>& ind = out.indicators;
  std::string from_addr = in.from.size() == 1 ? in.from[0].address : "";
  std::string from_dom = in.author_domain;
  std::string from_org = from_dom.empty() ? "" : psl::organizational_domain(from_dom);

  // Identities side by side.
  spoof_identities& ids = out.identities;
  ids.header_from = {from_addr, from_dom, from_org, std::nullopt};
  std::string env_org = in.envelope_domain.empty() ? "" : psl::organizational_domain(in.envelope_domain);
  ids.envelope_from = {in.envelope_from, in.envelope_domain, env_org,
                       !from_dom.empty() && same_organisation(from_dom, in.envelope_domain)};
  for (const auto& d : in.dkim_domains) {
    bool pass = std::find(in.dkim_pass_domains.begin(), in.dkim_pass_domains.end(), d) != in.dkim_pass_domains.end();
    ids.dkim.push_back({d, psl::organizational_domain(d), pass, same_organisation(from_dom, d)});
  }

  // Header From vs envelope From.
  if (!from_dom.empty() && !in.envelope_domain.empty() && !same_organisation(from_dom, in.envelope_domain)) {
    ind.push_back(make_indicator(
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
      ind.push_back(make_indicator("spoofing.dkim.third_party", "warning",
                              "Every passing DKIM signature is by another organisation (" + in.dkim_pass_domains.front() +
                                  ") than the From domain (" + from_dom + ").",
                              {{"from_domain", from_dom}, {"dkim_domain", in.dkim_pass_domains.front()}}));
  } else if (!from_dom.empty() && in.dkim_pass_domains.empty()) {
    ind.push_back(make_indicator("spoofing.dkim.none_pass", "info",
                            "No DKIM signature passes: nothing cryptographically ties the message to " + from_dom + ".",
                            {{"from_domain", from_dom}}));
  }
  // Display names carrying an address.
  auto check_names = [&](const std::vector<spoof_mailbox>& list, const char* field) {
    for (const auto& mb : list) {
      for (const auto& a : addresses_in(mb.display_name)) {
        if (str::iequals(a, mb.address)) continue;
        bool other_org = !same_organisation(domain_part(a), mb.domain);
        ind.push_back(make_indicator(
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
    ind.push_back(make_indicator("spoofing.control_characters", severity,
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
      ind.push_back(make_indicator("spoofing.from.multiple_domains", "danger",
                              "The From field lists mailboxes in " + std::to_string(from_domains.size()) +
                                  " domains (" + list + "): DMARC cannot protect any of them, and a mail reader "
                                  "may show only one.",
                              {{"domains", from_domains}}));
    }
  }
  // Reply-To elsewhere.
  for (const auto& mb : in.reply_to) {
    if (!from_dom.empty() && !mb.domain.empty() && !same_organisation(from_dom, mb.domain)) {
      ind.push_back(make_indicator("spoofing.reply_to.differs", "info",
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

  for (const auto& d : domains) {
    lookalike l = check_lookalike(d);
    out.domains.push_back(l);
    if (l.punycode)
      ind.push_back(make_indicator("spoofing.lookalike.punycode", "info",
                              d + " is an internationalised name; it reads as " + l.unicode + ".",
                              {{"domain", d}, {"unicode", l.unicode}}));
    if (l.mixed_scripts) {
      std::string names;
      for (const auto& x : l.scripts) names += (names.empty() ? "" : ", ") + x;
      ind.push_back(make_indicator("spoofing.lookalike.mixed_scripts", "danger",
                              l.unicode + " mixes scripts within one label (" + names + ").",
                              {{"domain", d}, {"unicode", l.unicode}, {"scripts", l.scripts}}));
    }
    if (l.confusable)
      ind.push_back(make_indicator("spoofing.lookalike.confusable", "danger",
                              l.unicode + " uses characters that imitate Latin letters: it looks like " + l.skeleton + ".",
                              {{"domain", d}, {"unicode", l.unicode}, {"looks_like", l.skeleton}}));
  }
  // ASCII lookalikes between the domains the message shows (paypa1.com next to paypal.com).
  for (std::size_t i = 0; i < domains.size(); ++i)
    for (std::size_t j = i + 1; j < domains.size(); ++j) {
      std::string oi = psl::organizational_domain(domains[i]), oj = psl::organizational_domain(domains[j]);
      if (oi.empty() || oj.empty() || oi == oj) continue;
      if (ascii_skeleton(oi) == ascii_skeleton(oj))
        ind.push_back(make_indicator("spoofing.lookalike.similar_domain", "danger",
                                oi + " and " + oj + " differ only in characters that look alike.",
                                {{"domain", oi}, {"similar_to", oj}}));
    }

  std::string& level = out.level;
  level = "none";
  for (const auto& i : ind) {
    const std::string& s = i.severity;
    if (s == "danger") level = "danger";
    else if (s == "warning" && level != "danger") level = "warning";
    else if (s == "info" && level == "none") level = "info";
  }
  return out;
}

}  // namespace authlens::analyzer
