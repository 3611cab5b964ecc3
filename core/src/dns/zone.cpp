// RFC 1035 §5 master files as an offline DNS source, with the offline semantics of DESIGN.md:
// absent name → NXDOMAIN, name without the type → NODATA, CNAME followed (bounded, loops →
// SERVFAIL). Names that exist only as ancestors of other names (empty non-terminals) are NODATA,
// not NXDOMAIN (RFC 8020). Also RFC 2308 §4 ($TTL), RFC 3596 (AAAA), RFC 3597 (TYPE<n>).
#include <algorithm>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/ip.hpp"
#include "authlens/strings.hpp"
#include "detail.hpp"

namespace authlens::dns {

namespace {

constexpr std::uint32_t k_default_ttl = 3600;  // when neither a TTL nor $TTL was given
constexpr std::size_t k_max_defects = 1000;    // a garbage file should not make a garbage report

struct token {
  std::string text;  ///< unquoted: raw, escapes kept; quoted: escapes decoded
  bool quoted = false;
};

struct logical_line {
  std::vector<token> toks;
  bool blank_owner = false;  ///< the line began with white space: previous owner
  std::size_t lineno = 0;    ///< where it began (1-based)
};

class defects_sink {
 public:
  explicit defects_sink(std::vector<defect>& out) : out_(out) {}
  void add(std::size_t line, std::string code, const std::string& what) {
    if (out_.size() >= k_max_defects) return;
    out_.push_back(defect{std::move(code), "line " + std::to_string(line) + ": " + what});
  }

 private:
  std::vector<defect>& out_;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Splits the text into logical lines: comments dropped, parentheses joining physical lines,
/// quoted strings decoded (RFC 1035 §5.1).
std::vector<logical_line> tokenize(std::string_view text, defects_sink& defects) {
  std::vector<logical_line> lines;
  logical_line cur;
  std::string tok;
  bool in_tok = false;
  int depth = 0;
  std::size_t lineno = 1;
  bool at_line_start = true;
  std::size_t paren_line = 0;

  auto end_token = [&] {
    if (in_tok) cur.toks.push_back(token{std::move(tok), false});
    tok.clear();
    in_tok = false;
  };
  auto end_line = [&] {
    end_token();
    if (!cur.toks.empty()) lines.push_back(std::move(cur));
    cur = logical_line{};
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (at_line_start) {
      at_line_start = false;
      if (depth == 0) {
        cur = logical_line{};
        cur.lineno = lineno;
        cur.blank_owner = (c == ' ' || c == '\t');
      }
    }
    switch (c) {
      case '\n':
        if (depth == 0) end_line();
        else end_token();
        ++lineno;
        at_line_start = true;
        break;
      case ' ':
      case '\t':
      case '\r':
        end_token();
        break;
      case ';':
        end_token();
        while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        break;
      case '(':
        end_token();
        if (depth == 0) paren_line = lineno;
        ++depth;
        break;
      case ')':
        end_token();
        if (depth == 0) defects.add(lineno, "dns.zone.unbalanced_paren", "')' without '('");
        else --depth;
        break;
      case '"': {
        end_token();
        std::string s;
        bool closed = false;
        for (++i; i < text.size(); ++i) {
          const char d = text[i];
          if (d == '"') {
            closed = true;
            break;
          }
          if (d == '\n') {
            --i;  // let the outer loop see the end of the line
            break;
          }
          if (d == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
            if (i + 3 < text.size() && is_digit(text[i + 1]) && is_digit(text[i + 2]) && is_digit(text[i + 3])) {
              const unsigned v = unsigned(text[i + 1] - '0') * 100 + unsigned(text[i + 2] - '0') * 10 +
                                 unsigned(text[i + 3] - '0');
              if (v > 255) defects.add(lineno, "dns.zone.bad_escape", "escape \\DDD above 255");
              s += char(v & 0xFF);
              i += 3;
            } else {
              s += text[++i];
            }
            continue;
          }
          s += d;
        }
        if (!closed) defects.add(lineno, "dns.zone.unterminated_quote", "quoted string not closed on its line");
        cur.toks.push_back(token{std::move(s), true});
        break;
      }
      case '\\':
        in_tok = true;
        tok += c;
        if (i + 1 < text.size() && text[i + 1] != '\n') tok += text[++i];
        break;
      default:
        in_tok = true;
        tok += c;
        break;
    }
  }
  if (depth > 0) defects.add(paren_line, "dns.zone.unbalanced_paren", "'(' not closed before the end of the file");
  end_line();
  return lines;
}

/// Decodes the escapes of an unquoted token (\DDD, \X).
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      if (i + 3 < s.size() && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3])) {
        out += char((unsigned(s[i + 1] - '0') * 100 + unsigned(s[i + 2] - '0') * 10 + unsigned(s[i + 3] - '0')) &
                    0xFF);
        i += 3;
      } else {
        out += s[++i];
      }
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Parses a presentation-form name against `origin` (canonical, no trailing dot; "" is the root)
/// into the canonical key form: labels lower-cased and escaped as the wire codec does, no trailing
/// dot. False when a label is empty or over 63 octets, or the name over 255 octets.
bool parse_name(std::string_view s, const std::string& origin, std::string& out) {
  if (s == "@") {
    out = origin;
    return true;
  }
  if (s == ".") {
    out.clear();
    return true;
  }
  std::vector<std::string> labels;
  std::string label;
  bool absolute = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    absolute = false;
    if (s[i] == '\\') {
      if (i + 3 < s.size() && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3])) {
        const unsigned v = unsigned(s[i + 1] - '0') * 100 + unsigned(s[i + 2] - '0') * 10 + unsigned(s[i + 3] - '0');
        if (v > 255) return false;
        label += char(v);
        i += 3;
      } else if (i + 1 < s.size()) {
        label += s[++i];
      } else {
        return false;
      }
    } else if (s[i] == '.') {
      if (label.empty()) return false;
      labels.push_back(std::move(label));
      label.clear();
      absolute = true;
    } else {
      label += s[i];
    }
    if (label.size() > 63) return false;
  }
  if (!absolute) {
    if (label.empty()) return false;
    labels.push_back(std::move(label));
  }
  std::size_t octets = 1;
  std::string name;
  for (const auto& l : labels) {
    octets += l.size() + 1;
    if (!name.empty()) name += '.';
    detail::append_label(name, l);
  }
  if (!absolute && !origin.empty()) {
    // The origin is canonical already; count its octets from its presentation form.
    std::size_t o = 1;
    for (std::size_t i = 0; i < origin.size(); ++i) {
      if (origin[i] == '\\') i += is_digit(origin[i + 1]) ? 3 : 1;
      ++o;
    }
    octets += o;  // labels' dots in the origin stand for its length octets, plus one for the join
    name += '.';
    name += origin;
  }
  if (octets > 255) return false;
  out = std::move(name);
  return true;
}

std::string absolute(const std::string& name) { return name.empty() ? std::string(".") : name + "."; }

/// "3600", "1h30m", "2W": seconds (RFC 2308 §4 and the usual unit letters).
std::optional<std::uint32_t> parse_ttl(std::string_view s) {
  if (s.empty() || !is_digit(s[0])) return std::nullopt;
  std::uint64_t total = 0, v = 0;
  bool have_digits = false, any_unit = false;
  for (char c : s) {
    if (is_digit(c)) {
      v = v * 10 + std::uint64_t(c - '0');
      if (v > 0xFFFFFFFFull) return std::nullopt;
      have_digits = true;
      continue;
    }
    if (!have_digits) return std::nullopt;
    std::uint64_t mul = 0;
    switch (str::ascii_lower(c)) {
      case 's': mul = 1; break;
      case 'm': mul = 60; break;
      case 'h': mul = 3600; break;
      case 'd': mul = 86400; break;
      case 'w': mul = 604800; break;
      default: return std::nullopt;
    }
    total += v * mul;
    if (total > 0xFFFFFFFFull) return std::nullopt;
    v = 0;
    have_digits = false;
    any_unit = true;
  }
  if (have_digits) {
    if (any_unit) return std::nullopt;  // "1h30" is ambiguous
    total += v;
  }
  if (total > 0x7FFFFFFFull) return std::nullopt;  // RFC 2181 §8
  return std::uint32_t(total);
}

std::optional<std::uint32_t> parse_u32(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + std::uint64_t(c - '0');
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return std::uint32_t(v);
}

/// Other types seen in real zones, kept with their rdata as written so their owners exist.
std::optional<std::uint16_t> other_type(std::string_view s) {
  struct entry {
    std::string_view name;
    std::uint16_t type;
  };
  static constexpr entry k[] = {{"HINFO", 13}, {"RP", 17},     {"AFSDB", 18},  {"SIG", 24},    {"KEY", 25},
                                {"LOC", 29},   {"SRV", 33},    {"NAPTR", 35},  {"CERT", 37},   {"DNAME", 39},
                                {"DS", 43},    {"SSHFP", 44},  {"RRSIG", 46},  {"NSEC", 47},   {"DNSKEY", 48},
                                {"NSEC3", 50}, {"NSEC3PARAM", 51}, {"TLSA", 52}, {"SMIMEA", 53}, {"CDS", 59},
                                {"CDNSKEY", 60}, {"OPENPGPKEY", 61}, {"SVCB", 64}, {"HTTPS", 65}, {"URI", 256},
                                {"CAA", 257}};
  for (const auto& e : k)
    if (str::iequals(e.name, s)) return e.type;
  if (s.size() > 4 && str::istarts_with(s, "TYPE")) {
    if (auto v = parse_u32(s.substr(4)); v && *v <= 65535) return std::uint16_t(*v);
  }
  return std::nullopt;
}

bool is_class(std::string_view s) {
  return str::iequals(s, "IN") || str::iequals(s, "CH") || str::iequals(s, "HS") || str::iequals(s, "CS");
}

bool same_rdata(const wire_record& a, const wire_record& b) {
  return a.type == b.type && a.data == b.data && a.txt == b.txt;
}

}  // namespace

std::vector<defect> zone_source::add_zone_text(std::string_view text, std::string_view default_origin) {
  std::vector<defect> out;
  defects_sink defects(out);
  std::string origin;
  if (!default_origin.empty() && !parse_name(std::string(default_origin) + (default_origin.back() == '.' ? "" : "."),
                                             "", origin)) {
    defects.add(0, "dns.zone.bad_name", "default origin is not a valid name");
    origin.clear();
  }
  std::optional<std::uint32_t> dollar_ttl;
  std::optional<std::uint32_t> last_ttl;
  std::optional<std::string> owner;

  for (const auto& ln : tokenize(text, defects)) {
    const auto& t = ln.toks;
    std::size_t k = 0;
    if (!ln.blank_owner && !t[0].quoted && !t[0].text.empty() && t[0].text[0] == '$') {
      const std::string& d = t[0].text;
      if (str::iequals(d, "$ORIGIN")) {
        std::string o;
        if (t.size() < 2 || t[1].quoted || !parse_name(t[1].text, origin, o)) {
          defects.add(ln.lineno, "dns.zone.bad_name", "$ORIGIN without a valid name");
          continue;
        }
        origin = std::move(o);
      } else if (str::iequals(d, "$TTL")) {
        std::optional<std::uint32_t> v;
        if (t.size() >= 2 && !t[1].quoted) v = parse_ttl(t[1].text);
        if (!v) {
          defects.add(ln.lineno, "dns.zone.bad_ttl", "$TTL without a valid TTL");
          continue;
        }
        dollar_ttl = v;
      } else if (str::iequals(d, "$INCLUDE")) {
        defects.add(ln.lineno, "dns.zone.include_ignored", "$INCLUDE is not followed (give each file instead)");
      } else {
        defects.add(ln.lineno, "dns.zone.unknown_directive", "unknown directive " + d);
      }
      continue;
    }

    // Owner.
    if (ln.blank_owner) {
      if (!owner) {
        defects.add(ln.lineno, "dns.zone.no_owner", "record without an owner name and no previous owner");
        continue;
      }
    } else {
      std::string o;
      if (t[0].quoted || !parse_name(t[0].text, origin, o)) {
        defects.add(ln.lineno, "dns.zone.bad_name", "owner name is not valid");
        owner.reset();  // records that follow with a blank owner would belong to the bad name
        continue;
      }
      owner = std::move(o);
      k = 1;
    }

    // [TTL] [class] or [class] [TTL], then the type.
    std::optional<std::uint32_t> ttl;
    bool klass_seen = false, bad_class = false, bad = false;
    for (int n = 0; n < 2 && k < t.size() && !t[k].quoted; ++n) {
      if (!ttl && is_digit(t[k].text[0])) {
        ttl = parse_ttl(t[k].text);
        if (!ttl) {
          defects.add(ln.lineno, "dns.zone.bad_ttl", "TTL '" + t[k].text + "' is not valid");
          bad = true;
          break;
        }
        ++k;
      } else if (!klass_seen && is_class(t[k].text)) {
        klass_seen = true;
        bad_class = !str::iequals(t[k].text, "IN");
        ++k;
      } else {
        break;
      }
    }
    if (bad) continue;
    if (bad_class) {
      defects.add(ln.lineno, "dns.zone.class", "only class IN is read");
      continue;
    }
    if (k >= t.size() || t[k].quoted) {
      defects.add(ln.lineno, "dns.zone.syntax", "record without a type");
      continue;
    }
    const std::string& type_tok = t[k].text;
    ++k;
    if (ttl) last_ttl = ttl;
    const std::uint32_t rttl = ttl ? *ttl : dollar_ttl ? *dollar_ttl : last_ttl ? *last_ttl : k_default_ttl;

    wire_record rec;
    rec.name = *owner;
    rec.ttl = rttl;
    const std::size_t nrdata = t.size() - k;
    auto rdata_error = [&](const std::string& what) {
      defects.add(ln.lineno, "dns.zone.bad_rdata", type_tok + " record: " + what);
    };
    auto rd_name = [&](std::size_t idx, std::string& out_name) {
      return !t[idx].quoted && parse_name(t[idx].text, origin, out_name);
    };
    if (nrdata > 0 && !t[k].quoted && t[k].text == "\\#") {
      defects.add(ln.lineno, "dns.zone.unsupported_type", "RFC 3597 generic data is not read");
      continue;
    }

    auto known = rr_type_from_string(type_tok);
    if (!known) {
      auto other = other_type(type_tok);
      if (!other) {
        defects.add(ln.lineno, "dns.zone.unknown_type", "unknown type '" + type_tok + "'");
        continue;
      }
      // Kept as written: its owner exists, and nothing in authlens reads its data.
      rec.type = *other;
      for (std::size_t i = k; i < t.size(); ++i) {
        if (i > k) rec.data += ' ';
        rec.data += t[i].quoted ? "\"" + t[i].text + "\"" : t[i].text;
      }
    } else {
      rec.type = static_cast<std::uint16_t>(*known);
      switch (*known) {
        case rr_type::a: {
          auto v = nrdata == 1 && !t[k].quoted ? ip::parse_v4(t[k].text) : std::nullopt;
          if (!v) {
            rdata_error("not an IPv4 address");
            continue;
          }
          rec.data = ip::to_string(*v);
          break;
        }
        case rr_type::aaaa: {
          auto v = nrdata == 1 && !t[k].quoted ? ip::parse_v6(t[k].text) : std::nullopt;
          if (!v) {
            rdata_error("not an IPv6 address");
            continue;
          }
          rec.data = ip::to_string(*v);
          break;
        }
        case rr_type::mx: {
          std::string host;
          auto pref = nrdata == 2 && !t[k].quoted ? parse_u32(t[k].text) : std::nullopt;
          if (!pref || *pref > 65535 || !rd_name(k + 1, host)) {
            rdata_error("expected a preference (0-65535) and a host name");
            continue;
          }
          rec.data = std::to_string(*pref) + " " + absolute(host);
          break;
        }
        case rr_type::ptr:
        case rr_type::cname:
        case rr_type::ns: {
          std::string host;
          if (nrdata != 1 || !rd_name(k, host)) {
            rdata_error("expected one host name");
            continue;
          }
          rec.data = absolute(host);
          break;
        }
        case rr_type::soa: {
          std::string mname, rname;
          bool ok = nrdata == 7 && rd_name(k, mname) && rd_name(k + 1, rname);
          std::string nums;
          for (std::size_t i = 2; ok && i < 7; ++i) {
            auto v = t[k + i].quoted ? std::nullopt : i == 2 ? parse_u32(t[k + i].text) : parse_ttl(t[k + i].text);
            if (!v) ok = false;
            else nums += " " + std::to_string(*v);
          }
          if (!ok) {
            rdata_error("expected MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM");
            continue;
          }
          rec.data = absolute(mname) + " " + absolute(rname) + nums;
          break;
        }
        case rr_type::txt:
        case rr_type::spf: {
          bool ok = nrdata > 0;
          for (std::size_t i = k; ok && i < t.size(); ++i) {
            std::string s = t[i].quoted ? t[i].text : unescape(t[i].text);
            if (s.size() > 255) {
              defects.add(ln.lineno, "dns.zone.txt_too_long", "character-string longer than 255 octets");
              ok = false;
              break;
            }
            rec.txt.push_back(std::move(s));
          }
          if (!ok) {
            if (nrdata == 0) rdata_error("no character-string");
            continue;
          }
          break;
        }
      }
    }

    auto& rrs = names_[rec.name];
    if (std::none_of(rrs.begin(), rrs.end(), [&](const wire_record& x) { return same_rdata(x, rec); })) {
      const bool is_cname = rec.type == std::uint16_t(rr_type::cname);
      const bool clash = std::any_of(rrs.begin(), rrs.end(), [&](const wire_record& x) {
        return (x.type == std::uint16_t(rr_type::cname)) != is_cname || (is_cname && x.type == rec.type);
      });
      if (clash)
        defects.add(ln.lineno, "dns.zone.cname_and_other_data",
                    "a CNAME shares its owner with other data (RFC 1034 §3.6.2); both kept");
      rrs.push_back(std::move(rec));
    }
    // Every ancestor exists too (an empty non-terminal, RFC 8020): NODATA, never NXDOMAIN.
    detail::for_each_ancestor(*owner, [&](std::string_view ancestor) { names_.try_emplace(std::string(ancestor)); });
  }
  return out;
}

answer zone_source::resolve(const question& q) const {
  const bool is_txt = q.type == rr_type::txt || q.type == rr_type::spf;
  const auto want = static_cast<std::uint16_t>(q.type);
  return detail::resolve_offline(q, [&](const std::string& name) {
    detail::offline_step step;  // nxdomain unless the name is in a zone
    auto it = names_.find(name);
    if (it == names_.end()) return step;
    const wire_record* alias = nullptr;
    bool have = false;
    for (const auto& rec : it->second) {
      if (rec.type == want) {
        step.ttl = have ? std::min(step.ttl, rec.ttl) : rec.ttl;
        have = true;
        if (is_txt) step.txt.push_back(rec.txt);
        else step.records.push_back(rec.data);
      } else if (rec.type == std::uint16_t(rr_type::cname) && !alias) {
        alias = &rec;
      }
    }
    // A (wrong) CNAME beside other data: the asked type is answered from the other data.
    if (have) {
      step.k = detail::offline_step::kind::data;
    } else if (alias) {
      step.k = detail::offline_step::kind::alias;
      step.target = normalize_name(alias->data);
      step.ttl = alias->ttl;
    } else {
      step.k = detail::offline_step::kind::nodata;
    }
    return step;
  });
}

}  // namespace authlens::dns
