// The shared DNS cache of a many-message run (bulk/shared_dns.hpp).
#include "bulk/shared_dns.hpp"

#include <algorithm>

namespace authlens::cli::bulk {

namespace {

// SERVFAIL and TIMEOUT carry no TTL; keep them briefly so a failing server is not asked once per
// message of a large archive, yet a passing failure does not stick for the whole run (RFC 2308 §7
// allows up to five minutes).
constexpr std::int64_t failure_seconds = 30;
// A negative answer (NXDOMAIN, NODATA) reaches us without the SOA minimum that sets its lifetime
// (RFC 2308 §5; dns::answer keeps the TTL of records only): keep it for a minute.
constexpr std::int64_t negative_seconds = 60;

std::int64_t lifetime(const dns::answer& a) {
  if (a.st == dns::status::servfail || a.st == dns::status::timeout) return failure_seconds;
  if (a.ttl == 0 && (a.st == dns::status::nxdomain || a.nodata())) return negative_seconds;
  return a.ttl;
}

}  // namespace

std::vector<dns::answer> shared_dns::resolve(std::span<const dns::question> qs, const dns::resolve_fn& source) {
  std::map<dns::question, dns::answer> got_all;  // returned in the order asked, as a lone source would
  std::vector<dns::question> mine, theirs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = clock_();
    for (const auto& q : qs) {
      auto& e = entries_[q];
      if (fresh(e, now)) {
        got_all[q] = e.a;
        ++served_;
      } else if (e.in_flight) {
        theirs.push_back(q);
      } else {
        e.in_flight = true;
        mine.push_back(q);
      }
    }
    asked_ += mine.size();
  }
  if (!mine.empty()) {
    std::vector<dns::answer> got = source(mine);
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = clock_();
    for (const auto& q : mine) {
      auto it = std::find_if(got.begin(), got.end(), [&](const dns::answer& a) { return a.q == q; });
      dns::answer a;
      if (it != got.end()) {
        a = std::move(*it);
      } else {
        a.q = q;
        a.st = dns::status::timeout;  // the source's contract: a question left unanswered timed out
      }
      auto& e = entries_[q];
      e.in_flight = false;
      e.has_answer = true;
      e.expires = now + lifetime(a);
      e.a = a;
      got_all[q] = std::move(a);
    }
    answered_.notify_all();
  }
  if (!theirs.empty()) {
    std::unique_lock<std::mutex> lock(mu_);
    for (const auto& q : theirs) {
      // Wait for the asking worker; its answer counts even if its TTL has run out meanwhile (0).
      answered_.wait(lock, [&] { return !entries_[q].in_flight; });
      got_all[q] = entries_[q].a;
      ++served_;
    }
  }
  std::vector<dns::answer> out;
  out.reserve(qs.size());
  for (const auto& q : qs)
    if (auto it = got_all.find(q); it != got_all.end()) out.push_back(it->second);
  return out;
}

dns::cache shared_dns::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  dns::cache c;
  for (const auto& [q, e] : entries_)
    if (e.has_answer) c.add(e.a);
  return c;
}

std::uint64_t shared_dns::asked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return asked_;
}
std::uint64_t shared_dns::served() const {
  std::lock_guard<std::mutex> lock(mu_);
  return served_;
}

}  // namespace authlens::cli::bulk
