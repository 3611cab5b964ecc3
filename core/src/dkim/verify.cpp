// RFC 6376 §6 verification, RFC 8301 policy, RFC 8463 ed25519-sha256; sans-I/O through dns.hpp.
#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "authlens/base64.hpp"
#include "authlens/dkim.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"

namespace authlens::dkim {

// --- memo ----------------------------------------------------------------------------------------

struct body_entry {
  crypto::bytes digest;
  std::uint64_t total = 0;
};

struct memo::state {
  std::map<std::tuple<int, int, std::uint64_t>, body_entry> bodies;
  std::size_t computations = 0;
  std::map<std::string, key_parse> keys;
  std::map<std::string, bool> checks;
};

memo::memo() : s_(std::make_unique<state>()) {}
memo::~memo() = default;
memo::memo(memo&&) noexcept = default;
memo& memo::operator=(memo&&) noexcept = default;
std::size_t memo::body_hash_computations() const { return s_->computations; }
void memo::next_message() {
  s_->bodies.clear();
  s_->checks.clear();
}

// --- views -----------------------------------------------------------------------------------------

namespace {
/// A parsed message and a split one (mime::split, borrowing the input) give the same view.
template <class Parsed>
message_view view_from(const Parsed& m) {
  message_view v;
  v.fields.reserve(m.fields.size());
  for (const auto& f : m.fields) v.fields.push_back({f.name, f.raw});
  v.body = m.body;
  v.headers_only = m.headers_only;
  return v;
}
}  // namespace

message_view view_of(const mime::message& m) { return view_from(m); }
message_view view_of(const mime::message_parts& parts) { return view_from(parts); }

message_view view_of_raw(std::string_view text) {
  message_view v;
  std::size_t pos = 0;
  std::size_t field_start = std::string_view::npos;
  auto close_field = [&](std::size_t end) {
    if (field_start == std::string_view::npos) return;
    std::string_view raw = text.substr(field_start, end - field_start);
    auto colon = raw.find(':');
    std::string_view name = str::trim(raw.substr(0, colon == std::string_view::npos ? raw.size() : colon));
    v.fields.push_back({name, raw});
    field_start = std::string_view::npos;
  };
  bool separator = false;
  while (pos < text.size()) {
    auto eol = text.find("\r\n", pos);
    std::size_t next = eol == std::string_view::npos ? text.size() : eol + 2;
    std::string_view line = text.substr(pos, (eol == std::string_view::npos ? text.size() : eol) - pos);
    if (line.empty() && eol != std::string_view::npos) {
      close_field(pos);
      separator = true;
      pos = next;
      break;
    }
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && field_start != std::string_view::npos) {
      pos = next;  // continuation
      continue;
    }
    close_field(pos);
    field_start = pos;
    pos = next;
  }
  if (!separator) close_field(text.size());
  v.body = separator ? text.substr(pos) : std::string_view();
  v.headers_only = !separator || v.body.empty();
  return v;
}

// --- helpers ---------------------------------------------------------------------------------------

namespace {

std::string_view strip_crlf(std::string_view s) {
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\r\n") s.remove_suffix(2);
  return s;
}

// The domain of the one From field, lower-cased ("" when there is none or several).
std::string from_domain(const message_view& msg) {
  const header_view* from = nullptr;
  for (const auto& f : msg.fields)
    if (str::iequals(f.name, "from")) {
      if (from) return {};
      from = &f;
    }
  if (!from) return {};
  std::string_view raw = from->raw;
  auto colon = raw.find(':');
  if (colon == std::string_view::npos) return {};
  std::string v = str::unfold(raw.substr(colon + 1));
  // Drop comments and quoted strings, then take the angle-addr if there is one.
  std::string clean;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (depth) {
      if (c == '\\') ++i;
      else if (c == '(') ++depth;
      else if (c == ')') --depth;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(') depth = 1;
    else clean += c;
  }
  std::string_view addr = clean;
  auto lt = addr.find('<');
  if (lt != std::string_view::npos) {
    auto gt = addr.find('>', lt);
    addr = addr.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  }
  if (addr.find(',') != std::string_view::npos) return {};
  auto at = addr.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string d = str::lower(str::trim(addr.substr(at + 1)));
  if (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

bool aligned(std::string_view d, std::string_view from) {
  if (d.empty() || from.empty()) return false;
  if (d == from) return true;
  return from.size() > d.size() && from.substr(from.size() - d.size()) == d && from[from.size() - d.size() - 1] == '.';
}

std::string human_for(const signature_result& r) {
  std::string who = r.domain.empty() ? std::string("the signature") : "the signature by " + r.domain;
  switch (r.why) {
    case reason::ok:
      if (r.body == body_hash_state::not_provided)
        return "The header signature of " + r.domain + " verifies; the body was not provided, so its hash was not checked.";
      return "The message is signed by " + r.domain + " and the signature verifies.";
    case reason::pending: return "Waiting for the key of " + who + " from DNS.";
    case reason::no_signature: return "The message carries no DKIM signature.";
    case reason::sig_syntax: return "The DKIM-Signature field cannot be parsed.";
    case reason::sig_duplicate_tag: return "The DKIM-Signature field repeats a tag.";
    case reason::sig_missing_tag: return "The DKIM-Signature field lacks a required tag.";
    case reason::sig_version: return "The DKIM-Signature field has an unsupported version (v=).";
    case reason::sig_algorithm_unknown: return "The signing algorithm is unknown.";
    case reason::sig_canon_unknown: return "The canonicalization named in c= is unknown.";
    case reason::sig_query_unknown: return "The key query method (q=) is not DNS.";
    case reason::sig_bad_base64: return "The signature or body hash is not valid base64.";
    case reason::sig_bad_domain: return "The signing domain or selector is not a valid domain name.";
    case reason::sig_identity_mismatch: return "The identity i= is not within the signing domain d=.";
    case reason::sig_from_not_signed: return "The signature does not cover the From field.";
    case reason::sig_bad_number: return "A numeric tag (l=, t=, x=) is not a number.";
    case reason::sig_expired: return "The signature by " + r.domain + " has expired.";
    case reason::sig_timestamps: return "The signature expires before it was made (x= < t=).";
    case reason::sig_length_exceeds_body: return "The signed length l= is longer than the body.";
    case reason::key_not_found: return "No DKIM key is published at " + r.key_name + ".";
    case reason::key_unavailable: return "The DKIM key at " + r.key_name + " could not be fetched (temporary DNS failure).";
    case reason::key_multiple_records: return "Several TXT records are published at " + r.key_name + "; there must be one.";
    case reason::key_syntax: return "The DKIM key record at " + r.key_name + " cannot be parsed.";
    case reason::key_version: return "The DKIM key record at " + r.key_name + " has a wrong version (v=).";
    case reason::key_revoked: return "The DKIM key at " + r.key_name + " has been revoked (empty p=).";
    case reason::key_type_unknown: return "The DKIM key at " + r.key_name + " has an unknown key type.";
    case reason::key_type_mismatch: return "The key type at " + r.key_name + " does not match the signature algorithm.";
    case reason::key_hash_not_allowed: return "The key at " + r.key_name + " does not allow the signature's hash algorithm.";
    case reason::key_service_not_email: return "The key at " + r.key_name + " is not for email.";
    case reason::key_strict_identity: return "The key requires i= to be exactly d= (t=s), and it is not.";
    case reason::key_bad_data: return "The public key at " + r.key_name + " is malformed.";
    case reason::key_too_small:
      return "The RSA key at " + r.key_name + " has " + std::to_string(r.key_bits) + " bits; fewer than 1024 are not accepted.";
    case reason::body_hash_mismatch: {
      std::string s = "The body was changed after " + r.domain + " signed it (body hash mismatch, " + r.body_canon + " canonicalization)";
      if (r.other_canon_matches && *r.other_canon_matches) s += "; the other canonicalization would have matched";
      if (r.header_signature == header_sig_state::valid) s += "; the header signature itself verifies";
      return s + ".";
    }
    case reason::signature_mismatch:
      return "The header signature by " + r.domain + " does not verify: signed header fields were changed or the key does not match.";
    case reason::sha1_policy: return "The signature by " + r.domain + " verifies but uses rsa-sha1, which is no longer accepted (RFC 8301).";
    case reason::too_many_signatures: return "Too many signatures; this one was not checked.";
  }
  return {};
}

void finish(signature_result& r, verdict v, reason why, std::string detail = {}) {
  r.result = v;
  r.why = why;
  if (!detail.empty()) r.detail = std::move(detail);
  r.human = human_for(r);
}

const body_entry& body_for(const message_view& msg, canon c, crypto::hash_alg h, std::optional<std::uint64_t> l,
                           memo::state& st) {
  auto key = std::make_tuple(int(c), int(h), l ? *l : std::numeric_limits<std::uint64_t>::max());
  auto it = st.bodies.find(key);
  if (it != st.bodies.end()) return it->second;
  body_entry e;
  e.digest = body_hash(c, h, msg.body, l, &e.total);
  ++st.computations;
  return st.bodies.emplace(key, std::move(e)).first->second;
}

// The header hash input (RFC 6376 §3.7): selected fields bottom-up, then the signature field without b=.
std::string header_hash_input(const message_view& msg, std::size_t sig_index, const signature& sig,
                              signature_result& r) {
  std::string data = canonical_signed_fields(sig.header_canon, msg, sig.headers, sig_index);
  std::string_view raw = msg.fields[sig_index].raw;
  std::size_t base = raw.find(':') + 1;
  std::string stripped(raw.substr(0, base + sig.b_value_begin));
  stripped += raw.substr(base + sig.b_value_end);
  std::string c = canonicalize_header(sig.header_canon, stripped);
  data += strip_crlf(c);
  return data;
}

void header_forensics(const message_view& msg, const signature& sig, signature_result& r) {
  // The h= names lower-cased and sorted (the lists below come out in this order), each counted in the
  // message in place: maps of lower-cased copies of every field name cost 2.7% of `authlens dkim verify`.
  std::vector<std::string> signed_names;
  signed_names.reserve(sig.headers.size());
  for (const auto& h : sig.headers) signed_names.push_back(str::lower(h));
  std::sort(signed_names.begin(), signed_names.end());
  for (std::size_t i = 0, next = 0; i < signed_names.size(); i = next) {
    const std::string& name = signed_names[i];
    while (next < signed_names.size() && signed_names[next] == name) ++next;
    std::size_t n = next - i, present = count_fields(msg, name);
    if (present > n) r.unsigned_duplicates.push_back(name);
    if (present > 1) r.signed_fields_duplicated.push_back(name);
    if (name == "from" && n > present) r.from_oversigned = true;
    if (present == 0) r.signed_fields_absent.push_back(name);
    else if (n > present) r.oversigned.push_back(name);
  }
}

}  // namespace

verdict verify_result::overall() const {
  if (signatures.empty()) return verdict::none;
  static const verdict order[] = {verdict::pass,      verdict::temperror, verdict::fail,   verdict::policy,
                                  verdict::permerror, verdict::neutral,   verdict::none};
  for (verdict v : order)
    for (const auto& s : signatures)
      if (s.result == v) return v;
  return verdict::none;
}

verify_result verify(dns::lookup_context& ctx, const message_view& msg, std::int64_t now, const verify_options& opt,
                     memo* m) {
  memo local;
  memo::state& st = m ? m->get() : local.get();
  verify_result out;
  std::string author = from_domain(msg);

  struct item {
    std::size_t index;
    signature_parse parsed;
  };
  std::vector<item> items;
  for (std::size_t i = 0; i < msg.fields.size(); ++i) {
    if (!str::iequals(msg.fields[i].name, "DKIM-Signature")) continue;
    std::string_view raw = msg.fields[i].raw;
    auto colon = raw.find(':');
    if (colon == std::string_view::npos) continue;
    items.push_back({i, parse_signature(raw.substr(colon + 1), now)});
  }

  // Ask for every usable signature's key in one round.
  for (std::size_t k = 0; k < items.size() && k < opt.max_signatures; ++k)
    if (items[k].parsed.sig && items[k].parsed.why == reason::ok) ctx.prefetch(items[k].parsed.sig->key_name(), dns::rr_type::txt);

  for (std::size_t k = 0; k < items.size(); ++k) {
    auto& it = items[k];
    signature_result r;
    r.field_index = it.index;
    r.domain = it.parsed.domain;
    r.selector = it.parsed.selector;
    r.algorithm = it.parsed.alg_text;
    r.from_domain = author;
    r.author_signature = aligned(r.domain, author);
    if (k >= opt.max_signatures) {
      finish(r, verdict::neutral, reason::too_many_signatures);
      out.signatures.push_back(std::move(r));
      continue;
    }
    if (!it.parsed.sig) {
      finish(r, verdict::permerror, it.parsed.why, it.parsed.detail);
      out.signatures.push_back(std::move(r));
      continue;
    }
    const signature& sig = *it.parsed.sig;
    r.algorithm = std::string(to_string(sig.alg));
    r.identity = sig.identity;
    r.header_canon = std::string(to_string(sig.header_canon));
    r.body_canon = std::string(to_string(sig.body_canon));
    {
      std::string hl;
      for (const auto& h : sig.headers) hl += (hl.empty() ? "" : ":") + h;
      r.header_list = hl;
    }
    r.timestamp = sig.timestamp;
    r.timestamp_in_future = sig.timestamp && *sig.timestamp > now + 300;
    r.expiration = sig.expiration;
    r.key_name = sig.key_name();
    r.body_hash_expected = sig.bh_text;
    r.length_limited = sig.length.has_value();
    for (const auto& t : sig.unknown_tags) r.unknown_tags.push_back(t.name);
    header_forensics(msg, sig, r);
    if (it.parsed.why == reason::sig_expired) {
      finish(r, verdict::permerror, reason::sig_expired, it.parsed.detail);
      out.signatures.push_back(std::move(r));
      continue;
    }

    const dns::answer* a = ctx.get(r.key_name, dns::rr_type::txt);
    if (!a) {
      r.pending = true;
      out.complete = false;
      finish(r, verdict::neutral, reason::pending);
      out.signatures.push_back(std::move(r));
      continue;
    }
    r.cname_chain = a->cname_chain;
    r.key_ttl = a->ttl;
    if (a->st == dns::status::timeout || a->st == dns::status::servfail) {
      finish(r, verdict::temperror, reason::key_unavailable, "DNS " + std::string(dns::to_string(a->st)));
      out.signatures.push_back(std::move(r));
      continue;
    }
    if (a->st == dns::status::nxdomain || a->txt.empty()) {
      finish(r, verdict::permerror, reason::key_not_found,
             a->st == dns::status::nxdomain ? "NXDOMAIN" : "no TXT record (NODATA)");
      out.signatures.push_back(std::move(r));
      continue;
    }
    if (a->txt.size() > 1) {
      finish(r, verdict::permerror, reason::key_multiple_records,
             std::to_string(a->txt.size()) + " TXT records at the key name");
      out.signatures.push_back(std::move(r));
      continue;
    }
    for (const auto& s : a->txt.front()) r.key_record += s;
    auto kit = st.keys.find(r.key_record);
    if (kit == st.keys.end()) kit = st.keys.emplace(r.key_record, parse_key_record(r.key_record)).first;
    const key_parse& kp = kit->second;
    if (!kp.key || kp.key->revoked) {
      finish(r, verdict::permerror, kp.why, kp.detail);
      out.signatures.push_back(std::move(r));
      continue;
    }
    const key_record& key = *kp.key;
    r.key_bits = key.bits;
    r.key_testing = key.testing;
    r.key_encoding = key.type == key_type::ed25519 ? "ed25519" : (key.rsa ? key.rsa->encoding : "");
    bool want_ed = sig.alg == algorithm::ed25519_sha256;
    if (want_ed != (key.type == key_type::ed25519)) {
      finish(r, verdict::permerror, reason::key_type_mismatch,
             "a=" + r.algorithm + " but the key has k=" + key.type_text);
      out.signatures.push_back(std::move(r));
      continue;
    }
    std::string hname(crypto::to_string(hash_of(sig.alg)));
    if (!key.hashes.empty() && std::find(key.hashes.begin(), key.hashes.end(), hname) == key.hashes.end()) {
      finish(r, verdict::permerror, reason::key_hash_not_allowed, "the key allows only h=" + [&] {
        std::string s;
        for (const auto& h : key.hashes) s += (s.empty() ? "" : ":") + h;
        return s;
      }());
      out.signatures.push_back(std::move(r));
      continue;
    }
    if (std::find(key.services.begin(), key.services.end(), "*") == key.services.end() &&
        std::find(key.services.begin(), key.services.end(), "email") == key.services.end()) {
      finish(r, verdict::permerror, reason::key_service_not_email);
      out.signatures.push_back(std::move(r));
      continue;
    }
    if (key.strict && sig.identity_given) {
      auto at = sig.identity.rfind('@');
      if (!str::iequals(sig.identity.substr(at + 1), sig.domain)) {
        finish(r, verdict::permerror, reason::key_strict_identity);
        out.signatures.push_back(std::move(r));
        continue;
      }
    }
    if (key.type == key_type::rsa) r.key_weak = key.bits <= opt.weak_rsa_bits;

    // Body hash (skipped for headers-only input: "not provided", never a failure).
    bool length_bad = false;
    if (msg.headers_only) {
      r.body = body_hash_state::not_provided;
    } else {
      crypto::hash_alg h = hash_of(sig.alg);
      const body_entry& be = body_for(msg, sig.body_canon, h, sig.length, st);
      r.body_hash_computed = base64::encode(be.digest);
      r.signed_body_bytes = sig.length ? std::min(*sig.length, be.total) : be.total;
      r.unsigned_body_bytes = be.total - r.signed_body_bytes;
      if (sig.length && *sig.length > be.total) length_bad = true;
      r.body = be.digest == sig.bh ? body_hash_state::match : body_hash_state::mismatch;
      if (r.body == body_hash_state::mismatch && opt.check_alternate_canon) {
        canon other = sig.body_canon == canon::simple ? canon::relaxed : canon::simple;
        const body_entry& oe = body_for(msg, other, h, sig.length, st);
        r.other_canon_matches = oe.digest == sig.bh;
      }
    }

    // Header signature.
    std::string input = header_hash_input(msg, it.index, sig, r);
    crypto::bytes hh = crypto::digest(hash_of(sig.alg), input);
    std::string check_key = r.key_record + '\n' + r.algorithm + '\n' + crypto::hex(hh) + '\n' + sig.b_text;
    auto cit = st.checks.find(check_key);
    bool valid;
    if (cit != st.checks.end()) {
      valid = cit->second;
    } else {
      if (key.type == key_type::ed25519)
        valid = crypto::ed25519_verify(key.public_key, hh, sig.b);
      else
        valid = crypto::rsa_verify(*key.rsa, hash_of(sig.alg), hh, sig.b);
      st.checks.emplace(check_key, valid);
    }
    r.header_signature = valid ? header_sig_state::valid : header_sig_state::invalid;

    if (key.type == key_type::rsa && key.bits < opt.min_rsa_bits)
      finish(r, verdict::fail, reason::key_too_small);
    else if (length_bad)
      finish(r, verdict::fail, reason::sig_length_exceeds_body,
             "l=" + std::to_string(*sig.length) + " but the canonical body has " + std::to_string(r.signed_body_bytes) + " bytes");
    else if (r.body == body_hash_state::mismatch)
      finish(r, verdict::fail, reason::body_hash_mismatch);
    else if (!valid)
      finish(r, verdict::fail, reason::signature_mismatch);
    else if (sig.alg == algorithm::rsa_sha1)
      finish(r, verdict::policy, reason::sha1_policy);
    else
      finish(r, verdict::pass, reason::ok);
    out.signatures.push_back(std::move(r));
  }
  return out;
}

verify_result verify(dns::lookup_context& ctx, const mime::message& msg, std::int64_t now, const verify_options& opt,
                     memo* m) {
  return verify(ctx, view_of(msg), now, opt, m);
}

}  // namespace authlens::dkim
