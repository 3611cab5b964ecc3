// One message, one evaluation context (authlens/analysis.hpp): parses the message once, then
// evaluates every check against the DNS cache each time answers arrive, and judges the results
// into the typed message_report (serialised as authlens/report/v1 by report/analysis_json.cpp).
//
// run(ctx) evaluates, in one pass and so in one DNS round each: iprev of the hand-off IP, SPF for the
// MAIL FROM and HELO identities (RFC 7208), every DKIM signature (RFC 6376; the memo keeps body hashes
// and verifications across rounds), DMARC in both modes (RFC 9989 / RFC 7489) from those results, and
// the ARC chain (RFC 8617). The parts judged from the results (bulk-sender readiness, spoofing
// indicators, recomputed vs claimed, summary, decision: analysis/analyzer.hpp) are made when the result
// is first read after an evaluation (result()), once per analysis rather than once per DNS round.
#include "authlens/analysis.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "authlens/arc.hpp"
#include "authlens/authres.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/message.hpp"
#include "authlens/psl.hpp"
#include "authlens/spf.hpp"
#include "authlens/strings.hpp"
#include "authlens/transport.hpp"
#include "analysis/analyzer.hpp"

namespace authlens {

namespace az = analyzer;

namespace {

transport::route route_of(const mime::message& m, const envelope& env) {
  std::vector<std::string> received;
  for (const auto* f : m.all("Received")) received.push_back(f->unfolded);
  transport::route_options opt;
  if (!env.ip.empty()) opt.handoff_ip = env.ip;
  return transport::build_route(received, opt);
}

std::vector<authres::field> authres_of(const mime::message& m) {
  std::vector<authres::field> out;
  for (const auto& f : m.fields) {
    if (str::iequals(f.name, "Authentication-Results"))
      out.push_back(authres::parse(f.unfolded, authres::field_kind::authentication_results));
    else if (str::iequals(f.name, "ARC-Authentication-Results"))
      out.push_back(authres::parse(f.unfolded, authres::field_kind::arc_authentication_results));
  }
  return out;
}

std::string domain_of(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string d = str::lower(address.substr(at + 1));
  while (!d.empty() && (d.back() == '.' || d.back() == '>')) d.pop_back();
  return d;
}

dmarc::author_problem to_dmarc(mime::author_error e) {
  switch (e) {
    case mime::author_error::none: return dmarc::author_problem::none;
    case mime::author_error::no_from: return dmarc::author_problem::no_from;
    case mime::author_error::multiple_from_fields: return dmarc::author_problem::multiple_from;
    case mime::author_error::multiple_mailboxes: return dmarc::author_problem::multiple_addresses;
    case mime::author_error::no_mailbox:
    case mime::author_error::no_domain: return dmarc::author_problem::no_domain;
  }
  return dmarc::author_problem::no_domain;
}

/// The b= value of a DKIM-Signature field (for header.b), "" when absent.
std::string b_of(const mime::message& m, std::size_t field_index) {
  if (field_index >= m.fields.size()) return "";
  auto tl = dkim::parse_tag_list(m.fields[field_index].unfolded);
  const dkim::tag* b = tl.find("b");
  if (!b) return "";
  std::string out;
  for (char c : b->value)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

}  // namespace

/// The report (identities, the checks' results, the judgements) and what only the evaluation needs.
struct analysis::state : analyzer::message_report {
  std::string bytes;
  envelope env;
  // Memos kept across rounds: body hashes and signature checks happen once per analysis.
  dkim::memo dkim_memo;
  arc::memo arc_memo;
  // The judged parts (check states, bulk-sender verdicts, spoofing, the summary) are made when the result
  // is read, not in every DNS round (analysis::result()).
  bool judged = false;
  std::mutex judging;
};

analysis::analysis(std::unique_ptr<state> s, const analysis_options& opt) : dns::job(opt), s_(std::move(s)) {}
analysis::analysis(analysis&&) noexcept = default;
analysis& analysis::operator=(analysis&&) noexcept = default;
analysis::~analysis() = default;

result<analysis> analysis::create(std::string_view message, const envelope& env, std::int64_t now_unix,
                                  const analysis_options& opt) {
  auto s = std::make_unique<state>();
  s->bytes.assign(message);
  s->message = mime::parse(s->bytes);
  s->env = env;
  s->now = now_unix;
  s->route = route_of(s->message, env);
  s->authres = authres_of(s->message);
  s->author = mime::author_domain(s->message);

  // MAIL FROM: the envelope, else the Return-Path the final delivery recorded (the first one).
  // A given MAIL FROM that is empty or "<>" (angle brackets and blanks aside) is the null reverse-path.
  if (env.mail_from) {
    std::string_view given = str::trim(*env.mail_from);
    if (given.size() >= 2 && given.front() == '<' && given.back() == '>') given = str::trim(given.substr(1, given.size() - 2));
    s->mail_from = given.empty() ? "<>" : std::string(given);
    s->mail_from_source = "given";
  } else if (s->message.first("Return-Path")) {
    auto rp = mime::addresses(s->message, "Return-Path");
    if (!rp.mailboxes.empty()) {
      s->mail_from = rp.mailboxes.front().address.empty() ? "<>" : rp.mailboxes.front().address;
      s->mail_from_source = "return_path";
    } else {
      std::string v(str::trim(s->message.first("Return-Path")->unfolded));
      if (v == "<>" || v.empty()) {
        s->mail_from = "<>";
        s->mail_from_source = "return_path";
      } else {
        s->mail_from_source = "none";
      }
    }
  } else {
    s->mail_from_source = "none";
  }
  // HELO: the envelope, else what the hand-off hop recorded.
  if (!env.helo.empty()) {
    s->helo = env.helo;
    s->helo_source = "given";
  } else if (s->route.handoff_hop && *s->route.handoff_hop < s->route.hops.size() &&
             s->route.hops[*s->route.handoff_hop].from_helo) {
    s->helo = *s->route.hops[*s->route.handoff_hop].from_helo;
    s->helo_source = "received";
  } else {
    s->helo_source = "none";
  }
  analysis a(std::move(s), opt);
  a.evaluate();
  return a;
}

void analysis::run(dns::lookup_context& ctx) {
  state& s = *s_;
  s.iprev.reset();
  s.spf_mailfrom.reset();
  s.spf_helo.reset();
  if (s.route.handoff_ip) s.iprev = transport::check_iprev(ctx, *s.route.handoff_ip);

  // SPF (RFC 7208 §2.3, §2.4): both identities for the hand-off IP.
  if (s.route.handoff_ip) {
    std::string receiver;
    if (s.route.handoff_hop && *s.route.handoff_hop < s.route.hops.size())
      receiver = s.route.hops[*s.route.handoff_hop].by_host.value_or("");
    if (!s.mail_from.empty() && (s.mail_from != "<>" || !s.helo.empty())) {
      spf::request rq;
      rq.ip = *s.route.handoff_ip;
      // RFC 7208 §2.4: for the null reverse-path the MAIL FROM identity is postmaster@<HELO>.
      rq.mail_from = s.mail_from == "<>" ? "postmaster@" + s.helo : s.mail_from;
      rq.helo = s.helo;
      rq.which = spf::identity::mailfrom;
      rq.receiver = receiver;
      rq.now = s.now;
      s.spf_mailfrom = spf::check_host(ctx, rq);
    }
    if (!s.helo.empty()) {
      spf::request rq;
      rq.ip = *s.route.handoff_ip;
      rq.helo = s.helo;
      rq.which = spf::identity::helo;
      rq.receiver = receiver;
      rq.now = s.now;
      s.spf_helo = spf::check_host(ctx, rq);
    }
  }

  // DKIM: every signature's key in one round; the memo keeps the expensive work.
  s.dkim = dkim::verify(ctx, s.message, s.now, {}, &s.dkim_memo);

  // DMARC, both modes, from the results above (provisional while they are).
  dmarc::inputs in;
  in.author_domain = s.author.domain;
  in.author_error = to_dmarc(s.author.error);
  // For the null reverse-path the MAIL FROM identity is postmaster@<HELO> (RFC 7208 §2.4), so the
  // MAIL FROM check above already ran for the HELO domain: that result is the SPF-authenticated
  // identifier for both RFC 9989 (which uses the MAIL FROM identity only) and RFC 7489 §4.1.
  if (s.spf_mailfrom && s.spf_mailfrom->done) {
    in.spf.result = s.spf_mailfrom->result;
    in.spf.domain = s.spf_mailfrom->domain;
  } else if (s.mail_from == "<>") {
    in.spf.domain = s.helo;  // lets DMARC ask ahead for what alignment will need
  } else if (!s.mail_from.empty()) {
    in.spf.domain = domain_of(s.mail_from);
  }
  for (const auto& sig : s.dkim.signatures)
    in.dkim.push_back({sig.domain, sig.selector, sig.result});
  s.dmarc = dmarc::check(ctx, in);

  // ARC chain.
  s.arc = arc::validate(ctx, s.message, s.now, {}, &s.arc_memo);

  s.judged = false;
}

namespace {

az::check_state dns_state(bool offline) { return offline ? az::check_state::dns_offline : az::check_state::dns_incomplete; }

std::string ar_value(std::string_view s) {
  bool token = !s.empty();
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || std::string_view("()<>,;:\\\"/[]?=").find(c) != std::string_view::npos) {
      if (c != '@' && c != '.' ) token = false;
    }
  }
  if (token) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

/// What became of each check, and the parts judged from the results.
void analysis::judge(analyzer::message_report& s, bool off) {
  s.offline = off;
  s.iprev_state = !s.iprev ? az::check_state::not_run : s.iprev->done ? az::check_state::done : dns_state(off);
  s.spf_state = !s.route.handoff_ip || !s.spf_mailfrom ? az::check_state::not_run
                : s.spf_mailfrom->done                 ? az::check_state::done
                                                       : dns_state(off);
  s.dkim_state = s.dkim.complete ? az::check_state::done : dns_state(off);
  s.dmarc_state = s.dmarc.done ? az::check_state::done : dns_state(off);
  s.arc_state = s.arc.complete ? az::check_state::done : dns_state(off);

  // Alignment per signature as DMARC (RFC 9989) judged it.
  const auto& o = s.dmarc.rfc9989;
  auto dkim_aligned = [&](const dkim::signature_result& sig) {
    for (const auto& id : o.dkim)
      if (id.domain == sig.domain && id.selector == sig.selector && id.domain_aligned) return true;
    return false;
  };
  std::optional<std::string> policy_word;
  if (o.requested) policy_word = std::string(dmarc::to_string(*o.requested));

  // Bulk-sender readiness.
  {
    az::bulk_inputs b;
    b.now = s.now;
    b.author_domain = s.author.domain;
    b.spf_state = s.spf_state;
    if (s.spf_mailfrom && s.spf_mailfrom->done) {
      b.spf_result = std::string(spf::to_string(s.spf_mailfrom->result));
      b.spf_domain = s.spf_mailfrom->domain;
    }
    b.dkim_state = s.dkim_state;
    for (const auto& sig : s.dkim.signatures) {
      az::bulk_dkim_sig d;
      d.domain = sig.domain;
      d.result = sig.pending ? "none" : std::string(dkim::to_string(sig.result));
      d.key_bits = sig.key_bits;
      d.key_type = sig.key_encoding == "ed25519" || str::istarts_with(sig.algorithm, "ed25519") ? "ed25519"
                   : sig.key_bits ? "rsa" : "";
      d.aligned = dkim_aligned(sig);
      for (auto h : str::split(sig.header_list, ':')) d.signed_fields.push_back(str::lower(str::trim(h)));
      b.dkim.push_back(std::move(d));
    }
    b.dmarc_state = s.dmarc_state;
    b.dmarc_result = std::string(dmarc::to_string(o.result));
    b.dmarc_record = o.disc.record_text;
    b.dmarc_record_domain = o.disc.record_domain;
    b.dmarc_policy = policy_word.value_or("");
    b.spf_aligned = o.spf.aligned;
    for (const auto& id : o.dkim) b.dkim_aligned = b.dkim_aligned || id.aligned;
    b.iprev_state = s.iprev_state;
    if (s.iprev && s.iprev->done) {
      b.iprev_result = std::string(transport::to_string(s.iprev->result));
      b.iprev_name = s.iprev->confirmed_name;
    }
    b.handoff_ip = s.route.handoff_ip.value_or("");
    b.handoff_known = s.route.handoff_hop.has_value() && *s.route.handoff_hop < s.route.hops.size();
    if (b.handoff_known) b.handoff_tls = s.route.hops[*s.route.handoff_hop].tls;
    b.from_fields = s.message.count("From");
    b.date_fields = s.message.count("Date");
    b.message_id_fields = s.message.count("Message-ID");
    b.sender_fields = s.message.count("Sender");
    b.to_fields = s.message.count("To");
    b.subject_fields = s.message.count("Subject");
    if (const auto* d = s.message.first("Date")) b.date_parses = transport::parse_date(d->unfolded).ok();
    if (!s.author.ok()) b.author_error = mime::to_string(s.author.error);
    for (const auto& d : s.message.defects)
      if (str::istarts_with(d.code, "mime.header.") || str::istarts_with(d.code, "mime.address."))
        b.format_defects.push_back(d.code);
    for (const auto* f : s.message.all("List-Unsubscribe")) b.list_unsubscribe.push_back(f->unfolded);
    for (const auto* f : s.message.all("List-Unsubscribe-Post")) b.list_unsubscribe_post.push_back(f->unfolded);
    s.bulk_sender = az::bulk_sender(b);
  }

  // Spoofing indicators.
  {
    az::spoof_inputs sp;
    auto conv = [&](std::string_view field) {
      std::vector<az::spoof_mailbox> out;
      for (const auto& mb : mime::addresses(s.message, field).mailboxes)
        out.push_back({mb.display_name, mb.address, str::lower(mb.domain)});
      return out;
    };
    sp.from = conv("From");
    sp.reply_to = conv("Reply-To");
    sp.sender = conv("Sender");
    sp.author_domain = s.author.domain;
    sp.subject = s.message.subject();
    sp.envelope_from = s.mail_from;
    sp.envelope_domain = s.mail_from == "<>" ? "" : domain_of(s.mail_from);
    for (const auto& sig : s.dkim.signatures) {
      if (sig.domain.empty()) continue;
      sp.dkim_domains.push_back(sig.domain);
      if (!sig.pending && sig.result == dkim::verdict::pass) sp.dkim_pass_domains.push_back(sig.domain);
    }
    s.spoofing = az::spoofing(sp);
  }

  // Recomputed vs claimed.
  {
    az::compare_inputs c;
    c.fields = s.authres;
    if (s.route.handoff_hop && *s.route.handoff_hop < s.route.hops.size())
      c.receiver_host = str::lower(s.route.hops[*s.route.handoff_hop].by_host.value_or(""));
    else if (!s.route.hops.empty())
      c.receiver_host = str::lower(s.route.hops.front().by_host.value_or(""));
    if (!c.receiver_host.empty()) c.receiver_org = psl::organizational_domain(c.receiver_host);
    c.now = s.now;
    if (!s.route.hops.empty()) c.delivered_at = s.route.hops.front().date;
    c.spf_state = s.spf_state;
    if (s.spf_mailfrom && s.spf_mailfrom->done) c.spf_result = std::string(spf::to_string(s.spf_mailfrom->result));
    c.spf_ip = s.route.handoff_ip.value_or("");
    c.spf_mail_from = s.mail_from;
    c.dkim_state = s.dkim_state;
    for (const auto& sig : s.dkim.signatures) {
      az::ours_dkim d;
      d.domain = sig.domain;
      d.selector = sig.selector;
      d.result = sig.pending ? "none" : std::string(dkim::to_string(sig.result));
      d.reason = std::string(dkim::to_string(sig.why));
      d.b_prefix = b_of(s.message, sig.field_index);
      d.expiration = sig.expiration;
      d.key_record = sig.key_record;
      c.dkim.push_back(std::move(d));
    }
    c.dmarc_state = s.dmarc_state;
    c.dmarc_result = std::string(dmarc::to_string(o.result));
    c.dmarc_policy = policy_word.value_or("");
    c.arc_state = s.arc_state;
    c.arc_result = std::string(arc::to_string(s.arc.cv));
    c.headers_only = s.message.headers_only;
    s.comparison = az::compare(c);
  }

  // Summary and the decision chart.
  {
    az::summary_inputs su;
    su.author_domain = s.author.domain;
    if (s.dmarc.author_error != dmarc::author_problem::none)
      su.author_error = std::string(dmarc::to_string(s.dmarc.author_error));
    su.dmarc_state = s.dmarc_state;
    su.dmarc_result = std::string(dmarc::to_string(o.result));
    su.dmarc_reason = std::string(dmarc::to_string(o.reason));
    su.dmarc_policy = policy_word.value_or("");
    if (o.disposition) su.dmarc_disposition = std::string(dmarc::to_string(*o.disposition));
    if (s.dmarc.explain.fix_code) su.fix_code = std::string(dmarc::to_string(*s.dmarc.explain.fix_code));
    su.fix = s.dmarc.explain.fix;
    su.spf_result = o.spf.result;
    su.spf_domain = o.spf.domain;
    su.spf_aligned = o.spf.aligned;
    for (const auto& sig : s.dkim.signatures) {
      if (sig.pending || sig.domain.empty()) continue;
      if (sig.result == dkim::verdict::pass) {
        su.dkim_pass_domains.push_back(sig.domain);
        if (dkim_aligned(sig)) su.dkim_aligned_domains.push_back(sig.domain);
      } else {
        su.dkim_fail_domains.push_back(sig.domain);
      }
    }
    su.headers_only = s.message.headers_only;
    s.summary = az::summary(su);

    az::decision_chart& d = s.decision;
    d = {};
    d.spf_pass = o.spf.passed;
    d.spf_aligned = o.spf.aligned;
    d.spf_domain = o.spf.domain;
    d.dkim_pass = !su.dkim_pass_domains.empty();
    for (const auto& id : o.dkim) d.dkim_aligned = d.dkim_aligned || id.aligned;
    d.dmarc = s.dmarc_state == az::check_state::done ? su.dmarc_result : "none";
    if (s.dmarc_state != az::check_state::done) d.dmarc_reason = off ? "dns.offline" : "dns.incomplete";
  }
}

const analyzer::message_report& analysis::result() const {
  // Judged on the first read after an evaluation: a driver reads the result once, after its last DNS
  // round, and judging in every round (every provider's rules, spoofing, the summary) was ≈ 7 % of a
  // whole `authlens analyze` run. The lock keeps concurrent reads of one analysis safe, as for a const
  // member they must be.
  std::lock_guard<std::mutex> lock(s_->judging);
  if (!s_->judged) {
    judge(*s_, offline());
    s_->judged = true;
  }
  return *s_;
}

std::string analysis::authentication_results(std::string_view authserv_id) const {
  const state& s = *s_;
  std::string id = authserv_id.empty() ? std::string("authlens") : std::string(authserv_id);
  std::vector<std::string> parts;
  auto ok = [&](bool done) { return done; };
  if (s.iprev && ok(s.iprev->done))
    parts.push_back("iprev=" + std::string(transport::to_string(s.iprev->result)) + " policy.iprev=" +
                    ar_value(s.iprev->ip));
  // For the null reverse-path this is the postmaster@<HELO> check (RFC 7208 §2.4), as DMARC used it.
  if (s.spf_mailfrom && s.spf_mailfrom->done) parts.push_back(s.spf_mailfrom->auth_results_fragment());
  if (s.dkim.signatures.empty()) {
    parts.push_back("dkim=none");
  } else {
    for (const auto& sig : s.dkim.signatures) {
      if (sig.pending) continue;
      std::string p = "dkim=" + std::string(dkim::to_string(sig.result));
      if (sig.result != dkim::verdict::pass) p += " reason=" + ar_value(std::string(dkim::to_string(sig.why)));
      if (!sig.domain.empty()) p += " header.d=" + ar_value(sig.domain);
      if (!sig.selector.empty()) p += " header.s=" + ar_value(sig.selector);
      std::string b = b_of(s.message, sig.field_index);
      if (!b.empty()) p += " header.b=" + ar_value(b.substr(0, 8));
      parts.push_back(std::move(p));
    }
  }
  if (s.dmarc.done) parts.push_back(s.dmarc.auth_results_fragment());
  if (s.arc.complete) parts.push_back("arc=" + std::string(arc::to_string(s.arc.cv)));
  std::string out = "Authentication-Results: " + ar_value(id);
  if (parts.empty()) return out + "; none";
  for (const auto& p : parts) out += ";\r\n\t" + p;
  return out;
}

int analysis::verdict_exit_code() const {
  const state& s = *s_;
  if (!s.dmarc.done) return offline() ? 1 : 3;
  switch (s.dmarc.rfc9989.result) {
    case dmarc::result_code::pass: return 0;
    case dmarc::result_code::temperror: return 3;
    default: return 1;
  }
}

headers_view view_headers(std::string_view message, const envelope& env) {
  headers_view v;
  v.message = mime::parse(message);
  v.route = route_of(v.message, env);
  v.authres = authres_of(v.message);
  return v;
}

}  // namespace authlens
