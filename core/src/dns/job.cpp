// The DNS-round bookkeeping shared by every sans-I/O tool (authlens/dns_job.hpp).
#include "authlens/dns_job.hpp"

namespace authlens::dns {

void job::supply(std::span<const answer> answers) {
  for (const auto& a : answers) cache_.add(a);
  evaluate();
}

void job::evaluate() {
  // A question asked in an earlier round and still unanswered will never be answered: it counts
  // as a timeout, so every job finishes.
  for (const auto& q : pending_)
    if (!cache_.find(q)) cache_.add(answer{q, status::timeout});
  auto count_round = [this] {
    ++rounds_;
    for (const auto& q : pending_) asked_in_round_.emplace(q, rounds_);
  };
  // Out of rounds, what is still missing is a timeout and the job is evaluated again; a job whose
  // timeouts keep raising new questions is stopped after a few such passes.
  for (int extra = 0;;) {
    lookup_context ctx(cache_);
    run(ctx);
    pending_ = ctx.pending();
    if (replay_ && !pending_.empty() && rounds_ < opt_.max_rounds) {
      // Replaying a snapshot: this round's questions are answered here, by the code the CLI's
      // --snapshot uses, and counted as a round as a live source's would be. Also in offline
      // mode: a snapshot is data, nothing is asked.
      count_round();
      for (const auto& q : pending_) cache_.add(replay_->resolve(q));
      continue;
    }
    if (opt_.offline) pending_.clear();  // ask nothing; unfinished checks say so
    if (pending_.empty() || rounds_ < opt_.max_rounds) break;
    for (const auto& q : pending_) cache_.add(answer{q, status::timeout});
    if (++extra == 5) {
      pending_.clear();
      break;
    }
  }
  if (!pending_.empty()) count_round();
}

result<bool> job::load_snapshot(std::string_view snapshot_json) {
  auto c = from_snapshot_json(snapshot_json);
  if (!c) return c.err();
  replay_.emplace(std::move(c.value()));
  // Questions already pending are answered from the snapshot too (they were asked, not answered).
  for (const auto& q : pending_)
    if (!cache_.find(q)) cache_.add(replay_->resolve(q));
  pending_.clear();
  evaluate();
  return true;
}

int job::round_of(const question& q) const {
  auto it = asked_in_round_.find(q);
  return it == asked_in_round_.end() ? 0 : it->second;
}

std::string job::snapshot_json() const { return to_snapshot_json(cache_); }

}  // namespace authlens::dns
