// authlens/dns_job.hpp — one sans-I/O task driven in DNS rounds (DESIGN.md "How data flows").
//
// Every tool that needs DNS (the message analysis, the domain check, the SPF linter behind the
// wizard's live budget…) is a dns::job: run(ctx) evaluates everything against the cache and asks
// through ctx, and the job keeps its typed result (each job's own result() accessor; the report
// area serialises it, e.g. report::to_json(const domain::check&)); the driver (native resolver, DoH via fetch, zone files, snapshot) loops
//   while (!job.pending().empty()) job.supply(answers to job.pending());
// (dns::drive(job&, resolve) below is that loop for a synchronous source). The round
// bookkeeping is dns::round_loop (dns.hpp), the one loop dns::drive also uses, with its one stop
// rule: the round bound, unanswered questions become TIMEOUT, the bounded TIMEOUT passes, offline
// mode, the round each question was first asked in.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens::dns {

/// The stop rule's options (dns.hpp round_options: max_rounds, offline), the same as dns::drive's.
using job_options = round_options;

class job {
 public:
  explicit job(const job_options& opt = {}) : loop_(opt) {}
  virtual ~job() = default;
  job(job&&) noexcept = default;
  job& operator=(job&&) noexcept = default;

  /// Questions still needed; empty once finished.
  std::span<const question> pending() const { return loop_.pending(); }
  /// Adds one answer without re-evaluating (drivers that receive answers one by one).
  void add_answer(answer a) { cache_.add(std::move(a)); }
  /// Adds answers (unanswered pending questions become TIMEOUT) and re-evaluates.
  void supply(std::span<const answer> answers);
  /// Re-evaluates against the cache (calls run()); starts a new DNS round if questions remain.
  void evaluate();
  /// Replays a snapshot: from now on every question is answered from it (snapshot_source: the
  /// offline semantics the CLI's --snapshot uses), in rounds as a live source would, and the job is
  /// evaluated to the end. Nothing is left pending for a driver to ask.
  result<bool> load_snapshot(std::string_view snapshot_json);

  int rounds() const { return loop_.rounds(); }
  int questions() const { return loop_.questions(); }  ///< questions asked in all rounds
  bool exhausted() const { return loop_.exhausted(); }  ///< the rounds ran out (TIMEOUT passes)
  bool complete() const { return loop_.pending().empty(); }
  bool offline() const { return loop_.offline(); }
  const cache& dns_cache() const { return cache_; }
  /// The round a question was first asked in, 0 when it never was (snapshot, zone, offline).
  int round_of(const question& q) const { return loop_.round_of(q); }
  /// Every answer used, as authlens/dns-snapshot/v1.
  std::string snapshot_json() const;

 protected:
  /// Evaluates everything against ctx's cache, asking through ctx. Must be repeatable: the same
  /// cache gives the same questions and the same result. Never throws.
  virtual void run(lookup_context& ctx) = 0;

 private:
  round_loop loop_;
  std::optional<snapshot_source> replay_;  ///< set by load_snapshot
  cache cache_;
};

/// Drives a job to the end with a synchronous source: supplies the answers to each round until
/// nothing is pending (the stop rule is the job's round_loop). Returns the job's rounds.
int drive(job& j, const resolve_fn& resolve);

}  // namespace authlens::dns
