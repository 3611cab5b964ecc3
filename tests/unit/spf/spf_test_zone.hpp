// A tiny in-memory DNS for the SPF unit tests: names absent → NXDOMAIN, present without the type → NODATA.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/spf.hpp"

namespace spf_test {

using namespace authlens;

struct zone {
  std::map<dns::question, dns::answer> data;
  int batches = 0;
  std::vector<dns::question> asked;

  zone& txt(const std::string& name, const std::vector<std::string>& strings) {
    auto& a = slot(name, dns::rr_type::txt);
    a.txt.push_back(strings);
    return *this;
  }
  zone& spf(const std::string& name, const std::string& record) { return txt(name, {record}); }
  zone& add(const std::string& name, dns::rr_type t, const std::string& rec) {
    slot(name, t).records.push_back(rec);
    return *this;
  }
  zone& status(const std::string& name, dns::rr_type t, dns::status st) {
    slot(name, t).st = st;
    return *this;
  }
  dns::answer& slot(const std::string& name, dns::rr_type t) {
    auto q = dns::make_question(name, t);
    auto& a = data[q];
    a.q = q;
    return a;
  }

  dns::answer resolve(const dns::question& q) const {
    auto it = data.find(q);
    if (it != data.end()) return it->second;
    dns::answer a;
    a.q = q;
    for (const auto& [k, v] : data)
      if (k.name == q.name) return a;  // NODATA
    a.st = dns::status::nxdomain;
    return a;
  }

  dns::resolve_fn resolver() {
    return [this](std::span<const dns::question> qs) {
      ++batches;
      std::vector<dns::answer> out;
      for (const auto& q : qs) {
        asked.push_back(q);
        out.push_back(resolve(q));
      }
      return out;
    };
  }
};

inline spf::request req(const std::string& ip, const std::string& from, const std::string& helo = "mail.example.org") {
  spf::request r;
  r.ip = ip;
  r.mail_from = from;
  r.helo = helo;
  r.receiver = "mx.receiver.example";
  r.now = 1763884800;
  return r;
}

inline spf::evaluation run(zone& z, const spf::request& r, const spf::options& o = {}, dns::drive_stats* st = nullptr) {
  dns::cache c;
  return spf::evaluate(c, r, z.resolver(), o, st);
}

}  // namespace spf_test
