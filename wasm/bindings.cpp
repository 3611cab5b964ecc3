// wasm/bindings.cpp — the WebAssembly boundary: a thin C ABI with JSON in and out.
//
// Everything authentication-related happens in the core (authlens/analysis.hpp); this file only
// moves bytes across the boundary. The JS bridge (wasm/js/) drives DNS: it asks pending(), fetches
// every question over DNS-over-HTTPS (RFC 8484 GET), hands the raw application/dns-message bytes
// back with add_wire() — the core's one wire parser (dns::parse_response + dns::to_answer) serves
// native and DoH alike — and calls evaluate() until nothing is pending.
//
// Lifetimes (one rule for the whole file):
//   * Every `char*` returned is a NUL-terminated UTF-8 string allocated with malloc; the caller owns
//     it and releases it with authlens_free(). A null return means "no such handle".
//   * Every pointer passed in is borrowed for the duration of the call only; the module copies what
//     it keeps. JS allocates input buffers with authlens_alloc() and frees them after the call.
//   * A job handle (> 0) lives until authlens_job_free(h); using it afterwards is a no-op that
//     returns null/0. Handles are small integers into a table; a freed handle's number is never
//     given out again while the module lives.
//
// Two generic entry points serve every area (wasm/registry.hpp; each area registers itself in
// wasm/bindings_<area>.cpp): authlens_call(method, json) for pure functions, and the authlens_job_*
// family for sans-I/O tools driven in DNS rounds (dns::job) — the message analysis is the job
// "analysis", registered below.
//   * The module is single-threaded (it runs inside one Web Worker, or one Node thread).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "authlens/analysis.hpp"
#include "authlens/base64.hpp"
#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/report.hpp"
#include "registry.hpp"

namespace authlens::wasm {

std::map<std::string, method_fn>& methods() {
  static std::map<std::string, method_fn> m;
  return m;
}
std::map<std::string, job_kind>& jobs() {
  static std::map<std::string, job_kind> j;
  return j;
}

std::string str_member(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

dns::job_options job_options_from(const nlohmann::json& req) {
  dns::job_options opt;
  if (auto it = req.find("offline"); it != req.end() && it->is_boolean()) opt.offline = it->get<bool>();
  if (auto it = req.find("max_rounds"); it != req.end() && it->is_number_integer()) {
    const auto n = it->get<std::int64_t>();
    if (n >= 1 && n <= 64) opt.max_rounds = static_cast<int>(n);
  }
  return opt;
}

}  // namespace authlens::wasm

namespace {

using nlohmann::json;
using authlens::wasm::str_member;

/// The message analysis as a job. input: the message bytes; request: {"ip","helo","mail_from",
/// "now": unix seconds, "offline", "max_rounds"}; "mail_from" absent = not given, "" or "<>" = null path.
const authlens::wasm::register_job analysis_job{
    "analysis", [](std::string_view input, const json& req) -> authlens::result<std::unique_ptr<authlens::dns::job>> {
      authlens::envelope env;
      env.ip = str_member(req, "ip");
      env.helo = str_member(req, "helo");
      // A present "mail_from" is the given MAIL FROM, "" or "<>" the null reverse-path; absent: not given.
      if (auto it = req.find("mail_from"); it != req.end() && it->is_string()) env.mail_from = it->get<std::string>();
      std::int64_t now = 0;
      if (auto it = req.find("now"); it != req.end() && it->is_number()) now = it->get<std::int64_t>();
      auto created = authlens::analysis::create(input, env, now, authlens::wasm::job_options_from(req));
      if (!created) return created.err();
      return std::unique_ptr<authlens::dns::job>(std::make_unique<authlens::analysis>(std::move(created.value())));
    },
    authlens::wasm::serialise_with<authlens::analysis>(&authlens::report::to_json)};

/// Copies s into a malloc'd NUL-terminated buffer (the caller frees it with authlens_free).
char* to_c(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

/// JSON text for the JS side. Names, TXT answers and method names arrive as bytes and may be invalid
/// UTF-8: they are replaced (U+FFFD) — nlohmann would throw, and a throw aborts the wasm module.
std::string dump_safe(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string_view view(const char* p, std::size_t len) { return p == nullptr ? std::string_view{} : std::string_view{p, len}; }
std::string_view cstr(const char* p) { return p == nullptr ? std::string_view{} : std::string_view{p}; }

/// A live job and the serialiser of its kind.
struct slot {
  std::unique_ptr<authlens::dns::job> job;
  const authlens::wasm::job_kind* kind = nullptr;
};

/// Handle table: slot i holds handle i + 1. Freed slots stay empty (handles are never reused).
std::vector<slot>& table() {
  static std::vector<slot> t;
  return t;
}

slot* slot_of(int h) {
  auto& t = table();
  if (h <= 0 || static_cast<std::size_t>(h) > t.size()) return nullptr;
  slot& s = t[static_cast<std::size_t>(h) - 1];
  return s.job ? &s : nullptr;
}

authlens::dns::job* lookup(int h) {
  slot* s = slot_of(h);
  return s == nullptr ? nullptr : s->job.get();
}

/// The last error of authlens_job_new / load_snapshot, as {"code","message"}.
std::string& last_error() {
  static std::string e = "null";
  return e;
}
void set_error(std::string_view code, std::string_view message) {
  last_error() = dump_safe(json{{"code", code}, {"message", message}});
}

/// One answer in the snapshot's entry form (DESIGN.md "DNS snapshot format"), for the transcript.
json answer_json(const authlens::dns::answer& a) {
  json j{{"name", a.q.name},
         {"type", authlens::dns::to_string(a.q.type)},
         {"status", authlens::dns::to_string(a.st)},
         {"ttl", a.ttl}};
  if (!a.txt.empty()) j["records"] = a.txt;
  else if (!a.records.empty()) j["records"] = a.records;
  if (!a.cname_chain.empty()) j["cname_chain"] = a.cname_chain;
  if (a.authenticated) j["ad"] = true;
  return j;
}

/// Parses "TXT"/"A"/… or returns false.
bool question_of(const char* name, const char* type, authlens::dns::question& q) {
  const auto t = authlens::dns::rr_type_from_string(cstr(type));
  if (!t || name == nullptr) return false;
  q = authlens::dns::make_question(cstr(name), *t);
  return true;
}

}  // namespace

extern "C" {

/// Allocates len bytes for an input buffer (never null for len 0). Free with authlens_free.
void* authlens_alloc(std::size_t len) { return std::malloc(len == 0 ? 1 : len); }

/// Frees anything authlens_alloc allocated or any char* this module returned. Null is fine.
void authlens_free(void* p) { std::free(p); }

/// The headers-only view (`authlens headers --json`, byte-for-byte the same JSON): fields,
/// addresses, MIME outline, route, Authentication-Results. No DNS. msg is borrowed.
/// Returns a JSON string the caller frees.
char* authlens_headers(const char* msg, std::size_t len) {
  return to_c(authlens::report::to_json(authlens::view_headers(view(msg, len))));
}

/// Starts a job of the given kind ("analysis", or any kind an area registered). input (len
/// bytes) and request_json are borrowed; what is kept is copied. request_json (may be null) is the
/// kind's request object; every kind understands {"offline": bool, "max_rounds": int}.
/// Evaluates once, so pending() is ready. Returns a handle > 0, or 0 on failure (unknown kind, bad
/// request JSON, an input the core refuses): authlens_last_error() says why.
int authlens_job_new(const char* kind, const char* input, std::size_t len, const char* request_json) {
  json req = json::object();
  if (request_json != nullptr && *request_json != '\0') {
    req = json::parse(cstr(request_json), nullptr, /*allow_exceptions=*/false);
    if (!req.is_object()) {
      set_error("wasm.request.invalid", "the request is not a JSON object");
      return 0;
    }
  }
  auto& factories = authlens::wasm::jobs();
  auto f = factories.find(std::string(cstr(kind)));
  if (f == factories.end()) {
    set_error("wasm.job.unknown", "no such job kind: " + std::string(cstr(kind)));
    return 0;
  }
  auto created = f->second.start(view(input, len), req);
  if (!created) {
    set_error(created.err().code, created.err().message);
    return 0;
  }
  table().push_back(slot{std::move(created.value()), &f->second});
  last_error() = "null";
  return static_cast<int>(table().size());
}

/// Calls a registered pure method with input_json (borrowed). Returns its JSON result, or
/// {"error": {"code","message"}} for an unknown method or input that is not JSON. Caller frees.
char* authlens_call(const char* method, const char* input_json) {
  auto& m = authlens::wasm::methods();
  auto it = m.find(std::string(cstr(method)));
  if (it == m.end())
    return to_c(dump_safe(json{{"error", {{"code", "wasm.method.unknown"}, {"message", "no such method: " + std::string(cstr(method))}}}}));
  json in = json::parse(cstr(input_json), nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded())
    return to_c(json{{"error", {{"code", "wasm.input.invalid"}, {"message", "the input is not JSON"}}}}.dump());
  return to_c(dump_safe(it->second(in)));
}

/// {"code","message"} of the last failed authlens_job_new / load_snapshot, or "null".
/// Caller frees.
char* authlens_last_error() { return to_c(last_error()); }

/// The questions the job still needs, as a JSON array of {"name","type","query"} where query
/// is the RFC 8484 GET parameter: base64url (no padding) of the wire query with id 0, or null for a
/// name the wire format cannot carry (answer it with add_status SERVFAIL). "[]" once finished. Null for an unknown handle. Caller frees.
char* authlens_job_pending(int h) {
  auto* a = lookup(h);
  if (a == nullptr) return nullptr;
  json out = json::array();
  for (const auto& q : a->pending()) {
    const auto wire = authlens::dns::build_query(q, 0);
    // A name the wire format cannot carry gets "query": null; the driver records SERVFAIL for it.
    out.push_back({{"name", q.name},
                   {"type", authlens::dns::to_string(q.type)},
                   {"query", wire.empty() ? json(nullptr) : json(authlens::base64::encode_url(wire))}});
  }
  return to_c(dump_safe(out));
}

/// Adds the DoH reply (an application/dns-message body, borrowed) to the question (name, type).
/// The core parses it; a reply that does not parse becomes SERVFAIL. Does not re-evaluate.
/// Returns the answer as recorded (snapshot entry form, for the DNS transcript); caller frees.
char* authlens_job_add_wire(int h, const char* name, const char* type, const std::uint8_t* bytes, std::size_t len) {
  auto* a = lookup(h);
  authlens::dns::question q;
  if (a == nullptr || !question_of(name, type, q)) return nullptr;
  authlens::dns::answer ans;
  auto parsed = authlens::dns::parse_response(std::span<const std::uint8_t>(bytes, bytes == nullptr ? 0 : len));
  if (parsed) {
    ans = authlens::dns::to_answer(parsed.value(), q);
  } else {
    ans.q = q;
    ans.st = authlens::dns::status::servfail;
  }
  ans.q = q;
  json j = answer_json(ans);
  if (!parsed) j["error"] = parsed.err().code;
  a->add_answer(std::move(ans));
  return to_c(dump_safe(j));
}

/// Records a question that got no DNS reply: status is "TIMEOUT" or "SERVFAIL" (network or HTTP
/// error), or any snapshot status. Returns 1 when recorded, 0 otherwise. Does not re-evaluate.
int authlens_job_add_status(int h, const char* name, const char* type, const char* status) {
  auto* a = lookup(h);
  authlens::dns::question q;
  if (a == nullptr || !question_of(name, type, q)) return 0;
  const auto st = authlens::dns::status_from_string(cstr(status));
  if (!st) return 0;
  authlens::dns::answer ans;
  ans.q = q;
  ans.st = *st;
  a->add_answer(std::move(ans));
  return 1;
}

/// Re-evaluates the job against the answers added so far (starts the next DNS round).
void authlens_job_evaluate(int h) {
  if (auto* a = lookup(h)) a->evaluate();
}

/// DNS rounds so far (0 for an unknown handle).
int authlens_job_rounds(int h) {
  auto* a = lookup(h);
  return a == nullptr ? 0 : a->rounds();
}

/// The job's result as compact JSON, by its kind's serialiser (for "analysis", the report
/// authlens/report/v1). Caller frees.
char* authlens_job_result(int h) {
  slot* s = slot_of(h);
  return s == nullptr ? nullptr : to_c(s->kind->result(*s->job));
}

/// Every DNS answer used (authlens/dns-snapshot/v1). Caller frees.
char* authlens_job_snapshot(int h) {
  auto* a = lookup(h);
  return a == nullptr ? nullptr : to_c(a->snapshot_json());
}

/// Loads a snapshot (borrowed) into the cache and re-evaluates: the offline replay. Returns 1 on
/// success, 0 on an unknown handle or a snapshot the core rejects (authlens_last_error() says why).
int authlens_job_load_snapshot(int h, const char* snapshot_json) {
  auto* a = lookup(h);
  if (a == nullptr) {
    set_error("wasm.handle.unknown", "no such job");
    return 0;
  }
  auto r = a->load_snapshot(cstr(snapshot_json));
  if (!r) {
    set_error(r.err().code, r.err().message);
    return 0;
  }
  return 1;
}

/// Ends a job and releases its memory. Unknown or already freed handles are ignored.
void authlens_job_free(int h) {
  auto& t = table();
  if (h > 0 && static_cast<std::size_t>(h) <= t.size()) t[static_cast<std::size_t>(h) - 1] = slot{};
}

}  // extern "C"
