// Shared by the dkim_*.cpp conformance suites: reading the folders, building DNS answers, driving verify().
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"

namespace authlens::conformance::dkim_support {

inline std::string dkim_dir() { return std::string(AUTHLENS_CONFORMANCE_DIR); }

inline bool file_exists(const std::string& p) { return std::ifstream(p).good(); }

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string lf_to_crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 20);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
    out += s[i];
  }
  return out;
}

/// Offline DNS: name → answer; absent names are NXDOMAIN.
struct fake_dns {
  std::map<std::string, dns::answer> answers;

  void txt(const std::string& owner, std::vector<std::string> strings) {
    auto q = dns::make_question(owner, dns::rr_type::txt);
    auto& a = answers[q.name];
    a.q = q;
    a.st = dns::status::noerror;
    a.ttl = 300;
    a.txt.push_back(std::move(strings));
  }
  void status(const std::string& owner, dns::status st) {
    auto q = dns::make_question(owner, dns::rr_type::txt);
    dns::answer a;
    a.q = q;
    a.st = st;
    answers[q.name] = a;
  }
  /// "<owner> <record>" lines; '#' comments.
  void load_lines(std::string_view text) {
    for (auto line : str::split(text, '\n')) {
      std::string l(str::trim(line));
      if (l.empty() || l[0] == '#') continue;
      auto sp = l.find_first_of(" \t");
      if (sp == std::string::npos) continue;
      txt(l.substr(0, sp), {std::string(str::trim(std::string_view(l).substr(sp + 1)))});
    }
  }
  std::vector<dns::answer> resolve(std::span<const dns::question> qs) const {
    std::vector<dns::answer> out;
    for (const auto& q : qs) {
      auto it = answers.find(q.name);
      if (it != answers.end() && q.type == dns::rr_type::txt) {
        dns::answer a = it->second;
        a.q = q;
        out.push_back(a);
      } else {
        dns::answer a;
        a.q = q;
        a.st = dns::status::nxdomain;
        out.push_back(a);
      }
    }
    return out;
  }
};

struct verify_run {
  dkim::verify_result result;
  int rounds = 0;
};

inline verify_run run_verify(const fake_dns& zone, const dkim::message_view& v, std::int64_t now) {
  dns::cache c;
  dkim::memo memo;
  verify_run out;
  auto stats = dns::drive(
      c, [&](dns::lookup_context& ctx) { out.result = dkim::verify(ctx, v, now, {}, &memo); },
      [&](std::span<const dns::question> qs) { return zone.resolve(qs); });
  out.rounds = stats.rounds;
  return out;
}

inline std::string describe(const dkim::signature_result& s) {
  return std::string(dkim::to_string(s.result)) + " (" + std::string(dkim::to_string(s.why)) + ") d=" + s.domain +
         " s=" + s.selector + " a=" + s.algorithm + " " + s.detail;
}

}  // namespace authlens::conformance::dkim_support
