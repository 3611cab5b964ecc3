// dkim_verify — messages per second verifying DKIM (RFC 6376, RFC 8463), single-threaded, against the
// crypto floor measured in the same run with the same crypto backend (crypto::backend_name()) and libsodium.
//
// The corpus is made here (bench_corpus.hpp, shared with analyze.cpp): an RSA-2048 and an Ed25519 key
// (dkim::keygen, deterministic bench-only random source), their TXT records written as zone-file text
// and read back through dns::zone_source, then N messages (default 2000) of 2 KB to 1 MB (70% 2-20 KB,
// 25% 20-200 KB, 5% 200 KB-1 MB: text with runs of white space and trailing blanks, some with base64
// attachments), mixed canonicalisations (relaxed/relaxed, simple/simple, relaxed/simple, simple/relaxed)
// and ~10% Ed25519, each signed with dkim::sign. Verification of one message = view_of_raw + a fresh
// dns::cache + dns::drive over dkim::verify with the zone as the DNS source (key lookup and parse
// included), like one analysis.
//
// The floor (issue 4): one signature verification plus one SHA-256 pass over the message's bytes;
// floor msgs/s = N / sum(verify(alg) + bytes / SHA-256 rate). Also printed: where the rest goes
// (message split, body canonicalisation + hash, key record parse).
//
// usage: dkim_verify [--messages N] [--seconds S] [--write-corpus DIR]
//   --write-corpus DIR: also writes DIR/msg-NNNNN.eml, DIR/keys.zone and DIR/snapshot.json
//   (authlens/dns-snapshot/v1 with the keys) for tests/bench/dkim_verify.mjs (the wasm build under Node).
// Exit 0 when every message verified (pass); nothing asserts a time.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "authlens/crypto.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "bench_corpus.hpp"

using namespace authlens;
using namespace authlens::bench;

namespace {

struct verify_tally {
  int pass = 0, other = 0;
};

// One message as one analysis would verify it: split, fresh cache, drive over the zone.
void verify_one(const std::string& text, const dns::resolve_fn& resolve, verify_tally& t) {
  dkim::message_view v = dkim::view_of_raw(text);
  dns::cache c;
  dkim::memo memo;
  dkim::verify_result r;
  dns::drive(c, [&](dns::lookup_context& ctx) { r = dkim::verify(ctx, v, 1795000100, {}, &memo); }, resolve);
  if (r.overall() == dkim::verdict::pass) ++t.pass;
  else ++t.other;
}

struct floor_rates {
  double sha256_bytes_per_s = 0;
  double rsa_verify_per_s = 0;
  double ed25519_verify_per_s = 0;
};

floor_rates measure_floor(const keys& k, const crypto::random_fn& rng, double budget) {
  floor_rates f;
  std::string buf(1 << 20, 'x');
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<char>('a' + i % 26);
  long n = 0;
  auto t0 = clock_type::now();
  double el = 0;
  do {
    crypto::hasher h(crypto::hash_alg::sha256);
    h.update(std::string_view(buf));
    auto d = h.finish();
    if (d.size() != 32) std::abort();
    ++n;
    el = seconds_since(t0);
  } while (el < budget);
  f.sha256_bytes_per_s = static_cast<double>(n) * buf.size() / el;

  auto digest = crypto::sha256("bench header hash input");
  auto sig = crypto::rsa_sign(*k.rsa.key.rsa, crypto::hash_alg::sha256, digest, rng);
  if (!sig) std::abort();
  n = 0;
  t0 = clock_type::now();
  do {
    for (int i = 0; i < 16; ++i)
      if (!crypto::rsa_verify(k.rsa_pub, crypto::hash_alg::sha256, digest, sig.value())) std::abort();
    n += 16;
    el = seconds_since(t0);
  } while (el < budget);
  f.rsa_verify_per_s = n / el;

  // ed25519-sha256 signs the SHA-256 of the header hash input (RFC 8463 §3): a 32-byte message.
  auto esig = crypto::ed25519_sign(k.ed.key.ed25519, digest);
  n = 0;
  t0 = clock_type::now();
  do {
    for (int i = 0; i < 16; ++i)
      if (!crypto::ed25519_verify(k.ed_pub, digest, esig)) std::abort();
    n += 16;
    el = seconds_since(t0);
  } while (el < budget);
  f.ed25519_verify_per_s = n / el;
  return f;
}

// Verifies `msgs` repeatedly for at least `budget` seconds; returns msgs/s and the tally of one pass.
double time_verify(const std::vector<corpus_msg>& msgs, const dns::resolve_fn& resolve, double budget,
                   verify_tally& first) {
  long n = 0;
  auto t0 = clock_type::now();
  double el = 0;
  bool counted = false;
  do {
    verify_tally t;
    for (const auto& m : msgs) verify_one(m.text, resolve, t);
    if (!counted) first = t, counted = true;
    n += static_cast<long>(msgs.size());
    el = seconds_since(t0);
  } while (el < budget);
  return n / el;
}

double floor_rate(const std::vector<corpus_msg>& msgs, const floor_rates& f) {
  double s = 0;
  for (const auto& m : msgs)
    s += (m.ed25519 ? 1.0 / f.ed25519_verify_per_s : 1.0 / f.rsa_verify_per_s) +
         static_cast<double>(m.text.size()) / f.sha256_bytes_per_s;
  return static_cast<double>(msgs.size()) / s;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 2000;
  double budget = 1.0;
  std::string corpus_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--messages") count = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--seconds") budget = std::atof(argv[i + 1]);
    else if (a == "--write-corpus") corpus_dir = argv[i + 1];
  }
  prng keyrng(0x5eed1234abcdULL);
  crypto::random_fn rng = random_from(keyrng);
  keys k;
  if (!make_keys(k, rng)) return 2;
  dns::resolve_fn resolve = resolver_of(k.zone);

  // --- the corpus ---
  auto t0 = clock_type::now();
  message_corpus cp;
  if (!make_corpus(cp, count, k, rng)) return 2;
  std::vector<corpus_msg>& corpus = cp.msgs;
  const std::size_t total_bytes = cp.total_bytes;
  const int n_ed = cp.ed25519;
  std::printf("dkim_verify: corpus of %d messages, %.1f MB (mean %.1f KB), %d Ed25519 (%.0f%%), made and signed in %.1f s\n",
              count, total_bytes / 1e6, total_bytes / 1024.0 / count, n_ed, 100.0 * n_ed / count, seconds_since(t0));

  if (!corpus_dir.empty()) {
    ::mkdir(corpus_dir.c_str(), 0755);
    bool ok = write_file(corpus_dir + "/keys.zone", k.zone_text);
    dns::cache snap;
    snap.add(k.zone.resolve(dns::make_question("rsa2048._domainkey.bench-dkim.test", dns::rr_type::txt)));
    snap.add(k.zone.resolve(dns::make_question("ed25519._domainkey.bench-dkim.test", dns::rr_type::txt)));
    ok = ok && write_file(corpus_dir + "/snapshot.json", dns::to_snapshot_json(snap));
    for (std::size_t i = 0; i < corpus.size() && ok; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "/msg-%05zu.eml", i);
      ok = write_file(corpus_dir + name, corpus[i].text);
    }
    std::printf("dkim_verify: corpus written to %s%s\n", corpus_dir.c_str(), ok ? "" : " (WRITE FAILED)");
  }

  // --- the floor ---
  floor_rates f = measure_floor(k, rng, budget);
  std::printf("\ncrypto floor (this build's %s backend + libsodium, same run):\n", std::string(crypto::backend_name()).c_str());
  std::printf("  SHA-256                 %10.1f MB/s\n", f.sha256_bytes_per_s / 1e6);
  std::printf("  RSA-2048 verify         %10.0f /s\n", f.rsa_verify_per_s);
  std::printf("  Ed25519 verify          %10.0f /s\n", f.ed25519_verify_per_s);

  // --- per algorithm, one size ---
  bool all_pass = true;
  std::printf("\nper algorithm (relaxed/relaxed, 4 KB text messages, 200 distinct):\n");
  std::printf("  %-16s %12s %12s %8s\n", "algorithm", "msgs/s", "floor msg/s", "% floor");
  for (int ed = 0; ed < 2; ++ed) {
    prng r2(7 + ed);
    std::vector<corpus_msg> set;
    for (int i = 0; i < 200; ++i) {
      corpus_msg m;
      m.ed25519 = ed;
      std::string body = make_body(r2, 4096 - 700, false);
      if (!sign_into(m, make_headers(r2, i, false, ""), body, k, rng)) return 2;
      set.push_back(std::move(m));
    }
    verify_tally t;
    double rate = time_verify(set, resolve, budget, t);
    double fl = floor_rate(set, f);
    if (t.other) all_pass = false;
    std::printf("  %-16s %12.0f %12.0f %7.0f%%%s\n", ed ? "ed25519-sha256" : "rsa-sha256 2048", rate, fl,
                100.0 * rate / fl, t.other ? "  (SOME DID NOT PASS)" : "");
  }

  // --- the mixed corpus ---
  verify_tally t;
  double rate = time_verify(corpus, resolve, budget, t);
  double fl = floor_rate(corpus, f);
  if (t.other) all_pass = false;
  std::printf("\nmixed corpus: %.0f msgs/s (%.1f MB/s), floor %.0f msgs/s: %.0f%% of the floor; %d pass, %d other\n",
              rate, rate * (total_bytes / static_cast<double>(count)) / 1e6, fl, 100.0 * rate / fl, t.pass, t.other);

  // --- where the rest goes (one pass over the corpus each) ---
  double s_split = 0, s_body = 0, s_key = 0, s_all = 0;
  {
    auto a = clock_type::now();
    std::size_t fields = 0;
    for (const auto& m : corpus) fields += dkim::view_of_raw(m.text).fields.size();
    s_split = seconds_since(a);
    a = clock_type::now();
    for (const auto& m : corpus) {
      dkim::message_view v = dkim::view_of_raw(m.text);
      auto h = dkim::body_hash(m.bc, crypto::hash_alg::sha256, v.body, std::nullopt);
      if (h.size() != 32) std::abort();
    }
    s_body = seconds_since(a) - s_split;
    a = clock_type::now();
    for (const auto& m : corpus) {
      auto kp = dkim::parse_key_record(m.ed25519 ? k.ed.record : k.rsa.record);
      if (!kp.key) std::abort();
    }
    s_key = seconds_since(a);
    a = clock_type::now();
    verify_tally t2;
    for (const auto& m : corpus) verify_one(m.text, resolve, t2);
    s_all = seconds_since(a);
    if (fields == 0) std::abort();
  }
  double s_sha = total_bytes / f.sha256_bytes_per_s;
  std::printf("one pass over the corpus: verify %.3f s; of which (measured apart) split %.3f s, body canon + hash %.3f s"
              " (SHA-256 alone %.3f s), key record parse %.3f s\n",
              s_all, s_split, s_body, s_sha, s_key);
  std::printf("%s\n", all_pass ? "dkim_verify: every message verified (pass)" : "dkim_verify: SOME MESSAGES DID NOT PASS");
  return all_pass ? 0 : 1;
}
