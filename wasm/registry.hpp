// wasm/registry.hpp — how an area exposes itself to the page without touching a shared file.
//
// Each wasm/bindings_<area>.cpp registers, at static-initialisation time:
//   * methods: pure functions JSON in → JSON out, called from JS as core.call("record.spf", {...});
//   * jobs: sans-I/O tools driven in DNS rounds (authlens/dns_job.hpp), started from JS as
//     core.job("domain", input, request) and driven by wasm/js/driver.js (runJob), exactly like the
//     message analysis ("analysis"). A job keeps a typed result; each kind is registered with the
//     serialiser that turns it into the kind's JSON (the report area's report::to_json overloads).
// Both receive their input already parsed; they never throw (return an error value instead).
//
//   static authlens::wasm::register_method m{"record.spf", [](const nlohmann::json& in) -> nlohmann::json { ... }};
//   static authlens::wasm::register_job j{"domain", [](std::string_view bytes, const nlohmann::json& req)
//       -> authlens::result<std::unique_ptr<authlens::dns::job>> { ... },
//       authlens::wasm::serialise_with<authlens::domain::check>(&authlens::report::to_json)};
//
// The generic C ABI over these lives in wasm/bindings.cpp (authlens_call, authlens_job_*).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "authlens/dns_job.hpp"
#include "authlens/result.hpp"

namespace authlens::wasm {

/// A pure function. Errors are returned as {"error": {"code", "message"}}.
using method_fn = std::function<nlohmann::json(const nlohmann::json& input)>;
/// Starts a job from the input bytes (a message, a domain name…) and the request object.
/// The factory evaluates the job once (so pending() holds the first round) before returning it.
using job_factory = std::function<result<std::unique_ptr<dns::job>>(std::string_view input, const nlohmann::json& request)>;

/// The job's result as compact JSON text. Called only with jobs its kind's factory made.
using job_serialiser = std::function<std::string(const dns::job& job)>;

/// A registered job kind: how to start one, and how to serialise its result.
struct job_kind {
  job_factory start;
  job_serialiser result;
};

std::map<std::string, method_fn>& methods();
std::map<std::string, job_kind>& jobs();

struct register_method {
  register_method(const std::string& name, method_fn fn) { methods()[name] = std::move(fn); }
};
struct register_job {
  register_job(const std::string& name, job_factory start, job_serialiser result) {
    jobs()[name] = job_kind{std::move(start), std::move(result)};
  }
};

/// The serialiser of a kind whose factory makes jobs of type T, from `std::string f(const T&, bool pretty)`.
template <class T>
job_serialiser serialise_with(std::string (*f)(const T&, bool)) {
  return [f](const dns::job& j) { return f(static_cast<const T&>(j), false); };
}

/// Common request fields every job understands: {"offline": bool, "max_rounds": 1..64}.
dns::job_options job_options_from(const nlohmann::json& request);
/// A string member of a JSON object, or "" when absent or of another type (never throws).
std::string str_member(const nlohmann::json& j, const char* key);

}  // namespace authlens::wasm
