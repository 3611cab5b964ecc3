// Public Suffix List: parsing, the matching algorithm, RFC 7489 §3.2; A-labels through authlens/idna.hpp (RFC 3492).
#include "authlens/psl.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "authlens/idna.hpp"
#include "authlens/strings.hpp"
#include "table.hpp"

namespace authlens::psl {

namespace {

// Rule kinds, one bit per kind and section, so a name listed twice keeps both meanings.
constexpr std::uint8_t k_normal = 1, k_wildcard = 2, k_exception = 4;
constexpr std::uint8_t private_shift = 3;

/// Splits a name into labels after removing one trailing dot; empty vector when a label is empty.
std::vector<std::string> labels_of(std::string_view name) {
  std::vector<std::string> out;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return out;
  for (auto piece : str::split(name, '.')) {
    if (piece.empty()) return {};
    out.push_back(str::lower(piece));
  }
  return out;
}

std::string join(const std::vector<std::string>& labels, std::size_t from) {
  std::string s;
  for (std::size_t i = from; i < labels.size(); ++i) {
    if (!s.empty()) s += '.';
    s += labels[i];
  }
  return s;
}

}  // namespace

result<std::string> to_a_label(std::string_view label) {
  bool ascii = true;
  for (char c : label) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    if (label.size() > 63) return error{"psl.label.too_long", "label longer than 63 octets"};
    return str::lower(label);
  }
  std::u32string cps;
  if (!idna::utf8_decode_strict(label, cps)) return error{"psl.label.bad_utf8", "label is not valid UTF-8"};
  auto p = idna::punycode_encode(cps);
  if (!p) return error{"psl.label.too_long", "label longer than 63 octets once encoded"};
  std::string a = "xn--" + p.value();
  if (a.size() > 63) return error{"psl.label.too_long", "label longer than 63 octets once encoded"};
  return a;
}

struct list_access {
  static void add(list& l, std::string_view line, bool priv, std::vector<defect>* defects) {
    std::uint8_t kind = k_normal;
    std::string_view rule = line;
    if (rule.substr(0, 1) == "!") {
      kind = k_exception;
      rule.remove_prefix(1);
    } else if (rule.substr(0, 2) == "*.") {
      kind = k_wildcard;
      rule.remove_prefix(2);
    }
    auto labels = labels_of(rule);
    std::string key;
    bool ok = !labels.empty();
    for (const auto& lab : labels) {
      auto a = to_a_label(lab);
      // A wildcard anywhere but first is not in the format; such a rule cannot match and is dropped.
      if (!a || a.value().find('*') != std::string::npos) {
        ok = false;
        break;
      }
      if (!key.empty()) key += '.';
      key += a.value();
    }
    if (!ok) {
      if (defects) defects->push_back({"psl.rule.invalid", "rule '" + std::string(line) + "' ignored"});
      return;
    }
    l.rules_[key].kinds |= static_cast<std::uint8_t>(priv ? kind << private_shift : kind);
  }
};

list list::parse(std::string_view text, std::vector<defect>* defects) {
  list l;
  bool priv = false;
  for (auto raw : str::split(text, '\n')) {
    auto line = str::trim(raw);
    if (line.empty()) continue;
    if (line.substr(0, 2) == "//") {
      // The upstream file marks its sections with comments; the generated table uses @ markers.
      if (line.find("===BEGIN PRIVATE DOMAINS===") != std::string_view::npos) priv = true;
      else if (line.find("===END PRIVATE DOMAINS===") != std::string_view::npos) priv = false;
      continue;
    }
    if (line == "@private") {
      priv = true;
      continue;
    }
    if (line == "@icann" || line == "@end") {
      priv = false;
      continue;
    }
    // The format: a rule is the line up to its first white space.
    auto sp = line.find_first_of(" \t");
    if (sp != std::string_view::npos) line = line.substr(0, sp);
    list_access::add(l, line, priv, defects);
  }
  return l;
}

namespace {

/// Kind bits of `key` in the compiled table, 0 when absent: bisect the blocks by their first key,
/// then read the block's keys in order.
std::uint8_t table_kinds(std::string_view key) {
  using namespace detail;
  if (builtin_count == 0) return 0;
  const std::size_t blocks = (builtin_count + builtin_block - 1) / builtin_block;
  auto first_key = [](std::size_t b) {
    return std::string_view(builtin_keys + builtin_block_offsets[b], builtin_entries[2 * b * builtin_block]);
  };
  std::size_t lo = 0, hi = blocks;  // the first block whose first key is greater than `key`
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    if (first_key(mid) <= key) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return 0;
  const std::size_t b = lo - 1;
  std::size_t offset = builtin_block_offsets[b];
  for (std::size_t i = b * builtin_block; i < builtin_count && i < (b + 1) * builtin_block; ++i) {
    std::string_view k(builtin_keys + offset, builtin_entries[2 * i]);
    if (k == key) return builtin_entries[2 * i + 1];
    if (k > key) return 0;
    offset += k.size();
  }
  return 0;
}

/// The rules the build left as text (U-labels and malformed rules), parsed on first need. Their keys
/// hold an `xn--` label, so only a name with one can match them.
const list& builtin_rest() {
  static const list l = list::parse(detail::builtin_rest);
  return l;
}

}  // namespace

std::uint8_t list::kinds_of(const std::string& key, bool may_need_rest) const {
  std::uint8_t kinds = 0;
  if (!rules_.empty())
    if (auto it = rules_.find(key); it != rules_.end()) kinds = it->second.kinds;
  if (compiled_) {
    kinds |= table_kinds(key);
    if (may_need_rest) kinds |= builtin_rest().kinds_of(key, false);
  }
  return kinds;
}

std::size_t list::size() const {
  if (!compiled_) return rules_.size();
  std::size_t n = detail::builtin_count;
  for (const auto& [key, e] : builtin_rest().rules_)
    if (table_kinds(key) == 0) ++n;
  return n;
}

const list& list::builtin() {
  // The table is compiled in (generate_table.cmake): nothing to parse at start-up.
  static const list l = [] {
    list b;
    b.compiled_ = true;
    b.version_ = detail::builtin_version;
    return b;
  }();
  return l;
}

match list::lookup(std::string_view domain, const match_options& opt) const {
  match m;
  auto labels = labels_of(domain);
  if (labels.empty()) return m;
  std::vector<std::string> alabels;
  bool has_xn = false;  // only a name with an A-label can match a compiled list's text part
  for (const auto& lab : labels) {
    auto a = to_a_label(lab);
    if (!a) return m;
    has_xn = has_xn || a.value().rfind("xn--", 0) == 0;
    alabels.push_back(std::move(a.value()));
  }
  const std::size_t n = alabels.size();
  const std::uint8_t mask = opt.private_domains ? 0x3f : 0x07;
  // Suffix keys from the shortest (TLD) to the whole name: suffix[k] holds the last k labels.
  std::vector<std::string> suffix(n + 1);
  for (std::size_t k = 1; k <= n; ++k)
    suffix[k] = k == 1 ? alabels[n - 1] : alabels[n - k] + "." + suffix[k - 1];

  auto kinds_at = [&](std::size_t k) -> std::uint8_t {
    return static_cast<std::uint8_t>(list::kinds_of(suffix[k], has_xn) & mask);
  };
  auto has = [](std::uint8_t kinds, std::uint8_t kind) {
    return (kinds & kind) || (kinds & static_cast<std::uint8_t>(kind << private_shift));
  };
  auto is_private = [](std::uint8_t kinds, std::uint8_t kind) {
    return !(kinds & kind) && (kinds & static_cast<std::uint8_t>(kind << private_shift));
  };

  // The implicit "*" rule: the TLD alone.
  std::size_t best = 1, exception_len = 0;
  std::string rule = "*";
  bool priv = false, from_exception = false;
  for (std::size_t k = 1; k <= n; ++k) {
    std::uint8_t here = kinds_at(k);
    if (has(here, k_exception) && k > exception_len) {
      exception_len = k;
      from_exception = true;
      priv = is_private(here, k_exception);
      rule = "!" + suffix[k];
    }
    if (from_exception) continue;  // an exception, once matched, prevails over every other rule
    if (has(here, k_normal) && k >= best) {
      best = k;
      rule = suffix[k];
      priv = is_private(here, k_normal);
    }
    // "*.x" matches a name with one more label than x.
    if (k < n && has(here, k_wildcard) && k + 1 >= best) {
      best = k + 1;
      rule = "*." + suffix[k];
      priv = is_private(here, k_wildcard);
    }
  }
  // An exception rule's public suffix is the rule with its leftmost label removed.
  std::size_t ps = from_exception ? exception_len - 1 : best;
  m.valid = true;
  m.rule = rule;
  m.exception = from_exception;
  m.private_section = priv;
  m.public_suffix = join(labels, n - ps);
  if (n > ps) m.registrable = join(labels, n - ps - 1);
  return m;
}

std::string organizational_domain(std::string_view domain, const list& l, const match_options& opt) {
  auto m = l.lookup(domain, opt);
  if (!m.valid) return {};
  return m.registrable.empty() ? m.public_suffix : m.registrable;
}

}  // namespace authlens::psl
