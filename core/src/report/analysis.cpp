// One message, one evaluation context (authlens/analysis.hpp): parses the message once, then
// evaluates every check against the DNS cache each time answers arrive, and assembles the
// report (authlens/report/v1) from the areas' serialisers.
#include "authlens/analysis.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "authlens/authres.hpp"
#include "authlens/strings.hpp"
#include "authlens/iprev.hpp"
#include "authlens/message.hpp"
#include "authlens/report/authres_json.hpp"
#include "authlens/report/message_json.hpp"
#include "authlens/report/route_json.hpp"
#include "authlens/transport.hpp"

namespace authlens {

using nlohmann::json;

namespace {

constexpr const char* schema = "authlens/report/v1";

transport::route route_of(const mime::message& m, const envelope& env) {
  std::vector<std::string> received;
  for (const auto* f : m.all("Received")) received.push_back(f->unfolded);
  transport::route_options opt;
  if (!env.ip.empty()) opt.handoff_ip = env.ip;
  return transport::build_route(received, opt);
}

std::vector<authres::field> authres_of(const mime::message& m) {
  std::vector<authres::field> out;
  for (const auto& f : m.fields) {
    if (str::iequals(f.name, "Authentication-Results"))
      out.push_back(authres::parse(f.unfolded, authres::field_kind::authentication_results));
    else if (str::iequals(f.name, "ARC-Authentication-Results"))
      out.push_back(authres::parse(f.unfolded, authres::field_kind::arc_authentication_results));
  }
  return out;
}

/// The parts of the report that need no DNS: shared by `headers` and the full analysis.
json base_report(const mime::message& m, const transport::route& route, const std::vector<authres::field>& ar) {
  json r = report::message_to_json(m);
  r["schema"] = schema;
  r["route"] = report::route_to_json(route);
  r["authentication_results"] = report::authres_to_json(ar);
  return r;
}

json not_checked(const char* what) {
  return json{{"result", "none"},
              {"reason", "not_checked"},
              {"detail", std::string("This version of authlens does not check ") + what + " yet."}};
}

}  // namespace

struct analysis::state {
  std::string bytes;
  mime::message msg;
  envelope env;
  std::int64_t now = 0;
  analysis_options opt;
  transport::route route;
  std::vector<authres::field> authres;
  dns::cache cache;
  std::vector<dns::question> pending;
  std::map<dns::question, int> asked_in_round;  // for the transcript
  int rounds = 0;
  // Results of the last evaluation.
  std::optional<transport::iprev_result> iprev;
  bool complete = false;
};

analysis::analysis(std::unique_ptr<state> s) : s_(std::move(s)) {}
analysis::analysis(analysis&&) noexcept = default;
analysis& analysis::operator=(analysis&&) noexcept = default;
analysis::~analysis() = default;

result<analysis> analysis::create(std::string_view message, const envelope& env, std::int64_t now_unix,
                                  const analysis_options& opt) {
  auto s = std::make_unique<state>();
  s->bytes.assign(message);
  s->msg = mime::parse(s->bytes);
  s->env = env;
  s->now = now_unix;
  s->opt = opt;
  s->route = route_of(s->msg, env);
  s->authres = authres_of(s->msg);
  analysis a(std::move(s));
  a.evaluate();
  return a;
}

std::span<const dns::question> analysis::pending() const { return s_->pending; }

void analysis::add_answer(dns::answer a) { s_->cache.add(std::move(a)); }

void analysis::supply(std::span<const dns::answer> answers) {
  for (const auto& a : answers) s_->cache.add(a);
  evaluate();
}

void analysis::evaluate() {
  state& s = *s_;
  // A question asked in an earlier round and still unanswered will never be answered: it counts
  // as a timeout, so the analysis always finishes.
  for (const auto& q : s.pending)
    if (!s.cache.find(q)) s.cache.add(dns::answer{q, dns::status::timeout});
  dns::lookup_context ctx(s.cache);
  s.iprev.reset();
  if (s.route.handoff_ip) s.iprev = transport::check_iprev(ctx, *s.route.handoff_ip);

  s.pending = ctx.pending();
  if (s.opt.offline) s.pending.clear();  // ask nothing; unfinished checks say so
  if (!s.pending.empty() && s.rounds >= s.opt.max_rounds) {
    for (const auto& q : s.pending) s.cache.add(dns::answer{q, dns::status::timeout});
    s.pending.clear();
    evaluate();
    return;
  }
  if (!s.pending.empty()) {
    ++s.rounds;
    for (const auto& q : s.pending) s.asked_in_round.emplace(q, s.rounds);
  }
  s.complete = s.pending.empty();
}

result<bool> analysis::load_snapshot(std::string_view snapshot_json) {
  auto c = dns::from_snapshot_json(snapshot_json);
  if (!c) return c.err();
  for (const auto* a : c->all()) s_->cache.add(*a);
  s_->pending.clear();
  evaluate();
  return true;
}

int analysis::rounds() const { return s_->rounds; }
const dns::cache& analysis::dns_cache() const { return s_->cache; }
std::string analysis::snapshot_json() const { return dns::to_snapshot_json(s_->cache); }

std::string analysis::report_json(bool pretty) const {
  const state& s = *s_;
  json r = base_report(s.msg, s.route, s.authres);
  r["now"] = s.now;
  r["envelope"] = {{"ip", s.route.handoff_ip.value_or("")}, {"helo", s.env.helo}, {"mail_from", s.env.mail_from}};

  const bool unfinished_offline = s.opt.offline;  // offline: whatever is unfinished was never asked
  if (s.iprev) {
    const auto& ip = *s.iprev;
    if (ip.done) {
      r["iprev"] = {{"ip", ip.ip},           {"result", ip.result},       {"reason", ip.reason},
                    {"detail", ip.detail},   {"ptr_names", ip.ptr_names}, {"confirmed_name", ip.confirmed_name}};
    } else {
      r["iprev"] = {{"ip", ip.ip},
                    {"result", "none"},
                    {"reason", unfinished_offline ? "dns.offline" : "dns.incomplete"},
                    {"detail", "Not checked: the DNS answers it needs were not available."}};
    }
  } else {
    r["iprev"] = {{"result", "none"}, {"reason", "iprev.no_client_ip"},
                  {"detail", "No client IP was given or found in the Received fields."}};
  }
  r["dkim"] = json::array();
  r["spf"] = not_checked("SPF");
  r["dmarc"] = not_checked("DMARC");
  r["arc"] = {{"cv", "none"}, {"reason", "not_checked"}};

  json transcript = json::array();
  for (const auto* a : s.cache.all()) {
    json t = {{"name", a->q.name}, {"type", dns::to_string(a->q.type)}, {"status", dns::to_string(a->st)}};
    auto it = s.asked_in_round.find(a->q);
    if (it != s.asked_in_round.end()) t["round"] = it->second;
    if (a->ttl) t["ttl"] = a->ttl;
    if (!a->txt.empty()) t["records"] = a->txt;
    else if (!a->records.empty()) t["records"] = a->records;
    if (!a->cname_chain.empty()) t["cname"] = a->cname_chain;
    transcript.push_back(std::move(t));
  }
  json pending = json::array();
  for (const auto& q : s.pending) pending.push_back({{"name", q.name}, {"type", dns::to_string(q.type)}});
  r["dns"] = {{"rounds", s.rounds}, {"offline", s.opt.offline}, {"complete", s.complete},
              {"transcript", std::move(transcript)}, {"pending", std::move(pending)}};
  return r.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

std::string headers_report_json(std::string_view message, const envelope& env, bool pretty) {
  mime::message m = mime::parse(message);
  json r = base_report(m, route_of(m, env), authres_of(m));
  return r.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace authlens
