// RFC 8617 §5.1 sealing: a new ARC set (AAR, AMS, AS) with the chain status the validator found.
#include <algorithm>
#include <array>

#include "authlens/base64.hpp"
#include "authlens/arc.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"
#include "internal.hpp"

namespace authlens::arc {

namespace {

const char* const default_headers[] = {"From",          "To",           "Cc",          "Subject",
                                       "Date",          "Message-ID",   "MIME-Version", "Content-Type",
                                       "Content-Transfer-Encoding", "Reply-To", "In-Reply-To", "References",
                                       "DKIM-Signature", "Authentication-Results", "List-Id", "List-Unsubscribe",
                                       "List-Unsubscribe-Post"};

std::string_view strip_crlf(std::string_view s) {
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\r\n") s.remove_suffix(2);
  return s;
}

result<crypto::bytes> sign_digest(const dkim::private_key& key, const crypto::bytes& digest,
                                  const crypto::random_fn& rng) {
  if (key.type == dkim::key_type::ed25519) {
    auto s = crypto::ed25519_sign(key.ed25519, digest);
    return crypto::bytes(s.begin(), s.end());
  }
  return crypto::rsa_sign(*key.rsa, crypto::hash_alg::sha256, digest, rng);
}

// Appends b=<sig> folded after the "b=" that ends the folder's text.
std::string with_signature(str::header_folder f, const crypto::bytes& sig) {
  f.add_wrapped(base64::encode(sig));
  return f.str() + "\r\n";
}

}  // namespace

result<sealed_set> seal(const dkim::message_view& msg, const evaluation& chain, const dkim::private_key& key,
                        const seal_options& opt, const crypto::random_fn& rng) {
  if (!detail::domain_like(opt.domain) || !detail::domain_like(opt.selector))
    return error{"arc.seal.options", "domain and selector must be domain names"};
  if (opt.authserv_id.empty() || opt.authserv_id.find_first_of(" \t\r\n;") != std::string::npos)
    return error{"arc.seal.options", "the authserv-id must be one token (a host name)"};
  if (opt.alg == dkim::algorithm::rsa_sha1)
    return error{"arc.seal.options", "rsa-sha1 is not allowed (RFC 8301); use rsa-sha256 or ed25519-sha256"};
  bool ed = opt.alg == dkim::algorithm::ed25519_sha256;
  if (ed != (key.type == dkim::key_type::ed25519) || (!ed && !key.rsa))
    return error{"arc.seal.key_mismatch", "the key type does not match the algorithm " + std::string(dkim::to_string(opt.alg))};
  if (!chain.complete) return error{"arc.seal.incomplete", "the chain is not validated yet (keys pending)"};
  if (chain.why == reason::sealed_fail)
    return error{"arc.seal.sealed_fail", "the newest ARC-Seal already says cv=fail; no set is added to a failed chain"};
  std::uint32_t n = chain.newest + 1;
  if (n > 50) return error{"arc.seal.too_many", "the chain already has 50 sets"};

  sealed_set out;
  out.instance = n;
  out.cv = chain.newest == 0 ? chain_status::none : (chain.cv == chain_status::pass ? chain_status::pass : chain_status::fail);

  // Existing sets, by instance (only when the structure is intact: one field of each kind per instance).
  std::vector<std::array<std::string_view, 3>> sets(n);
  if (chain.newest) {
    std::vector<std::array<int, 3>> counts(n, {0, 0, 0});
    for (const auto& f : msg.fields) {
      int kind = str::iequals(f.name, "ARC-Authentication-Results") ? 0
                 : str::iequals(f.name, "ARC-Message-Signature")    ? 1
                 : str::iequals(f.name, "ARC-Seal")                  ? 2
                                                                     : -1;
      if (kind < 0) continue;
      auto colon = f.raw.find(':');
      auto inst = instance_of(f.name, colon == std::string_view::npos ? std::string_view() : strip_crlf(f.raw.substr(colon + 1)));
      if (!inst || *inst >= n) return error{"arc.seal.broken_chain", "an ARC field has an unusable instance number"};
      sets[*inst][kind] = f.raw;
      ++counts[*inst][kind];
    }
    for (std::uint32_t i = 1; i < n; ++i)
      for (int k = 0; k < 3; ++k)
        if (counts[i][k] != 1) return error{"arc.seal.broken_chain", "ARC set " + std::to_string(i) + " is not well-formed"};
  }

  // AAR (RFC 8617 §4.1.1).
  std::string results = std::string(str::trim(opt.results));
  while (!results.empty() && results.front() == ';') results = std::string(str::trim(results.substr(1)));
  if (results.empty()) results = "none";
  out.aar = "ARC-Authentication-Results: i=" + std::to_string(n) + "; " + opt.authserv_id + ";";
  {
    std::string r = str::collapse_space(str::unfold(results));
    // One result per line for readability.
    std::string folded;
    for (auto piece : str::split(r, ';')) {
      std::string p(str::trim(piece));
      if (p.empty()) continue;
      if (!folded.empty()) folded += ";";
      folded += "\r\n\t" + p;
    }
    if (folded.empty()) folded = " none";
    out.aar += folded + "\r\n";
  }

  // AMS (RFC 8617 §4.1.2): a DKIM signature with i= instead of v=/identity, no l=.
  std::vector<std::string> names;
  if (opt.headers.empty()) {
    names = dkim::present_field_names(msg, default_headers);
  } else {
    for (const auto& h : opt.headers) {
      if (str::iequals(h, "ARC-Seal")) return error{"arc.seal.options", "the AMS must not sign ARC-Seal"};
      names.push_back(h);
    }
  }
  if (names.empty()) return error{"arc.seal.options", "no header field to sign"};
  std::string alg(dkim::to_string(opt.alg));
  crypto::bytes bh = dkim::body_hash(opt.body_canon, crypto::hash_alg::sha256, msg.body, std::nullopt);
  str::header_folder ams("ARC-Message-Signature:");
  ams.add("i=" + std::to_string(n) + ";", " ");
  ams.add("a=" + alg + ";", " ");
  ams.add("c=" + std::string(dkim::to_string(opt.header_canon)) + "/" + std::string(dkim::to_string(opt.body_canon)) + ";", " ");
  ams.add("d=" + opt.domain + ";", " ");
  ams.add("s=" + opt.selector + ";", " ");
  if (opt.timestamp) ams.add("t=" + std::to_string(*opt.timestamp) + ";", " ");
  for (std::size_t i = 0; i < names.size(); ++i)
    ams.add((i == 0 ? "h=" : "") + names[i] + (i + 1 == names.size() ? ";" : ":"), i == 0 ? " " : "");
  ams.add("bh=" + base64::encode(bh) + ";", " ");
  ams.add("b=", " ");
  {
    std::string data = dkim::canonical_signed_fields(opt.header_canon, msg, names);
    data += strip_crlf(dkim::canonicalize_header(opt.header_canon, ams.str()));
    auto sig = sign_digest(key, crypto::sha256(data), rng);
    if (!sig) return sig.err();
    out.ams = with_signature(ams, *sig);
  }

  // AS (RFC 8617 §4.1.3, §5.1.1): sets 1..n, AAR, AMS, AS each, relaxed, this AS without b= value.
  str::header_folder as("ARC-Seal:");
  as.add("i=" + std::to_string(n) + ";", " ");
  as.add("a=" + alg + ";", " ");
  if (opt.timestamp) as.add("t=" + std::to_string(*opt.timestamp) + ";", " ");
  as.add("cv=" + std::string(to_string(out.cv)) + ";", " ");
  as.add("d=" + opt.domain + ";", " ");
  as.add("s=" + opt.selector + ";", " ");
  as.add("b=", " ");
  {
    std::string data;
    for (std::uint32_t i = 1; i < n; ++i)
      for (int k = 0; k < 3; ++k) data += dkim::canonicalize_header(dkim::canon::relaxed, sets[i][k]);
    data += dkim::canonicalize_header(dkim::canon::relaxed, out.aar);
    data += dkim::canonicalize_header(dkim::canon::relaxed, out.ams);
    data += strip_crlf(dkim::canonicalize_header(dkim::canon::relaxed, as.str()));
    auto sig = sign_digest(key, crypto::sha256(data), rng);
    if (!sig) return sig.err();
    out.as = with_signature(as, *sig);
  }
  return out;
}

result<sealed_set> seal(const mime::message& msg, const evaluation& chain, const dkim::private_key& key,
                        const seal_options& opt, const crypto::random_fn& rng) {
  return seal(dkim::view_of(msg), chain, key, opt, rng);
}

}  // namespace authlens::arc
