// Received field reader (RFC 5321 §4.4, RFC 5322 §3.6.7) with the shapes real MTAs write
// (see the header for the catalogue and the meaning of every hop member).
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/ip.hpp"
#include "authlens/strings.hpp"
#include "authlens/transport.hpp"

namespace authlens::transport {

namespace {

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct item {
  bool comment = false;
  std::string text;  // word as written (quotes removed) or comment content without outer parentheses
};

// `extra`: RFC 5321 §4.4 Additional-Registered-Clauses ("Atom FWS String") and unregistered ones
// ("envelope-from <a@b>", Exim's "tls CIPHER"): words after a one-word clause's value.
enum class clause { none, from, by, via, with, id, for_, extra };

struct clause_data {
  std::vector<std::string> words;
  std::vector<std::string> comments;
  bool seen = false;
};

clause keyword(std::string_view w) {
  if (str::iequals(w, "from")) return clause::from;
  if (str::iequals(w, "by")) return clause::by;
  if (str::iequals(w, "via")) return clause::via;
  if (str::iequals(w, "with")) return clause::with;
  if (str::iequals(w, "id")) return clause::id;
  if (str::iequals(w, "for")) return clause::for_;
  return clause::none;
}

/// Position of the ';' that separates the tokens from the date: the last one outside comments,
/// quoted strings, angle and square brackets.
std::size_t find_date_separator(std::string_view s) {
  std::size_t last = std::string_view::npos;
  int depth = 0;
  bool quote = false, angle = false, square = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && (depth > 0 || quote)) {
      ++i;
      continue;
    }
    if (quote) {
      if (c == '"') quote = false;
    } else if (depth > 0) {
      if (c == '(') ++depth;
      else if (c == ')') --depth;
    } else if (angle) {
      if (c == '>') angle = false;
    } else if (square) {
      if (c == ']') square = false;
    } else if (c == '(') {
      depth = 1;
    } else if (c == '"') {
      quote = true;
    } else if (c == '<') {
      angle = true;
    } else if (c == '[') {
      square = true;
    } else if (c == ';') {
      last = i;
    }
  }
  return last;
}

/// Splits the token part into words and comments. Unterminated constructs run to the end (defect).
std::vector<item> tokenize(std::string_view s, std::vector<defect>& defects) {
  std::vector<item> out;
  std::size_t i = 0;
  bool unterminated = false;
  while (i < s.size()) {
    char c = s[i];
    if (is_wsp(c)) {
      ++i;
      continue;
    }
    if (c == '(') {
      int depth = 0;
      std::string text;
      bool closed = false;
      while (i < s.size()) {
        char d = s[i++];
        if (d == '\\' && i < s.size()) {
          text.push_back(s[i++]);
          continue;
        }
        if (d == '(') {
          if (depth > 0) text.push_back(d);
          ++depth;
        } else if (d == ')') {
          if (--depth == 0) {
            closed = true;
            break;
          }
          text.push_back(d);
        } else {
          text.push_back(d);
        }
      }
      unterminated = unterminated || !closed;
      out.push_back({true, str::collapse_space(text)});
      continue;
    }
    if (c == ')') {  // stray
      ++i;
      continue;
    }
    std::string word;
    while (i < s.size() && !is_wsp(s[i]) && s[i] != '(') {
      char d = s[i];
      if (d == '"' || d == '<' || d == '[') {
        char close = d == '"' ? '"' : d == '<' ? '>' : ']';
        if (d != '"') word.push_back(d);
        ++i;
        bool closed = false;
        while (i < s.size()) {
          char e = s[i++];
          if (e == '\\' && d == '"' && i < s.size()) {
            word.push_back(s[i++]);
            continue;
          }
          if (e == close) {
            closed = true;
            break;
          }
          if (e == '\r' || e == '\n') continue;
          word.push_back(e);
        }
        if (d != '"' && closed) word.push_back(close);
        unterminated = unterminated || !closed;
        continue;
      }
      if (d == ')') break;
      // A comma is no part of any received-token (RFC 5321 §4.4): "by host, with" leaves "host".
      if (d == ',') {
        ++i;
        break;
      }
      word.push_back(d);
      ++i;
    }
    if (!word.empty()) out.push_back({false, std::move(word)});
  }
  if (unterminated)
    defects.push_back({"transport.received.unterminated", "a comment, quoted string or bracket is never closed"});
  return out;
}

/// Splits comment text into words at white space, commas and parentheses.
std::vector<std::string_view> comment_words(std::string_view t) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && (is_wsp(t[i]) || t[i] == ',' || t[i] == '(' || t[i] == ')')) ++i;
    std::size_t b = i;
    while (i < t.size() && !(is_wsp(t[i]) || t[i] == ',' || t[i] == '(' || t[i] == ')')) ++i;
    if (i > b) out.push_back(t.substr(b, i - b));
  }
  return out;
}

std::string strip_dot(std::string_view s) {
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return std::string(s);
}

/// "[192.0.2.1]", "[IPv6:2001:db8::1]", "[192.0.2.1]:25", bare "192.0.2.1" or "2001:db8::1" → the address.
std::optional<std::string> ip_of(std::string_view w) {
  if (!w.empty() && w.front() == '[') {
    auto close = w.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto inner = w.substr(1, close - 1);
    if (str::istarts_with(inner, "IPv6:")) inner.remove_prefix(5);
    if (is_ip_literal(inner)) return std::string(inner);
    return std::nullopt;
  }
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  if (is_ip_literal(w)) return std::string(w);
  // "192.0.2.1:25" (IPv4 with a port)
  auto colon = w.rfind(':');
  if (colon != std::string_view::npos && ip::parse_v4(w.substr(0, colon))) return std::string(w.substr(0, colon));
  return std::nullopt;
}

bool looks_like_host(std::string_view w) {
  if (w.empty() || w.front() == '[' || w.find('=') != std::string_view::npos) return false;
  if (w.find('.') == std::string_view::npos && !str::iequals(w, "localhost")) return false;
  bool letter = false;
  for (char c : w) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_';
    if (!ok) return false;
    letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return letter;
}

/// "TLSv1.3", "TLS1_3", "TLS1.3", "TLSv1", "SSLv3", "TLSv1.2:cipher:bits" → normalised, or nullopt.
std::optional<std::string> tls_version(std::string_view w) {
  auto colon = w.find(':');
  if (colon != std::string_view::npos) w = w.substr(0, colon);
  while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.remove_suffix(1);
  bool ssl = str::istarts_with(w, "SSL");
  if (!ssl && !str::istarts_with(w, "TLS")) return std::nullopt;
  w.remove_prefix(3);
  if (!w.empty() && (w.front() == 'v' || w.front() == 'V')) w.remove_prefix(1);
  if (!w.empty() && (w.front() == ' ' || w.front() == '_')) w.remove_prefix(1);
  if (w.empty() || w.front() < '0' || w.front() > '9') return std::nullopt;
  char major = w.front();
  w.remove_prefix(1);
  char minor = '0';
  if (!w.empty()) {
    if ((w.front() != '.' && w.front() != '_') || w.size() != 2 || w[1] < '0' || w[1] > '9') return std::nullopt;
    minor = w[1];
  }
  if (ssl) {
    if (minor != '0') return std::nullopt;
    return std::string("SSLv") + major;
  }
  if (major != '1' || minor > '3') return std::nullopt;
  return std::string("TLSv1.") + minor;
}

struct tls_evidence {
  std::optional<std::string> version;
  std::optional<std::string> cipher;
  bool used = false;  // some indication that TLS was used
};

void scan_tls_comment(std::string_view text, tls_evidence& ev) {
  auto words = comment_words(text);
  if (words.empty()) return;
  // Exim: "(TLS1.3)" or "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)".
  if (words.size() == 1) {
    if (auto v = tls_version(words[0])) {
      ev.version = ev.version ? ev.version : v;
      ev.used = true;
      auto c1 = words[0].find(':');
      if (c1 != std::string_view::npos) {
        auto rest = words[0].substr(c1 + 1);
        auto c2 = rest.find(':');
        if (!ev.cipher && !rest.substr(0, c2).empty()) ev.cipher = std::string(rest.substr(0, c2));
      }
      return;
    }
  }
  // qmail: "(DHE-RSA-AES256-GCM-SHA384 encrypted)".
  if (words.size() == 2 && str::iequals(words[1], "encrypted")) {
    ev.used = true;
    if (!ev.cipher) ev.cipher = std::string(words[0]);
    return;
  }
  if (str::iequals(text, "Google Transport Security")) ev.used = true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto w = words[i];
    if (str::iequals(w, "using") && i + 1 < words.size()) {  // Postfix "using TLSv1.3 with cipher X"
      if (auto v = tls_version(words[i + 1])) {
        ev.used = true;
        if (!ev.version) ev.version = v;
      }
    } else if (str::iequals(w, "cipher") && i + 1 < words.size() && ev.used) {
      if (!ev.cipher) ev.cipher = std::string(words[i + 1]);
    } else if (str::istarts_with(w, "version=")) {  // Gmail, Microsoft 365, Sendmail
      if (auto v = tls_version(w.substr(8))) {
        ev.used = true;
        if (!ev.version) ev.version = v;
      }
    } else if (str::istarts_with(w, "cipher=") && w.size() > 7) {
      ev.used = true;
      if (!ev.cipher) ev.cipher = std::string(w.substr(7));
    }
  }
}

bool is_tls_protocol(std::string_view p) {
  for (std::string_view t : {"ESMTPS", "ESMTPSA", "SMTPS", "LMTPS", "LMTPSA", "UTF8SMTPS", "UTF8SMTPSA", "UTF8LMTPS",
                             "UTF8LMTPSA"})
    if (str::iequals(p, t)) return true;
  return false;
}
bool is_plain_protocol(std::string_view p) {
  for (std::string_view t : {"SMTP", "ESMTP", "ESMTPA", "LMTP", "LMTPA", "UTF8SMTP", "UTF8SMTPA", "UTF8LMTP",
                             "UTF8LMTPA"})
    if (str::iequals(p, t)) return true;
  return false;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& w : v) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

void read_from_clause(const clause_data& c, hop& h) {
  std::optional<std::string> word0;
  if (!c.words.empty()) word0 = c.words.front();
  // The FROM word is what the client said in EHLO (RFC 5321 §4.4 Extended-Domain): an address literal
  // there is a claim, not the address the server saw. It stands in for the client IP only when the MTA
  // recorded no TCP-info address (Exim writes the connection's address there itself).
  std::optional<std::string> literal_ip;
  bool word0_literal = false;
  if (word0) {
    if (!word0->empty() && word0->front() == '[') {
      word0_literal = true;
      if (auto ip = ip_of(*word0)) literal_ip = *ip;
      else h.defects.push_back({"transport.received.bad_ip", "address literal " + *word0 + " is not an IP address"});
    } else if (is_ip_literal(*word0)) {
      word0_literal = true;
      literal_ip = *word0;
    }
  }
  std::optional<std::string> tcp_ip, helo, rdns;
  for (const auto& com : c.comments) {
    auto words = comment_words(com);
    bool has_ip = false;
    std::optional<std::string> name;
    for (std::size_t i = 0; i < words.size(); ++i) {
      auto w = words[i];
      if (str::istarts_with(w, "helo=") || str::istarts_with(w, "ehlo=")) {
        if (!helo && w.size() > 5) helo = strip_dot(w.substr(5));
        continue;
      }
      if ((str::iequals(w, "HELO") || str::iequals(w, "EHLO")) && i + 1 < words.size()) {
        if (!helo) helo = strip_dot(words[i + 1]);
        ++i;
        continue;
      }
      if (auto ip = ip_of(w)) {
        has_ip = true;
        if (!tcp_ip) tcp_ip = *ip;
        continue;
      }
      if (!name && (looks_like_host(w) || str::iequals(w, "unknown"))) name = strip_dot(w);
    }
    if (has_ip && name && !rdns) rdns = name;
  }
  // TCP-info written without parentheses (qmail, old Exim, GMX, MDaemon, IMail): "from host [192.0.2.1]",
  // "from host (HELO h) [192.0.2.1]". Only a bracketed literal counts: a bare word after the FROM word is
  // not a recognised form.
  for (std::size_t k = 1; k < c.words.size() && !tcp_ip; ++k)
    if (!c.words[k].empty() && c.words[k].front() == '[')
      if (auto ip = ip_of(c.words[k])) tcp_ip = *ip;
  if (tcp_ip) h.from_ip = tcp_ip;
  else if (literal_ip) h.from_ip = literal_ip;
  if (helo) {
    h.from_helo = helo;
    if (rdns) h.from_host = rdns;
    else if (word0 && !word0_literal) h.from_host = strip_dot(*word0);  // Exim, qmail: FROM word is the host name
  } else {
    // RFC 5321: the FROM word is the EHLO name. An address literal is kept as written ("[127.0.0.1]")
    // when the TCP-info carries the address the server saw: then the literal is certainly the EHLO claim.
    if (word0 && (!word0_literal || tcp_ip)) h.from_helo = word0_literal ? *word0 : strip_dot(*word0);
    if (rdns) h.from_host = rdns;
  }
  if (h.from_host && str::iequals(*h.from_host, "unknown")) h.from_host.reset();
  if (h.from_helo && str::iequals(*h.from_helo, "unknown")) h.from_helo.reset();
}

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_month_name(std::string_view w) {
  for (std::string_view m : {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"})
    if (str::iequals(w, m)) return true;
  return false;
}
bool is_day_name(std::string_view w) {
  while (!w.empty() && w.back() == ',') w.remove_suffix(1);
  for (std::string_view d : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"})
    if (str::iequals(w, d)) return true;
  return false;
}
bool all_digits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return is_digit(c); });
}
/// "2026-11-23"
bool is_iso_date(std::string_view w) {
  return w.size() == 10 && all_digits(w.substr(0, 4)) && w[4] == '-' && all_digits(w.substr(5, 2)) && w[7] == '-' &&
         all_digits(w.substr(8, 2));
}

/// A date written without the ';' RFC 5322 §3.6.7 puts before it, as SendGrid and other HTTP front ends do:
///   "… id X Mon, 23 Nov 2026 07:00:00.123 +0000 (UTC)"  (an RFC 5322 date, fractional seconds added)
///   "… id X 2026-11-23 07:00:00.123456789 +0000 UTC m=+1.5"  (Go's time.Time text)
/// Returns the date in RFC 5322 form and where it starts in `s`, or nullopt.
struct loose_date {
  std::size_t start = 0;
  std::string rfc5322;
};

/// "07:00:00.123" → "07:00:00": RFC 5322 has no fractions of a second.
std::string drop_fraction(std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    out.push_back(t[i]);
    if (is_digit(t[i]) && i + 2 < t.size() && t[i + 1] == '.' && is_digit(t[i + 2]) && i >= 2 && t[i - 2] == ':') {
      i += 2;
      while (i + 1 < t.size() && is_digit(t[i + 1])) ++i;
    }
  }
  return out;
}

std::optional<loose_date> find_loose_date(std::string_view s) {
  // Word starts outside comments, quotes and brackets.
  struct word {
    std::size_t begin, end;
  };
  std::vector<word> words;
  int depth = 0;
  bool quote = false;
  char bracket = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (depth > 0 || quote || bracket) {
      if (c == '\\') ++i;
      else if (quote && c == '"') quote = false;
      else if (bracket && c == bracket) bracket = 0;
      else if (depth > 0 && c == '(') ++depth;
      else if (depth > 0 && c == ')') --depth;
      ++i;
      continue;
    }
    if (is_wsp(c)) {
      ++i;
      continue;
    }
    if (c == '(') {
      depth = 1;
      ++i;
      continue;
    }
    std::size_t b = i;
    while (i < s.size() && !is_wsp(s[i]) && s[i] != '(') {
      if (s[i] == '"') quote = true;
      else if (s[i] == '<') bracket = '>';
      else if (s[i] == '[') bracket = ']';
      if (quote || bracket) break;
      ++i;
    }
    if (quote || bracket) {
      ++i;
      continue;
    }
    words.push_back({b, i});
  }
  auto text = [&](std::size_t k) { return s.substr(words[k].begin, words[k].end - words[k].begin); };
  // The first word that starts a date; a received-token cannot be a day name or "23 Nov".
  for (std::size_t k = 1; k < words.size(); ++k) {
    std::string_view w = text(k);
    if (is_day_name(w) || (w.size() <= 2 && all_digits(w) && k + 1 < words.size() && is_month_name(text(k + 1)))) {
      std::string rfc = drop_fraction(s.substr(words[k].begin));
      if (parse_date(rfc).ok()) return loose_date{words[k].begin, rfc};
      return std::nullopt;
    }
    if (is_iso_date(w) && k + 2 < words.size()) {
      // "YYYY-MM-DD hh:mm:ss[.frac] ±zzzz …" → "DD Mon YYYY hh:mm:ss ±zzzz"
      static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      int month = (w[5] - '0') * 10 + (w[6] - '0');
      if (month < 1 || month > 12) return std::nullopt;
      std::string rfc = std::string(w.substr(8, 2)) + " " + months[month - 1] + " " + std::string(w.substr(0, 4)) +
                        " " + drop_fraction(text(k + 1)) + " " + std::string(text(k + 2));
      if (parse_date(rfc).ok()) return loose_date{words[k].begin, rfc};
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

hop parse_received(std::string_view value) {
  hop h;
  h.raw = std::string(value);
  auto semi = find_date_separator(value);
  std::string_view tokens = semi == std::string_view::npos ? value : value.substr(0, semi);
  std::string date_text = semi == std::string_view::npos ? std::string() : std::string(value.substr(semi + 1));
  if (semi == std::string_view::npos) {
    if (auto loose = find_loose_date(value)) {
      tokens = value.substr(0, loose->start);
      date_text = loose->rfc5322;
      h.defects.push_back({"transport.received.no_separator", "the date is not preceded by \";\" (RFC 5322 §3.6.7)"});
    } else {
      h.defects.push_back({"transport.received.no_date", "no \";\" and date-time at the end of the field"});
    }
  }
  if (!date_text.empty() || semi != std::string_view::npos) {
    auto d = parse_date(date_text);
    if (d.ok()) {
      h.date = d->unix_seconds;
      if (d->weekday_mismatch)
        h.defects.push_back({"transport.date.weekday_mismatch", "the day of the week does not match the date"});
      if (d->obsolete)
        h.defects.push_back({"transport.date.obsolete", "the date uses RFC 5322 §4.3 obsolete syntax"});
    } else {
      h.defects.push_back({d.err().code, d.err().message + ": \"" + str::collapse_space(date_text) + "\""});
    }
  }

  auto items = tokenize(tokens, h.defects);
  clause_data clauses[8];
  clause cur = clause::none;
  std::vector<std::string> stray;
  for (auto& it : items) {
    if (it.comment) {
      h.comments.push_back(it.text);
      clauses[static_cast<int>(cur)].comments.push_back(std::move(it.text));
      continue;
    }
    clause k = keyword(it.text);
    if (k != clause::none && !(k == cur && clauses[static_cast<int>(cur)].words.empty())) {
      auto& cd = clauses[static_cast<int>(k)];
      if (cd.seen)
        h.defects.push_back({"transport.received.duplicate_clause",
                             "the " + str::lower(it.text) + " clause appears more than once; the first is kept"});
      cur = k;
      if (cd.seen) cur = clause::none;  // words of a repeated clause are not merged
      else cd.seen = true;
      continue;
    }
    // BY, ID and FOR take one value each (RFC 5321 §4.4); a further word opens an additional clause
    // rather than joining the value ("id X envelope-from <a@b>" keeps the ID "X"). VIA and WITH keep
    // several words: Microsoft writes "via Frontend Transport", "with Microsoft SMTP Server".
    if ((cur == clause::by || cur == clause::id || cur == clause::for_) &&
        !clauses[static_cast<int>(cur)].words.empty())
      cur = clause::extra;
    if (cur == clause::none) stray.push_back(std::move(it.text));
    else clauses[static_cast<int>(cur)].words.push_back(std::move(it.text));
  }
  if (!stray.empty())
    h.defects.push_back({"transport.received.unexpected_text", "text outside any clause: \"" + join(stray) + "\""});
  if (items.empty() && semi != std::string_view::npos)
    h.defects.push_back({"transport.received.empty", "no clause before the date"});

  read_from_clause(clauses[static_cast<int>(clause::from)], h);
  if (const auto& c = clauses[static_cast<int>(clause::by)]; !c.words.empty()) h.by_host = strip_dot(c.words.front());
  if (const auto& c = clauses[static_cast<int>(clause::via)]; !c.words.empty()) h.via = join(c.words);
  if (const auto& c = clauses[static_cast<int>(clause::id)]; !c.words.empty()) h.id = join(c.words);
  if (const auto& c = clauses[static_cast<int>(clause::for_)]; !c.words.empty()) {
    std::string_view f = c.words.front();
    if (f.size() >= 2 && f.front() == '<' && f.back() == '>') f = f.substr(1, f.size() - 2);
    h.for_addr = std::string(f);
  }

  tls_evidence ev;
  auto with_words = clauses[static_cast<int>(clause::with)].words;
  // Exim: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384": the cipher follows the word "tls".
  for (std::size_t i = 1; i + 1 < with_words.size(); ++i) {
    if (str::iequals(with_words[i], "tls")) {
      ev.used = true;
      ev.cipher = with_words[i + 1];
      with_words.erase(with_words.begin() + static_cast<std::ptrdiff_t>(i), with_words.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      break;
    }
  }
  if (!with_words.empty()) h.with = join(with_words);
  for (const auto& com : h.comments) scan_tls_comment(com, ev);
  bool plain = false;
  if (!with_words.empty()) {
    if (is_tls_protocol(with_words.front())) ev.used = true;
    else if (is_plain_protocol(with_words.back()) || is_plain_protocol(with_words.front())) plain = true;
    else if (str::istarts_with(*h.with, "Microsoft SMTP")) plain = true;
  }
  if (ev.version) h.tls = ev.version;
  else if (ev.used) h.tls = "unknown-version";
  else if (plain) h.tls = "none";
  h.cipher = ev.cipher;
  return h;
}

}  // namespace authlens::transport
