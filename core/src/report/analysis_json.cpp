// The whole authlens/report/v1 document (docs/report-format.md) from the analysis's typed result
// (authlens/analysis.hpp), and the headers-only view. The areas' results go through their own
// serialisers; a check whose DNS answers are missing says so in the RFC 8601 vocabulary ("none")
// with the reason dns.offline or dns.incomplete.
#include "authlens/report.hpp"

#include <optional>
#include <string>
#include <variant>


namespace authlens::report {

using nlohmann::json;

json params_to_json(const analyzer::param_list& p) {
  json j = json::object();
  for (const auto& [name, value] : p.items())
    std::visit([&, n = &name](const auto& v) { j[*n] = v; }, value);
  return j;
}

namespace {

constexpr const char* schema = "authlens/report/v1";

/// The parts of the report that need no DNS: shared by `headers` and the full analysis.
json base_report(const mime::message& m, const transport::route& route, const std::vector<authres::field>& ar) {
  json r = message_to_json(m);
  r["schema"] = schema;
  r["route"] = route_to_json(route);
  r["authentication_results"] = authres_to_json(ar);
  return r;
}

json not_available(const char* what, bool offline) {
  return json{{"result", "none"},
              {"reason", offline ? "dns.offline" : "dns.incomplete"},
              {"detail", std::string(what) + " not checked: the DNS answers it needs were not available" +
                             (offline ? " (offline mode)." : ".")}};
}

json spf_json(const std::optional<spf::evaluation>& e, bool offline, const char* missing_reason,
              const char* missing_detail) {
  if (!e) return json{{"result", "none"}, {"reason", missing_reason}, {"detail", missing_detail}};
  if (!e->done) {
    json j = not_available("SPF", offline);
    j["identity"] = std::string(spf::to_string(e->checked));
    j["domain"] = e->domain;
    j["sender"] = e->sender;
    j["client_ip"] = e->client_ip;
    return j;
  }
  json j = spf_to_json(*e);
  j["detail"] = e->message;
  return j;
}

}  // namespace

json analysis_to_json(const analysis& a, const report_parts& parts) {
  const analyzer::message_report& s = a.result();
  json r = base_report(s.message, s.route, s.authres);
  const bool off = s.offline;
  r["now"] = s.now;
  r["envelope"] = {{"ip", s.route.handoff_ip.value_or("")},
                   {"helo", s.helo},
                   {"helo_source", s.helo_source},
                   {"mail_from", s.mail_from},
                   {"mail_from_source", s.mail_from_source},
                   {"mail_from_null", s.mail_from == "<>"}};

  // iprev
  if (s.iprev) {
    const auto& ip = *s.iprev;
    if (ip.done) {
      r["iprev"] = {{"ip", ip.ip},
                    {"result", std::string(transport::to_string(ip.result))},
                    {"reason", std::string(transport::to_string(ip.reason))},
                    {"detail", ip.detail},   {"ptr_names", ip.ptr_names}, {"confirmed_name", ip.confirmed_name}};
    } else {
      r["iprev"] = not_available("iprev", off);
      r["iprev"]["ip"] = ip.ip;
    }
  } else {
    r["iprev"] = {{"result", "none"}, {"reason", "iprev.no_client_ip"},
                  {"detail", "No client IP was given or found in the Received fields."}};
  }

  // SPF: `spf` is the MAIL FROM identity, `spf.helo` the HELO identity.
  const char* no_ip_detail = "SPF not checked: no client IP was given or found in the Received fields.";
  if (!s.route.handoff_ip) {
    r["spf"] = {{"result", "none"}, {"reason", "spf.no_client_ip"}, {"detail", no_ip_detail}};
  } else {
    if (s.mail_from == "<>")
      r["spf"] = spf_json(s.spf_mailfrom, off, "spf.no_helo",
                          "SPF not checked for MAIL FROM: it was the null reverse-path, whose identity is "
                          "postmaster@<HELO> (RFC 7208 §2.4), and no HELO name was given or recorded.");
    else
      r["spf"] = spf_json(s.spf_mailfrom, off, "spf.no_mail_from",
                          "SPF not checked for MAIL FROM: no envelope sender was given and the message has no "
                          "Return-Path.");
  }
  if (!s.route.handoff_ip)
    r["spf"]["helo"] = {{"result", "none"}, {"reason", "spf.no_client_ip"}, {"detail", no_ip_detail}};
  else
    r["spf"]["helo"] = spf_json(s.spf_helo, off, "spf.no_helo",
                                "SPF not checked for HELO: no HELO name was given or recorded by the hand-off hop.");
  r["spf"]["mail_from_source"] = s.mail_from_source;
  if (s.mail_from == "<>") r["spf"]["null_sender"] = true;

  // DKIM
  r["dkim"] = json::array();
  for (const auto& sig : s.dkim.signatures) {
    json j = dkim_signature_to_json(sig);
    if (sig.pending) {
      j["result"] = "none";
      j["reason"] = off ? "dns.offline" : "dns.incomplete";
      j["detail"] = std::string("Not checked: the key ") + sig.key_name + " was not available from DNS" +
                    (off ? " (offline mode)." : ".");
    }
    r["dkim"].push_back(std::move(j));
  }

  // DMARC
  if (s.dmarc.done) {
    r["dmarc"] = dmarc_to_json(s.dmarc);
  } else {
    r["dmarc"] = not_available("DMARC", off);
    r["dmarc"]["policy"] = nullptr;
    r["dmarc"]["disposition"] = "none";  // always present (DESIGN.md): nothing is asked of the receiver
    r["dmarc"]["author_domain"] = s.dmarc.author_domain;
    r["dmarc"]["rfc7489"] = not_available("DMARC", off);
    r["dmarc"]["rfc7489"]["policy"] = nullptr;
    r["dmarc"]["rfc7489"]["disposition"] = "none";
  }

  // ARC
  r["arc"] = arc_to_json(s.arc);
  if (!s.arc.complete) {
    r["arc"]["cv"] = "none";
    r["arc"]["reason"] = off ? "dns.offline" : "dns.incomplete";
    r["arc"]["detail"] = "ARC chain not judged: the DNS answers it needs were not available.";
  }

  r["bulk_sender"] = bulk_sender_to_json(s.bulk_sender, parts);
  r["spoofing"] = spoofing_to_json(s.spoofing);
  r["comparison"] = comparison_to_json(s.comparison);
  r["summary"] = summary_to_json(s.summary);
  r["decision"] = decision_to_json(s.decision);
  r["dns"] = dns_to_json(a);
  return r;
}

std::string to_json(const analysis& a, bool pretty) {
  return analysis_to_json(a).dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

json headers_to_json(const headers_view& v) { return base_report(v.message, v.route, v.authres); }

std::string to_json(const headers_view& v, bool pretty) {
  return headers_to_json(v).dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace authlens::report
