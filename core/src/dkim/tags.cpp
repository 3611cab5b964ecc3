// RFC 6376 §3.2 tag lists, §3.5 DKIM-Signature tags, §3.6.1 key records.
#include <cctype>
#include <charconv>

#include "authlens/base64.hpp"
#include "authlens/dkim.hpp"
#include "authlens/strings.hpp"

namespace authlens::dkim {

std::string_view to_string(verdict v) {
  switch (v) {
    case verdict::pass: return "pass";
    case verdict::fail: return "fail";
    case verdict::neutral: return "neutral";
    case verdict::temperror: return "temperror";
    case verdict::permerror: return "permerror";
    case verdict::policy: return "policy";
    case verdict::none: return "none";
  }
  return "none";
}

std::optional<verdict> verdict_from_string(std::string_view s) {
  for (auto v : {verdict::pass, verdict::fail, verdict::neutral, verdict::temperror, verdict::permerror, verdict::policy,
                 verdict::none})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::string_view to_string(reason r) {
  switch (r) {
    case reason::ok: return "ok";
    case reason::pending: return "pending";
    case reason::no_signature: return "no_signature";
    case reason::sig_syntax: return "signature_syntax";
    case reason::sig_duplicate_tag: return "signature_duplicate_tag";
    case reason::sig_missing_tag: return "signature_missing_tag";
    case reason::sig_version: return "signature_version";
    case reason::sig_algorithm_unknown: return "algorithm_unknown";
    case reason::sig_canon_unknown: return "canonicalization_unknown";
    case reason::sig_query_unknown: return "query_method_unknown";
    case reason::sig_bad_base64: return "signature_bad_base64";
    case reason::sig_bad_domain: return "signature_bad_domain";
    case reason::sig_identity_mismatch: return "identity_mismatch";
    case reason::sig_from_not_signed: return "from_not_signed";
    case reason::sig_bad_number: return "signature_bad_number";
    case reason::sig_expired: return "expired";
    case reason::sig_timestamps: return "timestamp_after_expiration";
    case reason::sig_length_exceeds_body: return "length_exceeds_body";
    case reason::key_not_found: return "key_not_found";
    case reason::key_unavailable: return "key_unavailable";
    case reason::key_multiple_records: return "key_multiple_records";
    case reason::key_syntax: return "key_syntax";
    case reason::key_version: return "key_version";
    case reason::key_revoked: return "key_revoked";
    case reason::key_type_unknown: return "key_type_unknown";
    case reason::key_type_mismatch: return "key_type_mismatch";
    case reason::key_hash_not_allowed: return "key_hash_not_allowed";
    case reason::key_service_not_email: return "key_service_not_email";
    case reason::key_strict_identity: return "key_strict_identity";
    case reason::key_bad_data: return "key_bad_data";
    case reason::key_too_small: return "key_too_small";
    case reason::body_hash_mismatch: return "body_hash_mismatch";
    case reason::signature_mismatch: return "signature_mismatch";
    case reason::sha1_policy: return "sha1_policy";
    case reason::too_many_signatures: return "too_many_signatures";
  }
  return "unknown";
}

std::string_view to_string(algorithm a) {
  switch (a) {
    case algorithm::rsa_sha1: return "rsa-sha1";
    case algorithm::rsa_sha256: return "rsa-sha256";
    case algorithm::ed25519_sha256: return "ed25519-sha256";
  }
  return "";
}
crypto::hash_alg hash_of(algorithm a) {
  return a == algorithm::rsa_sha1 ? crypto::hash_alg::sha1 : crypto::hash_alg::sha256;
}
std::string_view to_string(canon c) { return c == canon::simple ? "simple" : "relaxed"; }

std::string_view to_string(body_hash_state s) {
  switch (s) {
    case body_hash_state::match: return "match";
    case body_hash_state::mismatch: return "mismatch";
    case body_hash_state::not_provided: return "not_provided";
    case body_hash_state::not_checked: return "not_checked";
  }
  return "";
}
std::string_view to_string(header_sig_state s) {
  switch (s) {
    case header_sig_state::valid: return "valid";
    case header_sig_state::invalid: return "invalid";
    case header_sig_state::not_checked: return "not_checked";
  }
  return "";
}

std::string signature::key_name() const { return str::lower(selector) + "._domainkey." + domain; }

// --- tag lists ---------------------------------------------------------------------------------------

const tag* tag_list_result::find(std::string_view name) const {
  for (const auto& t : tags)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
std::string pos_text(std::size_t p) { return " at offset " + std::to_string(p); }
}  // namespace

tag_list_result parse_tag_list(std::string_view s) {
  tag_list_result r;
  std::size_t i = 0, n = s.size();
  auto fail = [&](std::string d) {
    r.ok = false;
    r.why = reason::sig_syntax;
    r.detail = std::move(d);
    return r;
  };
  while (i <= n) {
    // one tag-spec, ending at ';' or the end
    std::size_t spec_end = s.find(';', i);
    if (spec_end == std::string_view::npos) spec_end = n;
    std::size_t p = i;
    while (p < spec_end && is_ws(s[p])) ++p;
    if (p == spec_end) {  // empty spec
      if (spec_end == n) break;
      i = spec_end + 1;
      continue;
    }
    std::size_t name_begin = p;
    if (!is_alpha(s[p])) return fail("tag name must start with a letter" + pos_text(p));
    while (p < spec_end && (is_alpha(s[p]) || is_digit(s[p]) || s[p] == '_')) ++p;
    std::string name(s.substr(name_begin, p - name_begin));
    while (p < spec_end && is_ws(s[p])) ++p;
    if (p >= spec_end || s[p] != '=') return fail("expected '=' after tag \"" + name + "\"" + pos_text(p));
    ++p;
    while (p < spec_end && is_ws(s[p])) ++p;
    std::size_t vb = p, ve = spec_end;
    while (ve > vb && is_ws(s[ve - 1])) --ve;
    for (std::size_t k = vb; k < ve; ++k) {
      unsigned char c = static_cast<unsigned char>(s[k]);
      if (is_ws(s[k])) continue;
      if (c < 0x21 || c > 0x7e)
        return fail("invalid character in the value of tag \"" + name + "\"" + pos_text(k));
    }
    for (const auto& t : r.tags)
      if (t.name == name) {
        r.ok = false;
        r.why = reason::sig_duplicate_tag;
        r.detail = "tag \"" + name + "\" appears more than once";
        return r;
      }
    r.tags.push_back(tag{name, std::string(s.substr(vb, ve - vb)), vb, ve});
    if (spec_end == n) break;
    i = spec_end + 1;
  }
  return r;
}

namespace {

std::string strip_ws(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v)
    if (!is_ws(c)) out += c;
  return out;
}

template <class T>
bool parse_uint(std::string_view v, T& out, std::size_t max_digits) {
  if (v.empty() || v.size() > max_digits) return false;
  for (char c : v)
    if (!is_digit(c)) return false;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

// RFC 6376 §3.5 d=: a domain name (sub-domain *("." sub-domain)); letters, digits, hyphen, and
// underscore (seen in the wild) — never "(", spaces or other punctuation.
bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    char c = d[i];
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '_')) return false;
    if (++label > 63) return false;
  }
  return label > 0;
}

int hexval(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
// dkim-quoted-printable (RFC 6376 §2.11): =XX escapes, white space ignored.
bool qp_decode(std::string_view v, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (is_ws(c)) continue;
    if (c == '=') {
      if (i + 2 >= v.size()) return false;
      int h = hexval(v[i + 1]), l = hexval(v[i + 2]);
      if (h < 0 || l < 0) return false;
      out += char(h * 16 + l);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

bool is_subdomain_or_equal(std::string_view child, std::string_view parent) {
  std::string c = str::lower(child), p = str::lower(parent);
  if (c == p) return true;
  return c.size() > p.size() && c.compare(c.size() - p.size(), p.size(), p) == 0 && c[c.size() - p.size() - 1] == '.';
}

}  // namespace

signature_parse parse_signature(std::string_view value, std::optional<std::int64_t> now) {
  signature_parse out;
  auto tl = parse_tag_list(value);
  if (const tag* t = tl.find("d")) out.domain = str::lower(strip_ws(t->value));
  if (const tag* t = tl.find("s")) out.selector = strip_ws(t->value);
  if (const tag* t = tl.find("a")) out.alg_text = strip_ws(t->value);
  auto fail = [&](reason r, std::string d) {
    out.why = r;
    out.detail = std::move(d);
    out.sig.reset();
    return out;
  };
  if (!tl.ok) return fail(tl.why, tl.detail);

  for (const char* req : {"v", "a", "b", "bh", "d", "h", "s"})
    if (!tl.find(req)) return fail(reason::sig_missing_tag, std::string("required tag ") + req + "= is missing");

  signature sig;
  if (strip_ws(tl.find("v")->value) != "1")
    return fail(reason::sig_version, "v= is \"" + tl.find("v")->value + "\", not 1");

  sig.alg_text = out.alg_text;
  std::string a = str::lower(sig.alg_text);
  if (a == "rsa-sha256")
    sig.alg = algorithm::rsa_sha256;
  else if (a == "rsa-sha1")
    sig.alg = algorithm::rsa_sha1;
  else if (a == "ed25519-sha256")
    sig.alg = algorithm::ed25519_sha256;
  else
    return fail(reason::sig_algorithm_unknown, "unknown algorithm a=" + sig.alg_text);

  const tag* b = tl.find("b");
  sig.b_text = strip_ws(b->value);
  sig.b_value_begin = b->value_begin;
  sig.b_value_end = b->value_end;
  auto bd = base64::decode(b->value);
  if (!bd || bd->empty()) return fail(reason::sig_bad_base64, "b= is not base64" + (bd ? std::string() : ": " + bd.err().message));
  sig.b = std::move(*bd);
  sig.bh_text = strip_ws(tl.find("bh")->value);
  auto bhd = base64::decode(tl.find("bh")->value);
  if (!bhd || bhd->empty()) return fail(reason::sig_bad_base64, "bh= is not base64");
  sig.bh = std::move(*bhd);

  if (const tag* c = tl.find("c")) {
    std::string cv = str::lower(strip_ws(c->value));
    auto slash = cv.find('/');
    std::string hc = cv.substr(0, slash), bc = slash == std::string::npos ? "simple" : cv.substr(slash + 1);
    auto to_canon = [](const std::string& x, canon& outc) {
      if (x == "simple") outc = canon::simple;
      else if (x == "relaxed") outc = canon::relaxed;
      else return false;
      return true;
    };
    if (!to_canon(hc, sig.header_canon) || !to_canon(bc, sig.body_canon))
      return fail(reason::sig_canon_unknown, "unknown canonicalization c=" + c->value);
  }

  sig.domain = out.domain;
  if (!valid_domain(sig.domain)) return fail(reason::sig_bad_domain, "d= is not a domain name: \"" + sig.domain + "\"");
  sig.selector = out.selector;
  if (!valid_domain(sig.selector)) return fail(reason::sig_bad_domain, "s= is not a valid selector: \"" + sig.selector + "\"");

  for (auto piece : str::split(tl.find("h")->value, ':')) {
    auto name = str::trim(piece);
    if (name.empty()) return fail(reason::sig_syntax, "empty header name in h=");
    sig.headers.emplace_back(name);
  }
  bool from = false;
  for (const auto& h : sig.headers) from = from || str::iequals(h, "from");
  if (!from) return fail(reason::sig_from_not_signed, "h= does not include From");

  if (const tag* i = tl.find("i")) {
    std::string dec;
    if (!qp_decode(i->value, dec)) return fail(reason::sig_syntax, "i= is not valid dkim-quoted-printable");
    auto at = dec.rfind('@');
    if (at == std::string::npos) return fail(reason::sig_identity_mismatch, "i= has no '@': \"" + dec + "\"");
    if (!is_subdomain_or_equal(dec.substr(at + 1), sig.domain))
      return fail(reason::sig_identity_mismatch, "i= domain \"" + dec.substr(at + 1) + "\" is not d= or a subdomain of it");
    sig.identity = dec;
    sig.identity_given = true;
  } else {
    sig.identity = "@" + sig.domain;
  }

  if (const tag* l = tl.find("l")) {
    std::uint64_t v = 0;
    if (!parse_uint(strip_ws(l->value), v, 76)) return fail(reason::sig_bad_number, "l= is not a number");
    sig.length = v;
  }
  if (const tag* q = tl.find("q")) {
    sig.query = strip_ws(q->value);
    // RFC 6376 §3.5: "dns/txt" is the only method; unrecognised methods in the list are ignored.
    bool dns = false;
    for (auto m : str::split(sig.query, ':')) dns = dns || str::iequals(str::trim(m), "dns/txt");
    if (!dns) return fail(reason::sig_query_unknown, "q= does not offer dns/txt: " + sig.query);
  }
  if (const tag* t = tl.find("t")) {
    std::int64_t v = 0;
    if (!parse_uint(strip_ws(t->value), v, 12)) return fail(reason::sig_bad_number, "t= is not a number");
    sig.timestamp = v;
  }
  if (const tag* x = tl.find("x")) {
    std::int64_t v = 0;
    if (!parse_uint(strip_ws(x->value), v, 12)) return fail(reason::sig_bad_number, "x= is not a number");
    sig.expiration = v;
  }
  if (sig.timestamp && sig.expiration && *sig.expiration < *sig.timestamp)
    return fail(reason::sig_timestamps, "x= is earlier than t=");
  if (const tag* z = tl.find("z")) {
    for (auto piece : str::split(z->value, '|')) {
      std::string dec;
      if (qp_decode(piece, dec)) sig.copied_headers.push_back(dec);
    }
  }
  static const char* known[] = {"v", "a", "b", "bh", "c", "d", "h", "i", "l", "q", "s", "t", "x", "z"};
  for (const auto& t : tl.tags) {
    bool k = false;
    for (const char* kn : known) k = k || t.name == kn;
    if (!k) sig.unknown_tags.push_back(t);
  }
  out.sig = std::move(sig);
  if (now && out.sig->expiration && *out.sig->expiration < *now) {
    out.why = reason::sig_expired;
    out.detail = "the signature expired at x=" + std::to_string(*out.sig->expiration);
    // keep sig for the report; the verifier turns this into a verdict
  }
  return out;
}

key_parse parse_key_record(std::string_view text) {
  key_parse out;
  auto tl = parse_tag_list(text);
  auto fail = [&](reason r, std::string d) {
    out.why = r;
    out.detail = std::move(d);
    out.key.reset();
    return out;
  };
  if (!tl.ok) return fail(reason::key_syntax, tl.detail);
  key_record k;
  if (const tag* v = tl.find("v")) {
    if (&tl.tags.front() != v) return fail(reason::key_syntax, "v= must be the first tag of the key record");
    if (v->value != "DKIM1") return fail(reason::key_version, "v= is \"" + v->value + "\", not DKIM1");
  }
  if (const tag* kt = tl.find("k")) {
    k.type_text = strip_ws(kt->value);
    std::string lt = str::lower(k.type_text);
    if (lt == "rsa") k.type = key_type::rsa;
    else if (lt == "ed25519") k.type = key_type::ed25519;
    else return fail(reason::key_type_unknown, "unknown key type k=" + k.type_text);
  }
  if (const tag* h = tl.find("h"))
    for (auto piece : str::split(h->value, ':'))
      if (auto x = str::trim(piece); !x.empty()) k.hashes.emplace_back(str::lower(x));
  if (const tag* s = tl.find("s")) {
    for (auto piece : str::split(s->value, ':'))
      if (auto x = str::trim(piece); !x.empty()) k.services.emplace_back(str::lower(x));
  } else {
    k.services.emplace_back("*");
  }
  if (const tag* t = tl.find("t"))
    for (auto piece : str::split(t->value, ':')) {
      auto x = str::trim(piece);
      if (x == "y") k.testing = true;
      if (x == "s") k.strict = true;
    }
  if (const tag* n = tl.find("n")) k.notes = n->value;
  const tag* p = tl.find("p");
  if (!p) return fail(reason::key_syntax, "the key record has no p= tag");
  std::string pv = strip_ws(p->value);
  if (pv.empty()) {
    k.revoked = true;
    out.key = std::move(k);
    out.why = reason::key_revoked;
    out.detail = "the key has been revoked (empty p=)";
    return out;
  }
  auto raw = base64::decode(pv);
  if (!raw) return fail(reason::key_bad_data, "p= is not base64: " + raw.err().message);
  k.public_key = std::move(*raw);
  if (k.type == key_type::rsa) {
    auto rk = crypto::parse_rsa_public_key(k.public_key);
    if (!rk) return fail(reason::key_bad_data, "p= is not an RSA public key: " + rk.err().message);
    k.bits = rk->bits;
    k.rsa = std::move(*rk);
  } else {
    if (k.public_key.size() != 32)
      return fail(reason::key_bad_data, "an ed25519 p= must be 32 bytes, not " + std::to_string(k.public_key.size()));
    k.bits = 256;
  }
  out.key = std::move(k);
  return out;
}

}  // namespace authlens::dkim
