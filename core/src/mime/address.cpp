// RFC 5322 §3.4 address lists (with §4.4 obsolete forms, leniently) and the RFC 5322.From author domain.
#include "authlens/address.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "authlens/message.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::mime {

namespace {

enum class tok { atom, quoted, literal, comment, special };

struct token {  // kept small: hostile fields hold tens of thousands of tokens
  tok kind;
  char ch = 0;              // for specials: one of < > : ; , @ .
  bool space_before = false;
  std::uint32_t begin = 0;  // span in the source (quotes/brackets/parentheses included)
  std::uint32_t end = 0;
};

/// Atom/literal as written; quoted-string and comment content without delimiters, escapes removed.
std::string token_text(std::string_view src, const token& t) {
  std::string_view v = src.substr(t.begin, t.end - t.begin);
  if (t.kind == tok::atom || t.kind == tok::literal) return std::string(v);
  if (t.kind == tok::special) return std::string(1, t.ch);
  std::string out;
  std::size_t from = 1, to = v.size();
  if (t.kind == tok::quoted && to > 1 && v.back() == '"') --to;
  if (t.kind == tok::comment && to > 1 && v.back() == ')') --to;
  for (std::size_t i = from; i < to; ++i) {
    if (v[i] == '\\' && i + 1 < to) {
      out.push_back(v[++i]);
    } else if (v[i] != '\r' && v[i] != '\n') {
      out.push_back(v[i]);
    }
  }
  return out;
}

bool is_special(char c) {
  return c == '<' || c == '>' || c == ':' || c == ';' || c == ',' || c == '@' || c == '.';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::vector<token> lex(std::string_view s, detail::defect_sink& sink) {
  std::vector<token> out;
  if (s.size() > 0xFFFFFFF0u) s = s.substr(0, 0xFFFFFFF0u);
  std::size_t i = 0;
  bool space = false;
  while (i < s.size()) {
    char c = s[i];
    if (is_space(c)) {
      space = true;
      ++i;
      continue;
    }
    token t;
    t.begin = std::uint32_t(i);
    t.space_before = space;
    space = false;
    if (c == '"') {
      t.kind = tok::quoted;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          i += 2;
          continue;
        }
        if (s[i] == '"') {
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) sink.add_once("mime.address.unterminated", "unterminated quoted string");
    } else if (c == '(') {
      t.kind = tok::comment;
      int depth = 0;
      bool closed = false;
      while (i < s.size()) {
        char d = s[i];
        if (d == '\\' && i + 1 < s.size()) {
          i += 2;
          continue;
        }
        if (d == '(') {
          ++depth;
        } else if (d == ')') {
          --depth;
          if (depth == 0) {
            closed = true;
            ++i;
            break;
          }
        }
        ++i;
      }
      if (!closed) sink.add_once("mime.address.unterminated", "unterminated comment");
      space = true;  // a comment separates words like white space
    } else if (c == '[') {
      t.kind = tok::literal;
      std::size_t close = s.find(']', i);
      if (close == std::string_view::npos) {
        sink.add_once("mime.address.unterminated", "unterminated domain literal");
        close = s.size() - 1;
      }
      i = close + 1;
    } else if (is_special(c)) {
      t.kind = tok::special;
      t.ch = c;
      ++i;
    } else if (c == ')' || c == ']') {
      sink.add_once("mime.address.syntax", std::string("stray '") + c + "' skipped");
      ++i;
      continue;
    } else {
      t.kind = tok::atom;
      while (i < s.size() && !is_space(s[i]) && !is_special(s[i]) && s[i] != '"' && s[i] != '(' && s[i] != ')' &&
             s[i] != '[' && s[i] != ']')
        ++i;
    }
    if (i > s.size()) i = s.size();
    t.end = std::uint32_t(i);
    out.push_back(std::move(t));
  }
  return out;
}

bool is_sp(const token& t, char c) { return t.kind == tok::special && t.ch == c; }

/// Joins phrase words (atoms, quoted strings, dots) with single spaces where the source had space,
/// then decodes RFC 2047 encoded words.
std::string phrase_text(std::string_view src, const std::vector<token>& toks, std::size_t from, std::size_t to,
                        std::vector<defect>* defects) {
  std::string s;
  bool first = true;
  for (std::size_t k = from; k < to; ++k) {
    const token& t = toks[k];
    if (t.kind == tok::comment) continue;
    if (!first && t.space_before) s.push_back(' ');
    first = false;
    s += token_text(src, t);
  }
  return decode_words(s, defects);
}

/// Source text of tokens [from, to) without comments and white space: a local part or domain as written.
std::string raw_text(std::string_view src, const std::vector<token>& toks, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t k = from; k < to; ++k) {
    const token& t = toks[k];
    if (t.kind == tok::comment) continue;
    if (k > from && t.space_before && t.kind != tok::special && k > 0 && !is_sp(toks[k - 1], '.') && !s.empty())
      s.push_back(' ');  // obsolete "john doe@x": keep the words apart
    s.append(src.substr(t.begin, t.end - t.begin));
  }
  return s;
}

std::string first_comment(std::string_view src, const std::vector<token>& toks, std::size_t from, std::size_t to,
                          std::vector<defect>* defects) {
  for (std::size_t k = from; k < to; ++k) {
    if (toks[k].kind != tok::comment) continue;
    std::string text = token_text(src, toks[k]);
    std::string_view trimmed = str::trim(text);
    if (!trimmed.empty()) return decode_words(trimmed, defects);
  }
  return {};
}

/// Splits "local@domain" tokens [from, to) at the last '@'.
void fill_addr_spec(std::string_view src, const std::vector<token>& toks, std::size_t from, std::size_t to,
                    mailbox& mb, detail::defect_sink& sink) {
  std::size_t at = to;
  for (std::size_t k = from; k < to; ++k)
    if (is_sp(toks[k], '@')) at = k;
  if (at == to) {
    mb.local = raw_text(src, toks, from, to);
    mb.address = mb.local;
    if (!mb.local.empty())
      sink.add("mime.address.no_domain", "mailbox \"" + detail::excerpt(mb.local) + "\" has no domain");
    return;
  }
  mb.local = raw_text(src, toks, from, at);
  mb.domain = raw_text(src, toks, at + 1, to);
  mb.address = mb.local + "@" + mb.domain;
  if (mb.domain.empty()) sink.add("mime.address.no_domain", "mailbox \"" + detail::excerpt(mb.address) + "\" has no domain");
}

}  // namespace

address_list parse_address_list(std::string_view value, std::size_t max_mailboxes) {
  address_list out;
  detail::defect_sink sink(&out.defects, 100);
  std::vector<token> toks = lex(value, sink);
  std::string group;
  bool in_group = false;
  std::size_t i = 0;
  const std::size_t n = toks.size();
  auto push = [&](mailbox mb) {
    if (out.mailboxes.size() >= max_mailboxes) {
      sink.add_once("mime.address.too_many", "more than " + std::to_string(max_mailboxes) + " mailboxes; the rest ignored");
      return;
    }
    mb.group = in_group ? group : std::string();
    out.mailboxes.push_back(std::move(mb));
  };
  auto skip_to_separator = [&] {
    bool junk = false;
    while (i < n && !is_sp(toks[i], ',') && !is_sp(toks[i], ';')) {
      if (toks[i].kind != tok::comment) junk = true;
      ++i;
    }
    if (junk) sink.add_once("mime.address.syntax", "unexpected text after an address was skipped");
  };

  while (i < n) {
    // Phrase (or local part): words, quoted strings, dots, comments.
    std::size_t p_begin = i;
    while (i < n && (toks[i].kind != tok::special || toks[i].ch == '.')) ++i;
    std::size_t p_end = i;
    bool has_words = false;
    for (std::size_t k = p_begin; k < p_end; ++k)
      if (toks[k].kind != tok::comment) has_words = true;

    // A phrase that runs into specials before an angle-addr ("attacker@evil.test <ceo@bank.example>") is
    // an invalid display name (RFC 5322 §3.4: a phrase holds words only), not an addr-spec followed by
    // junk: the angle-addr is the mailbox, whatever the phrase claims.
    if (i < n && !is_sp(toks[i], '<') && !is_sp(toks[i], ',') && !is_sp(toks[i], ';') && !is_sp(toks[i], ':')) {
      std::size_t k = i;
      while (k < n && !is_sp(toks[k], '<') && !is_sp(toks[k], ',') && !is_sp(toks[k], ';') && !is_sp(toks[k], ':'))
        ++k;
      if (k < n && is_sp(toks[k], '<')) {
        sink.add_once("mime.address.phrase_specials",
                      "display name \"" + detail::excerpt(raw_text(value, toks, p_begin, k)) +
                          "\" holds special characters ('@', '<', '>'…) outside quotes; the address in <…> is used");
        for (std::size_t t = p_begin; t < k; ++t) has_words = has_words || toks[t].kind != tok::comment;
        p_end = k;
        i = k;
      }
    }
    if (i < n && is_sp(toks[i], '<')) {
      mailbox mb;
      mb.angle = true;
      ++i;
      std::size_t a_begin = i;
      while (i < n && !is_sp(toks[i], '>')) ++i;
      std::size_t a_end = i;
      if (i < n) {
        ++i;
      } else {
        sink.add_once("mime.address.unterminated", "'<' without '>'");
      }
      // Obsolete route "@a,@b:" before the address.
      if (a_begin < a_end && is_sp(toks[a_begin], '@')) {
        std::size_t k = a_begin;
        while (k < a_end && !is_sp(toks[k], ':')) ++k;
        if (k < a_end) {
          sink.add_once("mime.address.route", "obsolete source route ignored");
          a_begin = k + 1;
        }
      }
      // A stray '<' inside: keep the innermost part.
      for (std::size_t k = a_begin; k < a_end; ++k)
        if (is_sp(toks[k], '<')) a_begin = k + 1;
      fill_addr_spec(value, toks, a_begin, a_end, mb, sink);
      mb.display_name = has_words ? phrase_text(value, toks, p_begin, p_end, &out.defects) : std::string();
      std::size_t c_begin = i;
      skip_to_separator();
      if (mb.display_name.empty()) {
        mb.display_name = first_comment(value, toks, p_begin, p_end, &out.defects);
        if (mb.display_name.empty()) mb.display_name = first_comment(value, toks, c_begin, i, &out.defects);
      }
      push(std::move(mb));
    } else if (i < n && is_sp(toks[i], ':') && !in_group) {
      group = has_words ? phrase_text(value, toks, p_begin, p_end, &out.defects) : std::string();
      in_group = true;
      out.groups.push_back(group);
      ++i;
      continue;
    } else if (i < n && is_sp(toks[i], '@')) {
      // addr-spec: local@domain (domain: atoms, dots, literals up to a separator).
      ++i;
      std::size_t d_begin = i;
      while (i < n && (toks[i].kind == tok::atom || toks[i].kind == tok::literal || is_sp(toks[i], '.') ||
                       toks[i].kind == tok::comment)) {
        // Two words in a row without a dot end the domain (the rest is junk).
        if (i > d_begin && (toks[i].kind == tok::atom || toks[i].kind == tok::literal) && toks[i].space_before &&
            !is_sp(toks[i - 1], '.') && toks[i - 1].kind != tok::comment)
          break;
        ++i;
      }
      std::size_t d_end = i;
      mailbox mb;
      fill_addr_spec(value, toks, p_begin, d_end, mb, sink);
      std::size_t c_begin = i;
      skip_to_separator();
      mb.display_name = first_comment(value, toks, p_begin, d_end, &out.defects);
      if (mb.display_name.empty()) mb.display_name = first_comment(value, toks, c_begin, i, &out.defects);
      push(std::move(mb));
    } else {
      // ',' or ';' or end or a stray special.
      if (has_words) {
        mailbox mb;
        fill_addr_spec(value, toks, p_begin, p_end, mb, sink);
        mb.display_name = first_comment(value, toks, p_begin, p_end, &out.defects);
        push(std::move(mb));
      }
      if (i < n && !is_sp(toks[i], ',') && !is_sp(toks[i], ';')) {
        sink.add_once("mime.address.syntax", std::string("unexpected '") + toks[i].ch + "' skipped");
        ++i;
        continue;
      }
    }
    if (i < n && is_sp(toks[i], ';')) {
      if (in_group) {
        in_group = false;
        group.clear();
      } else {
        sink.add_once("mime.address.syntax", "';' outside a group");
      }
      ++i;
    } else if (i < n && is_sp(toks[i], ',')) {
      ++i;
    }
  }
  if (in_group) sink.add_once("mime.address.syntax", "group \"" + detail::excerpt(group) + "\" not closed with ';'");
  if (out.mailboxes.empty() && out.groups.empty()) sink.add("mime.address.empty", "no address");
  return out;
}

address_list addresses(const message& m, std::string_view field_name) {
  address_list all;
  for (const header_field* f : m.all(field_name)) {
    address_list one = parse_address_list(f->unfolded);
    // "<>" (null reverse-path) in Return-Path is valid and holds no mailbox; keep it as an empty address.
    for (auto& mb : one.mailboxes) all.mailboxes.push_back(std::move(mb));
    for (auto& g : one.groups) all.groups.push_back(std::move(g));
    for (auto& d : one.defects) {
      if (d.code == "mime.address.empty" && str::iequals(field_name, "Return-Path")) continue;
      all.defects.push_back(std::move(d));
    }
  }
  return all;
}

const char* to_string(author_error e) {
  switch (e) {
    case author_error::none: return "ok";
    case author_error::no_from: return "mime.author.no_from";
    case author_error::multiple_from_fields: return "mime.author.multiple_from_fields";
    case author_error::no_mailbox: return "mime.author.no_mailbox";
    case author_error::multiple_mailboxes: return "mime.author.multiple_mailboxes";
    case author_error::no_domain: return "mime.author.no_domain";
  }
  return "ok";
}

author_domain_result author_domain(const message& m) {
  author_domain_result r;
  auto froms = m.all("From");
  if (froms.empty()) {
    r.error = author_error::no_from;
    r.detail = "the message has no From field";
    return r;
  }
  if (froms.size() > 1) {
    r.error = author_error::multiple_from_fields;
    r.detail = "the message has " + std::to_string(froms.size()) + " From fields";
    return r;
  }
  address_list list = parse_address_list(froms.front()->unfolded);
  if (list.mailboxes.empty()) {
    r.error = author_error::no_mailbox;
    r.detail = "From holds no mailbox";
    return r;
  }
  // Several mailboxes (RFC 5322 §3.6.2 allows it with a Sender field): one domain among them is the
  // Author Domain, as if there were one mailbox (RFC 9989 §4.4); different domains leave none (RFC 9989
  // exempts such messages from DMARC; docs/decisions.md explains why authlens reports them as permerror).
  std::vector<std::string> domains;
  for (const auto& mb : list.mailboxes) {
    std::string d = str::lower(mb.domain);
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (d.empty() || d.front() == '[') {
      r.error = author_error::no_domain;
      r.detail = d.empty() ? "the From mailbox " + mb.address + " has no domain"
                           : "the From mailbox " + mb.address + " has a domain literal, not a name";
      if (list.mailboxes.size() == 1)
        r.detail = d.empty() ? "the From mailbox has no domain" : "the From mailbox has a domain literal, not a name";
      return r;
    }
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(std::move(d));
  }
  if (domains.size() > 1) {
    r.error = author_error::multiple_mailboxes;
    r.detail = "From lists " + std::to_string(list.mailboxes.size()) + " mailboxes in " +
               std::to_string(domains.size()) + " domains:";
    for (const auto& d : domains) r.detail += " " + d;
    return r;
  }
  r.domain = std::move(domains.front());
  return r;
}

}  // namespace authlens::mime
