// spf::lint — reads a domain's published SPF policy, every include and redirect, and reports what
// will go wrong or is risky (RFC 7208 §3, §4.5, §4.6.4, §5, §6; common operational advice).
//
// Unlike check_host() the linter walks every branch (there is no client IP to stop at a match),
// so its lookup count is the worst case a receiver can meet. All DNS reads of a walk are
// independent, so one round asks for a whole level of the tree.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "authlens/spf.hpp"
#include "authlens/strings.hpp"
#include "spf/internal.hpp"

namespace authlens::spf {

namespace {

struct network {
  bool v6 = false;
  std::uint8_t addr[16] = {};
  int bits = 32;
  std::string text, domain;
};

bool contains(const network& outer, const network& inner) {
  if (outer.v6 != inner.v6 || outer.bits > inner.bits) return false;
  ip::address a;
  a.v6 = inner.v6;
  std::copy(inner.addr, inner.addr + 16, a.bytes.begin());
  return detail::cidr_match(a, outer.addr, outer.bits);
}

bool has_macro(std::string_view s) { return s.find('%') != std::string_view::npos; }

class linter {
 public:
  linter(dns::lookup_context& ctx, const lint_options& opt, lint_report& rep) : ctx_(ctx), opt_(opt), rep_(rep) {}

  /// Walks one record; returns false when it could not be read (none/permerror/pending).
  void walk(const std::string& domain, const std::string& via, int depth, tree_node& node,
            std::vector<std::string>& path);
  void finish();

 private:
  void add(std::string code, std::string severity, const std::string& domain, std::string message, std::string fix,
           std::map<std::string, std::string> params = {}) {
    rep_.findings.push_back(finding{std::move(code), std::move(severity), domain, std::move(message), std::move(fix),
                                    std::move(params)});
  }
  void count(const term& t, const std::string& domain, tree_node& node) {
    node.lookup_terms.push_back(t.text);
    ++rep_.lookups;
    if (rep_.lookups == opt_.max_dns_terms + 1)
      add("spf.lint.too_many_lookups", "error", domain,
          "the " + std::to_string(opt_.max_dns_terms) + "-lookup budget runs out at '" + t.text + "' in the record of " +
              domain + ": every check that gets this far is a permerror",
          "remove unused include/a/mx/ptr/exists terms, or replace includes by the ip4:/ip6: ranges they publish "
          "(see flatten)", {{"limit", std::to_string(opt_.max_dns_terms)}, {"term", t.text}, {"domain", domain}});
  }
  void void_answer(const dns::answer* a, const std::string& domain, const std::string& what, tree_node& node) {
    if (!a || !(a->st == dns::status::nxdomain || a->nodata())) return;
    ++node.void_lookups;
    ++rep_.void_lookups;
    add("spf.lint.void_lookup", "warning", domain, "'" + what + "' finds nothing in DNS (a void lookup)",
        "remove the term or publish the records it expects; more than " + std::to_string(opt_.max_void_lookups) +
            " void lookups are a permerror", {{"term", what}, {"limit", std::to_string(opt_.max_void_lookups)}});
  }
  /// Total number of lookup-costing terms under a node (itself included).
  static int subtree_lookups(const tree_node& n) {
    int k = static_cast<int>(n.lookup_terms.size());
    for (const auto& c : n.children) k += subtree_lookups(c);
    return k;
  }

  dns::lookup_context& ctx_;
  const lint_options& opt_;
  lint_report& rep_;
  std::vector<network> nets_;
  /// Per include node: can it be inlined (only ip4/ip6 and inlinable includes), and its ranges.
  struct inline_info {
    bool ok = true;
    std::vector<std::string> ip4, ip6;
  };
  std::vector<std::pair<const tree_node*, inline_info>> includes_;
  std::map<const tree_node*, inline_info> info_;
  int nodes_ = 0;
};

void linter::walk(const std::string& domain, const std::string& via, int depth, tree_node& node,
                  std::vector<std::string>& path) {
  node.domain = domain;
  node.via = via;
  inline_info& info = info_[&node];
  // Includes may share targets (a DAG): cap the whole walk so a hostile fan-out stays small.
  if (++nodes_ > opt_.max_nodes) {
    info.ok = false;
    if (nodes_ == opt_.max_nodes + 1)
      add("spf.lint.tree_too_large", "error", domain,
          "the include tree has more than " + std::to_string(opt_.max_nodes) + " records; the rest is not read",
          "flatten the policy: receivers stop after 10 lookups anyway", {{"limit", std::to_string(opt_.max_nodes)}});
    return;
  }
  if (depth > opt_.max_depth) {
    info.ok = false;
    add("spf.lint.too_deep", "error", domain, "includes nest more than " + std::to_string(opt_.max_depth) + " deep",
        "flatten the include chain", {{"limit", std::to_string(opt_.max_depth)}});
    return;
  }
  const dns::answer* txt = ctx_.get(domain, dns::rr_type::txt);
  if (depth == 0) {
    const dns::answer* rr99 = ctx_.get(domain, dns::rr_type::spf);
    if (rr99 && rr99->st == dns::status::noerror && !rr99->txt.empty())
      add("spf.lint.spf_rr_type", "warning", domain,
          "the domain publishes the obsolete SPF RR type (99); receivers only read TXT (RFC 7208 section 3.1)",
          "delete the type-99 record and keep the TXT record", {});
  }
  if (!txt) {
    info.ok = false;
    return;
  }
  if (txt->st == dns::status::servfail || txt->st == dns::status::timeout) {
    info.ok = false;
    node.result = result_code::temperror;
    node.reason = reason::dns_error;
    add("spf.lint.dns_error", "error", domain, "the TXT lookup failed (" + std::string(dns::to_string(txt->st)) + ")",
        "check the domain's name servers", {{"status", std::string(dns::to_string(txt->st))}});
    return;
  }
  std::vector<const std::vector<std::string>*> spf;
  for (const auto& strings : txt->txt) {
    std::string joined;
    for (const auto& s : strings) joined += s;
    if (is_spf_record(joined)) spf.push_back(&strings);
  }
  if (spf.empty()) {
    info.ok = false;
    node.result = depth == 0 ? result_code::none : result_code::permerror;
    node.reason = reason::no_record;
    if (depth == 0)
      add("spf.lint.no_record", "error", domain, domain + " publishes no SPF record: receivers get 'none'",
          "publish one TXT record such as \"v=spf1 mx -all\"", {{"domain", domain}});
    else
      add("spf.lint.include_none", "error", domain,
          "'" + via + ":" + domain + "' points at a domain without an SPF record: every check reaching it is a permerror",
          "remove the " + via + " or fix its target", {{"via", via}, {"domain", domain}});
    return;
  }
  if (spf.size() > 1) {
    info.ok = false;
    node.result = result_code::permerror;
    node.reason = reason::multiple_records;
    add("spf.lint.multiple_records", "error", domain,
        domain + " publishes " + std::to_string(spf.size()) + " SPF records: every check is a permerror",
        "merge them into one record", {{"domain", domain}, {"count", std::to_string(spf.size())}});
    return;
  }
  std::string text;
  for (const auto& s : *spf[0]) {
    if (s.size() > 255)
      add("spf.lint.string_too_long", "error", domain,
          "a TXT character-string is " + std::to_string(s.size()) + " bytes; DNS allows 255",
          "split the record into several quoted strings of at most 255 bytes", {{"bytes", std::to_string(s.size())}});
    text += s;
  }
  node.record = text;
  if (text.size() > opt_.long_record)
    add("spf.lint.record_too_long", "warning", domain,
        "the record is " + std::to_string(text.size()) + " bytes; above " + std::to_string(opt_.long_record) +
            " the answer may not fit a UDP reply",
        "shorten it, e.g. move ranges into an included sub-domain", {{"bytes", std::to_string(text.size())}, {"limit", std::to_string(opt_.long_record)}});
  auto parsed = parse_record(text);
  if (!parsed) {
    info.ok = false;
    node.result = result_code::permerror;
    node.reason = reason_from_string(parsed.err().code);
    add("spf.lint.syntax", "error", domain, parsed.err().message + ": every check is a permerror",
        "correct the record's syntax (RFC 7208 section 12)", {{"error", parsed.err().message}});
    return;
  }
  const record& rec = *parsed;
  bool has_all = false;
  path.push_back(domain);
  // Children are addressed by pointer (info_), so their vector must never reallocate.
  node.children.reserve(static_cast<std::size_t>(std::count_if(rec.terms.begin(), rec.terms.end(), [](const term& x) {
    return x.kind == term_kind::include || x.kind == term_kind::redirect;
  })));
  for (std::size_t i = 0; i < rec.terms.size(); ++i) {
    const term& t = rec.terms[i];
    if (has_all && t.is_mechanism()) {
      add("spf.lint.after_all", "warning", domain, "'" + t.text + "' comes after 'all' and is never evaluated",
          "remove it or move it before 'all'", {{"term", t.text}});
    }
    switch (t.kind) {
      case term_kind::all:
        has_all = true;
        if (t.qualifier == '+')
          add("spf.lint.pass_all", "error", domain, "'" + t.text + "' authorises every host on the Internet",
              "end the record with -all (or ~all while testing)", {{"term", t.text}});
        else if (t.qualifier == '?' && depth == 0)
          add("spf.lint.neutral_all", "warning", domain, "'?all' gives no protection: unknown senders are neutral",
              "end the record with -all (or ~all while testing)", {});
        break;
      case term_kind::ip4:
      case term_kind::ip6: {
        network n;
        n.v6 = t.kind == term_kind::ip6;
        std::copy(t.addr, t.addr + 16, n.addr);
        n.bits = n.v6 ? t.cidr6 : t.cidr4;
        n.text = t.text.substr(t.text[0] == '+' ? 1 : 0);
        n.domain = domain;
        nets_.push_back(n);
        std::string plain = t.text;
        if (!plain.empty() && (plain[0] == '+')) plain.erase(0, 1);
        if (t.qualifier == '+') (n.v6 ? info.ip6 : info.ip4).push_back(plain);
        else info.ok = false;
        if (n.bits < (n.v6 ? 32 : 8))
          add("spf.lint.wide_range", "warning", domain, "'" + t.text + "' covers a very large address range",
              "list the provider's actual sending ranges", {{"term", t.text}});
        break;
      }
      case term_kind::include:
      case term_kind::redirect: {
        count(t, domain, node);
        if (t.kind == term_kind::redirect) info.ok = false;
        if (t.kind == term_kind::redirect && rec.terms.end() !=
            std::find_if(rec.terms.begin(), rec.terms.end(), [](const term& x) { return x.kind == term_kind::all; }))
          add("spf.lint.redirect_with_all", "warning", domain,
              "'" + t.text + "' is never used: the record also has an 'all' mechanism",
              "remove either the redirect or the all", {{"term", t.text}});
        if (has_macro(t.domain_spec)) {
          info.ok = false;
          add("spf.lint.macro_target", "info", domain, "'" + t.text + "' depends on the message; not followed",
              "", {{"term", t.text}});
          break;
        }
        std::string target = dns::normalize_name(t.domain_spec);
        if (std::find(path.begin(), path.end(), target) != path.end()) {
          info.ok = false;
          add("spf.lint.include_loop", "error", domain, "'" + t.text + "' loops back to " + target,
              "remove the circular include", {{"term", t.text}, {"target", target}});
          break;
        }
        node.children.emplace_back();
        tree_node& child = node.children.back();
        walk(target, t.kind == term_kind::include ? "include" : "redirect", depth + 1, child, path);
        if (t.kind == term_kind::include && t.qualifier != '+') info.ok = false;
        break;
      }
      case term_kind::a:
      case term_kind::mx:
      case term_kind::ptr:
      case term_kind::exists: {
        count(t, domain, node);
        info.ok = false;
        if (t.kind == term_kind::ptr)
          add("spf.lint.ptr", "warning", domain,
              "'" + t.text + "' is slow, unreliable and discouraged (RFC 7208 section 5.5: SHOULD NOT be used)",
              "replace it with ip4:/ip6: ranges or a:/mx:", {{"term", t.text}});
        if (has_macro(t.domain_spec) || t.kind == term_kind::ptr) break;
        std::string target = t.domain_spec.empty() ? domain : dns::normalize_name(t.domain_spec);
        if (!detail::valid_check_domain(target)) break;
        if (t.kind == term_kind::exists) {
          void_answer(ctx_.get(target, dns::rr_type::a), domain, t.text, node);
        } else if (t.kind == term_kind::a) {
          const dns::answer* a4 = ctx_.get(target, dns::rr_type::a);
          const dns::answer* a6 = ctx_.get(target, dns::rr_type::aaaa);
          if (a4 && a6 && (a4->st == dns::status::nxdomain || a4->nodata()) && (a6->st == dns::status::nxdomain || a6->nodata()))
            void_answer(a4, domain, t.text, node);
        } else {
          const dns::answer* mx = ctx_.get(target, dns::rr_type::mx);
          void_answer(mx, domain, t.text, node);
          if (mx && static_cast<int>(mx->records.size()) > 10)
            add("spf.lint.too_many_mx", "error", domain,
                "'" + t.text + "': " + target + " has " + std::to_string(mx->records.size()) +
                    " MX records; only 10 may be looked up, the mx mechanism fails with permerror beyond them",
                "use ip4:/ip6: ranges instead of mx", {{"term", t.text}, {"target", target}, {"count", std::to_string(mx->records.size())}});
        }
        break;
      }
      default:
        break;
    }
  }
  path.pop_back();
  if (depth == 0 && !has_all && rec.redirect_index < 0)
    add("spf.lint.no_all", "warning", domain,
        "the record ends without 'all' or redirect=: unknown senders get 'neutral'",
        "end the record with -all (or ~all while testing)", {});
  if (via == "include") includes_.push_back({&node, info});
}

void linter::finish() {
  if (rep_.void_lookups > opt_.max_void_lookups)
    add("spf.lint.too_many_void_lookups", "error", rep_.domain,
        std::to_string(rep_.void_lookups) + " terms find nothing in DNS; more than " +
            std::to_string(opt_.max_void_lookups) + " is a permerror (RFC 7208 section 4.6.4)",
        "remove the terms that point at names without records", {{"count", std::to_string(rep_.void_lookups)}, {"limit", std::to_string(opt_.max_void_lookups)}});
  // Redundant or overlapping ranges.
  for (std::size_t i = 0; i < nets_.size(); ++i)
    for (std::size_t j = 0; j < nets_.size(); ++j) {
      if (i == j) continue;
      bool dup = nets_[i].bits == nets_[j].bits && contains(nets_[i], nets_[j]);
      if (dup && j < i) continue;  // report an identical pair once
      if (contains(nets_[i], nets_[j])) {
        add("spf.lint.redundant_range", "info", nets_[j].domain,
            "'" + nets_[j].text + "' (" + nets_[j].domain + ") is already covered by '" + nets_[i].text + "' (" +
                nets_[i].domain + ")",
            "remove the narrower range", {{"term", nets_[j].text}, {"term_domain", nets_[j].domain}, {"covering", nets_[i].text}, {"covering_domain", nets_[i].domain}});
        break;
      }
    }
  // Flattening: inlinable includes (only ip4:/ip6:, recursively), most lookups saved first.
  if (rep_.lookups > opt_.max_dns_terms) {
    struct cand {
      const tree_node* n;
      int saves;
      inline_info info;
    };
    std::vector<cand> cands;
    for (auto& [n, info] : includes_) {
      // An include is inlinable when its own record and every nested include are ip-only.
      std::function<bool(const tree_node&, inline_info&)> ok = [&](const tree_node& x, inline_info& acc) {
        auto it = info_.find(&x);
        if (it == info_.end() || !it->second.ok) return false;
        acc.ip4.insert(acc.ip4.end(), it->second.ip4.begin(), it->second.ip4.end());
        acc.ip6.insert(acc.ip6.end(), it->second.ip6.begin(), it->second.ip6.end());
        for (const auto& c : x.children)
          if (!ok(c, acc)) return false;
        return true;
      };
      inline_info acc;
      if (ok(*n, acc)) cands.push_back({n, 1 + subtree_lookups(*n), acc});
    }
    // Outermost only: skip candidates nested inside another candidate.
    std::sort(cands.begin(), cands.end(), [](const cand& a, const cand& b) { return a.saves > b.saves; });
    int need = rep_.lookups - opt_.max_dns_terms;
    std::set<const tree_node*> taken;
    std::string names;
    int saved = 0;
    for (const auto& c : cands) {
      if (saved >= need) break;
      bool nested = false;
      for (const tree_node* t : taken) {
        std::function<bool(const tree_node&)> under = [&](const tree_node& x) {
          if (&x == c.n) return true;
          for (const auto& ch : x.children)
            if (under(ch)) return true;
          return false;
        };
        nested = nested || under(*t);
      }
      if (nested) continue;
      taken.insert(c.n);
      saved += c.saves;
      names += (names.empty() ? "" : ", ") + std::string("include:") + c.n->domain;
      for (auto& s : c.info.ip4) rep_.flatten_ip4.push_back(s);
      for (auto& s : c.info.ip6) rep_.flatten_ip6.push_back(s);
    }
    if (!taken.empty())
      add("spf.lint.flatten", saved >= need ? "info" : "warning", rep_.domain,
          "inlining " + names + " saves " + std::to_string(saved) + " lookups" +
              (saved >= need ? ", enough to get under the budget" : ", not enough to get under the budget"),
          "replace them with the listed ip4:/ip6: terms (and re-check when the providers change their ranges)", {{"names", names}, {"saved", std::to_string(saved)}, {"variant", saved >= need ? "enough" : "not_enough"}});
  }
}

}  // namespace

lint_report lint(dns::lookup_context& ctx, std::string_view domain, const lint_options& opt) {
  lint_report rep;
  rep.domain = dns::normalize_name(domain);
  linter l(ctx, opt, rep);
  std::vector<std::string> path;
  l.walk(rep.domain, "", 0, rep.tree, path);
  rep.done = ctx.pending().empty();
  if (rep.done) l.finish();
  return rep;
}

lint_report lint(dns::cache& c, std::string_view domain, const dns::resolve_fn& resolve, const lint_options& opt,
                 dns::drive_stats* stats) {
  return dns::drive_value(c, [&](dns::lookup_context& ctx) { return lint(ctx, domain, opt); }, resolve, stats);
}

}  // namespace authlens::spf
