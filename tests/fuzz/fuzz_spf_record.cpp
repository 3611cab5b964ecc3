// Fuzz target: SPF record syntax (RFC 7208 §4.6, §12) and the whole evaluation over fuzzed DNS.
// The input's lines are TXT records: line 0 for example.com, line n for n.example.com; every
// n.example.com also has an A record (10.0.0.n) and example.com an MX to 1.example.com, so
// include/a/mx/ptr/exists/redirect paths, loops and limits all get exercised.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/spf.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= in.size() && lines.size() < 16;) {
    auto nl = in.find('\n', start);
    if (nl == std::string_view::npos) nl = in.size();
    lines.emplace_back(in.substr(start, nl - start));
    start = nl + 1;
  }
  // Syntax: parse never fails without a reason, and a parsed record keeps its indices sane.
  for (const auto& l : lines) {
    auto r = spf::parse_record(l);
    if (!r.ok() && r.err().code.empty()) __builtin_trap();
    if (r.ok()) {
      if (r->redirect_index >= static_cast<int>(r->terms.size()) || r->exp_index >= static_cast<int>(r->terms.size()))
        __builtin_trap();
      for (const auto& t : r->terms)
        if (t.cidr4 < 0 || t.cidr4 > 32 || t.cidr6 < 0 || t.cidr6 > 128) __builtin_trap();
    }
  }
  auto name_of = [](std::size_t i) { return i == 0 ? std::string("example.com") : std::to_string(i) + ".example.com"; };
  dns::resolve_fn resolve = [&](std::span<const dns::question> qs) {
    std::vector<dns::answer> out;
    for (const auto& q : qs) {
      dns::answer a;
      a.q = q;
      a.st = dns::status::nxdomain;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (q.name != name_of(i)) continue;
        a.st = dns::status::noerror;
        if (q.type == dns::rr_type::txt) a.txt.push_back({lines[i].substr(0, 255), lines[i].size() > 255 ? lines[i].substr(255) : ""});
        if (q.type == dns::rr_type::a) a.records.push_back("10.0.0." + std::to_string(i));
        if (q.type == dns::rr_type::mx && i == 0) a.records.push_back("10 1.example.com.");
      }
      if (q.name == "1.0.0.10.in-addr.arpa" && q.type == dns::rr_type::ptr) {
        a.st = dns::status::noerror;
        a.records.push_back("1.example.com.");
      }
      if (q.name.find("timeout") != std::string::npos) a.st = dns::status::timeout;
      out.push_back(std::move(a));
    }
    return out;
  };
  for (const char* ip : {"10.0.0.1", "2001:db8::1"}) {
    spf::request req;
    req.ip = ip;
    req.mail_from = "user@example.com";
    req.helo = "mail.example.com";
    dns::cache c;
    dns::drive_stats st;
    auto ev = spf::evaluate(c, req, resolve, {}, &st);
    if (!ev.done || spf::to_string(ev.reason).empty()) __builtin_trap();
    if (ev.rfc_lookups > 11 || ev.void_lookups > 3) __builtin_trap();
    (void)ev.received_spf_field();
    (void)ev.auth_results_fragment();
  }
  dns::cache lc;
  auto rep = spf::lint(lc, "example.com", resolve);
  if (!rep.done) __builtin_trap();
  return 0;
}
