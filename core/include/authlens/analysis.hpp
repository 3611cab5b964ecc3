// authlens/analysis.hpp — one message, one evaluation context: the entry point shared by the CLI
// and the WebAssembly module.
//
// Sans-I/O (DESIGN.md "How data flows"): create() parses the message and evaluates every check
// against an empty DNS cache; pending() lists the questions the checks still need; supply() adds
// answers and evaluates again. The driver (native resolver, DoH via fetch, zone files, snapshot)
// loops until pending() is empty. Time is an input (now_unix); nothing here does I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/result.hpp"

namespace authlens {

/// What the receiving MTA knew that the message may not say. Empty fields are taken from the
/// message (Received chain, Return-Path) where possible.
struct envelope {
  std::string ip;         ///< client IP that handed the message to the receiving organisation
  std::string helo;       ///< HELO/EHLO name given by that client
  std::string mail_from;  ///< RFC 5321 MAIL FROM (empty = take Return-Path)
};

struct analysis_options {
  int max_rounds = 12;  ///< DNS rounds before missing answers count as TIMEOUT
  bool offline = false;  ///< ask nothing: every check that needs DNS says it could not tell
};

class analysis {
 public:
  static result<analysis> create(std::string_view message, const envelope& env, std::int64_t now_unix,
                                 const analysis_options& opt = {});
  analysis(analysis&&) noexcept;
  analysis& operator=(analysis&&) noexcept;
  ~analysis();

  /// Questions still needed; empty once finished.
  std::span<const dns::question> pending() const;
  /// Adds answers (any order; unanswered pending questions become TIMEOUT) and re-evaluates.
  void supply(std::span<const dns::answer> answers);
  /// Adds one answer without re-evaluating (for drivers that receive answers one by one).
  void add_answer(dns::answer a);
  /// Re-evaluates against the cache; starts a new DNS round if questions remain.
  void evaluate();
  /// Loads a snapshot's answers into the cache (replay), then re-evaluates.
  result<bool> load_snapshot(std::string_view snapshot_json);

  int rounds() const;
  /// The report (authlens/report/v1) as JSON text.
  std::string report_json(bool pretty = false) const;
  /// Every answer used, as authlens/dns-snapshot/v1.
  std::string snapshot_json() const;
  const dns::cache& dns_cache() const;

 private:
  struct state;
  explicit analysis(std::unique_ptr<state> s);
  std::unique_ptr<state> s_;
};

/// The headers-only view (`authlens headers`): fields, addresses, MIME outline, route,
/// Authentication-Results. No DNS. Same conventions as the report.
std::string headers_report_json(std::string_view message, const envelope& env = {}, bool pretty = false);

}  // namespace authlens
