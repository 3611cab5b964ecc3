// DMARC evaluation of one message in both specifications, the explanation, the points where the
// two disagree, and the domain check behind `authlens dmarc check`.
#include <string>
#include <vector>

#include "authlens/dmarc.hpp"
#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "dmarc/internal.hpp"

namespace authlens::dmarc {

namespace detail {
const psl::list& psl_of(const options& opt);
}

namespace {

std::string s(std::string_view v) { return std::string(v); }

bool shares_tld(const std::string& a, const std::string& b) {
  auto la = detail::labels(a), lb = detail::labels(b);
  return !la.empty() && !lb.empty() && la.back() == lb.back();
}

/// Alignment of one identifier with the author domain under one spec.
void align(dns::lookup_context& ctx, identifier& id, const std::string& author, const std::string& author_org,
           bool author_org_known, alignment_mode how, mode m, const options& opt, bool& done) {
  id.how = how;
  if (id.domain.empty()) {
    id.reason = alignment_reason::no_domain;
    return;
  }
  bool identical = id.domain == author;
  if (m == mode::rfc7489) {
    id.org_domain = psl::organizational_domain(id.domain, detail::psl_of(opt), opt.psl_match);
  } else if (identical) {
    id.org_domain = author_org;
  } else if (!shares_tld(id.domain, author)) {
    // An Organizational Domain is the name itself or one of its ancestors: with different TLDs
    // the two can never share one, so no walk is needed.
    id.org_domain = "";
  } else {
    auto d = organizational_domain(ctx, id.domain, opt);
    if (!d.done) {
      done = false;
      id.reason = alignment_reason::pending;
      return;
    }
    if (d.temperror) {
      id.reason = alignment_reason::temperror;
      return;
    }
    id.org_domain = d.org_domain;
  }
  if (identical) {
    id.domain_aligned = true;
    id.reason = alignment_reason::identical;
  } else if (how == alignment_mode::strict) {
    id.reason = alignment_reason::strict_mismatch;
  } else if (!author_org_known) {
    id.reason = alignment_reason::temperror;
  } else if (!id.org_domain.empty() && id.org_domain == author_org) {
    id.domain_aligned = true;
    id.reason = alignment_reason::same_org_domain;
  } else {
    id.reason = alignment_reason::different_org_domain;
  }
  id.aligned = id.passed && id.domain_aligned;
  if (!id.passed && id.reason != alignment_reason::temperror) id.reason = alignment_reason::not_passed;
}

/// RFC 9989 non-existent domain: A, AAAA and MX at the author domain all answer NXDOMAIN or NODATA.
/// One record of any of the three means the domain exists, whatever the other two answered (a
/// snapshot or a zone holding only the A record answers NXDOMAIN for the AAAA it never recorded).
/// Returns false while answers are pending. When no record was found and a question failed
/// (SERVFAIL, TIMEOUT) existence is unknown: never taken for non-existence, so np is not applied;
/// the domain is treated as existing and `author_existence_unknown` says why.
bool author_existence(dns::lookup_context& ctx, const std::string& author, outcome& o) {
  const dns::rr_type types[] = {dns::rr_type::a, dns::rr_type::aaaa, dns::rr_type::mx};
  for (auto t : types) ctx.prefetch(author, t);
  bool pending = false, any_data = false, failed = false;
  for (auto t : types) {
    const dns::answer* a = ctx.get(author, t);
    if (!a) {
      pending = true;
      continue;
    }
    if (a->st == dns::status::servfail || a->st == dns::status::timeout) failed = true;
    else if (a->st == dns::status::noerror && !a->nodata()) any_data = true;
  }
  if (pending) return false;
  o.author_existence_checked = any_data || !failed;
  o.author_existence_unknown = !o.author_existence_checked;
  o.author_exists = any_data || failed;
  return true;
}

outcome evaluate_mode(dns::lookup_context& ctx, const std::string& author, const inputs& in, mode m,
                      const options& opt, bool& done) {
  outcome o;
  o.m = m;
  o.disc = discover(ctx, author, m, opt);
  if (!o.disc.done) done = false;

  // The identifiers, whatever the record says (the explanation needs them either way).
  o.spf.mechanism = "spf";
  o.spf.domain = dns::normalize_name(in.spf.domain);
  o.spf.result = in.spf.result ? s(spf::to_string(*in.spf.result)) : std::string();
  o.spf.passed = in.spf.result == spf::result_code::pass;
  for (const auto& k : in.dkim) {
    identifier id;
    id.mechanism = "dkim";
    id.domain = dns::normalize_name(k.domain);
    id.selector = k.selector;
    id.result = s(dkim::to_string(k.result));
    id.passed = k.result == dkim::verdict::pass;
    o.dkim.push_back(std::move(id));
  }
  // RFC 9989 §3.2.x: "DMARC relies solely on SPF validation of the MAIL FROM identity"; a HELO
  // result (null reverse-path) is not an SPF-Authenticated Identifier there. RFC 7489 §4.1 uses
  // RFC 7208 §2.4's MAIL FROM processing, which puts the HELO domain in that place.
  bool spf_unusable = m == mode::rfc9989 && in.spf.helo;

  // Ask ahead: the identifiers' walks go out in the same round as the author's.
  if (m == mode::rfc9989 && !o.disc.done) {
    auto prefetch_walk = [&](const std::string& d) {
      if (d.empty() || d == author || !shares_tld(d, author)) return;
      for (const auto& n : detail::walk_names(d)) ctx.prefetch("_dmarc." + n, dns::rr_type::txt);
    };
    if (!spf_unusable) prefetch_walk(o.spf.domain);
    for (const auto& k : o.dkim) prefetch_walk(k.domain);
  }
  if (!o.disc.done) {
    o.reason = outcome_reason::pending;
    return o;
  }
  if (o.disc.temperror && !o.disc.rec) {
    o.result = result_code::temperror;
    o.reason = outcome_reason::temperror_dns;
    o.detail = "a DNS error kept the DMARC record of " + author + " from being read";
    return o;
  }
  if (!o.disc.rec) {
    o.result = result_code::none;
    o.reason = o.disc.reason == discovery_reason::record_multiple ? outcome_reason::none_multiple_records
                                                                  : outcome_reason::none_no_record;
    o.detail = o.reason == outcome_reason::none_multiple_records
                   ? "several DMARC records were published, so none applies"
                   : "no DMARC record applies to " + author + ": DMARC does not apply";
    return o;
  }
  const record& rec = *o.disc.rec;
  auto use = detail::policy_usability(rec, m);
  if (!use.usable) {
    o.result = result_code::none;
    o.reason = outcome_reason::none_unusable_record;
    o.detail = "the DMARC record at _dmarc." + o.disc.record_domain +
               " has no valid p= and no valid rua=, so receivers apply no DMARC processing";
    return o;
  }

  // RFC 7489 §6.3: pct is the record's, whether this message passes or fails.
  if (m == mode::rfc7489) o.pct = rec.pct.value_or(100);

  // Alignment.
  bool author_org_known = !o.disc.org_domain.empty();
  align(ctx, o.spf, author, o.disc.org_domain, author_org_known, rec.aspf, m, opt, done);
  if (spf_unusable) {
    o.spf.aligned = false;
    o.spf.reason = alignment_reason::helo_not_used;
  }
  for (auto& k : o.dkim) align(ctx, k, author, o.disc.org_domain, author_org_known, rec.adkim, m, opt, done);

  // Policy: p for the author domain's own record, else sp / np (RFC 9989) or sp (RFC 7489).
  if (use.fallback) {
    o.requested = policy::none;
    o.policy_tag = "p";
  } else if (o.disc.record_domain == author) {
    o.requested = rec.p;
    o.policy_tag = "p";
  } else {
    bool nonexistent = false;
    if (m == mode::rfc9989 && rec.np && *rec.np != rec.sp.value_or(rec.p)) {
      if (!author_existence(ctx, author, o)) {
        done = false;
        o.reason = outcome_reason::pending;
        return o;
      }
      nonexistent = !o.author_exists;
    }
    if (nonexistent) {
      o.requested = rec.np;
      o.policy_tag = "np";
    } else if (rec.sp) {
      o.requested = rec.sp;
      o.policy_tag = "sp";
    } else {
      o.requested = rec.p;
      o.policy_tag = "p";
    }
  }

  bool dkim_pass = false, alignment_pending = false, alignment_temp = false;
  for (const auto& k : o.dkim) {
    dkim_pass = dkim_pass || k.aligned;
    alignment_pending = alignment_pending || k.reason == alignment_reason::pending;
    alignment_temp = alignment_temp || (k.passed && k.reason == alignment_reason::temperror);
  }
  bool spf_pass = o.spf.aligned;
  alignment_pending = alignment_pending || o.spf.reason == alignment_reason::pending;
  alignment_temp = alignment_temp || (o.spf.passed && !spf_unusable && o.spf.reason == alignment_reason::temperror);
  std::string where = "_dmarc." + o.disc.record_domain;
  if (dkim_pass || spf_pass) {
    o.result = result_code::pass;
    o.reason = dkim_pass && spf_pass ? outcome_reason::pass_dkim_and_spf
               : dkim_pass           ? outcome_reason::pass_dkim
                                     : outcome_reason::pass_spf;
    o.disposition = policy::none;
    o.detail = std::string(dkim_pass ? "an aligned DKIM signature passed" : "SPF passed for an aligned domain") +
               " (record at " + where + ")";
    return o;
  }
  if (alignment_pending) {
    done = false;
    o.reason = outcome_reason::pending;
    return o;
  }
  if (alignment_temp) {
    o.result = result_code::temperror;
    o.reason = outcome_reason::temperror_alignment;
    o.detail = "a DNS error kept an Organizational Domain from being found, so alignment is unknown";
    return o;
  }
  o.result = result_code::fail;
  o.reason = outcome_reason::fail_no_aligned_pass;
  policy req = *o.requested;
  o.disposition = req;
  if (m == mode::rfc9989) {
    if (rec.test && req != policy::none) {
      o.test_mode = true;
      o.disposition = detail::lower(req);
    }
  } else {
    if (req != policy::none) {
      if (o.pct == 0) o.disposition = detail::lower(req);
      else if (o.pct < 100) o.disposition_unsampled = detail::lower(req);
    }
  }
  o.detail = "no identifier that passed is aligned with " + author + "; policy " + o.policy_tag + "=" +
             s(to_string(req)) + " from " + where + " → " + s(to_string(*o.disposition));
  if (o.test_mode) o.detail += " (t=y: one level below the policy)";
  if (o.author_existence_unknown)
    o.detail += " (a DNS error kept the existence of " + author + " unknown: treated as existing, np= not applied)";
  if (o.disposition_unsampled)
    o.detail += " for " + std::to_string(o.pct) + "% of failing mail, " + s(to_string(*o.disposition_unsampled)) +
                " for the rest (pct)";
  return o;
}

explanation explain(const outcome& o, const inputs& in, const std::string& author) {
  explanation x;
  // SPF.
  x.spf.present = !o.spf.result.empty();
  x.spf.passed = o.spf.passed;
  x.spf.aligned = o.spf.aligned;
  if (!x.spf.present) {
    x.spf.why_not = unaligned_reason::spf_not_evaluated;
    x.spf.detail = "SPF was not evaluated";
  } else if (o.spf.reason == alignment_reason::helo_not_used) {
    x.spf.why_not = unaligned_reason::spf_helo_not_used;
    x.spf.detail = "MAIL FROM was empty; RFC 9989 does not use the HELO identity (" + o.spf.domain + ")";
  } else if (!o.spf.passed) {
    x.spf.why_not = unaligned_reason::spf_not_pass;
    x.spf.detail = "SPF " + o.spf.result + " for " + o.spf.domain;
  } else if (!o.spf.domain_aligned) {
    x.spf.why_not = o.spf.reason == alignment_reason::strict_mismatch ? unaligned_reason::spf_not_aligned_strict
                                                                       : unaligned_reason::spf_not_aligned_org_domain;
    x.spf.detail = "SPF passed for " + o.spf.domain + ", which is not aligned with " + author;
  } else {
    x.spf.detail = "SPF passed for " + o.spf.domain + ", aligned with " + author;
  }
  // DKIM.
  x.dkim.present = !o.dkim.empty();
  const identifier* passed_unaligned = nullptr;
  const identifier* aligned_failed = nullptr;
  for (const auto& k : o.dkim) {
    x.dkim.passed = x.dkim.passed || k.passed;
    x.dkim.aligned = x.dkim.aligned || k.aligned;
    if (k.passed && !k.domain_aligned && !passed_unaligned) passed_unaligned = &k;
    if (!k.passed && k.domain_aligned && !aligned_failed) aligned_failed = &k;
  }
  if (!x.dkim.present) {
    x.dkim.why_not = unaligned_reason::dkim_no_signature;
    x.dkim.detail = "the message has no DKIM signature";
  } else if (!x.dkim.passed) {
    x.dkim.why_not = unaligned_reason::dkim_no_pass;
    x.dkim.detail = "no DKIM signature verified";
  } else if (!x.dkim.aligned) {
    x.dkim.why_not = passed_unaligned && passed_unaligned->reason == alignment_reason::strict_mismatch
                         ? unaligned_reason::dkim_not_aligned_strict
                         : unaligned_reason::dkim_not_aligned_org_domain;
    x.dkim.detail = "DKIM passed for d=" + (passed_unaligned ? passed_unaligned->domain : std::string()) +
                    ", which is not aligned with " + author;
  } else {
    x.dkim.detail = "an aligned DKIM signature verified";
  }
  // The single change.
  std::string org = o.disc.org_domain.empty() ? author : o.disc.org_domain;
  if (o.result == result_code::none && o.reason == outcome_reason::none_no_record) {
    x.fix_code = fix::dmarc_publish_record;
    x.fix = "publish a DMARC record at _dmarc." + org + " (v=DMARC1; p=none; rua=mailto:…) to start monitoring";
  } else if (o.result == result_code::none && o.reason == outcome_reason::none_multiple_records) {
    x.fix_code = fix::dmarc_one_record;
    x.fix = "keep exactly one v=DMARC1 TXT record at _dmarc." + o.disc.domain;
  } else if (o.result == result_code::none && o.reason == outcome_reason::none_unusable_record) {
    x.fix_code = fix::dmarc_valid_policy;
    x.fix = "give the record at _dmarc." + o.disc.record_domain + " a valid p= (none, quarantine or reject)";
  } else if (o.result == result_code::fail) {
    const bool spf_strict_only = o.spf.passed && !o.spf.domain_aligned && o.spf.org_domain == o.disc.org_domain &&
                                 !o.spf.org_domain.empty() && o.spf.reason == alignment_reason::strict_mismatch;
    const bool dkim_strict_only = passed_unaligned && passed_unaligned->reason == alignment_reason::strict_mismatch &&
                                  passed_unaligned->org_domain == o.disc.org_domain && !o.disc.org_domain.empty();
    if (aligned_failed) {
      x.fix_code = fix::dkim_repair_signature;
      x.fix = "the DKIM signature of d=" + aligned_failed->domain + " is aligned but its result is " +
              aligned_failed->result + ": make it verify (publish the key at " +
              (aligned_failed->selector.empty() ? std::string("<selector>") : aligned_failed->selector) +
              "._domainkey." + aligned_failed->domain + ", keep the body unmodified)";
    } else if (dkim_strict_only) {
      x.fix_code = fix::alignment_relax_adkim;
      x.fix = "set adkim=r (or remove adkim=s): d=" + passed_unaligned->domain + " has the same Organizational Domain";
    } else if (passed_unaligned) {
      x.fix_code = fix::dkim_sign_with_author_domain;
      x.fix = "have the sender sign as d=" + org + " (a key under your domain, e.g. the provider's CNAME records) "
              "instead of d=" + passed_unaligned->domain;
    } else if (spf_strict_only) {
      x.fix_code = fix::alignment_relax_aspf;
      x.fix = "set aspf=r (or remove aspf=s): " + o.spf.domain + " has the same Organizational Domain";
    } else if (o.spf.domain_aligned && !o.spf.passed && !in.spf.helo && !o.spf.result.empty()) {
      x.fix_code = fix::spf_authorize_sender;
      x.fix = "authorise the sending IP in the SPF record of " + o.spf.domain + " (SPF " + o.spf.result + ")";
    } else if (o.spf.passed && !o.spf.domain_aligned) {
      x.fix_code = fix::spf_custom_mail_from;
      x.fix = "use a MAIL FROM (Return-Path) domain under " + org + " (the provider's custom MAIL FROM / bounce "
              "domain) instead of " + o.spf.domain + ", authorised in its SPF record";
    } else {
      x.fix_code = fix::dkim_sign;
      x.fix = "sign the mail with DKIM as d=" + org;
    }
  }
  return x;
}

std::string policy_text(const std::optional<policy>& p) { return p ? s(to_string(*p)) : std::string("(none)"); }

void add_discovery_disagreements(const discovery& a, const discovery& b, std::vector<disagreement>& out) {
  if (!a.done || !b.done) return;
  if (!a.org_domain.empty() && !b.org_domain.empty() && a.org_domain != b.org_domain) {
    disagreement d{"org_domain", disagreement_reason::org_domain, a.org_domain, b.org_domain, ""};
    if (a.org_reason == org_reason::psd_n || a.org_reason == org_reason::psd_y) {
      d.reason = disagreement_reason::psd_record;
      d.detail = "a record with psd=" + std::string(a.org_reason == org_reason::psd_n ? "n" : "y") +
                 " in the DNS tree sets RFC 9989's Organizational Domain; the public suffix list gives " + b.org_domain;
    } else if (b.org_reason == org_reason::psl_private) {
      d.reason = disagreement_reason::psl_private_suffix;
      d.detail = "the public suffix list's private section makes " + b.org_domain +
                 " an Organizational Domain; the DNS tree walk found " + a.org_domain;
    } else if (a.org_reason == org_reason::no_record) {
      d.reason = disagreement_reason::no_record_in_tree;
      d.detail = "no DMARC record exists anywhere above " + a.domain + ", so RFC 9989 makes it its own "
                 "Organizational Domain; the public suffix list gives " + b.org_domain;
    } else {
      d.reason = disagreement_reason::record_placement;
      d.detail = "the highest DMARC record in the tree is at " + a.org_domain + ", the public suffix list gives " +
                 b.org_domain;
    }
    out.push_back(std::move(d));
  }
  if (a.record_domain != b.record_domain) {
    disagreement d{"record", disagreement_reason::record_domain, a.record_domain, b.record_domain, ""};
    bool b_multiple = b.reason == discovery_reason::record_multiple;
    if (b_multiple && !a.record_domain.empty()) {
      d.reason = disagreement_reason::multiple_records;
      d.detail = "several records at one name: RFC 7489 stops there, RFC 9989 discards them and walks on";
    } else if (a.reason == discovery_reason::record_at_psd) {
      d.reason = disagreement_reason::psd_policy;
      d.detail = "RFC 9989 applies the public suffix domain's record at " + a.record_domain +
                 "; RFC 7489 does not look there";
    } else if (!a.record_domain.empty() && b.record_domain.empty()) {
      d.reason = disagreement_reason::record_outside_psl_lookup;
      d.detail = "RFC 9989's walk found the record at " + a.record_domain + ", a name RFC 7489 does not query";
    } else if (a.record_domain.empty() && !b.record_domain.empty()) {
      d.reason = disagreement_reason::record_not_applied;
      d.detail = "RFC 7489 applies the record at " + b.record_domain + "; under RFC 9989 it is not the "
                 "Organizational Domain's record";
    } else {
      d.detail = "the two specifications pick records at different names";
    }
    out.push_back(std::move(d));
  }
}

std::vector<disagreement> disagreements(const outcome& a, const outcome& b, const inputs& in) {
  std::vector<disagreement> out;
  add_discovery_disagreements(a.disc, b.disc, out);
  if (a.spf.aligned != b.spf.aligned) {
    disagreement d{"alignment", disagreement_reason::spf_alignment, a.spf.aligned ? "aligned" : "not aligned",
                   b.spf.aligned ? "aligned" : "not aligned", ""};
    if (in.spf.helo) {
      d.reason = disagreement_reason::spf_helo;
      d.detail = "MAIL FROM was empty: RFC 7489 uses the HELO identity, RFC 9989 only MAIL FROM";
    } else {
      d.detail = "SPF domain " + a.spf.domain + ": Organizational Domain " + a.spf.org_domain + " (RFC 9989) vs " +
                 b.spf.org_domain + " (RFC 7489)";
    }
    out.push_back(std::move(d));
  }
  for (std::size_t i = 0; i < a.dkim.size() && i < b.dkim.size(); ++i) {
    if (a.dkim[i].aligned != b.dkim[i].aligned)
      out.push_back({"alignment", disagreement_reason::dkim_alignment, a.dkim[i].aligned ? "aligned" : "not aligned",
                     b.dkim[i].aligned ? "aligned" : "not aligned",
                     "d=" + a.dkim[i].domain + ": Organizational Domain " + a.dkim[i].org_domain + " (RFC 9989) vs " +
                         b.dkim[i].org_domain + " (RFC 7489)"});
  }
  if (a.requested != b.requested && a.result != result_code::none && b.result != result_code::none) {
    disagreement d{"policy", disagreement_reason::policy, policy_text(a.requested), policy_text(b.requested), ""};
    if (a.policy_tag == "np") {
      d.reason = disagreement_reason::np;
      d.detail = a.disc.domain + " does not exist: RFC 9989 applies np=, RFC 7489 has no np";
    } else {
      d.detail = "RFC 9989 applies " + a.policy_tag + "= of _dmarc." + a.disc.record_domain + ", RFC 7489 " +
                 b.policy_tag + "= of _dmarc." + b.disc.record_domain;
    }
    out.push_back(std::move(d));
  }
  if (a.result == result_code::fail && b.result == result_code::fail && a.disposition != b.disposition) {
    disagreement d{"disposition", disagreement_reason::disposition, policy_text(a.disposition),
                   policy_text(b.disposition), ""};
    if (a.test_mode || b.pct < 100) {
      d.reason = disagreement_reason::test_mode_vs_pct;
      d.detail = "t=y lowers the policy under RFC 9989 only; pct= applies under RFC 7489 only";
    } else {
      d.detail = "the policies that apply differ";
    }
    out.push_back(std::move(d));
  }
  if (a.result != b.result) {
    out.push_back({"result", disagreement_reason::result, s(to_string(a.result)), s(to_string(b.result)),
                   "RFC 9989: " + s(to_string(a.reason)) + "; RFC 7489: " + s(to_string(b.reason))});
  }
  return out;
}

}  // namespace

std::string evaluation::auth_results_fragment() const {
  std::string f = "dmarc=" + s(to_string(rfc9989.result));
  if (rfc9989.requested) {
    f += " (p=" + s(to_string(*rfc9989.requested));
    if (rfc9989.disposition) f += " dis=" + s(to_string(*rfc9989.disposition));
    f += ")";
  }
  if (!author_domain.empty()) f += " header.from=" + author_domain;
  return f;
}

evaluation check(dns::lookup_context& ctx, const inputs& in, const options& opt) {
  evaluation e;
  e.author_domain = dns::normalize_name(in.author_domain);
  e.author_error = in.author_error;
  if (e.author_error == author_problem::none && detail::labels(e.author_domain).empty())
    e.author_error = author_problem::no_domain;
  e.rfc9989.m = mode::rfc9989;
  e.rfc7489.m = mode::rfc7489;
  if (e.author_error != author_problem::none) {
    // RFC 9989 §3.2.x: no reliable way to find the record for a message without one From domain.
    for (auto* o : {&e.rfc9989, &e.rfc7489}) {
      o->result = result_code::permerror;
      o->reason = e.author_error == author_problem::no_from              ? outcome_reason::permerror_no_from
                  : e.author_error == author_problem::multiple_from      ? outcome_reason::permerror_multiple_from
                  : e.author_error == author_problem::multiple_addresses ? outcome_reason::permerror_multiple_addresses
                                                                         : outcome_reason::permerror_no_domain;
      o->detail = e.author_error == author_problem::no_from          ? "the message has no From field"
                  : e.author_error == author_problem::multiple_from  ? "the message has several From fields"
                  : e.author_error == author_problem::multiple_addresses
                      ? "the From field holds several addresses"
                      : "the From address has no usable domain";
    }
    e.explain.fix_code = fix::author_single_from;
    e.explain.fix = "send exactly one From field with one address in a valid domain";
    e.done = true;
    return e;
  }
  bool done = true;
  e.rfc9989 = evaluate_mode(ctx, e.author_domain, in, mode::rfc9989, opt, done);
  e.rfc7489 = evaluate_mode(ctx, e.author_domain, in, mode::rfc7489, opt, done);
  if (e.rfc9989.disc.rec) {
    e.rua = check_report_destinations(ctx, e.rfc9989.disc.record_domain, *e.rfc9989.disc.rec, opt);
    for (const auto& r : e.rua) done = done && r.status != "pending";
  }
  e.done = done;
  if (!done) return e;
  e.explain = explain(e.rfc9989, in, e.author_domain);
  e.disagreements = disagreements(e.rfc9989, e.rfc7489, in);
  return e;
}

evaluation evaluate(dns::cache& c, const inputs& in, const dns::resolve_fn& resolve, const options& opt,
                    dns::drive_stats* stats) {
  return dns::drive_value(c, [&](dns::lookup_context& ctx) { return check(ctx, in, opt); }, resolve, stats);
}

domain_report check_domain(dns::lookup_context& ctx, std::string_view domain, const options& opt) {
  domain_report r;
  r.domain = dns::normalize_name(domain);
  r.rfc9989 = discover(ctx, r.domain, mode::rfc9989, opt);
  r.rfc7489 = discover(ctx, r.domain, mode::rfc7489, opt);
  if (!r.rfc9989.done || !r.rfc7489.done) return r;
  const discovery& applied = r.rfc9989.rec ? r.rfc9989 : r.rfc7489;
  r.temperror = r.rfc9989.temperror || r.rfc7489.temperror;
  if (applied.rec) {
    r.findings = lint_record(*applied.rec, lint_options{.domain = applied.record_domain});
    r.rua = check_report_destinations(ctx, applied.record_domain, *applied.rec, opt);
    for (const auto& c : r.rua)
      if (c.status == "pending") return r;
    // The DNS answered the authorisation question: the lint's "must publish" note is superseded.
    std::erase_if(r.findings, [&](const finding& f) {
      if (f.code != "dmarc.lint.external_destination") return false;
      for (const auto& c : r.rua)
        if ((c.status == "authorized" || c.status == "not_authorized") &&
            f.detail.find("go to " + c.dest_domain + ",") != std::string::npos)
          return true;
      return false;
    });
    for (const auto& c : r.rua) {
      if (c.status == "not_authorized")
        r.findings.push_back({"dmarc.lint.destination_not_authorized", "error",
                              c.dest_domain + " has not authorised reports for " + applied.record_domain + " (" +
                                  c.query + " has no v=DMARC1 record): receivers will not send " + c.tag +
                                  " reports there",
                              "ask " + c.dest_domain + " to publish TXT \"v=DMARC1\" at " + c.query,
                              {{"destination", c.dest_domain}, {"domain", applied.record_domain}, {"query", c.query}, {"tag", c.tag}}});
      if (c.status == "temperror") r.temperror = true;
    }
  } else if (!r.temperror) {
    const bool multiple = r.rfc9989.reason == discovery_reason::record_multiple ||
                          r.rfc7489.reason == discovery_reason::record_multiple;
    const std::string at = r.rfc7489.org_domain.empty() ? r.domain : r.rfc7489.org_domain;
    std::string reason = multiple
                             ? "several v=DMARC1 records at one name: receivers ignore them all"
                             : "no DMARC record applies to " + r.domain;
    r.findings.push_back({"dmarc.lint.no_record", "error", reason,
                          "publish one TXT record at _dmarc." +
                              (r.rfc7489.org_domain.empty() ? r.domain : r.rfc7489.org_domain) +
                              ": v=DMARC1; p=none; rua=mailto:dmarc-reports@<your domain>",
                          // "variant": which of the two sentences (the catalogs' sub-key).
                          multiple ? std::map<std::string, std::string>{{"variant", "multiple"}, {"at", at}}
                                   : std::map<std::string, std::string>{{"domain", r.domain}, {"at", at}}});
  }
  for (const auto& st : r.rfc9989.steps)
    if (st.outcome == "multiple")
      r.findings.push_back({"dmarc.lint.multiple_records", "error",
                            "_dmarc." + st.domain + " has " + std::to_string(st.records.size()) +
                                " v=DMARC1 records: receivers discard them all",
                            "keep exactly one",
                            {{"domain", st.domain}, {"count", std::to_string(st.records.size())}}});
  r.disagreements.clear();
  add_discovery_disagreements(r.rfc9989, r.rfc7489, r.disagreements);
  r.done = true;
  return r;
}

domain_report check_domain(dns::cache& c, std::string_view domain, const dns::resolve_fn& resolve,
                           const options& opt, dns::drive_stats* stats) {
  return dns::drive_value(c, [&](dns::lookup_context& ctx) { return check_domain(ctx, domain, opt); }, resolve,
                         stats);
}

}  // namespace authlens::dmarc
