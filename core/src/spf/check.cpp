// check_host() (RFC 7208 §4–§6, §8), sans-I/O over dns::lookup_context, and the result fields
// (§9.1 Received-SPF, RFC 8601 Authentication-Results).
//
// Evaluation re-runs from the start on each call. It follows the record in order; the first time
// an answer is missing it marks itself blocked: from then on nothing is evaluated or counted, the
// rest of the policy (in this record and every enclosing one) is only walked to prefetch what it
// will probably need. So the RFC accounting and the result follow the evaluation order exactly,
// and one round asks for everything the cache can already tell we will want.
#include <set>

#include "authlens/spf.hpp"
#include "authlens/strings.hpp"
#include "spf/internal.hpp"

namespace authlens::spf {

std::string_view to_string(result_code r) {
  switch (r) {
    case result_code::none: return "none";
    case result_code::neutral: return "neutral";
    case result_code::pass: return "pass";
    case result_code::fail: return "fail";
    case result_code::softfail: return "softfail";
    case result_code::temperror: return "temperror";
    case result_code::permerror: return "permerror";
  }
  return "none";
}

std::string_view to_string(identity i) { return i == identity::helo ? "helo" : "mailfrom"; }

namespace {


result_code from_qualifier(char q) {
  switch (q) {
    case '-': return result_code::fail;
    case '~': return result_code::softfail;
    case '?': return result_code::neutral;
    default: return result_code::pass;
  }
}

bool is_dns_error(const dns::answer& a) { return a.st == dns::status::servfail || a.st == dns::status::timeout; }
bool is_void(const dns::answer& a) { return a.st == dns::status::nxdomain || a.nodata(); }

/// Does a macro-string use %{p}?
bool uses_p(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i)
    if (s[i] == '%') {
      if (s[i + 1] == '{' && (s[i + 2] == 'p' || s[i + 2] == 'P')) return true;
      ++i;  // skip "%%", "%_", "%-"
    }
  return false;
}

/// What one check_host() call (on the top domain, an include or a redirect) came to.
struct host_result {
  bool pending = false;
  result_code r = result_code::neutral;
  spf::reason reason = spf::reason::no_match;
  std::string message;
  std::string matched, matched_domain, matched_record;
  std::string exp_spec, exp_domain;  ///< exp= of the record that decided (for fail)
};

host_result decided(result_code r, reason why, std::string message) {
  host_result h;
  h.r = r;
  h.reason = why;
  h.message = std::move(message);
  return h;
}

class evaluator {
 public:
  evaluator(dns::lookup_context& ctx, const request& req, const options& opt) : ctx_(ctx), req_(req), opt_(opt) {}

  evaluation run();

 private:
  // --- DNS reads -------------------------------------------------------------------------------
  const dns::answer* get(const std::string& name, dns::rr_type t) {
    const dns::answer* a = ctx_.get(name, t);
    if (!a) blocked_ = true;
    else ++subqueries_;
    return a;
  }
  void prefetch(const std::string& name, dns::rr_type t) {
    if (prefetched_ >= opt_.max_prefetch || name.empty()) return;
    if (ctx_.data().find(dns::make_question(name, t))) return;
    ctx_.prefetch(name, t);
    ++prefetched_;
  }
  const dns::answer* peek(const std::string& name, dns::rr_type t) const {
    return ctx_.data().find(dns::make_question(name, t));
  }
  dns::rr_type addr_type() const { return ip_.v6 ? dns::rr_type::aaaa : dns::rr_type::a; }

  // --- pieces ----------------------------------------------------------------------------------
  macro_env env_for(const std::string& domain) const {
    macro_env e = env_;
    e.domain = domain;
    return e;
  }
  /// Expands a domain-spec (or returns `domain` when empty). pending → blocked_; error → permerror.
  bool target(const term& t, const std::string& domain, std::string& out, host_result& err);
  /// %{p}: the validated domain name of the client IP (§5.5 procedure), or "unknown".
  bool validated_name(const std::string& domain, std::string& out);
  bool address_matches(const dns::answer& a, int c4, int c6) const;

  host_result check(const std::string& domain, int depth, tree_node& node);
  void speculate_domain(const std::string& domain, int depth);
  void speculate_term(const term& t, const std::string& domain, int depth);
  bool count_term(tree_node& node, const term& t, host_result& err);
  bool count_void(tree_node& node, const dns::answer& a, host_result& err);
  std::string explanation(const host_result& h);

  dns::lookup_context& ctx_;
  const request& req_;
  const options& opt_;
  ip::address ip_;
  macro_env env_;
  bool blocked_ = false;
  int terms_ = 0, voids_ = 0, subqueries_ = 0, prefetched_ = 0;
  std::set<std::string> speculated_;
};

bool evaluator::address_matches(const dns::answer& a, int c4, int c6) const {
  for (const auto& rec : a.records) {
    std::string_view text = str::trim(rec);
    auto addr = ip::parse_v4(text);
    if (!addr) addr = ip::parse_v6(text);
    if (!addr || addr->v6 != ip_.v6) continue;
    if (detail::cidr_match(ip_, addr->bytes.data(), ip_.v6 ? c6 : c4)) return true;
  }
  return false;
}

bool evaluator::validated_name(const std::string& domain, std::string& out) {
  out = "unknown";
  const dns::answer* ptr = get(ip::reverse_name(ip_), dns::rr_type::ptr);
  if (!ptr) return false;
  if (ptr->st != dns::status::noerror) return true;
  std::vector<std::string> names;
  for (const auto& r : ptr->records) {
    if (static_cast<int>(names.size()) >= opt_.max_ptr_names) break;
    names.push_back(detail::answer_name(r));
  }
  std::vector<const dns::answer*> answers;
  bool missing = false;
  for (const auto& n : names) {
    const dns::answer* a = detail::valid_check_domain(n) ? get(n, addr_type()) : nullptr;
    if (!a && detail::valid_check_domain(n)) missing = true;
    answers.push_back(a);
  }
  if (missing) return false;
  std::string want = str::lower(domain);
  std::string exact, sub, any;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const dns::answer* a = answers[k];
    if (!a || a->st != dns::status::noerror || !address_matches(*a, 32, 128)) continue;
    const std::string& n = names[k];
    if (n == want && exact.empty()) exact = n;
    else if (str::iends_with(n, "." + want) && sub.empty()) sub = n;
    else if (any.empty()) any = n;
  }
  if (!exact.empty()) out = exact;
  else if (!sub.empty()) out = sub;
  else if (!any.empty()) out = any;
  return true;
}

bool evaluator::target(const term& t, const std::string& domain, std::string& out, host_result& err) {
  if (t.domain_spec.empty()) {
    out = domain;
    return true;
  }
  macro_env e = env_for(domain);
  if (uses_p(t.domain_spec) && !validated_name(domain, e.validated_name)) return false;
  auto x = expand_macros(t.domain_spec, e, false);
  if (!x) {
    err = decided(result_code::permerror, reason_from_string(x.err().code).value_or(reason::macro_syntax),
                  x.err().message + " in '" + t.text + "'");
    return false;
  }
  out = detail::truncate_domain(str::lower(*x));
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (!detail::valid_check_domain(out)) {
    // An include/redirect target must exist; for a, mx, ptr and exists an unusable name just
    // does not match (the openspf suite: invalid-hello-macro, require-valid-helo).
    if (t.kind == term_kind::include || t.kind == term_kind::redirect)
      err = decided(result_code::permerror, reason::invalid_target,
                    "'" + t.text + "' expands to '" + out + "', which is not a valid domain name");
    else
      err = decided(result_code::neutral, reason::no_match_invalid_target, "");
    return false;
  }
  return true;
}

bool evaluator::count_term(tree_node& node, const term& t, host_result& err) {
  node.lookup_terms.push_back(t.text);
  if (++terms_ > opt_.max_dns_terms) {
    err = decided(result_code::permerror, reason::too_many_lookups,
                  "'" + t.text + "' is DNS-querying term number " + std::to_string(terms_) + "; the limit is " +
                      std::to_string(opt_.max_dns_terms) + " (RFC 7208 section 4.6.4)");
    return false;
  }
  return true;
}

bool evaluator::count_void(tree_node& node, const dns::answer& a, host_result& err) {
  if (!is_void(a)) return true;
  ++node.void_lookups;
  if (++voids_ > opt_.max_void_lookups) {
    err = decided(result_code::permerror, reason::too_many_void_lookups,
                  "'" + a.q.name + "' is void lookup number " + std::to_string(voids_) + "; the limit is " +
                      std::to_string(opt_.max_void_lookups) + " (RFC 7208 section 4.6.4)");
    return false;
  }
  return true;
}

host_result evaluator::check(const std::string& domain, int depth, tree_node& node) {
  node.domain = domain;
  auto finish = [&](host_result h) {
    node.result = h.r;
    node.reason = h.reason;
    return h;
  };
  if (!detail::valid_check_domain(domain))
    return finish(decided(result_code::none, reason::invalid_domain, "'" + domain + "' is not a domain SPF can check"));
  const dns::answer* txt = get(domain, dns::rr_type::txt);
  if (!txt) {
    host_result h;
    h.pending = true;
    return h;
  }
  if (is_dns_error(*txt))
    return finish(decided(result_code::temperror, reason::dns_error,
                          "the TXT lookup for " + domain + " failed (" + std::string(dns::to_string(txt->st)) + ")"));
  std::vector<std::string> spf;
  for (const auto& strings : txt->txt) {
    std::string joined;
    for (const auto& s : strings) joined += s;
    if (is_spf_record(joined)) spf.push_back(std::move(joined));
  }
  if (spf.empty())
    return finish(decided(result_code::none, reason::no_record, domain + " publishes no SPF record"));
  if (spf.size() > 1)
    return finish(decided(result_code::permerror, reason::multiple_records,
                          domain + " publishes " + std::to_string(spf.size()) + " SPF records; exactly one is allowed"));
  node.record = spf[0];
  auto parsed = parse_record(spf[0]);
  if (!parsed)
    return finish(decided(result_code::permerror,
                          reason_from_string(parsed.err().code).value_or(reason::syntax_bad_mechanism),
                          parsed.err().message + " (" + domain + ")"));
  const record& rec = *parsed;

  for (const term& t : rec.terms) {
    if (blocked_) {
      speculate_term(t, domain, depth);
      continue;
    }
    if (!t.is_mechanism()) continue;
    host_result err;
    bool match = false;
    std::string name;
    switch (t.kind) {
      case term_kind::all:
        match = true;
        break;
      case term_kind::ip4:
        match = !ip_.v6 && detail::cidr_match(ip_, t.addr, t.cidr4);
        break;
      case term_kind::ip6:
        match = ip_.v6 && detail::cidr_match(ip_, t.addr, t.cidr6);
        break;
      case term_kind::include: {
        if (!count_term(node, t, err)) return finish(err);
        if (!target(t, domain, name, err)) {
          if (blocked_ || err.reason == reason::no_match_invalid_target) continue;
          return finish(err);
        }
        if (depth >= 32) return finish(decided(result_code::permerror, reason::include_depth, "includes nest too deep"));
        node.children.emplace_back();
        node.children.back().via = "include";
        host_result sub = check(name, depth + 1, node.children.back());
        if (sub.pending) continue;
        switch (sub.r) {
          case result_code::pass:
            return finish([&] {
              host_result h = decided(from_qualifier(t.qualifier), reason::mechanism_matched,
                                      "'" + t.text + "' matched: " + name + " passes " + env_.ip);
              h.matched = sub.matched;
              h.matched_domain = sub.matched_domain;
              h.matched_record = sub.matched_record;
              if (h.matched.empty()) h.matched = t.text, h.matched_domain = domain, h.matched_record = node.record;
              h.exp_spec = rec.exp_index >= 0 ? rec.terms[static_cast<std::size_t>(rec.exp_index)].domain_spec : "";
              h.exp_domain = domain;
              return h;
            }());
          case result_code::temperror:
            return finish(decided(result_code::temperror, sub.reason, sub.message));
          case result_code::permerror:
            return finish(decided(result_code::permerror, sub.reason, sub.message));
          case result_code::none:
            return finish(decided(result_code::permerror, reason::include_none,
                                  "'" + t.text + "': " + name + " has no SPF record (" + sub.message + ")"));
          default:
            continue;
        }
      }
      case term_kind::a: {
        if (!count_term(node, t, err)) return finish(err);
        if (!target(t, domain, name, err)) {
          if (blocked_ || err.reason == reason::no_match_invalid_target) continue;
          return finish(err);
        }
        const dns::answer* a = get(name, addr_type());
        if (!a) continue;
        if (is_dns_error(*a))
          return finish(decided(result_code::temperror, reason::dns_error,
                                "'" + t.text + "': the lookup of " + name + " failed"));
        if (!count_void(node, *a, err)) return finish(err);
        match = address_matches(*a, t.cidr4, t.cidr6);
        break;
      }
      case term_kind::mx: {
        if (!count_term(node, t, err)) return finish(err);
        if (!target(t, domain, name, err)) {
          if (blocked_ || err.reason == reason::no_match_invalid_target) continue;
          return finish(err);
        }
        const dns::answer* mx = get(name, dns::rr_type::mx);
        if (!mx) continue;
        if (is_dns_error(*mx))
          return finish(decided(result_code::temperror, reason::dns_error,
                                "'" + t.text + "': the MX lookup of " + name + " failed"));
        if (!count_void(node, *mx, err)) return finish(err);
        // §4.6.4: no more than max_mx_names exchanges may be looked up; they are asked for
        // together, but judged in order, so a match among the first ten is still a match.
        std::vector<const dns::answer*> addrs;
        bool missing = false;
        int looked = 0;
        for (const auto& r : mx->records) {
          if (looked >= opt_.max_mx_names) break;
          ++looked;
          std::string_view rv = str::trim(r);
          auto sp = rv.find(' ');
          std::string exch = detail::answer_name(sp == std::string_view::npos ? rv : rv.substr(sp + 1));
          if (exch.empty()) {  // "0 ." — null MX (RFC 7505): no addresses
            addrs.push_back(nullptr);
            continue;
          }
          const dns::answer* a = get(exch, addr_type());
          if (!a) missing = true;
          addrs.push_back(a);
        }
        if (missing) continue;
        for (const dns::answer* a : addrs) {
          if (!a) continue;
          if (is_dns_error(*a))
            return finish(decided(result_code::temperror, reason::dns_error,
                                  "'" + t.text + "': the lookup of " + a->q.name + " failed"));
          if (address_matches(*a, t.cidr4, t.cidr6)) {
            match = true;
            break;
          }
        }
        if (!match && static_cast<int>(mx->records.size()) > opt_.max_mx_names)
          return finish(decided(result_code::permerror, reason::too_many_mx,
                                "'" + t.text + "': " + name + " has " + std::to_string(mx->records.size()) +
                                    " MX records; at most " + std::to_string(opt_.max_mx_names) + " may be looked up"));
        break;
      }
      case term_kind::ptr: {
        if (!count_term(node, t, err)) return finish(err);
        if (!target(t, domain, name, err)) {
          if (blocked_ || err.reason == reason::no_match_invalid_target) continue;
          return finish(err);
        }
        const dns::answer* ptr = get(ip::reverse_name(ip_), dns::rr_type::ptr);
        if (!ptr) continue;
        if (is_dns_error(*ptr)) break;  // §5.5: a DNS error means no match
        if (!count_void(node, *ptr, err)) return finish(err);
        std::vector<std::string> names;
        for (const auto& r : ptr->records) {
          if (static_cast<int>(names.size()) >= opt_.max_ptr_names) break;
          names.push_back(detail::answer_name(r));
        }
        std::vector<const dns::answer*> addrs;
        bool missing = false;
        for (const auto& n : names) {
          bool candidate = detail::valid_check_domain(n) && (n == name || str::iends_with(n, "." + name));
          const dns::answer* a = candidate ? get(n, addr_type()) : nullptr;
          if (candidate && !a) missing = true;
          addrs.push_back(a);
        }
        if (missing) continue;
        for (const dns::answer* a : addrs)
          if (a && a->st == dns::status::noerror && address_matches(*a, 32, 128)) {
            match = true;
            break;
          }
        break;
      }
      case term_kind::exists: {
        if (!count_term(node, t, err)) return finish(err);
        if (!target(t, domain, name, err)) {
          if (blocked_ || err.reason == reason::no_match_invalid_target) continue;
          return finish(err);
        }
        const dns::answer* a = get(name, dns::rr_type::a);
        if (!a) continue;
        if (is_dns_error(*a))
          return finish(decided(result_code::temperror, reason::dns_error,
                                "'" + t.text + "': the lookup of " + name + " failed"));
        if (!count_void(node, *a, err)) return finish(err);
        match = !a->records.empty();
        break;
      }
      default:
        break;
    }
    if (match) {
      result_code r = from_qualifier(t.qualifier);
      host_result h = decided(r, reason::mechanism_matched, "'" + t.text + "' in the record of " + domain + " matched");
      h.matched = t.text;
      h.matched_domain = domain;
      h.matched_record = node.record;
      h.exp_spec = rec.exp_index >= 0 ? rec.terms[static_cast<std::size_t>(rec.exp_index)].domain_spec : "";
      h.exp_domain = domain;
      return finish(h);
    }
  }

  if (blocked_) {
    // A fail may come from this record: ask for its explanation ahead (not for includes, whose
    // exp= is never used).
    if (rec.exp_index >= 0 && node.via != "include") {
      const std::string& spec = rec.terms[static_cast<std::size_t>(rec.exp_index)].domain_spec;
      if (!uses_p(spec))
        if (auto x = expand_macros(spec, env_for(domain), false)) {
          std::string name = detail::truncate_domain(str::lower(*x));
          if (!name.empty() && name.back() == '.') name.pop_back();
          if (detail::valid_check_domain(name)) prefetch(name, dns::rr_type::txt);
        }
    }
    host_result h;
    h.pending = true;
    return h;
  }
  if (rec.redirect_index >= 0) {
    const term& t = rec.terms[static_cast<std::size_t>(rec.redirect_index)];
    host_result err;
    if (!count_term(node, t, err)) return finish(err);
    std::string name;
    if (!target(t, domain, name, err)) {
      if (blocked_) {
        host_result h;
        h.pending = true;
        return h;
      }
      return finish(err);
    }
    if (depth >= 32) return finish(decided(result_code::permerror, reason::include_depth, "redirects nest too deep"));
    node.children.emplace_back();
    node.children.back().via = "redirect";
    host_result sub = check(name, depth + 1, node.children.back());
    if (sub.pending) return sub;
    if (sub.r == result_code::none)
      return finish(decided(result_code::permerror, reason::redirect_none,
                            "'" + t.text + "': " + name + " has no SPF record (" + sub.message + ")"));
    return finish(sub);
  }
  return finish(decided(result_code::neutral, reason::no_match, "no mechanism in the record of " + domain + " matched"));
}

void evaluator::speculate_domain(const std::string& domain, int depth) {
  if (depth > 12 || !detail::valid_check_domain(domain) || !speculated_.insert(domain).second) return;
  const dns::answer* txt = peek(domain, dns::rr_type::txt);
  if (!txt) {
    prefetch(domain, dns::rr_type::txt);
    return;
  }
  std::vector<std::string> spf;
  for (const auto& strings : txt->txt) {
    std::string joined;
    for (const auto& s : strings) joined += s;
    if (is_spf_record(joined)) spf.push_back(std::move(joined));
  }
  if (spf.size() != 1) return;
  auto rec = parse_record(spf[0]);
  if (!rec) return;
  for (const term& t : rec->terms) speculate_term(t, domain, depth);
}

void evaluator::speculate_term(const term& t, const std::string& domain, int depth) {
  if (!t.costs_lookup() || prefetched_ >= opt_.max_prefetch) return;
  std::string name = domain;
  if (!t.domain_spec.empty()) {
    if (uses_p(t.domain_spec)) return;  // needs answers of its own first
    auto x = expand_macros(t.domain_spec, env_for(domain), false);
    if (!x) return;
    name = detail::truncate_domain(str::lower(*x));
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (!detail::valid_check_domain(name)) return;
  }
  switch (t.kind) {
    case term_kind::include:
    case term_kind::redirect:
      speculate_domain(name, depth + 1);
      break;
    case term_kind::a:
      prefetch(name, addr_type());
      break;
    case term_kind::exists:
      prefetch(name, dns::rr_type::a);
      break;
    case term_kind::mx: {
      const dns::answer* mx = peek(name, dns::rr_type::mx);
      if (!mx) {
        prefetch(name, dns::rr_type::mx);
        break;
      }
      int n = 0;
      for (const auto& r : mx->records) {
        if (n++ >= opt_.max_mx_names) break;
        std::string_view rv = str::trim(r);
        auto sp = rv.find(' ');
        std::string exch = detail::answer_name(sp == std::string_view::npos ? rv : rv.substr(sp + 1));
        if (detail::valid_check_domain(exch)) prefetch(exch, addr_type());
      }
      break;
    }
    case term_kind::ptr:
      prefetch(ip::reverse_name(ip_), dns::rr_type::ptr);
      break;
    default:
      break;
  }
}

std::string evaluator::explanation(const host_result& h) {
  macro_env e = env_for(h.exp_domain.empty() ? env_.domain : h.exp_domain);
  auto fallback = [&] {
    macro_env d = e;
    auto x = expand_macros(opt_.default_explanation, d, true);
    return x ? *x : opt_.default_explanation;
  };
  if (h.exp_spec.empty()) return fallback();
  if (uses_p(h.exp_spec) && !validated_name(e.domain, e.validated_name)) return {};
  auto x = expand_macros(h.exp_spec, e, false);
  if (!x) return fallback();
  std::string name = detail::truncate_domain(str::lower(*x));
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (!detail::valid_check_domain(name)) return fallback();
  const dns::answer* txt = get(name, dns::rr_type::txt);
  if (!txt) return {};
  if (txt->st != dns::status::noerror || txt->txt.size() != 1) return fallback();
  std::string text;
  for (const auto& s : txt->txt[0]) text += s;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return fallback();
  if (uses_p(text) && !validated_name(e.domain, e.validated_name)) return {};
  auto y = expand_macros(text, e, true);
  if (!y) return fallback();
  return *y;
}

evaluation evaluator::run() {
  evaluation ev;
  ev.client_ip = req_.ip;
  ev.helo = req_.helo;
  ev.receiver = req_.receiver;

  // Identity (§2.3, §2.4, §4.3).
  std::string_view mf = str::trim(req_.mail_from);
  if (mf.size() >= 2 && mf.front() == '<' && mf.back() == '>') mf = mf.substr(1, mf.size() - 2);
  identity which = req_.which;
  if (which == identity::automatic) which = mf.empty() ? identity::helo : identity::mailfrom;
  std::string local, sdomain;
  if (which == identity::mailfrom) {
    auto at = mf.rfind('@');
    if (at == std::string_view::npos) {
      sdomain = std::string(mf);
    } else {
      local = std::string(mf.substr(0, at));
      sdomain = std::string(mf.substr(at + 1));
    }
  } else {
    sdomain = std::string(str::trim(req_.helo));
  }
  if (local.empty()) local = "postmaster";
  if (!sdomain.empty() && sdomain.back() == '.') sdomain.pop_back();
  ev.checked = which;
  ev.sender = local + "@" + sdomain;
  std::string domain = req_.domain.empty() ? sdomain : req_.domain;
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  ev.domain = domain;

  auto ip = detail::parse_client_ip(req_.ip);
  if (!ip) {
    ev.done = true;
    ev.result = result_code::none;
    ev.reason = reason::invalid_ip;
    ev.message = "'" + req_.ip + "' is not an IP address";
    return ev;
  }
  ip_ = *ip;
  env_.sender = ev.sender;
  env_.local_part = local;
  env_.sender_domain = sdomain;
  env_.domain = domain;
  env_.ip = detail::to_dotted_nibbles(ip_);
  // %{i} keeps the case the address was given in (the openspf suite expects "CAFE:BABE::1" to
  // give upper-case nibbles); DNS names are case-insensitive either way.
  {
    bool upper = false, lower = false;
    for (char c : req_.ip) upper = upper || (c >= 'A' && c <= 'F'), lower = lower || (c >= 'a' && c <= 'f');
    if (ip_.v6 && upper && !lower)
      for (char& c : env_.ip) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  }
  env_.client_ip = ip::to_string(ip_);
  env_.ip_version = ip_.v6 ? "ip6" : "in-addr";
  env_.helo = req_.helo;
  env_.receiver = req_.receiver;
  env_.now = req_.now;

  host_result h = check(str::lower(domain), 0, ev.tree);
  std::string expl;
  if (!h.pending && h.r == result_code::fail) expl = explanation(h);
  ev.rfc_lookups = terms_;
  ev.void_lookups = voids_;
  ev.subqueries = subqueries_;
  if (h.pending || blocked_) {
    ev.done = false;
    ev.result = result_code::none;
    ev.reason = reason::pending;
    ev.message = "waiting for DNS answers";
    return ev;
  }
  ev.done = true;
  ev.result = h.r;
  ev.reason = h.reason;
  ev.message = h.message;
  ev.matched = h.matched;
  ev.matched_domain = h.matched_domain;
  ev.matched_record = h.matched_record;
  ev.explanation = expl;
  return ev;
}

/// Keeps a comment or quoted-string safe: ASCII printable, no parentheses, quotes or backslashes.
std::string safe_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '(' || c == ')' || c == '"' || c == '\\') out += '?';
    else out += c;
  }
  return out;
}

bool is_atom(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
              std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return s.front() != '.' && s.back() != '.';
}

std::string value(std::string_view s) { return is_atom(s) ? std::string(s) : "\"" + safe_text(s) + "\""; }

}  // namespace

evaluation check_host(dns::lookup_context& ctx, const request& req, const options& opt) {
  return evaluator(ctx, req, opt).run();
}

evaluation evaluate(dns::cache& c, const request& req, const dns::resolve_fn& resolve, const options& opt,
                    dns::drive_stats* stats) {
  return dns::drive_value(c, [&](dns::lookup_context& ctx) { return check_host(ctx, req, opt); }, resolve, stats);
}

std::string evaluation::received_spf_field() const {
  std::string rcv = receiver.empty() ? "unknown" : receiver;
  std::string who = safe_text(sender);
  std::string comment;
  switch (result) {
    case result_code::pass:
      comment = rcv + ": domain of " + who + " designates " + client_ip + " as permitted sender";
      break;
    case result_code::fail:
      comment = rcv + ": domain of " + who + " does not designate " + client_ip + " as permitted sender";
      break;
    case result_code::softfail:
      comment = rcv + ": transitioning domain of " + who + " does not designate " + client_ip + " as permitted sender";
      break;
    case result_code::neutral:
      comment = rcv + ": " + client_ip + " is neither permitted nor denied by domain of " + who;
      break;
    case result_code::none:
      comment = rcv + ": domain of " + who + " does not provide an SPF record";
      break;
    case result_code::temperror:
      comment = rcv + ": error in processing during lookup of " + who + ": " + safe_text(message);
      break;
    case result_code::permerror:
      comment = rcv + ": permanent error in processing domain of " + who + ": " + safe_text(message);
      break;
  }
  std::string f = "Received-SPF: " + std::string(to_string(result)) + " (" + safe_text(comment) + ")";
  f += " client-ip=" + value(client_ip) + ";";
  if (checked == identity::mailfrom) f += " envelope-from=\"" + safe_text(sender) + "\";";
  if (!helo.empty()) f += " helo=" + value(helo) + ";";
  f += " receiver=" + value(rcv) + ";";
  f += " identity=" + std::string(to_string(checked)) + ";";
  if (!matched.empty()) f += " mechanism=" + value(matched) + ";";
  if (result == result_code::permerror || result == result_code::temperror)
    f += " problem=\"" + safe_text(message) + "\";";
  return f;
}

std::string evaluation::auth_results_fragment() const {
  std::string f = "spf=" + std::string(to_string(result));
  // RFC 8601 pvalue: [ [ local-part ] "@" ] domain-name, unquoted when both halves are atoms.
  auto pvalue = [](std::string_view v) {
    auto at = v.rfind('@');
    if (at != std::string_view::npos && is_atom(v.substr(0, at)) && is_atom(v.substr(at + 1))) return std::string(v);
    return value(v);
  };
  if (checked == identity::helo) f += " smtp.helo=" + pvalue(helo.empty() ? domain : helo);
  else f += " smtp.mailfrom=" + pvalue(sender);
  return f;
}

}  // namespace authlens::spf
