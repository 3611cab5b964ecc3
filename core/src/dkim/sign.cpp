// RFC 6376 §5 signing (rsa-sha256, ed25519-sha256 per RFC 8463), key generation and the key's TXT
// record (RFC 6376 §3.6.1; character-strings of at most 255 bytes, RFC 1035 §3.3.14).
#include <algorithm>
#include <cctype>

#include "authlens/base64.hpp"
#include "authlens/dkim.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"

namespace authlens::dkim {

result<private_key> parse_private_key(std::string_view text) {
  private_key k;
  auto rsa = crypto::parse_rsa_private_key(text);
  if (rsa) {
    k.type = key_type::rsa;
    k.rsa = std::make_shared<crypto::rsa_private_key>(std::move(*rsa));
    return k;
  }
  auto ed = crypto::parse_ed25519_private_key(text);
  if (ed) {
    k.type = key_type::ed25519;
    k.ed25519 = *ed;
    return k;
  }
  return error{"dkim.sign.key", "not an RSA (PKCS#8/PKCS#1 PEM) or Ed25519 (PKCS#8 PEM or base64 seed) private key"};
}

namespace {

const char* const default_headers[] = {"From",         "To",           "Subject",
                                       "Date",         "Message-ID",   "MIME-Version",
                                       "Content-Type", "Content-Transfer-Encoding",
                                       "List-Unsubscribe", "List-Unsubscribe-Post"};

bool domain_ok(std::string_view d) {
  if (d.empty()) return false;
  for (char c : d)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
  return true;
}

}  // namespace

result<std::string> sign(const message_view& msg, const private_key& key, const sign_options& opt,
                         const crypto::random_fn& rng) {
  if (!domain_ok(opt.domain) || !domain_ok(opt.selector))
    return error{"dkim.sign.options", "domain and selector must be domain names"};
  bool ed = opt.alg == algorithm::ed25519_sha256;
  if (ed != (key.type == key_type::ed25519) || (!ed && !key.rsa))
    return error{"dkim.sign.key_mismatch", "the key type does not match the algorithm " + std::string(to_string(opt.alg))};
  std::size_t from_count = 0;
  for (const auto& f : msg.fields) from_count += str::iequals(f.name, "from");
  if (from_count == 0) return error{"dkim.sign.no_from", "the message has no From field to sign"};

  // h=: each requested name once per occurrence (bottom-up selection takes them all), From over-signed.
  std::vector<std::string> names;
  if (opt.headers.empty()) {
    names = present_field_names(msg, default_headers);
  } else {
    for (const auto& n : opt.headers) {
      bool seen = false;
      for (const auto& x : names) seen = seen || str::iequals(x, n);
      if (seen) continue;
      std::size_t c = std::max<std::size_t>(count_fields(msg, n), 1);
      for (std::size_t i = 0; i < c; ++i) names.push_back(n);
    }
    bool has_from = false;
    for (const auto& n : names) has_from = has_from || str::iequals(n, "from");
    if (!has_from) names.insert(names.begin(), "from");
  }
  if (opt.oversign_from) names.emplace_back("from");

  // Body hash.
  crypto::hash_alg h = hash_of(opt.alg);
  std::uint64_t total = 0;
  crypto::bytes bh = body_hash(opt.body_canon, h, msg.body, opt.length, &total);
  if (opt.length && *opt.length > total) return error{"dkim.sign.options", "l= is longer than the canonical body"};

  // The field, b= empty.
  str::header_folder f("DKIM-Signature:");
  f.add("v=1;", " ");
  f.add("a=" + std::string(to_string(opt.alg)) + ";", " ");
  f.add("c=" + std::string(to_string(opt.header_canon)) + "/" + std::string(to_string(opt.body_canon)) + ";", " ");
  f.add("d=" + opt.domain + ";", " ");
  f.add("s=" + opt.selector + ";", " ");
  if (!opt.identity.empty()) f.add("i=" + opt.identity + ";", " ");
  if (opt.length) f.add("l=" + std::to_string(*opt.length) + ";", " ");
  if (opt.timestamp) f.add("t=" + std::to_string(*opt.timestamp) + ";", " ");
  if (opt.expiration) f.add("x=" + std::to_string(*opt.expiration) + ";", " ");
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string tok = (i == 0 ? "h=" : "") + names[i] + (i + 1 == names.size() ? ";" : ":");
    f.add(tok, i == 0 ? " " : "");
  }
  std::string bh64 = base64::encode(bh);
  f.add("bh=" + bh64 + ";", " ");
  f.add("b=", " ");
  std::string unsigned_field = f.str();

  // Header hash: selected fields bottom-up, then this field without b= value and without CRLF.
  std::string data = canonical_signed_fields(opt.header_canon, msg, names);
  std::string self = canonicalize_header(opt.header_canon, unsigned_field);
  self.resize(self.size() - 2);
  data += self;
  crypto::bytes hh = crypto::digest(h, data);

  crypto::bytes sig;
  if (ed) {
    auto s = crypto::ed25519_sign(key.ed25519, hh);
    sig.assign(s.begin(), s.end());
  } else {
    auto s = crypto::rsa_sign(*key.rsa, h, hh, rng);
    if (!s) return s.err();
    sig = std::move(*s);
  }
  // b= value starts on the "b=" line (so removing the value leaves exactly "b="), then folds.
  f.add_wrapped(base64::encode(sig));
  return f.str() + "\r\n";
}

result<std::string> sign(const mime::message& msg, const private_key& key, const sign_options& opt,
                         const crypto::random_fn& rng) {
  return sign(view_of(msg), key, opt, rng);
}

// --- key generation and records ---------------------------------------------------------------------

std::string key_record_text(key_type type, std::string_view public_b64) {
  return std::string("v=DKIM1; k=") + (type == key_type::ed25519 ? "ed25519" : "rsa") + "; p=" + std::string(public_b64);
}

std::vector<std::string> split_txt(std::string_view record, std::size_t max) {
  std::vector<std::string> out;
  if (max == 0) max = 255;
  for (std::size_t i = 0; i < record.size(); i += max) out.emplace_back(record.substr(i, max));
  if (out.empty()) out.emplace_back();
  return out;
}

std::string zone_snippet(std::string_view domain, std::string_view selector, const std::vector<std::string>& strings,
                         std::uint32_t ttl) {
  std::string name = std::string(selector) + "._domainkey." + std::string(domain) + ".";
  std::string out = name + " " + std::to_string(ttl) + " IN TXT (";
  for (std::size_t i = 0; i < strings.size(); ++i) {
    out += i == 0 ? " \"" : "\n    \"";
    for (char c : strings[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += " )\n";
  return out;
}

result<generated_key> keygen(key_type type, unsigned bits, std::string_view domain, std::string_view selector,
                             const crypto::random_fn& rng) {
  if (!domain_ok(domain) || !domain_ok(selector))
    return error{"dkim.keygen.options", "domain and selector must be domain names"};
  generated_key g;
  if (type == key_type::rsa && bits && (bits < 1024 || bits > 4096))
    return error{"dkim.keygen.options", "RSA keys for DKIM must have 1024 to 4096 bits (2048 recommended)"};
  if (type == key_type::rsa) {
    auto k = crypto::rsa_generate(bits ? bits : 2048, rng);
    if (!k) return k.err();
    g.private_pem = k->to_pkcs8_pem();
    g.public_b64 = base64::encode(k->public_spki_der());
    g.key.type = key_type::rsa;
    g.key.rsa = std::make_shared<crypto::rsa_private_key>(std::move(*k));
  } else {
    auto s = crypto::ed25519_generate(rng);
    if (!s) return s.err();
    auto pub = crypto::ed25519_public_from_seed(*s);
    g.private_pem = crypto::ed25519_to_pkcs8_pem(*s);
    g.public_b64 = base64::encode(std::span<const std::uint8_t>(pub.data(), pub.size()));
    g.key.type = key_type::ed25519;
    g.key.ed25519 = *s;
  }
  g.record = key_record_text(type, g.public_b64);
  g.strings = split_txt(g.record);
  g.zone_snippet = zone_snippet(domain, selector, g.strings);
  return g;
}

}  // namespace authlens::dkim
