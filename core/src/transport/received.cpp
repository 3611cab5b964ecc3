// Received field reader (RFC 5321 §4.4, RFC 5322 §3.6.7) with the shapes real MTAs write
// (see the header for the catalogue and the meaning of every hop member).
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/strings.hpp"
#include "authlens/transport.hpp"
#include "transport/ip.hpp"

namespace authlens::transport {

namespace {

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct item {
  bool comment = false;
  std::string text;  // word as written (quotes removed) or comment content without outer parentheses
};

enum class clause { none, from, by, via, with, id, for_ };

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
  if (colon != std::string_view::npos && detail::parse_ipv4(w.substr(0, colon))) return std::string(w.substr(0, colon));
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
  bool word0_literal = false;
  if (word0) {
    if (!word0->empty() && word0->front() == '[') {
      word0_literal = true;
      if (auto ip = ip_of(*word0)) h.from_ip = *ip;
      else h.defects.push_back({"transport.received.bad_ip", "address literal " + *word0 + " is not an IP address"});
    } else if (is_ip_literal(*word0)) {
      word0_literal = true;
      h.from_ip = *word0;
    }
  }
  std::optional<std::string> helo, rdns;
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
        if (!h.from_ip) h.from_ip = *ip;
        continue;
      }
      if (!name && (looks_like_host(w) || str::iequals(w, "unknown"))) name = strip_dot(w);
    }
    if (has_ip && name && !rdns) rdns = name;
  }
  if (helo) {
    h.from_helo = helo;
    if (rdns) h.from_host = rdns;
    else if (word0 && !word0_literal) h.from_host = strip_dot(*word0);  // Exim, qmail: FROM word is the host name
  } else {
    if (word0 && !word0_literal) h.from_helo = strip_dot(*word0);  // RFC 5321: FROM word is the EHLO name
    if (rdns) h.from_host = rdns;
  }
  if (h.from_host && str::iequals(*h.from_host, "unknown")) h.from_host.reset();
  if (h.from_helo && str::iequals(*h.from_helo, "unknown")) h.from_helo.reset();
}

}  // namespace

hop parse_received(std::string_view value) {
  hop h;
  h.raw = std::string(value);
  auto semi = find_date_separator(value);
  std::string_view tokens = semi == std::string_view::npos ? value : value.substr(0, semi);
  if (semi == std::string_view::npos) {
    h.defects.push_back({"transport.received.no_date", "no \";\" and date-time at the end of the field"});
  } else {
    auto d = parse_date(value.substr(semi + 1));
    if (d.ok()) {
      h.date = d->unix_seconds;
      if (d->weekday_mismatch)
        h.defects.push_back({"transport.date.weekday_mismatch", "the day of the week does not match the date"});
      if (d->obsolete)
        h.defects.push_back({"transport.date.obsolete", "the date uses RFC 5322 §4.3 obsolete syntax"});
    } else {
      h.defects.push_back({d.err().code, d.err().message + ": \"" + str::collapse_space(value.substr(semi + 1)) + "\""});
    }
  }

  auto items = tokenize(tokens, h.defects);
  clause_data clauses[7];
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
