// The answer cache, the lookup context evaluators read through, and the generic driver loop.
#include <algorithm>

#include "authlens/dns.hpp"
#include "authlens/strings.hpp"

namespace authlens::dns {

std::string normalize_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return str::lower(name);
}

question make_question(std::string_view name, rr_type type) { return question{normalize_name(name), type}; }

const answer* cache::find(const question& q) const {
  auto it = index_.find(q);
  return it == index_.end() ? nullptr : &answers_[it->second];
}

void cache::add(answer a) {
  a.q.name = normalize_name(a.q.name);
  auto it = index_.find(a.q);
  if (it != index_.end()) {
    answers_[it->second] = std::move(a);
    return;
  }
  index_.emplace(a.q, answers_.size());
  answers_.push_back(std::move(a));
}

std::vector<const answer*> cache::all() const {
  std::vector<const answer*> out;
  out.reserve(answers_.size());
  for (const auto& a : answers_) out.push_back(&a);
  return out;
}

void lookup_context::want(question q) {
  if (std::find(pending_.begin(), pending_.end(), q) == pending_.end()) pending_.push_back(std::move(q));
}

const answer* lookup_context::get(std::string_view name, rr_type type) {
  question q = make_question(name, type);
  if (const answer* a = cache_.find(q)) return a;
  want(std::move(q));
  return nullptr;
}

void lookup_context::prefetch(std::string_view name, rr_type type) {
  question q = make_question(name, type);
  if (!cache_.find(q)) want(std::move(q));
}

drive_stats drive(cache& c, const std::function<void(lookup_context&)>& evaluate, const resolve_fn& resolve,
                  const drive_options& opt) {
  drive_stats stats;
  // Once out of rounds, each evaluation's missing answers are filled with TIMEOUT without asking.
  // A sane evaluator stops asking once it sees timeouts; one that keeps inventing new questions
  // must not hang the driver, so these offline passes are bounded as well.
  constexpr int k_max_timeout_passes = 64;
  int timeout_passes = 0;
  for (;;) {
    lookup_context ctx(c);
    evaluate(ctx);
    std::vector<question> pending = ctx.pending();
    if (pending.empty()) return stats;
    if (stats.rounds >= opt.max_rounds) {
      // Out of rounds: what is still missing counts as a timeout, and the evaluator runs once
      // more with every question answered, so it always finishes.
      stats.exhausted = true;
      if (++timeout_passes > k_max_timeout_passes) return stats;
      for (auto& q : pending) c.add(answer{q, status::timeout});
      continue;
    }
    ++stats.rounds;
    stats.questions += static_cast<int>(pending.size());
    std::vector<answer> answers = resolve(pending);
    for (auto& a : answers) c.add(std::move(a));
    // A question the source did not answer is a timeout, never a reason to ask forever.
    for (auto& q : pending)
      if (!c.find(q)) c.add(answer{q, status::timeout});
  }
}

}  // namespace authlens::dns
