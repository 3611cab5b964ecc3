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
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dns.hpp"
#include "authlens/dns_job.hpp"
#include "authlens/result.hpp"

namespace authlens {

/// What the receiving MTA knew that the message may not say. Fields not given are taken from the
/// message (Received chain, Return-Path) where possible.
struct envelope {
  std::string ip;    ///< client IP that handed the message to the receiving organisation ("" = not given)
  std::string helo;  ///< HELO/EHLO name given by that client ("" = not given)
  /// RFC 5321 MAIL FROM. nullopt: not given (taken from Return-Path). "" or "<>": given, and it was
  /// the null reverse-path (RFC 5321 §4.5.5, bounces): SPF then checks postmaster@<HELO> (RFC 7208 §2.4).
  std::optional<std::string> mail_from;
};

using analysis_options = dns::job_options;

/// The message analysis: a dns::job (authlens/dns_job.hpp) whose result is the report.
class analysis : public dns::job {
 public:
  static result<analysis> create(std::string_view message, const envelope& env, std::int64_t now_unix,
                                 const analysis_options& opt = {});
  analysis(analysis&&) noexcept;
  analysis& operator=(analysis&&) noexcept;
  ~analysis() override;

  /// The report (authlens/report/v1) as JSON text.
  std::string result_json(bool pretty = false) const override;
  std::string report_json(bool pretty = false) const { return result_json(pretty); }

  /// An Authentication-Results field (RFC 8601) with authlens's own results, for pipelines:
  /// "Authentication-Results: <authserv_id>; iprev=…; spf=…; dkim=…; dmarc=…; arc=…" (folded with
  /// CRLF + TAB between results, no final CRLF). Checks whose DNS answers are missing are left out.
  std::string authentication_results(std::string_view authserv_id = "authlens") const;

  /// The CLI verdict (DESIGN.md): 0 when DMARC (RFC 9989) passes, 3 on temperror, 1 otherwise
  /// (an offline analysis cannot pass).
  int verdict_exit_code() const;

 protected:
  void run(dns::lookup_context& ctx) override;

 private:
  struct state;
  analysis(std::unique_ptr<state> s, const analysis_options& opt);
  std::unique_ptr<state> s_;
};

/// The headers-only view (`authlens headers`): fields, addresses, MIME outline, route,
/// Authentication-Results. No DNS. Same conventions as the report.
std::string headers_report_json(std::string_view message, const envelope& env = {}, bool pretty = false);

}  // namespace authlens
