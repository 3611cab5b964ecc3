// Test support for the DMARC unit tests: an offline DNS built from zone lines, with names that
// answer SERVFAIL, and a log of every question asked.
#pragma once

#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/dns.hpp"

namespace dmarc_test {

inline std::string read_data(const std::string& rel) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/dmarc/" + rel, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct fake_dns {
  authlens::dns::zone_source zone;
  std::set<std::string> servfail;
  /// "name TYPE" → a status that replaces the zone's answer for that one question (NXDOMAIN for
  /// one type while another has data, as a snapshot that never recorded it answers; TIMEOUT…).
  std::map<std::string, authlens::dns::status> overrides;
  std::vector<authlens::dns::question> asked;
  int rounds = 0;

  void add(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    zone.add_zone_text(text, ".");
  }

  authlens::dns::resolve_fn fn() {
    return [this](std::span<const authlens::dns::question> qs) {
      ++rounds;
      std::vector<authlens::dns::answer> out;
      for (const auto& q : qs) {
        asked.push_back(q);
        auto o = overrides.find(q.name + " " + std::string(authlens::dns::to_string(q.type)));
        if (o != overrides.end()) {
          authlens::dns::answer a;
          a.q = q;
          a.st = o->second;
          out.push_back(a);
        } else if (servfail.count(q.name)) {
          authlens::dns::answer a;
          a.q = q;
          a.st = authlens::dns::status::servfail;
          out.push_back(a);
        } else {
          out.push_back(zone.resolve(q));
        }
      }
      return out;
    };
  }
};

}  // namespace dmarc_test
