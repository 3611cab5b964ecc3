// spf_eval — how fast spf::check_host evaluates real-shaped SPF records (RFC 7208), and how many DNS
// rounds an evaluation takes against the depth of its include tree.
//
// Records: tests/data/zones/bench-spf.test.zone (Google Workspace, Microsoft 365, Amazon SES and
// SendGrid shaped trees, a domain that uses all four, and include chains of depth 1..8).
//   warm: every answer already in the dns::cache — pure evaluation, one check_host call;
//   cold: a fresh cache per evaluation, rounds driven by dns::drive against the zone source
//         (in-process: measures the evaluator plus the driver, not a network).
// Then the table "DNS rounds per evaluation vs include depth": rounds must be depth + 1 (the top
// record is one round, each include level one more). Nothing here asserts a time.
//
// usage: spf_eval [--zone FILE] [--seconds S] (default: the repository's zone, 1 s per figure)
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/spf.hpp"

using namespace authlens;
// Rates are per second of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time: the
// development machine is shared, and wall time there measures the neighbours' builds too.
struct clock_type {
  using time_point = double;
  static time_point now() {
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) clock_gettime(CLOCK_MONOTONIC, &ts);  // (Emscripten)
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
  }
};

namespace {

struct bench_case {
  const char* label;
  const char* domain;  // MAIL FROM domain
  const char* ip;
  const char* expect;
};

// One pass and one non-matching IP per provider shape, and the all-in-one domain.
const bench_case cases[] = {
    {"google-workspace pass (ip4, 3rd netblock)", "gws.bench-spf.test", "172.217.32.5", "pass"},
    {"google-workspace pass (ip6)", "gws.bench-spf.test", "2a00:1450:4000::1", "pass"},
    {"google-workspace softfail", "gws.bench-spf.test", "203.0.113.9", "softfail"},
    {"microsoft-365 pass", "m365.bench-spf.test", "40.107.22.10", "pass"},
    {"microsoft-365 fail", "m365.bench-spf.test", "203.0.113.9", "fail"},
    {"amazon-ses pass", "bounce.ses.bench-spf.test", "54.240.8.1", "pass"},
    {"sendgrid pass (nested include)", "em1234.sendgrid-customer.bench-spf.test", "169.47.130.1", "pass"},
    {"mixed (mx + 4 providers) pass", "mixed.bench-spf.test", "149.72.10.1", "pass"},
    {"mixed (mx + 4 providers) fail", "mixed.bench-spf.test", "203.0.113.9", "fail"},
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

spf::request make_request(const char* domain, const char* ip) {
  spf::request r;
  r.ip = ip;
  r.mail_from = std::string("bounce@") + domain;
  r.helo = "mta.example.net";
  r.receiver = "mx.example.org";
  r.now = 1795000000;
  return r;
}

double seconds_since(clock_type::time_point t0) { return clock_type::now() - t0; }

}  // namespace

int main(int argc, char** argv) {
#ifdef AUTHLENS_SOURCE_DIR
  std::string zone_path = std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/zones/bench-spf.test.zone";
#else
  std::string zone_path = "tests/data/zones/bench-spf.test.zone";
#endif
  double budget = 1.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--zone") zone_path = argv[i + 1];
    else if (k == "--seconds") budget = std::atof(argv[i + 1]);
  }
  std::string text = read_file(zone_path);
  if (text.empty()) {
    std::fprintf(stderr, "spf_eval: cannot read %s\n", zone_path.c_str());
    return 2;
  }
  dns::zone_source zone;
  auto defects = zone.add_zone_text(text, "bench-spf.test");
  if (!defects.empty()) {
    std::fprintf(stderr, "spf_eval: %zu defect(s) in %s\n", defects.size(), zone_path.c_str());
    return 2;
  }
  dns::resolve_fn resolve = [&zone](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    out.reserve(qs.size());
    for (const auto& q : qs) out.push_back(zone.resolve(q));
    return out;
  };

  std::printf("spf_eval: zone %s, %.1f s per figure, single thread\n\n", zone_path.c_str(), budget);
  std::printf("%-44s %-9s %4s %4s %4s %6s %14s %14s\n", "case", "result", "rfc", "subq", "rnds", "qs",
              "warm eval/s", "cold eval/s");
  bool all_ok = true;
  double warm_total_s = 0, cold_total_s = 0;
  long warm_total_n = 0, cold_total_n = 0;
  for (const auto& bc : cases) {
    spf::request req = make_request(bc.domain, bc.ip);
    // First evaluation: fills the cache, gives the rounds and the result.
    dns::cache warm_cache;
    dns::drive_stats st;
    spf::evaluation ev = spf::evaluate(warm_cache, req, resolve, {}, &st);
    std::string got(spf::to_string(ev.result));
    if (got != bc.expect) all_ok = false;

    // Warm: pure evaluation against a full cache.
    long n = 0;
    auto t0 = clock_type::now();
    double el = 0;
    while (true) {
      for (int k = 0; k < 64; ++k) {
        dns::lookup_context ctx(warm_cache);
        spf::evaluation e = spf::check_host(ctx, req);
        if (!e.done) all_ok = false;
      }
      n += 64;
      el = seconds_since(t0);
      if (el >= budget) break;
    }
    double warm_rate = n / el;
    warm_total_s += el;
    warm_total_n += n;

    // Cold: a fresh cache each time, the rounds driven through dns::drive.
    long m = 0;
    t0 = clock_type::now();
    while (true) {
      for (int k = 0; k < 16; ++k) {
        dns::cache c;
        spf::evaluation e = spf::evaluate(c, req, resolve);
        if (!e.done) all_ok = false;
      }
      m += 16;
      el = seconds_since(t0);
      if (el >= budget) break;
    }
    double cold_rate = m / el;
    cold_total_s += el;
    cold_total_n += m;
    std::printf("%-44s %-9s %4d %4d %4d %6d %14.0f %14.0f%s\n", bc.label, got.c_str(), ev.rfc_lookups, ev.subqueries,
                st.rounds, st.questions, warm_rate, cold_rate, got == bc.expect ? "" : "  (UNEXPECTED RESULT)");
  }
  std::printf("%-44s %-9s %4s %4s %4s %6s %14.0f %14.0f\n\n", "all cases (time-weighted mean)", "", "", "", "", "",
              warm_total_n / warm_total_s, cold_total_n / cold_total_s);

  // DNS rounds per evaluation against include depth.
  std::printf("DNS rounds per evaluation vs include depth (chains dN.depth.bench-spf.test, IP 198.51.100.200)\n");
  std::printf("%6s %8s %8s %10s %8s %10s  %s\n", "depth", "rounds", "expect", "questions", "rfc", "result", "");
  for (int d = 1; d <= 8; ++d) {
    std::string dom = "d" + std::to_string(d) + ".depth.bench-spf.test";
    spf::request req = make_request(dom.c_str(), "198.51.100.200");
    dns::cache c;
    dns::drive_stats st;
    spf::evaluation ev = spf::evaluate(c, req, resolve, {}, &st);
    bool ok = st.rounds == d + 1 && ev.result == spf::result_code::pass;
    if (!ok) all_ok = false;
    std::printf("%6d %8d %8d %10d %8d %10s  %s\n", d, st.rounds, d + 1, st.questions, ev.rfc_lookups,
                std::string(spf::to_string(ev.result)).c_str(), ok ? "rounds == depth + 1" : "MISMATCH");
  }
  std::printf("%s\n", all_ok ? "spf_eval: results and rounds as expected" : "spf_eval: UNEXPECTED results or rounds");
  return all_ok ? 0 : 1;
}
