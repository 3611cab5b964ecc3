// One DNS cache shared by every worker of a many-message run: each question is asked once however
// many messages need it, while its answer is fresh (its TTL, counted on the run's own clock), and a
// question another worker is already asking is waited for, not asked again.
//
// Each worker keeps its own DNS source (sockets, DoH connections are not shared between threads);
// the cache sits in front of all of them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <vector>

#include "authlens/dns.hpp"

namespace authlens::cli::bulk {

class shared_dns {
 public:
  /// `clock` gives seconds on the run's clock (monotonic). `expire` false: answers never expire
  /// (offline sources: zone files and snapshots answer the same every time).
  shared_dns(std::function<std::int64_t()> clock, bool expire) : clock_(std::move(clock)), expire_(expire) {}

  /// One answer per question: fresh ones from the cache, the rest through `source` (only the
  /// questions no other worker is asking), waiting for those another worker is asking.
  std::vector<dns::answer> resolve(std::span<const dns::question> qs, const dns::resolve_fn& source);

  /// Every answer held, for --record (authlens/dns-snapshot/v1).
  dns::cache snapshot() const;

  std::uint64_t asked() const;   ///< questions sent to a DNS source
  std::uint64_t served() const;  ///< questions answered from the cache (or by another worker's asking)

 private:
  struct entry {
    bool in_flight = false;
    bool has_answer = false;
    dns::answer a;
    std::int64_t expires = 0;
  };
  bool fresh(const entry& e, std::int64_t now) const { return e.has_answer && (!expire_ || e.expires > now); }

  std::function<std::int64_t()> clock_;
  bool expire_;
  mutable std::mutex mu_;
  std::condition_variable answered_;
  std::map<dns::question, entry> entries_;
  std::uint64_t asked_ = 0, served_ = 0;
};

}  // namespace authlens::cli::bulk
