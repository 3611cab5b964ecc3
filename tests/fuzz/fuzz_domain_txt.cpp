// Fuzz target: the domain check's record readers (RFC 8461 §3.1 _mta-sts TXT, RFC 8460 §3 TLS-RPT
// TXT, the BIMI default._bimi TXT, RFC 5321 §5.1 / RFC 7505 MX, and the RFC 8461 §3.2 policy as the
// driver hands it over), run through the whole domain::check job and its JSON.
//
// The first byte picks what the rest of the input is (first byte % 5; the letters are the seeds'):
//   0 'x'  MX records of example.com, one per line ("10 mx1.example.com.")
//   1 't'  TXT records at _smtp._tls.example.com, one per line
//   2 'p'  the MTA-STS policy file (the _mta-sts record is a valid fixed one)
//   3 'b'  TXT records at default._bimi.example.com, one per line
//   4 'm'  TXT records at _mta-sts.example.com, one per line (the policy is a valid fixed one)
// A line "SERVFAIL" makes that name fail temporarily; lines longer than 255 bytes become several
// character-strings. Everything else about example.com is fixed and valid (SPF, DMARC at reject,
// one MX host with an address and a matching PTR).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/domain.hpp"
#include "authlens/report.hpp"

using namespace authlens;

namespace {

std::vector<std::string> chunks(std::string_view s) {
  std::vector<std::string> out;
  do {
    out.emplace_back(s.substr(0, 255));
    s.remove_prefix(std::min<std::size_t>(255, s.size()));
  } while (!s.empty());
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 16384) return 0;
  const int mode = data[0] % 5;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> lines;
  if (mode != 2) {
    for (std::size_t start = 0; start <= rest.size() && lines.size() < 8;) {
      auto nl = rest.find('\n', start);
      if (nl == std::string_view::npos) nl = rest.size();
      lines.emplace_back(rest.substr(start, nl - start));
      start = nl + 1;
    }
  }
  const char* fuzzed_name = mode == 0 ? "example.com" : mode == 1 ? "_smtp._tls.example.com"
                            : mode == 3 ? "default._bimi.example.com" : mode == 4 ? "_mta-sts.example.com" : "";
  const dns::rr_type fuzzed_type = mode == 0 ? dns::rr_type::mx : dns::rr_type::txt;

  auto answer_for = [&](const dns::question& q) {
    dns::answer a;
    a.q = q;
    a.st = dns::status::nxdomain;
    if (mode != 2 && q.name == fuzzed_name && q.type == fuzzed_type) {
      a.st = dns::status::noerror;
      for (const auto& l : lines) {
        if (l == "SERVFAIL") {
          a.st = dns::status::servfail;
          a.txt.clear();
          a.records.clear();
          break;
        }
        if (q.type == dns::rr_type::txt) a.txt.push_back(chunks(l));
        else a.records.push_back(l);
      }
      return a;
    }
    auto txt = [&](std::string s) {
      a.st = dns::status::noerror;
      a.txt.push_back({std::move(s)});
    };
    if (q.name == "example.com") {
      a.st = dns::status::noerror;
      if (q.type == dns::rr_type::mx) a.records.push_back("10 mx1.example.com.");
      if (q.type == dns::rr_type::txt) txt("v=spf1 mx -all");
    } else if (q.name == "_dmarc.example.com" && q.type == dns::rr_type::txt) {
      txt("v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
    } else if (q.name == "_mta-sts.example.com" && q.type == dns::rr_type::txt) {
      txt("v=STSv1; id=20260101T000000");
    } else if (q.name == "1.2.0.192.in-addr.arpa" && q.type == dns::rr_type::ptr) {
      a.st = dns::status::noerror;
      a.records.push_back("mx1.example.com.");
    } else if (ends_with(q.name, ".example.com") && q.name.find('_') == std::string::npos) {
      // Any host under example.com exists with one IPv4 address.
      a.st = dns::status::noerror;
      if (q.type == dns::rr_type::a) a.records.push_back("192.0.2.1");
    }
    return a;
  };

  domain::options opt;
  opt.selectors = {"s1"};
  opt.probe_selectors = false;
  if (mode == 2) {
    opt.mta_sts_policy = std::string(rest);
    opt.mta_sts_fetch = "fetched";
  } else if (mode == 4) {
    opt.mta_sts_policy = std::string("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.example.com\nmax_age: 604800\n");
    opt.mta_sts_fetch = "fetched";
  }
  domain::check job("example.com", opt);
  job.evaluate();
  for (int i = 0; i < 20 && !job.complete(); ++i) {
    std::vector<dns::answer> answers;
    for (const auto& q : job.pending()) answers.push_back(answer_for(q));
    job.supply(answers);
  }
  if (!job.complete()) __builtin_trap();
  const domain::report& r = job.result();
  if (!r.done) __builtin_trap();
  static const char* order[] = {"mx", "spf", "dmarc", "dkim", "mta_sts", "tls_rpt", "bimi", "iprev", "dnssec"};
  if (r.areas.size() != 9) __builtin_trap();
  for (std::size_t i = 0; i < 9; ++i) {
    const domain::area& ar = r.areas[i];
    if (ar.name != order[i]) __builtin_trap();
    for (const auto& f : ar.findings)
      if (f.code.empty() || f.severity.empty()) __builtin_trap();
    bool has_error = false;
    for (const auto& f : ar.findings) has_error = has_error || f.severity == "error";
    if (has_error && (ar.g == domain::grade::pass || ar.g == domain::grade::info)) __builtin_trap();
  }
  if (r.mta_sts.max_age < -1 || r.mta_sts.max_age > 31557600) __builtin_trap();
  // Every MX host a policy leaves unmatched really matches none of its patterns.
  for (const auto& h : r.mta_sts.unmatched_mx)
    for (const auto& p : r.mta_sts.mx_patterns)
      if (domain::mta_sts_mx_matches(p, h)) __builtin_trap();
  (void)authlens::report::to_json(job, false);
  (void)job.snapshot_json();
  return 0;
}
