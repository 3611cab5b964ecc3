// A sans-I/O tool driven in DNS rounds (authlens/dns_job.hpp); the rounds are dns::round_loop's.
#include "authlens/dns_job.hpp"

namespace authlens::dns {

void job::supply(std::span<const answer> answers) {
  for (const auto& a : answers) cache_.add(a);
  evaluate();
}

void job::evaluate() {
  loop_.evaluate(cache_, [this](lookup_context& ctx) { run(ctx); }, replay_ ? &*replay_ : nullptr);
}

result<bool> job::load_snapshot(std::string_view snapshot_json) {
  auto c = from_snapshot_json(snapshot_json);
  if (!c) return c.err();
  replay_.emplace(std::move(c.value()));
  // Questions already pending are answered from the snapshot too (they were asked, not answered).
  for (const auto& q : loop_.pending())
    if (!cache_.find(q)) cache_.add(replay_->resolve(q));
  evaluate();
  return true;
}

std::string job::snapshot_json() const { return to_snapshot_json(cache_); }

int drive(job& j, const resolve_fn& resolve) {
  while (!j.pending().empty()) j.supply(resolve(j.pending()));
  return j.rounds();
}

}  // namespace authlens::dns
