// analyze — full message analyses per second (authlens/analysis.hpp: iprev, SPF for MAIL FROM and HELO,
// every DKIM signature, DMARC in both modes, ARC, and the report JSON), native, single thread, and the DNS
// rounds each analysis takes.
//
// Corpus: the DKIM benchmark's (bench_corpus.hpp: N messages of 2 KB-1 MB, RSA-2048 / ~10% Ed25519, mixed
// canonicalisations), each with the Return-Path the final delivery adds:
// <bounce+N@bounce.bench-dkim.test>. DNS answered from zone files only (dns::zone_source; absent names
// NXDOMAIN): the DKIM keys (zone text, as dkim_verify), tests/data/zones/bench-analyze.test.zone (SPF of the
// bounce domain through the sending service's two-level include, DMARC p=reject), and generated zone text
// for iprev and HELO (PTR of 192.0.2.1-250 → out-X.mail.example.net → A, and mtaN.mail.example.net SPF).
//
// One analysis = analysis::create(message, {}, now) + the DNS rounds (every pending question answered from
// the zones, supply(), until nothing is pending) + report::to_json(). Printed:
//   - analyses per CPU second and MB/s over the mixed corpus, and over 4 KB messages;
//   - DNS rounds per analysis (median, max; target <= 4 for a typical message) and questions per analysis;
//   - the same analyses replaying a per-message snapshot (every answer given before the first evaluation:
//     job::load_snapshot, as tests/bench/dkim_verify.mjs does with the wasm module);
//   - the verdicts (every message must pass DKIM, SPF and DMARC: exit 1 otherwise). Nothing asserts a time.
//
// usage: analyze [--messages N] [--seconds S] [--zone FILE] [--write-corpus DIR]
//   --write-corpus DIR: writes DIR/msg-NNNNN.eml (with the Return-Path) and DIR/msg-NNNNN.snapshot.json
//   (every answer that analysis used) for `node tests/bench/dkim_verify.mjs --corpus DIR` (the shipped
//   wasm module's analysis under Node).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "authlens/dns.hpp"
#include "bench_corpus.hpp"

using namespace authlens;
using namespace authlens::bench;

namespace {

constexpr std::int64_t now = 1795000100;  // just after the corpus's t= (1795000000)

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// iprev and HELO: PTR 192.0.2.X → out-X.mail.example.net (A 192.0.2.X), and the HELO names of
/// make_headers (mta0 … mta49.mail.example.net) with an SPF record.
std::string generated_zone() {
  std::string z = "$TTL 300\n$ORIGIN 2.0.192.in-addr.arpa.\n";
  for (int x = 1; x <= 250; ++x) z += std::to_string(x) + " IN PTR out-" + std::to_string(x) + ".mail.example.net.\n";
  z += "$ORIGIN mail.example.net.\n";
  for (int x = 1; x <= 250; ++x) z += "out-" + std::to_string(x) + " IN A 192.0.2." + std::to_string(x) + "\n";
  for (int n = 0; n < 50; ++n) z += "mta" + std::to_string(n) + " IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";
  return z;
}

struct one_run {
  int rounds = 0;
  std::size_t questions = 0;
  bool all_pass = false;  // DKIM, SPF (MAIL FROM) and DMARC pass
  std::string verdicts;   // "dkim/spf/dmarc" when not all pass
  std::string snapshot;   // when asked
};

/// One analysis driven over the zones. `inspect`: parse the report for the verdicts and keep the snapshot.
one_run analyse(const std::string& text, const dns::zone_source& zone, bool inspect) {
  one_run out;
  auto a = analysis::create(text, envelope{}, now);
  if (!a) return out;
  dns::drive(*a, [&zone](std::span<const dns::question> qs) {
    std::vector<dns::answer> answers;
    for (const auto& q : qs) answers.push_back(zone.resolve(q));
    return answers;
  });
  out.rounds = a->rounds();
  out.questions = a->dns_cache().size();
  std::string report = authlens::report::to_json(*a);
  if (report.empty()) std::abort();
  if (inspect) {
    auto r = nlohmann::json::parse(report);
    std::string dkim = r["dkim"].empty() ? "none" : r["dkim"][0].value("result", "?");
    std::string spf = r["spf"].value("result", "?"), dmarc = r["dmarc"].value("result", "?");
    out.all_pass = dkim == "pass" && spf == "pass" && dmarc == "pass" && r["dkim"].size() == 1;
    out.verdicts = dkim + "/" + spf + "/" + dmarc;
    out.snapshot = a->snapshot_json();
  }
  return out;
}

/// The same analysis with every answer given up front (snapshot replay: one evaluation, no rounds).
void replay(const std::string& text, const std::string& snapshot) {
  auto a = analysis::create(text, envelope{}, now);
  if (!a || !a->load_snapshot(snapshot) || !a->complete()) std::abort();
  if (authlens::report::to_json(*a).empty()) std::abort();
}

template <class F>
double rate_of(std::size_t n_per_pass, double budget, F&& pass) {
  long n = 0;
  auto t0 = clock_type::now();
  double el = 0;
  do {
    pass();
    n += static_cast<long>(n_per_pass);
    el = seconds_since(t0);
  } while (el < budget);
  return n / el;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 2000;
  double budget = 1.0;
  std::string zone_path = std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/zones/bench-analyze.test.zone";
  std::string corpus_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--messages") count = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--seconds") budget = std::atof(argv[i + 1]);
    else if (a == "--zone") zone_path = argv[i + 1];
    else if (a == "--write-corpus") corpus_dir = argv[i + 1];
  }
  prng keyrng(0x5eed1234abcdULL);
  crypto::random_fn rng = random_from(keyrng);
  keys k;
  if (!make_keys(k, rng)) return 2;
  std::string zone_text = read_text(zone_path);
  if (zone_text.empty()) {
    std::fprintf(stderr, "analyze: cannot read %s\n", zone_path.c_str());
    return 2;
  }
  // One zone_source holding everything: the keys, the zone file, the generated names.
  dns::zone_source zone;
  for (const std::string& t : {k.zone_text, zone_text, generated_zone()}) {
    auto defects = zone.add_zone_text(t);
    if (!defects.empty()) {
      std::fprintf(stderr, "analyze: %zu zone defect(s), first: %s\n", defects.size(), defects[0].detail.c_str());
      return 2;
    }
  }

  auto t0 = clock_type::now();
  message_corpus cp;
  if (!make_corpus(cp, count, k, rng)) return 2;
  std::vector<std::string> msgs;
  std::size_t total_bytes = 0;
  for (std::size_t i = 0; i < cp.msgs.size(); ++i) {
    msgs.push_back("Return-Path: <bounce+" + std::to_string(i) + "@bounce.bench-dkim.test>\r\n" + cp.msgs[i].text);
    total_bytes += msgs.back().size();
  }
  cp.msgs.clear();
  std::printf("analyze: corpus of %d messages, %.1f MB (mean %.1f KB), %d Ed25519, made in %.1f s; zone %s\n", count,
              total_bytes / 1e6, total_bytes / 1024.0 / count, cp.ed25519, seconds_since(t0), zone_path.c_str());

  // --- one pass to see the verdicts, the rounds and the questions ---
  std::vector<int> rounds;
  std::vector<std::size_t> questions;
  std::vector<std::string> snapshots;
  int passing = 0;
  std::string first_other;
  for (const auto& m : msgs) {
    one_run r = analyse(m, zone, true);
    rounds.push_back(r.rounds);
    questions.push_back(r.questions);
    passing += r.all_pass;
    if (!r.all_pass && first_other.empty()) first_other = r.verdicts;
    snapshots.push_back(std::move(r.snapshot));
  }
  auto median = [](auto v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const int rounds_median = median(rounds), rounds_max = *std::max_element(rounds.begin(), rounds.end());
  std::printf("verdicts: %d of %d analyses pass DKIM, SPF and DMARC%s%s\n", passing, count,
              first_other.empty() ? "" : "; first other (dkim/spf/dmarc): ", first_other.c_str());
  std::printf("DNS rounds per analysis: median %d, max %d (target <= 4); questions per analysis: median %zu, max %zu\n",
              rounds_median, rounds_max, median(questions), *std::max_element(questions.begin(), questions.end()));

  if (!corpus_dir.empty()) {
    ::mkdir(corpus_dir.c_str(), 0755);
    bool ok = true;
    for (std::size_t i = 0; i < msgs.size() && ok; ++i) {
      char name[40];
      std::snprintf(name, sizeof name, "/msg-%05zu", i);
      ok = write_file(corpus_dir + name + ".eml", msgs[i]) && write_file(corpus_dir + name + ".snapshot.json", snapshots[i]);
    }
    std::printf("analyze: corpus written to %s%s\n", corpus_dir.c_str(), ok ? "" : " (WRITE FAILED)");
  }

  // --- 4 KB text messages (relaxed/relaxed RSA-2048, 200 distinct), then the mixed corpus ---
  std::vector<std::string> small;
  {
    prng r2(7);
    for (int i = 0; i < 200; ++i) {
      corpus_msg m;
      if (!sign_into(m, make_headers(r2, i, false, ""), make_body(r2, 4096 - 700, false), k, rng)) return 2;
      small.push_back("Return-Path: <bounce+" + std::to_string(i) + "@bounce.bench-dkim.test>\r\n" + m.text);
    }
  }
  double small_rate = rate_of(small.size(), budget, [&] {
    for (const auto& m : small) analyse(m, zone, false);
  });
  double mixed_rate = rate_of(msgs.size(), budget, [&] {
    for (const auto& m : msgs) analyse(m, zone, false);
  });
  double replay_rate = rate_of(msgs.size(), budget, [&] {
    for (std::size_t i = 0; i < msgs.size(); ++i) replay(msgs[i], snapshots[i]);
  });
  std::printf("\nfull analyses per CPU second (native, single thread):\n");
  std::printf("  4 KB messages (rsa-sha256), rounds driven over the zones   %8.0f /s\n", small_rate);
  std::printf("  mixed corpus, rounds driven over the zones                 %8.0f /s  (%.1f MB/s)\n", mixed_rate,
              mixed_rate * (total_bytes / static_cast<double>(count)) / 1e6);
  std::printf("  mixed corpus, per-message snapshot replayed (one evaluation) %6.0f /s\n", replay_rate);
  bool ok = passing == count;
  std::printf("%s\n", ok ? "analyze: every analysis passed DKIM, SPF and DMARC" : "analyze: SOME ANALYSES DID NOT PASS");
  return ok ? 0 : 1;
}
