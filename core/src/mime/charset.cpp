// Charset conversion (iconv) and RFC 2047 encoded words.
#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "authlens/base64.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::mime {
namespace detail {

namespace {
constexpr const char* kReplacement = "\xEF\xBF\xBD";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

void defect_sink::add(std::string code, std::string detail_text) {
  if (!out_) return;
  if (out_->size() >= max_) {
    if (!truncated_ && (out_->empty() || out_->back().code != "mime.defects.truncated")) {
      truncated_ = true;
      out_->push_back({"mime.defects.truncated", "too many defects; later ones were not recorded"});
    }
    return;
  }
  out_->push_back({std::move(code), std::move(detail_text)});
}

void defect_sink::add_once(std::string_view code, std::string detail_text) {
  if (!out_) return;
  for (const auto& d : *out_)
    if (d.code == code) return;
  add(std::string(code), std::move(detail_text));
}

bool defect_sink::full() const { return out_ && out_->size() >= max_; }

std::string excerpt(std::string_view s, std::size_t max) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(char(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

std::size_t qp_decoded_size(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      ++n;
      continue;
    }
    if (i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      ++n;
      i += 2;
      continue;
    }
    // Soft line break: "=" then optional white space then CRLF.
    std::size_t j = i + 1;
    while (j < s.size() && is_wsp(s[j])) ++j;
    if (j + 1 < s.size() && s[j] == '\r' && s[j + 1] == '\n') {
      i = j + 1;
      continue;
    }
    if (j == s.size()) {  // "=" at the very end: a soft break before the boundary
      i = j;
      continue;
    }
    ++n;  // a lone "=" is kept as it stands
  }
  return n;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(char(c));
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        ok = false;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace detail

using detail::is_wsp;

std::string to_valid_utf8(std::string_view s) { return detail::valid_utf8(s); }

namespace {

/// Runs iconv over all of `bytes`; invalid or incomplete sequences become U+FFFD. False if the
/// converter cannot be opened.
bool run_iconv(const char* from, std::string_view bytes, std::string& out, bool& invalid) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string result;
  result.reserve(bytes.size() * 2);
  std::string input(bytes);  // iconv wants a mutable pointer
  char* in = input.data();
  std::size_t in_left = input.size();
  char buf[4096];
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof buf;
    std::size_t before = in_left;
    std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    result.append(buf, std::size_t(o - buf));
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      if (o == buf && before == in_left) break;  // no progress possible: give up rather than spin
      continue;
    }
    // EILSEQ / EINVAL: skip one byte.
    result += "\xEF\xBF\xBD";
    invalid = true;
    ++in;
    --in_left;
  }
  char* o = buf;
  std::size_t o_left = sizeof buf;
  iconv(cd, nullptr, nullptr, &o, &o_left);
  result.append(buf, std::size_t(o - buf));
  iconv_close(cd);
  out = std::move(result);
  return true;
}

/// Maps common aliases that iconv implementations spell differently to a name both glibc and musl know.
std::string canonical_charset(std::string_view name) {
  std::string n = str::lower(str::trim(name));
  if (n == "x-sjis" || n == "sjis" || n == "shift-jis" || n == "ms_kanji" || n == "csshiftjis" || n == "x-shift_jis")
    return "shift_jis";
  if (n == "windows-31j" || n == "cp932" || n == "ms932" || n == "x-ms-cp932") return "cp932";
  if (n == "x-euc-jp" || n == "eucjp" || n == "euc_jp" || n == "cseucpkdfmtjapanese") return "euc-jp";
  if (n == "iso2022jp" || n == "csiso2022jp" || n == "iso-2022-jp-1") return "iso-2022-jp";
  if (n == "utf8" || n == "x-utf8") return "utf-8";
  if (n == "iso-8859-8-i" || n == "iso-8859-8-e") return "iso-8859-8";
  if (n == "ks_c_5601-1987" || n == "ks_c_5601") return "cp949";
  if (n == "x-gbk" || n == "gb2312" || n == "csgb2312") return "gbk";
  if (n == "ascii" || n == "us_ascii" || n == "ansi_x3.4-1968" || n == "cp367") return "us-ascii";
  // As browsers do (WHATWG Encoding): mail labelled Latin-1 that uses 0x80–0x9F means Windows-1252.
  if (n == "latin1" || n == "latin-1" || n == "l1" || n == "iso-8859-1" || n == "iso8859-1" || n == "iso_8859-1")
    return "windows-1252";
  if (n == "unicode-1-1-utf-7") return "utf-7";
  if (n.size() == 6 && n.compare(0, 2, "cp") == 0 && n.compare(2, 3, "125") == 0) return "windows-" + n.substr(2);
  return n;
}

bool charset_name_ok(std::string_view n) {
  if (n.empty() || n.size() > 40) return false;
  for (char c : n) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.' || c == ':' || c == '+';
    if (!ok) return false;
  }
  return true;
}

/// NEC special characters, JIS X 0208 row 13 (ISO-2022-JP 0x2D21–0x2D7E, Shift_JIS 0x8740–0x879E), as used by
/// Windows (CP932) and most Japanese mail clients. Index: second JIS byte − 0x21; "" where the row is empty.
/// Generated from the CP932 mapping, checked against EUC-JP-MS.
constexpr const char* kNecRow13[94] = {
"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
"⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳",
"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ",
"", "㍉", "㌔", "㌢", "㍍", "㌘", "㌧", "㌃", "㌶", "㍑",
"㍗", "㌍", "㌦", "㌣", "㌫", "㍊", "㌻", "㎜", "㎝", "㎞",
"㎎", "㎏", "㏄", "㎡", "", "", "", "", "", "",
"", "", "㍻", "〝", "〟", "№", "㏍", "℡", "㊤", "㊥",
"㊦", "㊧", "㊨", "㈱", "㈲", "㈹", "㍾", "㍽", "㍼", "≒",
"≡", "∫", "∮", "∑", "√", "⊥", "∠", "∟", "⊿", "∵",
"∩", "∪", "", ""};

const char* nec_row13(unsigned char jis_second) {
  if (jis_second < 0x21 || jis_second > 0x7E) return nullptr;
  const char* s = kNecRow13[jis_second - 0x21];
  return *s ? s : nullptr;
}

/// Collects bytes in `charset` and converts them in runs, with NEC row-13 characters spliced in between.
struct spliced_output {
  const char* charset;
  std::string pending;
  std::string out;
  bool invalid = false;
  bool opened = true;
  void flush() {
    if (pending.empty()) return;
    std::string tmp;
    bool bad = false;
    if (!run_iconv(charset, pending, tmp, bad)) opened = false;
    out += tmp;
    invalid = invalid || bad;
    pending.clear();
  }
  void special(const char* utf8) {
    flush();
    out += utf8;
  }
};

/// Re-encodes ISO-2022-JP (RFC 1468) as EUC-JP, a byte-wise transformation, appending to `euc`:
/// ESC $ B / ESC $ @ switch to JIS X 0208 (a pair becomes its two bytes with the high bit set),
/// ESC ( B / ESC ( J to ASCII, ESC ( I to half-width kana (SS2 + the byte with the high bit set); a line
/// end returns to ASCII. `take(c1, c2)` is offered each JIS X 0208 pair first: when it returns true it
/// has dealt with the character and nothing is appended for it.
template <class Take>
void iso2022jp_as_eucjp(std::string_view bytes, std::string& euc, Take&& take) {
  enum { ascii, kanji, kana } state = ascii;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0x1B && i + 2 < bytes.size()) {
      char a = bytes[i + 1], b = bytes[i + 2];
      if (a == '$' && (b == 'B' || b == '@')) {
        state = kanji;
        i += 2;
        continue;
      }
      if (a == '(' && (b == 'B' || b == 'J')) {
        state = ascii;
        i += 2;
        continue;
      }
      if (a == '(' && b == 'I') {
        state = kana;
        i += 2;
        continue;
      }
    }
    if (c == '\r' || c == '\n') state = ascii;
    if (state == kanji && c >= 0x21 && c <= 0x7E && i + 1 < bytes.size()) {
      unsigned char d = static_cast<unsigned char>(bytes[i + 1]);
      if (!take(c, d)) {
        euc.push_back(char(c | 0x80));
        euc.push_back(char(d | 0x80));
      }
      ++i;
    } else if (state == kana && c >= 0x21 && c <= 0x5F) {
      euc.push_back(char(0x8E));
      euc.push_back(char(c | 0x80));
    } else {
      euc.push_back(char(c));
    }
  }
}

/// ISO-2022-JP as sent by many Japanese clients carries NEC/IBM extension characters (①, ㈱ …) that
/// strict ISO-2022-JP converters reject. The same JIS X 0208 code points map onto EUC-JP-MS (or CP51932)
/// byte-for-byte, so re-encode the escape sequences by hand and convert that instead.
bool iso2022jp_via_eucjp_ms(std::string_view bytes, std::string& out, bool& invalid) {
  std::string euc;
  euc.reserve(bytes.size());
  iso2022jp_as_eucjp(bytes, euc, [](unsigned char, unsigned char) { return false; });
  for (const char* name : {"EUC-JP-MS", "CP51932", "EUC-JP"}) {
    bool bad = false;
    std::string tmp;
    if (run_iconv(name, euc, tmp, bad)) {
      out = std::move(tmp);
      invalid = bad;
      return true;
    }
  }
  return false;
}

}  // namespace

namespace detail {

bool iso2022jp_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid) {
  // Re-encode as EUC-JP, except row-13 characters which EUC-JP lacks: those are spliced in as UTF-8.
  spliced_output so{"EUC-JP"};
  iso2022jp_as_eucjp(bytes, so.pending, [&](unsigned char c, unsigned char d) {
    const char* sp = c == 0x2D ? nec_row13(d) : nullptr;
    if (sp) so.special(sp);
    return sp != nullptr;
  });
  so.flush();
  if (!so.opened) return false;
  out = std::move(so.out);
  invalid = so.invalid;
  return true;
}

bool sjis_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid) {
  spliced_output so{"SHIFT_JIS"};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
    if (lead && i + 1 < bytes.size()) {
      unsigned char t = static_cast<unsigned char>(bytes[i + 1]);
      const char* sp = nullptr;
      if (c == 0x87 && t >= 0x40 && t <= 0x9E && t != 0x7F) sp = nec_row13(static_cast<unsigned char>(0x21 + (t < 0x7F ? t - 0x40 : t - 0x41)));
      if (sp) {
        so.special(sp);
      } else {
        so.pending.push_back(char(c));
        so.pending.push_back(char(t));
      }
      ++i;
    } else {
      so.pending.push_back(char(c));
    }
  }
  so.flush();
  if (!so.opened) return false;
  out = std::move(so.out);
  invalid = so.invalid;
  return true;
}

bool eucjp_nec_to_utf8(std::string_view bytes, std::string& out, bool& invalid) {
  spliced_output so{"EUC-JP"};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    std::size_t len = c == 0x8F ? 3 : (c == 0x8E || (c >= 0xA1 && c <= 0xFE)) ? 2 : 1;
    if (len > 1 && i + len <= bytes.size()) {
      const char* sp = c == 0xAD ? nec_row13(static_cast<unsigned char>(bytes[i + 1]) & 0x7F) : nullptr;
      if (sp) {
        so.special(sp);
      } else {
        so.pending.append(bytes.substr(i, len));
      }
      i += len - 1;
    } else {
      so.pending.push_back(char(c));
    }
  }
  so.flush();
  if (!so.opened) return false;
  out = std::move(so.out);
  invalid = so.invalid;
  return true;
}

}  // namespace detail

bool charset_to_utf8(std::string_view charset, std::string_view bytes, std::string& out, bool* had_invalid) {
  std::string cs = canonical_charset(charset);
  bool invalid = false;
  auto finish = [&](std::string s) {
    out = std::move(s);
    if (had_invalid) *had_invalid = invalid;
    return true;
  };
  if (cs == "utf-8" || cs == "us-ascii") {
    // 8-bit bytes labelled us-ascii are nearly always UTF-8 in practice; invalid ones become U+FFFD.
    std::string s = detail::valid_utf8(bytes);
    invalid = s.size() != bytes.size() || s != bytes;
    return finish(std::move(s));
  }
  if (!charset_name_ok(cs)) return false;
  std::string s;
  if (!run_iconv(cs.c_str(), bytes, s, invalid)) return false;
  if (invalid) {
    // Vendor extensions: retry with the superset the sender most probably used.
    bool bad2 = false;
    std::string alt;
    // Glibc knows the vendor supersets (CP932, EUC-JP-MS); musl (WebAssembly) does not, so the NEC
    // row-13 characters (①, ㈱, ㍻ …) are also spliced in by hand.
    if ((cs == "shift_jis" || cs == "cp932") &&
        ((run_iconv("CP932", bytes, alt, bad2) && !bad2) || (detail::sjis_nec_to_utf8(bytes, alt, bad2) && !bad2))) {
      invalid = false;
      s = std::move(alt);
    } else if (cs == "iso-2022-jp" && ((iso2022jp_via_eucjp_ms(bytes, alt, bad2) && !bad2) ||
                                       (detail::iso2022jp_nec_to_utf8(bytes, alt, bad2) && !bad2))) {
      invalid = false;
      s = std::move(alt);
    } else if (cs == "euc-jp" && ((run_iconv("EUC-JP-MS", bytes, alt, bad2) && !bad2) ||
                                  (detail::eucjp_nec_to_utf8(bytes, alt, bad2) && !bad2))) {
      invalid = false;
      s = std::move(alt);
    } else if (cs == "windows-1252" && run_iconv("ISO-8859-1", bytes, alt, bad2) && !bad2) {
      invalid = false;  // the five bytes Windows-1252 leaves undefined
      s = std::move(alt);
    }
  }
  return finish(std::move(s));
}

namespace {

struct encoded_word {
  std::size_t begin = 0, end = 0;  // span in the text
  std::string_view charset;        // without any RFC 2231 "*language"
  char encoding = 0;               // 'B' or 'Q'
  std::string_view text;
};

/// Recognises "=?charset?E?text?=" at `pos` (RFC 2047 §2). Lenient about length (no 75-byte limit).
bool match_word(std::string_view s, std::size_t pos, encoded_word& w) {
  if (pos + 1 >= s.size() || s[pos] != '=' || s[pos + 1] != '?') return false;
  std::size_t i = pos + 2;
  std::size_t cs_begin = i;
  while (i < s.size() && i - cs_begin <= 64 && s[i] != '?' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
         s[i] != '\n')
    ++i;
  if (i >= s.size() || s[i] != '?' || i == cs_begin) return false;
  std::string_view cs = s.substr(cs_begin, i - cs_begin);
  if (i + 2 >= s.size()) return false;
  char e = s[i + 1];
  if (s[i + 2] != '?') return false;
  if (e == 'b') e = 'B';
  if (e == 'q') e = 'Q';
  if (e != 'B' && e != 'Q') return false;
  std::size_t t_begin = i + 3;
  std::size_t j = t_begin;
  while (j + 1 < s.size() && !(s[j] == '?' && s[j + 1] == '=')) {
    if (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n') return false;
    ++j;
  }
  if (j + 1 >= s.size()) return false;
  std::size_t star = cs.find('*');
  if (star != std::string_view::npos) cs = cs.substr(0, star);
  if (cs.empty()) return false;
  w.begin = pos;
  w.end = j + 2;
  w.charset = cs;
  w.encoding = e;
  w.text = s.substr(t_begin, j - t_begin);
  return true;
}

std::string decode_q(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < t.size() &&
               detail::hex_value(t[i + 1]) >= 0 &&
               detail::hex_value(t[i + 2]) >= 0) {
      out.push_back(char(detail::hex_value(t[i + 1]) * 16 + detail::hex_value(t[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

/// RFC 2047 §4.1 (B: the base64 alphabet, '=' padding only at the end, a length that base64 can produce)
/// and §4.2 (Q: printable ASCII but '?' and space, "=" only before two hex digits). An encoded word that
/// breaks these cannot be decoded; §6.3 says to show it as written.
bool decodable(const encoded_word& w) {
  if (w.text.empty()) return false;
  if (w.encoding == 'B') {
    std::size_t n = 0, pad = 0;
    for (char c : w.text) {
      if (c == '=') {
        ++pad;
        continue;
      }
      bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (pad > 0 || !alphabet) return false;
      ++n;
    }
    return n % 4 != 1 && pad <= 2;
  }
  for (std::size_t i = 0; i < w.text.size(); ++i) {
    auto c = static_cast<unsigned char>(w.text[i]);
    if (c <= 0x20 || c >= 0x7f || c == '?') return false;
    if (c == '=') {
      if (i + 2 >= w.text.size() || detail::hex_value(w.text[i + 1]) < 0 || detail::hex_value(w.text[i + 2]) < 0)
        return false;
      i += 2;
    }
  }
  return true;
}

/// Whether a control character starts at `i`; `*length` is its UTF-8 length.
bool is_control_at(std::string_view utf8, std::size_t i, std::size_t* length) {
  auto c = static_cast<unsigned char>(utf8[i]);
  *length = 1;
  if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  if (c == 0xc2 && i + 1 < utf8.size()) {
    auto u = static_cast<unsigned char>(utf8[i + 1]);
    *length = 2;
    return u >= 0x80 && u <= 0x9f;
  }
  return false;
}

}  // namespace

bool has_control_characters(std::string_view utf8) {
  std::size_t len = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i)
    if (is_control_at(utf8, i, &len)) return true;
  return false;
}

std::string visible_controls(std::string_view utf8) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    std::size_t len = 0;
    if (!is_control_at(utf8, i, &len)) {
      out.push_back(utf8[i]);
      continue;
    }
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (len == 1) {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else {
      auto u = static_cast<unsigned char>(utf8[i + 1]);
      out += "\\u00";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
      ++i;
    }
  }
  return out;
}

std::string decode_words(std::string_view text, std::vector<defect>* defects) {
  detail::defect_sink sink(defects, 100);
  std::string out;
  out.reserve(text.size());
  // A run of adjacent encoded words in one charset is decoded as one byte string, so a multibyte
  // character split across two words (a common encoder bug) still comes out whole.
  std::string run_bytes;
  std::string_view run_charset;
  std::size_t run_begin = 0, run_end = 0;
  bool in_run = false;
  bool run_invalid_encoding = false;

  auto flush = [&] {
    if (!in_run) return;
    std::string converted;
    bool invalid = false;
    if (charset_to_utf8(run_charset, run_bytes, converted, &invalid)) {
      out += converted;
      // Kept (the reader must see what the sender wrote), but a NUL, CR, LF or other control out of an
      // encoded word is how a sender hides text behind a line break in a display name or Subject.
      if (has_control_characters(converted))
        sink.add("mime.encoded_word.control",
                 "encoded word decodes to control characters: \"" + visible_controls(converted.substr(0, 80)) +
                     "\" from " + detail::excerpt(text.substr(run_begin, run_end - run_begin)));
      if (invalid || run_invalid_encoding)
        sink.add_once("mime.encoded_word.invalid",
                      "encoded word in " + detail::excerpt(run_charset) + " holds invalid bytes: " +
                          detail::excerpt(text.substr(run_begin, run_end - run_begin)));
    } else {
      out.append(text.substr(run_begin, run_end - run_begin));
      sink.add("mime.charset.unknown", "unknown charset \"" + detail::excerpt(run_charset) +
                                           "\" in an encoded word; kept as written");
    }
    run_bytes.clear();
    in_run = false;
    run_invalid_encoding = false;
  };

  std::size_t i = 0;
  std::size_t plain_begin = 0;
  while (i < text.size()) {
    std::size_t q = text.find("=?", i);
    if (q == std::string_view::npos) break;
    encoded_word w;
    if (!match_word(text, q, w)) {
      i = q + 1;
      continue;
    }
    std::string_view gap = text.substr(plain_begin, q - plain_begin);
    bool gap_is_space = true;
    for (char c : gap)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') gap_is_space = false;
    if (!decodable(w)) {
      // RFC 2047 §6.3: shown as written, never dropped (an empty display name hides who wrote it).
      flush();
      out.append(gap);
      out.append(text.substr(w.begin, w.end - w.begin));
      sink.add("mime.encoded_word.undecodable",
               "encoded word cannot be decoded; shown as written: " + detail::excerpt(text.substr(w.begin, w.end - w.begin)));
      i = w.end;
      plain_begin = w.end;
      continue;
    }
    if (!(in_run && gap_is_space)) {
      flush();
      out.append(gap);
    }
    std::string bytes = w.encoding == 'B' ? base64::decode_lenient(w.text) : decode_q(w.text);
    if (in_run && !str::iequals(run_charset, w.charset)) {
      // Adjacent words in different charsets: convert the first run, start another (gap dropped).
      flush();
    }
    if (!in_run) {
      in_run = true;
      run_charset = w.charset;
      run_begin = w.begin;
    }
    run_bytes += bytes;
    run_end = w.end;
    i = w.end;
    plain_begin = w.end;
  }
  flush();
  out.append(text.substr(plain_begin));
  return out;
}

}  // namespace authlens::mime
