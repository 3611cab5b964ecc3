// dkim_verify — messages per second verifying DKIM (RFC 6376, RFC 8463), single-threaded, against the
// crypto floor measured in the same run with the same Mbed TLS / libsodium build.
//
// The corpus is made here: an RSA-2048 and an Ed25519 key (dkim::keygen, deterministic bench-only
// random source), their TXT records written as zone-file text and read back through
// dns::zone_source, then N messages (default 2000) of 2 KB to 1 MB (70% 2-20 KB, 25% 20-200 KB, 5%
// 200 KB-1 MB: text with runs of white space and trailing blanks, some with base64 attachments),
// mixed canonicalisations (relaxed/relaxed, simple/simple, relaxed/simple, simple/relaxed) and ~10%
// Ed25519, each signed with dkim::sign. Verification of one message = view_of_raw + a fresh
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
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "authlens/crypto.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"

using namespace authlens;
// Rates are per second of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time: the
// development machine is shared, and wall time there measures the neighbours' builds too.
// Under Emscripten there is no thread CPU clock: Node's process.cpuUsage() stands in.
#ifdef __EMSCRIPTEN__
EM_JS(double, node_cpu_seconds, (), {
  if (typeof process === 'undefined' || !process.cpuUsage) return -1;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
});
#endif
struct clock_type {
  using time_point = double;
  static time_point now() {
#ifdef __EMSCRIPTEN__
    if (double s = node_cpu_seconds(); s >= 0) return s;
#endif
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) clock_gettime(CLOCK_MONOTONIC, &ts);  // (Emscripten)
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
  }
};

namespace {

// xorshift64*: a deterministic bench-only random source (never for real keys).
struct prng {
  std::uint64_t s;
  explicit prng(std::uint64_t seed) : s(seed ? seed : 1) {}
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

double seconds_since(clock_type::time_point t0) { return clock_type::now() - t0; }

const char* words[] = {"the", "meeting", "report", "invoice", "quarter", "shipment", "delivery", "please",
                       "confirm", "attached", "schedule", "update", "customer", "account", "review", "regards",
                       "tomorrow", "budget", "project", "status", "ご確認", "よろしく", "お願いします", "資料"};

std::string make_body(prng& r, std::size_t target, bool attachment) {
  std::string b;
  b.reserve(target + 256);
  std::string boundary = "=_bench_" + std::to_string(r.next() % 1000000);
  std::size_t text_target = attachment ? std::min<std::size_t>(target, 1500 + r.below(2000)) : target;
  if (attachment) b += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  while (b.size() < text_target) {
    std::string line;
    std::size_t len = 20 + r.below(60);
    while (line.size() < len) {
      line += words[r.below(sizeof words / sizeof *words)];
      line += r.below(10) == 0 ? "  " : (r.below(20) == 0 ? "\t" : " ");
    }
    if (r.below(4) != 0) line.pop_back();  // a quarter of the lines keep a trailing blank
    b += line;
    b += "\r\n";
    if (r.below(8) == 0) b += "\r\n";
  }
  if (attachment) {
    b += "\r\n--" + boundary + "\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n"
         "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n";
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    while (b.size() + 80 < target) {
      char line[78];
      for (int i = 0; i < 76; ++i) line[i] = alphabet[r.below(64)];
      line[76] = '\r';
      line[77] = '\n';
      b.append(line, 78);
    }
    b += "--" + boundary + "--\r\n";
  }
  b += "\r\n\r\n";  // trailing empty lines: canonicalisation removes them
  return b;
}

std::string make_headers(prng& r, int i, bool attachment, const std::string& boundary_hint) {
  std::string h;
  h += "Received: from mta" + std::to_string(r.below(50)) + ".mail.example.net (mta.mail.example.net [192.0.2." +
       std::to_string(1 + r.below(250)) + "])\r\n\tby mx.example.org (Postfix) with ESMTPS id 4Z" +
       std::to_string(r.next() % 100000000) + "\r\n\tfor <user@example.org>; Mon, 23 Nov 2026 07:00:00 +0000\r\n";
  h += "Received: from app.internal ([10.0.0." + std::to_string(r.below(250)) +
       "]) by mta.mail.example.net with ESMTP; Mon, 23 Nov 2026 06:59:58 +0000\r\n";
  h += "From: \"Bench Sender\" <news@bench-dkim.test>\r\n";
  h += "To: user@example.org\r\n";
  h += "Subject: Quarterly report  " + std::to_string(i) + "   (bench)\r\n";
  h += "Date: Mon, 23 Nov 2026 06:59:57 +0000\r\n";
  h += "Message-ID: <bench." + std::to_string(i) + "." + std::to_string(r.next() % 1000000) + "@bench-dkim.test>\r\n";
  h += "MIME-Version: 1.0\r\n";
  if (attachment)
    h += "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary_hint + "\"\r\n";
  else
    h += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
  h += "List-Unsubscribe: <https://bench-dkim.test/u/" + std::to_string(i) + ">\r\n";
  h += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  h += "X-Mailer: bench\r\n";
  return h;
}

struct corpus_msg {
  std::string text;
  bool ed25519 = false;
  dkim::canon hc = dkim::canon::relaxed, bc = dkim::canon::relaxed;
};

struct keys {
  dkim::generated_key rsa, ed;
  dns::zone_source zone;
  std::string zone_text;
  crypto::rsa_public_key rsa_pub;
  crypto::ed25519_public_key ed_pub{};
};

bool make_keys(keys& k, const crypto::random_fn& rng) {
  auto r = dkim::keygen(dkim::key_type::rsa, 2048, "bench-dkim.test", "rsa2048", rng);
  auto e = dkim::keygen(dkim::key_type::ed25519, 0, "bench-dkim.test", "ed25519", rng);
  if (!r || !e) {
    std::fprintf(stderr, "dkim_verify: keygen failed: %s\n", (!r ? r.err() : e.err()).message.c_str());
    return false;
  }
  k.rsa = std::move(r.value());
  k.ed = std::move(e.value());
  k.zone_text = "$ORIGIN bench-dkim.test.\n$TTL 300\n" + k.rsa.zone_snippet + k.ed.zone_snippet;
  if (!k.zone.add_zone_text(k.zone_text, "bench-dkim.test").empty()) {
    std::fprintf(stderr, "dkim_verify: the key zone does not parse:\n%s\n", k.zone_text.c_str());
    return false;
  }
  auto kp = dkim::parse_key_record(k.rsa.record);
  if (!kp.key || !kp.key->rsa) return false;
  k.rsa_pub = *kp.key->rsa;
  k.ed_pub = crypto::ed25519_public_from_seed(k.ed.key.ed25519);
  return true;
}

std::size_t pick_size(prng& r) {
  std::uint64_t p = r.below(100);
  if (p < 70) return 2048 + r.below(18 * 1024);
  if (p < 95) return 20 * 1024 + r.below(180 * 1024);
  return 200 * 1024 + r.below(824 * 1024);
}

bool sign_into(corpus_msg& m, const std::string& headers, const std::string& body, const keys& k,
               const crypto::random_fn& rng) {
  std::string unsigned_text = headers + "\r\n" + body;
  dkim::sign_options o;
  o.domain = "bench-dkim.test";
  o.selector = m.ed25519 ? "ed25519" : "rsa2048";
  o.alg = m.ed25519 ? dkim::algorithm::ed25519_sha256 : dkim::algorithm::rsa_sha256;
  o.header_canon = m.hc;
  o.body_canon = m.bc;
  o.timestamp = 1795000000;
  auto field = dkim::sign(dkim::view_of_raw(unsigned_text), m.ed25519 ? k.ed.key : k.rsa.key, o, rng);
  if (!field) {
    std::fprintf(stderr, "dkim_verify: sign failed: %s\n", field.err().message.c_str());
    return false;
  }
  m.text = field.value() + unsigned_text;
  return true;
}

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

bool write_file(const std::string& path, const std::string& data) {
  std::ofstream o(path, std::ios::binary);
  o << data;
  return static_cast<bool>(o);
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
  crypto::random_fn rng = [&keyrng](std::span<std::uint8_t> out) {
    for (auto& b : out) b = static_cast<std::uint8_t>(keyrng.next() >> 56);
    return true;
  };
  keys k;
  if (!make_keys(k, rng)) return 2;
  dns::resolve_fn resolve = [&k](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    for (const auto& q : qs) out.push_back(k.zone.resolve(q));
    return out;
  };

  // --- the corpus ---
  auto t0 = clock_type::now();
  prng r(42);
  std::vector<corpus_msg> corpus;
  corpus.reserve(count);
  std::size_t total_bytes = 0;
  int n_ed = 0;
  const dkim::canon canons[4][2] = {{dkim::canon::relaxed, dkim::canon::relaxed},
                                    {dkim::canon::simple, dkim::canon::simple},
                                    {dkim::canon::relaxed, dkim::canon::simple},
                                    {dkim::canon::simple, dkim::canon::relaxed}};
  for (int i = 0; i < count; ++i) {
    corpus_msg m;
    m.ed25519 = r.below(10) == 0;
    n_ed += m.ed25519;
    auto c = canons[r.below(4)];
    m.hc = c[0];
    m.bc = c[1];
    std::size_t size = pick_size(r);
    bool attach = size > 12 * 1024 && r.below(3) != 0;
    std::string body = make_body(r, size, attach);
    std::string boundary;
    if (attach) boundary = body.substr(2, body.find("\r\n") - 2);
    std::string headers = make_headers(r, i, attach, boundary);
    if (!sign_into(m, headers, body, k, rng)) return 2;
    total_bytes += m.text.size();
    corpus.push_back(std::move(m));
  }
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
  std::printf("\ncrypto floor (this build's Mbed TLS + libsodium, same run):\n");
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
