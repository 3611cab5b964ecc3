// `authlens dkim verify|sign|keygen` (RFC 6376, RFC 8301, RFC 8463), over the common DNS sources.
//   dkim verify FILE... [--now UNIXTIME] [--json]
//     --json: one object per file (one per line when several) {"file", "result", "signatures": [...]}
//     exit 0 every file has a passing signature · 1 otherwise · 3 a key lookup failed temporarily (and
//     nothing failed outright) · 2 bad usage or unreadable input
//   dkim sign --key PEM --domain D --selector S [--algorithm rsa-sha256|ed25519-sha256] [--canon H/B]
//             [--headers a:b:c] [--expire SECONDS] [--now UNIXTIME] FILE
//     prints the message with the new DKIM-Signature field prepended
//   dkim keygen --type rsa|ed25519 [--bits N] --domain D --selector S [--out PREFIX]
//     prints (or writes PREFIX.private, mode 0600, and PREFIX.txt) the PKCS#8 key, the TXT record as
//     255-byte strings, a BIND zone snippet and the one-string form
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_out.hpp"
#include "args.hpp"
#include "authlens/dkim.hpp"
#include "authlens/message.hpp"
#include "authlens/report.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"
#include "common.hpp"
#include "dns_source.hpp"

namespace authlens::cli {
namespace {

constexpr const char* verify_usage = "dkim verify FILE... [--now UNIXTIME] [--json]   verify every DKIM signature";
constexpr const char* sign_usage =
    "dkim sign --key PEM --domain D --selector S [--algorithm A] [--canon C] [--headers H:H] [--expire SECONDS] FILE"
    "   sign a message";
constexpr const char* keygen_usage =
    "dkim keygen --type rsa|ed25519 [--bits N] --domain D --selector S [--out PREFIX]   make a key and its TXT record";

int run_verify(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, with_dns({"--now"}), {"--json"}) || a.positional().empty()) {
    if (!a.error().empty()) std::cerr << "authlens dkim verify: " << a.error() << "\n";
    std::cerr << "usage: authlens " << verify_usage << "\n";
    return exit_usage;
  }
  std::int64_t now = 0;
  if (!parse_time(a.get("--now"), now)) {
    std::cerr << "authlens dkim verify: --now takes seconds since the epoch\n";
    return exit_usage;
  }
  auto src = make_dns_source(a);
  if (!src) {
    std::cerr << "authlens dkim verify: " << src.err().message << "\n";
    return exit_usage;
  }
  bool json = a.has("--json"), several = a.positional().size() > 1;
  bool all_pass = true, any_temp = false, any_hard = false, unreadable = false;
  dns::cache cache;  // shared: keys asked once for all files
  // Shared too, message by message (next_message): each key record is parsed, and its RSA key built
  // for the crypto library, once for all files.
  dkim::memo memo;
  // Only the header fields and the body, borrowed from the file's bytes (no MIME tree: sizing base64
  // parts cost ≈ 10%; no copies). The normalised copy (bare-LF files only) and the field list keep
  // their memory from one file to the next. (A read buffer kept across files was slower: the kernel's
  // copy into it cost more than a fresh buffer's allocation and zero-fill saved.)
  std::string normalised;
  mime::message_parts m;
  bool first = true;
  for (const auto& file : a.positional()) {
    auto input = read_input(file);
    if (!input) {
      std::cerr << "authlens dkim verify: cannot read " << file << "\n";
      unreadable = true;
      continue;
    }
    mime::split(*input, normalised, m);
    const dkim::message_view view = dkim::view_of(m);
    if (!first) memo.next_message();
    first = false;
    dkim::verify_result r;
    dns::drive(
        cache, [&](dns::lookup_context& ctx) { r = dkim::verify(ctx, view, now, {}, &memo); }, src->resolve);
    auto overall = r.overall();
    all_pass = all_pass && overall == dkim::verdict::pass;
    if (overall == dkim::verdict::temperror) any_temp = true;
    else if (overall != dkim::verdict::pass) any_hard = true;
    if (json) {
      nlohmann::json j = report::dkim_to_json(r);
      j["file"] = file;
      j["headers_only"] = m.headers_only;
      std::cout << json_text(j, several ? -1 : 2) << "\n";
    } else {
      std::cout << file << ": dkim=" << dkim::to_string(overall);
      if (m.headers_only) std::cout << i18n::text("cli.dkimVerify.headersOnly");
      std::cout << "\n";
      if (r.signatures.empty()) std::cout << "  " << i18n::text("cli.dkimVerify.noSignature") << "\n";
      for (const auto& s : r.signatures) {
        std::cout << "  " << dkim::to_string(s.result) << " d=" << s.domain << " s=" << s.selector << " a=" << s.algorithm
                  << " (" << dkim::to_string(s.why) << ")"
                  << i18n::text(s.author_signature ? "cli.dkimVerify.author" : "cli.dkimVerify.thirdParty") << "\n";
        std::cout << "    " << i18n::localized("dkim", dkim::to_string(s.why), s.human) << "\n";
        if (!s.detail.empty()) std::cout << "    " << i18n::text("cli.dkimVerify.detail") << s.detail << "\n";
        if (!s.key_name.empty() && !s.key_record.empty())
          std::cout << "    " << i18n::text("cli.dkimVerify.key") << s.key_name << " ("
                    << i18n::text("cli.dkimVerify.bits", {{"bits", s.key_bits}})
                    << (s.key_weak ? i18n::text("cli.dkimVerify.weak") : "")
                    << (s.key_testing ? i18n::text("cli.dkimVerify.testing") : "") << ")\n";
        for (const auto& c : s.cname_chain) std::cout << "    " << i18n::text("cli.dkimVerify.cname") << c << "\n";
        if (s.length_limited)
          std::cout << "    " << i18n::text("cli.dkimVerify.lengthLimited", {{"bytes", s.unsigned_body_bytes}}) << "\n";
        for (const auto& d : s.unsigned_duplicates)
          std::cout << "    " << i18n::text("cli.dkimVerify.unsignedExtra", {{"field", d}}) << "\n";
      }
    }
  }
  if (auto w = src->finish(cache); !w) {
    std::cerr << "authlens dkim verify: " << w.err().message << "\n";
    return exit_usage;
  }
  if (unreadable) return exit_usage;
  if (all_pass) return exit_pass;
  if (any_temp && !any_hard) return exit_tempfail;
  return exit_fail;
}

int run_sign(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, {"--key", "--domain", "--selector", "--algorithm", "--canon", "--headers", "--expire", "--now"}, {}) ||
      a.positional().size() != 1 || !a.get("--key") || !a.get("--domain") || !a.get("--selector")) {
    if (!a.error().empty()) std::cerr << "authlens dkim sign: " << a.error() << "\n";
    std::cerr << "usage: authlens " << sign_usage << "\n";
    return exit_usage;
  }
  auto pem = read_input(*a.get("--key"));
  if (!pem) {
    std::cerr << "authlens dkim sign: cannot read the key " << *a.get("--key") << "\n";
    return exit_usage;
  }
  auto key = dkim::parse_private_key(*pem);
  if (!key) {
    std::cerr << "authlens dkim sign: " << key.err().message << "\n";
    return exit_usage;
  }
  dkim::sign_options o;
  o.domain = *a.get("--domain");
  o.selector = *a.get("--selector");
  o.alg = key->type == dkim::key_type::ed25519 ? dkim::algorithm::ed25519_sha256 : dkim::algorithm::rsa_sha256;
  if (auto alg = a.get("--algorithm")) {
    if (*alg == "rsa-sha256") o.alg = dkim::algorithm::rsa_sha256;
    else if (*alg == "ed25519-sha256") o.alg = dkim::algorithm::ed25519_sha256;
    else {
      std::cerr << "authlens dkim sign: --algorithm is rsa-sha256 or ed25519-sha256\n";
      return exit_usage;
    }
  }
  if (auto c = a.get("--canon")) {
    auto slash = c->find('/');
    std::string hc = c->substr(0, slash), bc = slash == std::string::npos ? "simple" : c->substr(slash + 1);
    auto canon_of = [](const std::string& s, dkim::canon& out) {
      if (s == "simple") out = dkim::canon::simple;
      else if (s == "relaxed") out = dkim::canon::relaxed;
      else return false;
      return true;
    };
    if (!canon_of(hc, o.header_canon) || !canon_of(bc, o.body_canon)) {
      std::cerr << "authlens dkim sign: --canon is simple|relaxed[/simple|relaxed]\n";
      return exit_usage;
    }
  }
  if (auto h = a.get("--headers")) {
    std::string cur;
    for (char ch : *h + ":") {
      if (ch == ':') {
        if (!cur.empty()) o.headers.push_back(cur);
        cur.clear();
      } else {
        cur += ch;
      }
    }
  }
  std::int64_t now = 0;
  if (!parse_time(a.get("--now"), now)) {
    std::cerr << "authlens dkim sign: --now takes seconds since the epoch\n";
    return exit_usage;
  }
  o.timestamp = now;
  if (auto e = a.get("--expire")) {
    char* end = nullptr;
    long long secs = std::strtoll(e->c_str(), &end, 10);
    if (e->empty() || *end || secs <= 0) {
      std::cerr << "authlens dkim sign: --expire takes a number of seconds\n";
      return exit_usage;
    }
    o.expiration = now + secs;
  }
  auto input = read_input(a.positional()[0]);
  if (!input) {
    std::cerr << "authlens dkim sign: cannot read " << a.positional()[0] << "\n";
    return exit_usage;
  }
  mime::message m = mime::parse(*input);
  auto field = dkim::sign(m, *key, o, os_random);
  if (!field) {
    std::cerr << "authlens dkim sign: " << field.err().message << "\n";
    return exit_fail;
  }
  std::string out = *field;
  if (m.endings == mime::line_endings::lf) {  // keep the file's own line endings
    std::string lf;
    for (std::size_t i = 0; i < out.size(); ++i)
      if (!(out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n')) lf += out[i];
    out = lf;
  }
  std::cout << out << *input;
  return exit_pass;
}

int run_keygen(const std::vector<std::string>& argv) {
  args a;
  if (!a.parse(argv, {"--type", "--bits", "--domain", "--selector", "--out"}, {}) || !a.positional().empty() ||
      !a.get("--domain") || !a.get("--selector")) {
    if (!a.error().empty()) std::cerr << "authlens dkim keygen: " << a.error() << "\n";
    std::cerr << "usage: authlens " << keygen_usage << "\n";
    return exit_usage;
  }
  std::string type = a.get("--type").value_or("rsa");
  if (type != "rsa" && type != "ed25519") {
    std::cerr << "authlens dkim keygen: --type is rsa or ed25519\n";
    return exit_usage;
  }
  unsigned bits = 2048;
  if (auto b = a.get("--bits")) {
    char* end = nullptr;
    unsigned long v = std::strtoul(b->c_str(), &end, 10);
    if (b->empty() || *end || v < 1024 || v > 4096) {
      std::cerr << "authlens dkim keygen: --bits is 1024 to 4096\n";
      return exit_usage;
    }
    bits = static_cast<unsigned>(v);
  }
  auto g = dkim::keygen(type == "rsa" ? dkim::key_type::rsa : dkim::key_type::ed25519, bits, *a.get("--domain"),
                        *a.get("--selector"), os_random);
  if (!g) {
    std::cerr << "authlens dkim keygen: " << g.err().message << "\n";
    return g.err().code == "dkim.keygen.options" ? exit_usage : exit_fail;
  }
  std::string name = *a.get("--selector") + "._domainkey." + *a.get("--domain");
  std::string strings;
  for (const auto& s : g->strings) strings += (strings.empty() ? "\"" : " \"") + s + "\"";
  std::string record_text = "; DKIM key record for " + name + "\n; TXT character-strings (each at most 255 bytes):\n" +
                            strings + "\n; BIND zone file:\n" + g->zone_snippet + "; as one string:\n" + g->record + "\n";
  if (auto out = a.get("--out")) {
    std::string priv = *out + ".private", txt = *out + ".txt";
    {
      mode_t old = umask(077);
      std::ofstream f(priv, std::ios::binary | std::ios::trunc);
      umask(old);
      if (!(f << g->private_pem)) {
        std::cerr << "authlens dkim keygen: cannot write " << priv << "\n";
        return exit_usage;
      }
    }
    std::ofstream t(txt, std::ios::binary | std::ios::trunc);
    if (!(t << record_text)) {
      std::cerr << "authlens dkim keygen: cannot write " << txt << "\n";
      return exit_usage;
    }
    std::cout << "private key: " << priv << "\nDNS record:  " << txt << "\n" << record_text;
  } else {
    std::cout << g->private_pem << record_text;
  }
  return exit_pass;
}

const register_command reg_verify{"dkim verify", &run_verify, verify_usage};
const register_command reg_sign{"dkim sign", &run_sign, sign_usage};
const register_command reg_keygen{"dkim keygen", &run_keygen, keygen_usage};

}  // namespace
}  // namespace authlens::cli
