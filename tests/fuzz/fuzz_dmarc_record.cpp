// Fuzz target: DMARC record syntax (RFC 9989 §4.7, RFC 7489 §6.3), the linter, and the whole
// evaluation (tree walk, PSL discovery, alignment, rua authorisation, JSON) over fuzzed records.
// The input's lines are TXT records: line 0 at _dmarc.a.b.example.com, 1 at _dmarc.b.example.com,
// 2 at _dmarc.example.com, 3 at _dmarc.com, 4 at example.com._report._dmarc.r.example.net; a line
// "SERVFAIL" makes that name fail.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dmarc.hpp"
#include "authlens/dns.hpp"
#include "authlens/report.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= in.size() && lines.size() < 5;) {
    auto nl = in.find('\n', start);
    if (nl == std::string_view::npos) nl = in.size();
    lines.emplace_back(in.substr(start, nl - start));
    start = nl + 1;
  }
  for (const auto& l : lines) {
    auto r = dmarc::parse_record(l);
    if (r.ok() != dmarc::is_dmarc_record(l)) __builtin_trap();
    if (!r.ok() && r.err().code.empty()) __builtin_trap();
    if (r.ok()) {
      if (r->policy_fallback && r->policy_unusable) __builtin_trap();
      if (r->pct && (*r->pct < 0 || *r->pct > 100)) __builtin_trap();
      (void)report::dmarc_record_to_json(r.value()).dump();
    }
    for (const auto& f : dmarc::lint_record(l, dmarc::lint_options{.domain = "example.com"}))
      if (f.code.empty() || f.severity.empty()) __builtin_trap();
  }
  const char* names[] = {"_dmarc.a.b.example.com", "_dmarc.b.example.com", "_dmarc.example.com", "_dmarc.com",
                         "example.com._report._dmarc.r.example.net"};
  dns::resolve_fn resolve = [&](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    for (const auto& q : qs) {
      dns::answer a;
      a.q = q;
      a.st = dns::status::nxdomain;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (q.name != names[i]) continue;
        if (lines[i] == "SERVFAIL") {
          a.st = dns::status::servfail;
        } else {
          a.st = dns::status::noerror;
          if (q.type == dns::rr_type::txt)
            a.txt.push_back({lines[i].substr(0, 255), lines[i].size() > 255 ? lines[i].substr(255) : ""});
        }
      }
      out.push_back(std::move(a));
    }
    return out;
  };
  dmarc::inputs msg;
  msg.author_domain = "a.b.example.com";
  msg.spf = {spf::result_code::pass, "bounce.example.com", false};
  msg.dkim = {{"b.example.com", "s1", dkim::verdict::pass},
              {"other.example.net", "s2", dkim::verdict::pass},
              {"example.com", "s3", dkim::verdict::fail}};
  dns::cache c;
  auto ev = dmarc::evaluate(c, msg, resolve);
  if (!ev.done || ev.rfc9989.reason == dmarc::outcome_reason::pending ||
      ev.rfc7489.reason == dmarc::outcome_reason::pending)
    __builtin_trap();
  if (ev.rfc9989.disc.steps.size() > 8 || ev.rfc7489.disc.steps.size() > 2) __builtin_trap();
  (void)report::dmarc_to_json(ev).dump();
  (void)ev.auth_results_fragment();
  dns::cache dc;
  auto dr = dmarc::check_domain(dc, "a.b.example.com", resolve);
  if (!dr.done) __builtin_trap();
  (void)report::dmarc_domain_to_json(dr).dump();
  return 0;
}
