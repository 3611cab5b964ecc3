// authlens/psl.hpp — the Public Suffix List and the organisational domain of RFC 7489.
//
// publicsuffix.org list format and matching algorithm ("Formal algorithm": normal, wildcard `*.`
// and exception `!` rules, the implicit `*` rule, the prevailing rule is an exception if one
// matches, else the matching rule with the most labels), used for RFC 7489 §3.2 (Organizational
// Domain = public suffix + one label). RFC 9989 replaced the list by a DNS tree walk (dmarc.hpp);
// authlens shows both, so the list stays in the core.
//
// Sections: the list's ICANN and PRIVATE sections are both used by default, as most DMARC
// receivers (and the publicsuffix.org test vectors) do: a private suffix such as `blogspot.com`
// or `uk.com` makes its subdomains separate organisations. `match_options::private_domains =
// false` restricts matching to the ICANN section. (docs/dmarc.md explains the choice.)
//
// IDN: rules and names are compared as lower-case A-labels (RFC 5890 "xn--" punycode, RFC 3492).
// A U-label is converted by punycode alone: no IDNA2008 mapping or NFC normalisation is applied,
// so names should arrive normalised (mail domains in headers are). Results keep the spelling of
// the input (a U-label input gives a U-label answer), lower-cased in ASCII.
//
// The Debian `publicsuffix` file is compiled into the library at build time (psl::list::builtin());
// a newer list can be parsed at run time from its text (psl::list::parse) — the core does no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::psl {

struct match_options {
  bool private_domains = true;  ///< also use the PRIVATE section (false: ICANN rules only)
};

/// What the list says about one name.
struct match {
  bool valid = false;           ///< false: empty name, empty label, leading dot, or an unencodable label
  std::string public_suffix;    ///< in the input's spelling, lower-cased ("" when !valid)
  std::string registrable;      ///< public suffix + one label; "" when the name is itself a public suffix
  std::string rule;             ///< the prevailing rule, in A-labels ("*" for the implicit default rule)
  bool private_section = false; ///< the prevailing rule comes from the PRIVATE section
  bool exception = false;       ///< the prevailing rule is an exception (`!`)
};

/// A parsed list. Copyable; lookups are const and thread-compatible.
class list {
 public:
  list() = default;

  /// Parses list text (publicsuffix.org format, UTF-8). Never fails: a rule that cannot be
  /// encoded becomes a defect and is skipped. Lines outside the BEGIN/END markers count as ICANN.
  static list parse(std::string_view text, std::vector<defect>* defects = nullptr);

  /// The list compiled in at build time (from the Debian `publicsuffix` package) as a ready table:
  /// nothing is parsed at start-up (the few U-label rules are parsed on the first lookup that needs them).
  static const list& builtin();

  /// Applies the list to a domain name (an optional trailing dot is ignored).
  match lookup(std::string_view domain, const match_options& opt = {}) const;

  /// Number of rules kept (distinct keys).
  std::size_t size() const;
  /// The list's own version/commit comment when it has one ("" otherwise).
  const std::string& version() const { return version_; }

 private:
  // Key: the rule's domain as lower-case A-labels (for `*.x` the key is `x`, for `!a.x` it is `a.x`).
  struct entry {
    std::uint8_t kinds = 0;  // bits 0-2 normal, wildcard, exception (ICANN); bits 3-5 the same, PRIVATE
  };
  std::unordered_map<std::string, entry> rules_;
  std::string version_;
  /// builtin(): the rules are the table compiled in at build time (sorted keys, no parsing at start-up)
  /// plus a small text part (U-label rules) parsed on first need; rules_ stays empty.
  bool compiled_ = false;
  std::uint8_t kinds_of(const std::string& key, bool may_need_rest) const;
  friend struct list_access;
};

/// RFC 7489 §3.2 Organizational Domain: the registrable domain, or the name itself when it is a
/// public suffix (the RFC leaves that case open; treating a suffix as its own organisation keeps
/// DMARC applicable to it). "" for an invalid name.
[[nodiscard]] std::string organizational_domain(std::string_view domain, const list& l = list::builtin(),
                                  const match_options& opt = {});

/// RFC 3492 punycode for one label: "食狮" → "xn--85x722f"; ASCII labels come back lower-cased.
/// Error for invalid UTF-8 or an output label over 63 octets.
[[nodiscard]] result<std::string> to_a_label(std::string_view label);

}  // namespace authlens::psl
