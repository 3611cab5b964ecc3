// dns_rounds — how many DNS rounds and how much wall time a dependency chain costs through the
// native resolver. The evaluator asks r1-0..r1-3.bench.test TXT; each answer ("next=NAME") names
// the next question, three deep: 12 lookups that need exactly 3 rounds when every round asks
// everything it can. Run against a server that delays every answer (tests/e2e/dns_servers.sh
// starts dnsdist with 50 ms added on 127.0.0.1:53537); see README.md.
//
// usage: dns_rounds [--resolver HOST:PORT | --doh URL] [--runs N] [--delay-ms D]
// --delay-ms is the delay the server adds (for the wall-time target; 0: no wall-time target).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "dns/doh.hpp"
#include "dns/stub.hpp"

using namespace authlens;

namespace {

// Follows every chain from its round-1 name as far as the cache allows.
void evaluate(dns::lookup_context& ctx, int* lookups_done) {
  int done = 0;
  for (int i = 0; i < 4; ++i) {
    std::string name = "r1-" + std::to_string(i) + ".bench.test";
    for (int depth = 0; depth < 8; ++depth) {
      const dns::answer* a = ctx.get(name, dns::rr_type::txt);
      if (!a) break;
      ++done;
      if (a->txt.empty() || a->txt[0].empty() || a->txt[0][0].rfind("next=", 0) != 0) break;
      name = a->txt[0][0].substr(5);
    }
  }
  if (lookups_done) *lookups_done = done;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server = "127.0.0.1:53537";
  int runs = 7;
  int delay_ms = 50;
  std::string doh;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--resolver") server = argv[i + 1];
    else if (k == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
    else if (k == "--delay-ms") delay_ms = std::atoi(argv[i + 1]);
    else if (k == "--doh") doh = argv[i + 1];
  }
  cli::net::stub_options opt;
  opt.timeout_ms = 2000;
  dns::resolve_fn resolve;
  if (!doh.empty()) {
    auto url = cli::net::parse_doh_url(doh);
    if (!url) {
      std::fprintf(stderr, "dns_rounds: %s\n", url.err().message.c_str());
      return 2;
    }
    cli::net::doh_options o;
    o.url = url.value();
    auto client = cli::net::doh_client::create(o);
    if (!client) {
      std::fprintf(stderr, "dns_rounds: %s\n", client.err().message.c_str());
      return 2;
    }
    std::shared_ptr<cli::net::doh_client> c = client.value();
    resolve = [c](std::span<const dns::question> qs) { return c->resolve(qs); };
    server = doh;
  } else {
    auto ep = cli::net::parse_endpoint(server);
    if (!ep) {
      std::fprintf(stderr, "dns_rounds: %s\n", ep.err().message.c_str());
      return 2;
    }
    opt.servers.push_back(ep.value());
    resolve = [&opt](std::span<const dns::question> qs) { return cli::net::stub_resolve(qs, opt); };
  }

  std::vector<double> walls;
  int rounds = 0, questions = 0, lookups = 0;
  for (int r = 0; r < runs; ++r) {
    dns::cache cache;
    auto t0 = std::chrono::steady_clock::now();
    auto stats = dns::drive(cache, [&](dns::lookup_context& ctx) { evaluate(ctx, &lookups); }, resolve);
    auto t1 = std::chrono::steady_clock::now();
    walls.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    rounds = stats.rounds;
    questions = stats.questions;
    std::printf("run %d: rounds %d, questions %d, lookups answered %d, wall %.1f ms\n", r + 1, stats.rounds,
                stats.questions, lookups, walls.back());
  }
  std::sort(walls.begin(), walls.end());
  double median = walls[walls.size() / 2];
  std::printf("dns_rounds: server %s, %d runs: rounds %d, questions %d, median wall %.1f ms (min %.1f, max %.1f);"
              " target rounds = 3",
              server.c_str(), runs, rounds, questions, median, walls.front(), walls.back());
  if (delay_ms > 0) std::printf(", wall < 4 x %d ms = %d ms", delay_ms, 4 * delay_ms);
  std::printf("\n");
  bool ok = rounds == 3 && lookups == 12 && (delay_ms <= 0 || median < 4.0 * delay_ms);
  std::printf("%s\n", ok ? "within target" : "OUTSIDE TARGET");
  return ok ? 0 : 1;
}
