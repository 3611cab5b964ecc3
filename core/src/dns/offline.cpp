// Offline DNS semantics (DESIGN.md "DNS snapshot format"), written once for every offline source:
// zone files (zone.cpp) and snapshots (snapshot.cpp) only say what their data holds at one name;
// following CNAMEs, detecting loops, NXDOMAIN after a chain (RFC 6604) and the TTL are here.
#include <algorithm>
#include <set>

#include "detail.hpp"

namespace authlens::dns::detail {

void for_each_ancestor(std::string_view name, const std::function<void(std::string_view)>& f) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\') {
      // "\DDD" or "\c": the escaped byte is part of the label, whatever it is.
      i += (i + 1 < name.size() && name[i + 1] >= '0' && name[i + 1] <= '9') ? 3 : 1;
      continue;
    }
    if (name[i] == '.' && i + 1 < name.size()) f(name.substr(i + 1));
  }
}

answer resolve_offline(const question& q, const std::function<offline_step(const std::string& name)>& at) {
  answer a;
  a.q = question{normalize_name(q.name), q.type};
  std::string cur = a.q.name;
  std::set<std::string> seen{cur};
  bool have_ttl = false;
  std::uint32_t ttl = 0;
  auto use_ttl = [&](std::uint32_t t) {
    ttl = have_ttl ? std::min(ttl, t) : t;
    have_ttl = true;
  };
  for (;;) {
    offline_step step = at(cur);
    switch (step.k) {
      case offline_step::kind::nxdomain:
        a.st = status::nxdomain;
        a.ttl = 0;
        return a;
      case offline_step::kind::nodata:
        a.st = status::noerror;
        a.ttl = have_ttl ? ttl : 0;
        return a;
      case offline_step::kind::data:
        use_ttl(step.ttl);
        a.st = status::noerror;
        a.ttl = ttl;
        a.records = std::move(step.records);
        a.txt = std::move(step.txt);
        return a;
      case offline_step::kind::recorded: {
        const answer& r = *step.recorded;
        if (a.cname_chain.empty()) {
          answer as_recorded = r;  // replays exactly: TTL, chain, AD bit and all
          as_recorded.q = a.q;
          return as_recorded;
        }
        a.st = r.st;
        a.records = r.records;
        a.txt = r.txt;
        a.cname_chain.insert(a.cname_chain.end(), r.cname_chain.begin(), r.cname_chain.end());
        if (r.st == status::noerror) {
          use_ttl(r.ttl);
          a.ttl = ttl;
        } else {
          a.ttl = 0;
        }
        return a;
      }
      case offline_step::kind::alias:
        break;
    }
    if (!seen.insert(step.target).second || int(a.cname_chain.size()) >= k_max_cname_chain) {
      a.st = status::servfail;  // a loop, or a chain longer than any resolver would follow
      a.ttl = 0;
      return a;
    }
    use_ttl(step.ttl);
    a.cname_chain.push_back(std::move(step.target));
    cur = a.cname_chain.back();
  }
}

}  // namespace authlens::dns::detail
