// The one DNS loop and its stop rule (authlens/dns.hpp "the one DNS loop"): the round bookkeeping
// dns::drive and every dns::job share.
#include "authlens/dns.hpp"

namespace authlens::dns {

const std::vector<question>& round_loop::evaluate(cache& c, const std::function<void(lookup_context&)>& run,
                                                  const snapshot_source* replay) {
  // Rule 2: a question of the round in flight still unanswered will never be answered.
  for (const auto& q : pending_)
    if (!c.find(q)) c.add(answer{q, status::timeout});
  for (int passes = 0;;) {
    lookup_context ctx(c);
    run(ctx);
    pending_ = ctx.pending();
    if (pending_.empty()) return pending_;  // rule 1
    if (rounds_ < opt_.max_rounds && (replay != nullptr || !opt_.offline)) {
      ++rounds_;
      questions_ += static_cast<int>(pending_.size());
      for (const auto& q : pending_) asked_in_round_.emplace(q, rounds_);
      if (replay == nullptr) return pending_;  // rule 2: the driver asks this round
      for (const auto& q : pending_) c.add(replay->resolve(q));
      continue;
    }
    if (opt_.offline) {  // nothing goes out; the checks say they could not tell
      pending_.clear();
      return pending_;
    }
    // Rule 3: out of rounds. The loop answers TIMEOUT itself, a bounded number of times.
    exhausted_ = true;
    for (const auto& q : pending_) c.add(answer{q, status::timeout});
    if (++passes > timeout_passes) {
      pending_.clear();
      return pending_;
    }
  }
}

int round_loop::round_of(const question& q) const {
  auto it = asked_in_round_.find(q);
  return it == asked_in_round_.end() ? 0 : it->second;
}

drive_stats drive(cache& c, const std::function<void(lookup_context&)>& evaluate, const resolve_fn& resolve,
                  const drive_options& opt) {
  round_loop loop(opt);
  while (!loop.evaluate(c, evaluate).empty()) {
    std::vector<answer> answers = resolve(loop.pending());
    for (auto& a : answers) c.add(std::move(a));
  }
  return drive_stats{loop.rounds(), loop.questions(), loop.exhausted()};
}

}  // namespace authlens::dns
