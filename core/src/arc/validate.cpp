// RFC 8617 §5.2 validation: structure, cv= rules, the newest AMS, oldest-pass, every AS.
// Sans-I/O through dns.hpp; keys, canonicalisation and hashes come from DKIM (dkim.hpp).
#include <algorithm>
#include <map>
#include <tuple>

#include "authlens/base64.hpp"
#include "authlens/arc.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::arc {

// --- memo ----------------------------------------------------------------------------------------

struct memo::state {
  std::map<std::pair<int, bool>, crypto::bytes> bodies;  // (canon, headers_only) → sha256 body hash
  std::size_t body_computations = 0;
  std::map<std::string, dkim::key_parse> keys;
  std::map<std::string, bool> checks;
  std::size_t verifications = 0;
};

memo::memo() : s_(std::make_unique<state>()) {}
memo::~memo() = default;
memo::memo(memo&&) noexcept = default;
memo& memo::operator=(memo&&) noexcept = default;
std::size_t memo::body_hash_computations() const { return s_->body_computations; }
std::size_t memo::signature_verifications() const { return s_->verifications; }

namespace {

constexpr std::string_view kAAR = "ARC-Authentication-Results";
constexpr std::string_view kAMS = "ARC-Message-Signature";
constexpr std::string_view kAS = "ARC-Seal";

std::string_view value_of(std::string_view raw) {
  auto colon = raw.find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view v = raw.substr(colon + 1);
  if (v.size() >= 2 && v.substr(v.size() - 2) == "\r\n") v.remove_suffix(2);
  return v;
}

std::string_view strip_crlf(std::string_view s) {
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\r\n") s.remove_suffix(2);
  return s;
}

// The raw field with the value of b= removed (offsets relative to the field value).
std::string without_b(std::string_view raw, const signature_fields& f) {
  std::size_t base = raw.find(':') + 1;
  std::string out(raw.substr(0, base + f.b_value_begin));
  out += raw.substr(base + f.b_value_end);
  return out;
}

std::string human_for_sig(const signature_check& c, bool seal) {
  std::string what = seal ? "The ARC-Seal" : "The ARC-Message-Signature";
  if (!c.domain.empty()) what += " by " + c.domain;
  if (const dkim::reason* d = std::get_if<dkim::reason>(&c.why)) {
    switch (*d) {
      case dkim::reason::sig_syntax: return what + " cannot be parsed.";
      case dkim::reason::sig_duplicate_tag: return what + " repeats a tag.";
      case dkim::reason::sig_missing_tag: return what + " lacks a required tag.";
      case dkim::reason::sig_algorithm_unknown: return what + " uses an algorithm that is not accepted.";
      case dkim::reason::sig_canon_unknown: return what + " names an unknown canonicalization.";
      case dkim::reason::sig_bad_base64: return what + " has a signature or body hash that is not valid base64.";
      case dkim::reason::sig_bad_domain: return what + " has a d= or s= that is not a domain name.";
      case dkim::reason::sig_bad_number: return what + " has a t= that is not a number.";
      case dkim::reason::key_not_found: return "No key is published at " + c.key_name + ".";
      case dkim::reason::key_unavailable:
        return "The key at " + c.key_name + " could not be fetched (temporary DNS failure).";
      case dkim::reason::key_multiple_records: return "Several TXT records are published at " + c.key_name + ".";
      case dkim::reason::key_syntax: return "The key record at " + c.key_name + " cannot be used.";
      case dkim::reason::key_revoked: return "The key at " + c.key_name + " has been revoked.";
      case dkim::reason::key_type_mismatch: return "The key at " + c.key_name + " does not match the algorithm.";
      case dkim::reason::key_hash_not_allowed: return "The key at " + c.key_name + " does not allow SHA-256.";
      case dkim::reason::key_service_not_email: return "The key at " + c.key_name + " is not for email.";
      case dkim::reason::key_too_small:
        return "The RSA key at " + c.key_name + " is too small (" + std::to_string(c.key_bits) + " bits).";
      case dkim::reason::body_hash_mismatch:
        return "The body was changed after " + c.domain + " sealed it (body hash mismatch).";
      case dkim::reason::signature_mismatch:
        return what + " does not verify: signed fields changed or the key does not match.";
      default: return what + " fails.";
    }
  }
  switch (std::get<reason>(c.why)) {
    case reason::ok:
      if (!seal && c.body == dkim::body_hash_state::not_provided)
        return what + " verifies over the header fields; the body was not provided.";
      return what + " verifies.";
    case reason::pending: return "Waiting for the key at " + c.key_name + " from DNS.";
    case reason::sig_h_in_seal: return what + " carries h=, which an ARC-Seal must not have.";
    case reason::sig_seal_signed: return what + " signs ARC-Seal fields, which is not allowed.";
    case reason::sig_timestamp_future: return what + " claims to have been made in the future.";
    case reason::instance_invalid: return what + " has an invalid instance number.";
    case reason::cv_invalid: return what + " has an invalid cv= value.";
    case reason::not_checked: return what + " was not checked.";
    default: return what + " fails.";
  }
}

void finish(signature_check& c, sig_state s, sig_reason why, bool seal, std::string detail = {}) {
  c.state = s;
  c.why = std::move(why);
  if (!detail.empty()) c.detail = std::move(detail);
  c.human = human_for_sig(c, seal);
}

/// ARC reports every unusable key record but a revoked one as key_syntax.
dkim::reason key_reason(dkim::reason r) {
  return r == dkim::reason::key_revoked ? dkim::reason::key_revoked : dkim::reason::key_syntax;
}

struct found_field {
  std::size_t index = 0;
  std::string_view raw;
  std::string_view value;
};

struct set_fields {
  std::vector<found_field> aar, ams, as;
  signature_parse ams_parse, as_parse;
};

class validator {
 public:
  validator(dns::lookup_context& ctx, const dkim::message_view& msg, std::int64_t now, const options& opt,
            memo::state& st)
      : ctx_(ctx), msg_(msg), now_(now), opt_(opt), st_(st) {}

  evaluation run();

 private:
  // Key lookup and acceptance; returns the key or finishes `c` with the failure.
  const dkim::key_record* key_for(const signature_fields& f, signature_check& c, bool seal);
  bool verify_digest(const dkim::key_record& key, const std::string& record, const signature_fields& f,
                     const crypto::bytes& digest);
  void check_ams(std::uint32_t inst, signature_check& c);
  void check_as(std::uint32_t inst, signature_check& c);
  const crypto::bytes& body_digest(dkim::canon c);
  void fill_evidence(const signature_parse& p, signature_check& c, bool seal);
  void fail_chain(evaluation& e, reason why, std::uint32_t inst, std::string detail);

  dns::lookup_context& ctx_;
  const dkim::message_view& msg_;
  std::int64_t now_;
  const options& opt_;
  memo::state& st_;
  std::map<std::uint32_t, set_fields> sets_;
};

const crypto::bytes& validator::body_digest(dkim::canon c) {
  auto key = std::make_pair(int(c), false);
  auto it = st_.bodies.find(key);
  if (it != st_.bodies.end()) return it->second;
  ++st_.body_computations;
  return st_.bodies.emplace(key, dkim::body_hash(c, crypto::hash_alg::sha256, msg_.body, std::nullopt)).first->second;
}

void validator::fill_evidence(const signature_parse& p, signature_check& c, bool seal) {
  const signature_fields& f = p.fields;
  c.domain = f.domain;
  c.selector = f.selector;
  c.algorithm = f.alg_text;
  c.timestamp = f.timestamp;
  if (!f.domain.empty() && !f.selector.empty()) c.key_name = dns::normalize_name(f.key_name());
  if (!seal) {
    c.canonicalization = f.canon_text.empty() ? "relaxed/relaxed"
                                              : std::string(dkim::to_string(f.header_canon)) + "/" +
                                                    std::string(dkim::to_string(f.body_canon));
    std::string hl;
    for (const auto& h : f.headers) hl += (hl.empty() ? "" : ":") + h;
    c.header_list = hl;
    c.body_hash_expected = f.bh_text;
  }
}

const dkim::key_record* validator::key_for(const signature_fields& f, signature_check& c, bool seal) {
  const dns::answer* a = ctx_.get(c.key_name, dns::rr_type::txt);
  if (!a) {
    finish(c, sig_state::pending, reason::pending, seal);
    return nullptr;
  }
  c.cname_chain = a->cname_chain;
  c.key_ttl = a->ttl;
  if (a->st == dns::status::timeout || a->st == dns::status::servfail) {
    finish(c, sig_state::temperror, dkim::reason::key_unavailable, seal, "DNS " + std::string(dns::to_string(a->st)));
    return nullptr;
  }
  if (a->st == dns::status::nxdomain || a->txt.empty()) {
    finish(c, sig_state::fail, dkim::reason::key_not_found, seal,
           a->st == dns::status::nxdomain ? "NXDOMAIN" : "no TXT record (NODATA)");
    return nullptr;
  }
  if (a->txt.size() > 1) {
    finish(c, sig_state::fail, dkim::reason::key_multiple_records, seal, std::to_string(a->txt.size()) + " TXT records");
    return nullptr;
  }
  c.key_record.clear();
  for (const auto& s : a->txt.front()) c.key_record += s;
  auto it = st_.keys.find(c.key_record);
  if (it == st_.keys.end()) it = st_.keys.emplace(c.key_record, dkim::parse_key_record(c.key_record)).first;
  const dkim::key_parse& kp = it->second;
  if (!kp.key || kp.key->revoked) {
    finish(c, sig_state::fail, key_reason(kp.why), seal, kp.detail);
    return nullptr;
  }
  const dkim::key_record& key = *kp.key;
  c.key_bits = key.bits;
  bool want_ed = f.alg == dkim::algorithm::ed25519_sha256;
  if (want_ed != (key.type == dkim::key_type::ed25519) || (!want_ed && !key.rsa)) {
    finish(c, sig_state::fail, dkim::reason::key_type_mismatch, seal, "a=" + f.alg_text + " but the key has k=" + key.type_text);
    return nullptr;
  }
  if (!key.hashes.empty() && std::find(key.hashes.begin(), key.hashes.end(), "sha256") == key.hashes.end()) {
    finish(c, sig_state::fail, dkim::reason::key_hash_not_allowed, seal);
    return nullptr;
  }
  if (std::find(key.services.begin(), key.services.end(), "*") == key.services.end() &&
      std::find(key.services.begin(), key.services.end(), "email") == key.services.end()) {
    finish(c, sig_state::fail, dkim::reason::key_service_not_email, seal);
    return nullptr;
  }
  if (key.type == dkim::key_type::rsa) {
    c.key_weak = key.bits <= opt_.weak_rsa_bits;
    if (key.bits < opt_.min_rsa_bits) {
      finish(c, sig_state::fail, dkim::reason::key_too_small, seal);
      return nullptr;
    }
  }
  return &key;
}

bool validator::verify_digest(const dkim::key_record& key, const std::string& record, const signature_fields& f,
                              const crypto::bytes& digest) {
  std::string ck = record + '\n' + f.alg_text + '\n' + crypto::hex(digest) + '\n' + f.b_text;
  auto it = st_.checks.find(ck);
  if (it != st_.checks.end()) return it->second;
  ++st_.verifications;
  bool ok = key.type == dkim::key_type::ed25519 ? crypto::ed25519_verify(key.public_key, digest, f.b)
                                                : crypto::rsa_verify(*key.rsa, crypto::hash_alg::sha256, digest, f.b);
  st_.checks.emplace(std::move(ck), ok);
  return ok;
}

void validator::check_ams(std::uint32_t inst, signature_check& c) {
  const set_fields& sf = sets_.at(inst);
  const signature_parse& p = sf.ams_parse;
  fill_evidence(p, c, false);
  if (!p.ok) {
    finish(c, sig_state::fail, p.why, false, p.detail);
    return;
  }
  const signature_fields& f = p.fields;
  if (f.timestamp && *f.timestamp > now_ + opt_.future_tolerance) {
    finish(c, sig_state::fail, reason::sig_timestamp_future, false, "t=" + std::to_string(*f.timestamp));
    return;
  }
  const dkim::key_record* key = key_for(f, c, false);
  if (!key) return;
  // Body (RFC 8617 §5.1.2: l= is not used; the whole body is hashed).
  if (msg_.headers_only) {
    c.body = dkim::body_hash_state::not_provided;
  } else {
    const crypto::bytes& bh = body_digest(f.body_canon);
    c.body_hash_computed = base64::encode(bh);
    c.body = bh == f.bh ? dkim::body_hash_state::match : dkim::body_hash_state::mismatch;
  }
  // Header hash (RFC 6376 §3.7): h= fields bottom-up, then this AMS without b=.
  std::size_t self = sf.ams.front().index;
  std::string data = dkim::canonical_signed_fields(f.header_canon, msg_, f.headers, self);
  data += strip_crlf(dkim::canonicalize_header(f.header_canon, without_b(msg_.fields[self].raw, f)));
  bool valid = verify_digest(*key, c.key_record, f, crypto::sha256(data));
  c.header_signature = valid ? dkim::header_sig_state::valid : dkim::header_sig_state::invalid;
  if (c.body == dkim::body_hash_state::mismatch)
    finish(c, sig_state::fail, dkim::reason::body_hash_mismatch, false);
  else if (!valid)
    finish(c, sig_state::fail, dkim::reason::signature_mismatch, false);
  else
    finish(c, sig_state::pass, reason::ok, false);
}

void validator::check_as(std::uint32_t inst, signature_check& c) {
  const set_fields& sf = sets_.at(inst);
  const signature_parse& p = sf.as_parse;
  fill_evidence(p, c, true);
  if (!p.ok) {
    finish(c, sig_state::fail, p.why, true, p.detail);
    return;
  }
  const signature_fields& f = p.fields;
  if (f.timestamp && *f.timestamp > now_ + opt_.future_tolerance) {
    finish(c, sig_state::fail, reason::sig_timestamp_future, true, "t=" + std::to_string(*f.timestamp));
    return;
  }
  const dkim::key_record* key = key_for(f, c, true);
  if (!key) return;
  // RFC 8617 §5.1.1: sets 1..inst, each AAR, AMS, AS, relaxed; this AS without b= and without CRLF.
  std::string data;
  for (std::uint32_t i = 1; i <= inst; ++i) {
    const set_fields& s = sets_.at(i);
    data += dkim::canonicalize_header(dkim::canon::relaxed, s.aar.front().raw);
    data += dkim::canonicalize_header(dkim::canon::relaxed, s.ams.front().raw);
    if (i < inst) data += dkim::canonicalize_header(dkim::canon::relaxed, s.as.front().raw);
  }
  data += strip_crlf(dkim::canonicalize_header(dkim::canon::relaxed, without_b(sf.as.front().raw, f)));
  bool valid = verify_digest(*key, c.key_record, f, crypto::sha256(data));
  c.header_signature = valid ? dkim::header_sig_state::valid : dkim::header_sig_state::invalid;
  if (!valid)
    finish(c, sig_state::fail, dkim::reason::signature_mismatch, true);
  else
    finish(c, sig_state::pass, reason::ok, true);
}

std::string chain_human(const evaluation& e) {
  std::string at = e.failed_instance ? " (instance " + std::to_string(e.failed_instance) + ")" : "";
  switch (e.why) {
    case reason::ok:
      return "The ARC chain of " + std::to_string(e.newest) + " set" + (e.newest == 1 ? "" : "s") + " validates.";
    case reason::pending: return "Waiting for ARC keys from DNS.";
    case reason::no_arc_sets: return "The message carries no ARC sets.";
    case reason::too_many_sets: return "The message carries more ARC sets than allowed (50).";
    case reason::instance_missing: return "An ARC header field has no instance number" + at + ".";
    case reason::instance_invalid: return "An ARC header field has an invalid instance number" + at + ".";
    case reason::field_duplicate: return "An ARC set has a header field twice" + at + ".";
    case reason::field_missing: return "An ARC set lacks one of its three header fields" + at + ".";
    case reason::instance_gap: return "The ARC sets are not numbered 1 to N without gaps" + at + ".";
    case reason::cv_invalid: return "An ARC-Seal has an invalid cv= value" + at + ".";
    case reason::cv_first_not_none: return "The first ARC-Seal must say cv=none, and it does not.";
    case reason::cv_later_not_pass: return "An ARC-Seal after the first must say cv=pass" + at + ".";
    case reason::sealed_fail: return "The newest ARC-Seal records that the chain had already failed (cv=fail).";
    case reason::newest_ams_failed: return "The newest ARC-Message-Signature does not verify" + at + ".";
    case reason::seal_failed: return "An ARC-Seal does not verify" + at + ".";
    case reason::temporary_failure: return "An ARC key could not be fetched (temporary DNS failure)" + at + ".";
    default: return "The ARC chain fails" + at + ".";
  }
}

void validator::fail_chain(evaluation& e, reason why, std::uint32_t inst, std::string detail) {
  e.cv = chain_status::fail;
  e.why = why;
  e.failed_instance = inst;
  e.detail = std::move(detail);
}

evaluation validator::run() {
  evaluation e;
  // 1. Collect every ARC field, by kind and instance.
  bool any = false;
  std::vector<std::pair<std::string, std::size_t>> bad_instance;
  for (std::size_t i = 0; i < msg_.fields.size(); ++i) {
    std::string_view name = msg_.fields[i].name;
    int kind = str::iequals(name, kAAR) ? 0 : str::iequals(name, kAMS) ? 1 : str::iequals(name, kAS) ? 2 : -1;
    if (kind < 0) continue;
    any = true;
    found_field ff{i, msg_.fields[i].raw, value_of(msg_.fields[i].raw)};
    auto inst = instance_of(name, ff.value);
    if (!inst) {
      bad_instance.emplace_back(std::string(name), i);
      continue;
    }
    auto& s = sets_[*inst];
    (kind == 0 ? s.aar : kind == 1 ? s.ams : s.as).push_back(ff);
  }
  if (!any) {
    e.why = reason::no_arc_sets;
    e.human = chain_human(e);
    return e;
  }
  // Parse what is there (for the report and the prefetch), and ask for every key in one round.
  for (auto& [inst, s] : sets_) {
    if (!s.ams.empty()) s.ams_parse = parse_message_signature(s.ams.front().value);
    if (!s.as.empty()) s.as_parse = parse_seal(s.as.front().value);
    for (const signature_parse* p : {&s.ams_parse, &s.as_parse})
      if (p->ok) ctx_.prefetch(p->fields.key_name(), dns::rr_type::txt);
  }
  for (auto& [inst, s] : sets_) {
    set_result r;
    r.instance = inst;
    r.aar_count = s.aar.size();
    r.ams_count = s.ams.size();
    r.as_count = s.as.size();
    if (!s.aar.empty()) {
      r.aar_raw = std::string(str::trim(s.aar.front().value));
      r.aar = authres::parse(s.aar.front().value, authres::field_kind::arc_authentication_results);
      r.authserv_id = r.aar->authserv_id;
    }
    if (!s.ams.empty()) r.ams_raw = std::string(str::trim(s.ams.front().value));
    if (!s.as.empty()) {
      r.as_raw = std::string(str::trim(s.as.front().value));
      r.cv = s.as_parse.fields.cv_text;
    }
    fill_evidence(s.ams_parse, r.ams, false);
    fill_evidence(s.as_parse, r.seal, true);
    r.ams.human = human_for_sig(r.ams, false);
    r.seal.human = human_for_sig(r.seal, true);
    e.sets.push_back(std::move(r));
  }
  e.newest = sets_.empty() ? 0 : sets_.rbegin()->first;
  if (auto it = sets_.find(1); it != sets_.end() && !e.sets.empty() && e.sets.front().aar)
    e.first_hop_results = e.sets.front().aar;
  auto set_of = [&](std::uint32_t inst) -> set_result& {
    for (auto& s : e.sets)
      if (s.instance == inst) return s;
    return e.sets.front();
  };

  // 2. Structure (RFC 8617 §5.2 step 3; §4.2.1 limit).
  auto done = [&]() {
    e.human = chain_human(e);
    return e;
  };
  if (!bad_instance.empty()) {
    fail_chain(e, reason::instance_missing, 0,
               bad_instance.front().first + " field #" + std::to_string(bad_instance.front().second + 1) +
                   " has no usable i= instance");
    return done();
  }
  if (e.newest > opt_.max_sets || sets_.size() > opt_.max_sets) {
    fail_chain(e, reason::too_many_sets, e.newest, std::to_string(e.newest) + " sets");
    return done();
  }
  for (std::uint32_t i = 1; i <= e.newest; ++i) {
    auto it = sets_.find(i);
    if (it == sets_.end()) {
      fail_chain(e, reason::instance_gap, i, "no ARC header field carries instance " + std::to_string(i));
      return done();
    }
    const set_fields& s = it->second;
    if (s.aar.size() > 1 || s.ams.size() > 1 || s.as.size() > 1) {
      fail_chain(e, reason::field_duplicate, i,
                 std::string(s.aar.size() > 1 ? kAAR : s.ams.size() > 1 ? kAMS : kAS) + " appears twice with i=" +
                     std::to_string(i));
      return done();
    }
    if (s.aar.empty() || s.ams.empty() || s.as.empty()) {
      fail_chain(e, reason::field_missing, i,
                 "set " + std::to_string(i) + " has no " +
                     std::string(s.aar.empty() ? kAAR : s.ams.empty() ? kAMS : kAS));
      return done();
    }
  }
  // 3. The newest seal's cv=fail ends validation (§5.2 step 2); then cv= rules (§4.4, §5.2 step 3).
  {
    const signature_parse& newest_as = sets_.at(e.newest).as_parse;
    if (newest_as.fields.cv == chain_status::fail) {
      fail_chain(e, reason::sealed_fail, e.newest, "ARC-Seal i=" + std::to_string(e.newest) + " says cv=fail");
      return done();
    }
  }
  for (std::uint32_t i = 1; i <= e.newest; ++i) {
    const signature_fields& f = sets_.at(i).as_parse.fields;
    if (!f.cv) {
      fail_chain(e, reason::cv_invalid, i, "cv=\"" + f.cv_text + "\"");
      set_of(i).seal.why = reason::cv_invalid;
      return done();
    }
    if (i == 1 && *f.cv != chain_status::none) {
      fail_chain(e, reason::cv_first_not_none, 1, "cv=" + f.cv_text);
      return done();
    }
    if (i > 1 && *f.cv != chain_status::pass) {
      fail_chain(e, *f.cv == chain_status::fail ? reason::sealed_fail : reason::cv_later_not_pass, i, "cv=" + f.cv_text);
      return done();
    }
  }

  bool pending = false, temporary = false;
  std::uint32_t temporary_at = 0;
  auto note = [&](const signature_check& c, std::uint32_t inst) {
    if (c.state == sig_state::pending) pending = true;
    if (c.state == sig_state::temperror && !temporary) {
      temporary = true;
      temporary_at = inst;
    }
  };
  // 4. The newest AMS (§5.2 step 4).
  check_ams(e.newest, set_of(e.newest).ams);
  note(set_of(e.newest).ams, e.newest);
  bool newest_ams_ok = set_of(e.newest).ams.state == sig_state::pass;
  // 5. Oldest-pass: older AMSes from N-1 down (§5.2 step 5).
  if (opt_.compute_oldest_pass) {
    for (std::uint32_t i = e.newest - 1; i >= 1; --i) check_ams(i, set_of(i).ams);
  }
  // 6. Every AS from the newest down (§5.2 step 6).
  std::uint32_t seal_failed_at = 0;
  for (std::uint32_t i = e.newest; i >= 1; --i) {
    check_as(i, set_of(i).seal);
    note(set_of(i).seal, i);
    if (set_of(i).seal.state == sig_state::fail && !seal_failed_at) seal_failed_at = i;
  }
  if (newest_ams_ok && opt_.compute_oldest_pass) {
    std::uint32_t op = e.newest;
    for (std::uint32_t i = e.newest - 1; i >= 1 && set_of(i).ams.state == sig_state::pass; --i) op = i;
    // An older AMS whose key is pending leaves oldest-pass open.
    bool open = false;
    for (std::uint32_t i = op - 1; i >= 1 && i < op; --i) open = open || set_of(i).ams.state == sig_state::pending;
    if (!open) e.oldest_pass = op;
  }

  if (set_of(e.newest).ams.state == sig_state::fail) {
    fail_chain(e, reason::newest_ams_failed, e.newest, set_of(e.newest).ams.detail);
  } else if (seal_failed_at) {
    fail_chain(e, reason::seal_failed, seal_failed_at, set_of(seal_failed_at).seal.detail);
  } else if (pending) {
    e.complete = false;
    e.cv = chain_status::none;
    e.why = reason::pending;
  } else if (temporary) {
    fail_chain(e, reason::temporary_failure, temporary_at, "a key lookup failed temporarily");
    e.temporary = true;
  } else {
    e.cv = chain_status::pass;
    e.why = reason::ok;
  }
  if (pending) e.complete = false;
  return done();
}

}  // namespace

evaluation validate(dns::lookup_context& ctx, const dkim::message_view& msg, std::int64_t now, const options& opt,
                    memo* m) {
  memo local;
  memo::state& st = m ? m->get() : local.get();
  validator v(ctx, msg, now, opt, st);
  return v.run();
}

evaluation validate(dns::lookup_context& ctx, const mime::message& msg, std::int64_t now, const options& opt, memo* m) {
  return validate(ctx, dkim::view_of(msg), now, opt, m);
}

}  // namespace authlens::arc
