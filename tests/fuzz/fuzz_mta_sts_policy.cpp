// Fuzz target: the MTA-STS policy file parser (RFC 8461 §3.2) and the §4.1 MX pattern match.
// The input is the policy text a driver fetched from https://mta-sts.DOMAIN/.well-known/mta-sts.txt.
// Invariants: every finding has a code; max_age is -1 or within 0..31557600; mx patterns are
// lower-case; writing the parsed fields back as a policy and parsing that gives the same fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "authlens/domain.hpp"

using namespace authlens;

namespace {
bool has_upper(const std::string& s) {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  domain::mta_sts_info info;
  auto findings = domain::parse_mta_sts_policy(in, info);
  for (const auto& f : findings)
    if (f.code.empty() || f.severity.empty() || f.message.empty()) __builtin_trap();
  if (info.policy_text != in) __builtin_trap();
  if (info.max_age < -1 || info.max_age > 31557600) __builtin_trap();
  for (const auto& p : info.mx_patterns)
    if (has_upper(p)) __builtin_trap();

  // Round trip: the parsed fields written as a policy parse to the same fields (the parser stops
  // after 1000 lines, so only when they fit).
  if (info.mx_patterns.size() < 990) {
    std::string text = "version: " + info.version + "\nmode: " + info.mode + "\n";
    for (const auto& p : info.mx_patterns) text += "mx: " + p + "\n";
    if (info.max_age >= 0) text += "max_age: " + std::to_string(info.max_age) + "\n";
    domain::mta_sts_info again;
    (void)domain::parse_mta_sts_policy(text, again);
    if (again.version != info.version || again.mode != info.mode || again.mx_patterns != info.mx_patterns ||
        again.max_age != info.max_age)
      __builtin_trap();
  }

  // Every pattern against a few hosts, and against itself (a pattern without '*' names one host).
  static const char* hosts[] = {"mx1.example.com", "MX1.Example.COM.", "a.b.example.com", "example.com", "", "."};
  for (std::size_t i = 0; i < info.mx_patterns.size() && i < 32; ++i) {
    const std::string& p = info.mx_patterns[i];
    for (const char* h : hosts) (void)domain::mta_sts_mx_matches(p, h);
    (void)domain::mta_sts_mx_matches(p, p);
    if (!p.empty() && p.front() == '*') (void)domain::mta_sts_mx_matches(p, "x" + p.substr(1));
  }
  return 0;
}
