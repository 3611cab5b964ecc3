#include "authlens/report.hpp"

namespace authlens::report {

using nlohmann::json;

json dns_to_json(const dns::job& j) {
  json transcript = json::array();
  for (const auto* a : j.dns_cache().all()) {
    json t = {{"name", a->q.name}, {"type", dns::to_string(a->q.type)}, {"status", dns::to_string(a->st)}};
    if (int round = j.round_of(a->q); round > 0) t["round"] = round;
    if (a->ttl) t["ttl"] = a->ttl;
    if (!a->txt.empty()) t["records"] = a->txt;
    else if (!a->records.empty()) t["records"] = a->records;
    if (!a->cname_chain.empty()) t["cname"] = a->cname_chain;
    if (a->authenticated) t["ad"] = true;
    transcript.push_back(std::move(t));
  }
  json pending = json::array();
  for (const auto& q : j.pending()) pending.push_back({{"name", q.name}, {"type", dns::to_string(q.type)}});
  return {{"rounds", j.rounds()},         {"offline", j.offline()},       {"complete", j.complete()},
          {"transcript", std::move(transcript)}, {"pending", std::move(pending)}};
}

}  // namespace authlens::report
