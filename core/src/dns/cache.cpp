// The answer cache and the lookup context evaluators read through (the loop: loop.cpp).
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

}  // namespace authlens::dns
