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
//   * An analysis handle (> 0) lives until authlens_analysis_free(h); using it afterwards is a no-op
//     that returns null/0. Handles are small integers into a table; a freed handle's number is
//     never given out again while the module lives.
//   * The module is single-threaded (it runs inside one Web Worker, or one Node thread).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "authlens/analysis.hpp"
#include "authlens/dns.hpp"

namespace {

using nlohmann::json;

/// Copies s into a malloc'd NUL-terminated buffer (the caller frees it with authlens_free).
char* to_c(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

std::string_view view(const char* p, std::size_t len) { return p == nullptr ? std::string_view{} : std::string_view{p, len}; }
std::string_view cstr(const char* p) { return p == nullptr ? std::string_view{} : std::string_view{p}; }

/// Handle table: slot i holds handle i + 1. Freed slots stay empty (handles are never reused).
std::vector<std::unique_ptr<authlens::analysis>>& table() {
  static std::vector<std::unique_ptr<authlens::analysis>> t;
  return t;
}

authlens::analysis* lookup(int h) {
  auto& t = table();
  if (h <= 0 || static_cast<std::size_t>(h) > t.size()) return nullptr;
  return t[static_cast<std::size_t>(h) - 1].get();
}

/// The last error of authlens_analysis_new / load_snapshot, as {"code","message"}.
std::string& last_error() {
  static std::string e = "null";
  return e;
}
void set_error(std::string_view code, std::string_view message) {
  last_error() = json{{"code", code}, {"message", message}}.dump();
}

/// A string member of a JSON object, or "" when absent or of another type (never throws).
std::string str_member(const json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

/// RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 requires for the `dns` parameter.
std::string base64url(const std::vector<std::uint8_t>& in) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
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
  return to_c(authlens::headers_report_json(view(msg, len)));
}

/// Starts one analysis. msg (len bytes) and request_json are borrowed; the message is copied.
/// request_json (may be null): {"ip","helo","mail_from": strings, "now": unix seconds,
/// "offline": bool, "max_rounds": int}. Returns a handle > 0, or 0 on failure (bad request JSON
/// or a message the core refuses): authlens_last_error() says why.
int authlens_analysis_new(const char* msg, std::size_t len, const char* request_json) {
  json req = json::object();
  if (request_json != nullptr && *request_json != '\0') {
    req = json::parse(cstr(request_json), nullptr, /*allow_exceptions=*/false);
    if (!req.is_object()) {
      set_error("wasm.request.invalid", "the request is not a JSON object");
      return 0;
    }
  }
  authlens::envelope env;
  env.ip = str_member(req, "ip");
  env.helo = str_member(req, "helo");
  env.mail_from = str_member(req, "mail_from");
  std::int64_t now = 0;
  if (auto it = req.find("now"); it != req.end() && it->is_number()) now = it->get<std::int64_t>();
  authlens::analysis_options opt;
  if (auto it = req.find("offline"); it != req.end() && it->is_boolean()) opt.offline = it->get<bool>();
  if (auto it = req.find("max_rounds"); it != req.end() && it->is_number_integer()) {
    const auto n = it->get<std::int64_t>();
    if (n >= 1 && n <= 64) opt.max_rounds = static_cast<int>(n);
  }
  auto created = authlens::analysis::create(view(msg, len), env, now, opt);
  if (!created) {
    set_error(created.err().code, created.err().message);
    return 0;
  }
  table().push_back(std::make_unique<authlens::analysis>(std::move(created.value())));
  last_error() = "null";
  return static_cast<int>(table().size());
}

/// {"code","message"} of the last failed authlens_analysis_new / load_snapshot, or "null".
/// Caller frees.
char* authlens_last_error() { return to_c(last_error()); }

/// The questions the analysis still needs, as a JSON array of {"name","type","query"} where query
/// is the RFC 8484 GET parameter: base64url (no padding) of the wire query with id 0, or null for a
/// name the wire format cannot carry (answer it with add_status SERVFAIL). "[]" once finished. Null for an unknown handle. Caller frees.
char* authlens_analysis_pending(int h) {
  auto* a = lookup(h);
  if (a == nullptr) return nullptr;
  json out = json::array();
  for (const auto& q : a->pending()) {
    const auto wire = authlens::dns::build_query(q, 0);
    // A name the wire format cannot carry gets "query": null; the driver records SERVFAIL for it.
    out.push_back({{"name", q.name},
                   {"type", authlens::dns::to_string(q.type)},
                   {"query", wire.empty() ? json(nullptr) : json(base64url(wire))}});
  }
  return to_c(out.dump());
}

/// Adds the DoH reply (an application/dns-message body, borrowed) to the question (name, type).
/// The core parses it; a reply that does not parse becomes SERVFAIL. Does not re-evaluate.
/// Returns the answer as recorded (snapshot entry form, for the DNS transcript); caller frees.
char* authlens_analysis_add_wire(int h, const char* name, const char* type, const std::uint8_t* bytes, std::size_t len) {
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
  return to_c(j.dump());
}

/// Records a question that got no DNS reply: status is "TIMEOUT" or "SERVFAIL" (network or HTTP
/// error), or any snapshot status. Returns 1 when recorded, 0 otherwise. Does not re-evaluate.
int authlens_analysis_add_status(int h, const char* name, const char* type, const char* status) {
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

/// Re-evaluates every check against the answers added so far (starts the next DNS round).
void authlens_analysis_evaluate(int h) {
  if (auto* a = lookup(h)) a->evaluate();
}

/// DNS rounds so far (0 for an unknown handle).
int authlens_analysis_rounds(int h) {
  auto* a = lookup(h);
  return a == nullptr ? 0 : a->rounds();
}

/// The report (authlens/report/v1) as compact JSON. Caller frees.
char* authlens_analysis_report(int h) {
  auto* a = lookup(h);
  return a == nullptr ? nullptr : to_c(a->report_json());
}

/// Every DNS answer used (authlens/dns-snapshot/v1). Caller frees.
char* authlens_analysis_snapshot(int h) {
  auto* a = lookup(h);
  return a == nullptr ? nullptr : to_c(a->snapshot_json());
}

/// Loads a snapshot (borrowed) into the cache and re-evaluates: the offline replay. Returns 1 on
/// success, 0 on an unknown handle or a snapshot the core rejects (authlens_last_error() says why).
int authlens_analysis_load_snapshot(int h, const char* snapshot_json) {
  auto* a = lookup(h);
  if (a == nullptr) {
    set_error("wasm.handle.unknown", "no such analysis");
    return 0;
  }
  auto r = a->load_snapshot(cstr(snapshot_json));
  if (!r) {
    set_error(r.err().code, r.err().message);
    return 0;
  }
  return 1;
}

/// Ends an analysis and releases its memory. Unknown or already freed handles are ignored.
void authlens_analysis_free(int h) {
  auto& t = table();
  if (h > 0 && static_cast<std::size_t>(h) <= t.size()) t[static_cast<std::size_t>(h) - 1].reset();
}

}  // extern "C"
