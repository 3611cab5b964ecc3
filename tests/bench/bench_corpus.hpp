// bench_corpus.hpp — what the message benchmarks share (dkim_verify.cpp, analyze.cpp): the CPU clock,
// a deterministic bench-only random source, the two signing keys published as zone-file text, and the
// signed message corpus.
//
// The corpus: an RSA-2048 and an Ed25519 key (dkim::keygen) for bench-dkim.test, their TXT records
// written as zone-file text and read back through dns::zone_source, then N messages of 2 KB to 1 MB
// (70% 2-20 KB, 25% 20-200 KB, 5% 200 KB-1 MB: text with runs of white space and trailing blanks, some
// with base64 attachments), mixed canonicalisations (relaxed/relaxed, simple/simple, relaxed/simple,
// simple/relaxed) and ~10% Ed25519, each signed with dkim::sign. Same seeds, same corpus, every run.
// Each message arrived from mtaN.mail.example.net [192.0.2.X] at mx.example.org (two Received fields).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "authlens/crypto.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"

namespace authlens::bench {

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

inline double seconds_since(clock_type::time_point t0) { return clock_type::now() - t0; }

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

/// A crypto::random_fn drawing from `r` (which must outlive it).
inline crypto::random_fn random_from(prng& r) {
  return [&r](std::span<std::uint8_t> out) {
    for (auto& b : out) b = static_cast<std::uint8_t>(r.next() >> 56);
    return true;
  };
}

inline constexpr const char* words[] = {"the", "meeting", "report", "invoice", "quarter", "shipment", "delivery",
                                        "please", "confirm", "attached", "schedule", "update", "customer", "account",
                                        "review", "regards", "tomorrow", "budget", "project", "status", "ご確認",
                                        "よろしく", "お願いします", "資料"};

inline std::string make_body(prng& r, std::size_t target, bool attachment) {
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

inline std::string make_headers(prng& r, int i, bool attachment, const std::string& boundary_hint) {
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

/// Makes both keys, publishes them in k.zone (and k.zone_text). Prints why and returns false on failure.
inline bool make_keys(keys& k, const crypto::random_fn& rng) {
  auto r = dkim::keygen(dkim::key_type::rsa, 2048, "bench-dkim.test", "rsa2048", rng);
  auto e = dkim::keygen(dkim::key_type::ed25519, 0, "bench-dkim.test", "ed25519", rng);
  if (!r || !e) {
    std::fprintf(stderr, "bench: keygen failed: %s\n", (!r ? r.err() : e.err()).message.c_str());
    return false;
  }
  k.rsa = std::move(r.value());
  k.ed = std::move(e.value());
  k.zone_text = "$ORIGIN bench-dkim.test.\n$TTL 300\n" + k.rsa.zone_snippet + k.ed.zone_snippet;
  if (!k.zone.add_zone_text(k.zone_text, "bench-dkim.test").empty()) {
    std::fprintf(stderr, "bench: the key zone does not parse:\n%s\n", k.zone_text.c_str());
    return false;
  }
  auto kp = dkim::parse_key_record(k.rsa.record);
  if (!kp.key || !kp.key->rsa) return false;
  k.rsa_pub = *kp.key->rsa;
  k.ed_pub = crypto::ed25519_public_from_seed(k.ed.key.ed25519);
  return true;
}

inline std::size_t pick_size(prng& r) {
  std::uint64_t p = r.below(100);
  if (p < 70) return 2048 + r.below(18 * 1024);
  if (p < 95) return 20 * 1024 + r.below(180 * 1024);
  return 200 * 1024 + r.below(824 * 1024);
}

inline bool sign_into(corpus_msg& m, const std::string& headers, const std::string& body, const keys& k,
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
    std::fprintf(stderr, "bench: sign failed: %s\n", field.err().message.c_str());
    return false;
  }
  m.text = field.value() + unsigned_text;
  return true;
}

struct message_corpus {
  std::vector<corpus_msg> msgs;
  std::size_t total_bytes = 0;
  int ed25519 = 0;
};

/// The mixed corpus of `count` messages (seed 42). False (after a message on stderr) if signing failed.
inline bool make_corpus(message_corpus& c, int count, const keys& k, const crypto::random_fn& rng) {
  prng r(42);
  c.msgs.reserve(count);
  const dkim::canon canons[4][2] = {{dkim::canon::relaxed, dkim::canon::relaxed},
                                    {dkim::canon::simple, dkim::canon::simple},
                                    {dkim::canon::relaxed, dkim::canon::simple},
                                    {dkim::canon::simple, dkim::canon::relaxed}};
  for (int i = 0; i < count; ++i) {
    corpus_msg m;
    m.ed25519 = r.below(10) == 0;
    c.ed25519 += m.ed25519;
    auto cn = canons[r.below(4)];
    m.hc = cn[0];
    m.bc = cn[1];
    std::size_t size = pick_size(r);
    bool attach = size > 12 * 1024 && r.below(3) != 0;
    std::string body = make_body(r, size, attach);
    std::string boundary;
    if (attach) boundary = body.substr(2, body.find("\r\n") - 2);
    std::string headers = make_headers(r, i, attach, boundary);
    if (!sign_into(m, headers, body, k, rng)) return false;
    c.total_bytes += m.text.size();
    c.msgs.push_back(std::move(m));
  }
  return true;
}

/// A dns::resolve_fn answering from `zone` (which must outlive it).
inline dns::resolve_fn resolver_of(const dns::zone_source& zone) {
  return [&zone](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    out.reserve(qs.size());
    for (const auto& q : qs) out.push_back(zone.resolve(q));
    return out;
  };
}

inline bool write_file(const std::string& path, const std::string& data) {
  std::ofstream o(path, std::ios::binary);
  o << data;
  return static_cast<bool>(o);
}

}  // namespace authlens::bench
