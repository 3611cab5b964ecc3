#include "text_view.hpp"

#include <string>

#include "authlens/message.hpp"

namespace authlens::cli {

namespace {

using nlohmann::json;

/// A report value for the terminal. Message text can hold control characters (a decoded encoded word
/// may carry NUL, CR, LF, NEL): written raw they would move the cursor, hide text or end the line, so they
/// are shown escaped ("\r", "\x00", "\u0085"). JSON output keeps the real characters.
std::string s(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return mime::visible_controls(it->is_string() ? it->get<std::string>() : it->dump());
}

void print_defects(std::ostream& out, const json& defects, const char* indent) {
  if (!defects.is_array()) return;
  for (const auto& d : defects) out << indent << "! " << s(d, "code") << ": " << s(d, "detail") << "\n";
}

void print_route(std::ostream& out, const json& route) {
  out << "Route (newest first):\n";
  const json& hops = route.contains("hops") ? route["hops"] : json::array();
  int i = 0;
  for (const auto& h : hops) {
    out << "  [" << i++ << "] ";
    if (h.contains("from_host") || h.contains("from_ip"))
      out << "from " << s(h, "from_host") << (h.contains("from_ip") ? " [" + s(h, "from_ip") + "]" : "") << " ";
    if (h.contains("by_host")) out << "by " << s(h, "by_host") << " ";
    if (h.contains("with")) out << "with " << s(h, "with") << " ";
    if (h.contains("tls")) out << "tls=" << s(h, "tls") << " ";
    if (h.contains("date")) out << "at " << s(h, "date") << " ";
    if (h.contains("delay_s")) out << "(+" << s(h, "delay_s") << "s)";
    out << "\n";
    print_defects(out, h.value("defects", json::array()), "      ");
  }
  if (hops.empty()) out << "  (no Received fields)\n";
  if (route.contains("handoff_ip"))
    out << "  hand-off IP: " << s(route, "handoff_ip") << " (" << s(route, "handoff_reason") << ")\n";
}

}  // namespace

void print_headers_text(std::ostream& out, const json& r) {
  if (r.is_discarded()) {
    out << "(report could not be rendered)\n";
    return;
  }
  if (r.contains("input")) {
    const json& in = r["input"];
    out << "Input: " << s(in, "bytes") << " bytes, line endings " << s(in, "line_endings")
        << (in.value("headers_only", false) ? ", headers only" : "") << "\n";
  }
  out << "Subject: " << s(r, "subject") << "\n";
  if (r.contains("addresses") && r["addresses"].contains("from"))
    for (const auto& m : r["addresses"]["from"])
      out << "From: " << s(m, "display_name") << (m.contains("address") ? " <" + s(m, "address") + ">" : "") << "\n";
  out << "Author domain: " << s(r, "author_domain") << "\n";
  print_route(out, r.value("route", json::object()));
  if (r.contains("authentication_results") && !r["authentication_results"].empty()) {
    out << "Authentication-Results:\n";
    for (const auto& f : r["authentication_results"]) {
      out << "  " << s(f, "field") << (f.contains("instance") ? " i=" + s(f, "instance") : "") << " by "
          << s(f, "authserv_id") << "\n";
      for (const auto& res : f.value("results", json::array()))
        out << "    " << s(res, "method") << "=" << s(res, "result") << "\n";
    }
  }
  if (r.contains("defects") && !r["defects"].empty()) {
    out << "Defects:\n";
    print_defects(out, r["defects"], "  ");
  }
}

void print_analysis_text(std::ostream& out, const json& r) {
  if (r.is_discarded()) {
    out << "(report could not be rendered)\n";
    return;
  }
  if (r.contains("summary")) out << s(r["summary"], "headline") << "\n\n";
  print_headers_text(out, r);
  out << "\n";
  if (r.contains("envelope")) {
    const json& e = r["envelope"];
    out << "Envelope: ip " << (s(e, "ip").empty() ? "?" : s(e, "ip")) << ", helo "
        << (s(e, "helo").empty() ? "?" : s(e, "helo")) << " (" << s(e, "helo_source") << "), mail from "
        << (s(e, "mail_from").empty() ? "?" : s(e, "mail_from")) << " (" << s(e, "mail_from_source")
        << (e.contains("mail_from_null") && e["mail_from_null"] == true ? ", null reverse-path: SPF checks postmaster@<HELO>" : "") << ")\n";
  }
  auto verdict = [&](const char* label, const json& v) {
    out << label << s(v, "result");
    if (v.contains("domain") && !s(v, "domain").empty()) out << " " << s(v, "domain");
    out << " (" << s(v, "reason") << ")";
    std::string d = s(v, "detail");
    if (!d.empty()) out << " " << d;
    out << "\n";
  };
  if (r.contains("spf")) {
    verdict("SPF mailfrom: ", r["spf"]);
    if (r["spf"].contains("helo")) verdict("SPF helo:     ", r["spf"]["helo"]);
  }
  const json dkim = r.value("dkim", json::array());
  if (dkim.empty()) out << "DKIM:  none (the message is not signed)\n";
  for (const auto& d : dkim) {
    out << "DKIM:  " << s(d, "result") << " d=" << s(d, "domain") << " s=" << s(d, "selector") << " a="
        << s(d, "algorithm") << " (" << s(d, "reason") << ")";
    if (d.contains("key") && d["key"].value("bits", 0) > 0) out << " key " << d["key"].value("bits", 0) << " bits";
    if (d.contains("body")) out << ", body " << s(d["body"], "state");
    if (d.value("author_signature", false)) out << ", author signature";
    out << "\n";
  }
  if (r.contains("dmarc")) {
    const json& m = r["dmarc"];
    out << "DMARC: " << s(m, "result") << " (" << s(m, "reason") << ")";
    if (!s(m, "policy").empty()) out << " policy " << s(m, "policy") << ", disposition " << s(m, "disposition");
    if (!s(m, "record_domain").empty()) out << ", record at _dmarc." << s(m, "record_domain");
    out << "\n";
    if (m.contains("rfc7489") && s(m["rfc7489"], "result") != s(m, "result"))
      out << "       RFC 7489: " << s(m["rfc7489"], "result") << " (" << s(m["rfc7489"], "reason") << ")\n";
    for (const auto& d : m.value("disagreements", json::array()))
      out << "       9989 vs 7489: " << s(d, "what") << ": " << s(d, "detail") << "\n";
    if (m.contains("explain") && !s(m["explain"], "fix").empty()) out << "       fix: " << s(m["explain"], "fix") << "\n";
  }
  if (r.contains("arc")) {
    const json& a = r["arc"];
    out << "ARC:   cv=" << s(a, "cv") << " (" << s(a, "reason") << ")";
    if (a.contains("sets") && !a["sets"].empty()) out << ", " << a["sets"].size() << " set(s)";
    if (a.contains("oldest_pass") && !a["oldest_pass"].is_null()) out << ", oldest pass i=" << s(a, "oldest_pass");
    out << "\n";
  }
  if (r.contains("iprev")) verdict("iprev: ", r["iprev"]);
  if (r.contains("decision")) {
    const json& d = r["decision"];
    auto yn = [](const json& v, const char* k) { return v.value(k, false) ? "yes" : "no"; };
    out << "Decision: SPF pass " << yn(d["spf"], "pass") << " aligned " << yn(d["spf"], "aligned") << " · DKIM pass "
        << yn(d["dkim"], "pass") << " aligned " << yn(d["dkim"], "aligned") << " → DMARC " << s(d, "dmarc") << "\n";
  }
  if (r.contains("bulk_sender")) {
    for (const char* who : {"gmail_yahoo", "outlook"}) {
      const json& c = r["bulk_sender"][who];
      out << (std::string(who) == "gmail_yahoo" ? "Gmail/Yahoo bulk: " : "Outlook bulk:     ") << s(c, "status")
          << " (" << c.value("passed", 0) << " pass, " << c.value("failed", 0) << " fail, " << c.value("unknown", 0)
          << " unknown)\n";
      for (const auto& i : c.value("items", json::array()))
        if (s(i, "status") != "pass") out << "    " << s(i, "status") << " " << s(i, "id") << ": " << s(i, "evidence") << "\n";
    }
    // Every provider of the sender rules: what the recipient will see, and the failing rules' sources.
    const json& providers = r["bulk_sender"].value("providers", json::array());
    if (!providers.empty()) out << "Mailbox providers (what the recipient will see):\n";
    for (const auto& p : providers) {
      out << "    " << s(p, "name") << ": " << s(p, "effect");
      if (!s(p, "smtp_reply").empty()) out << " (" << s(p, "smtp_reply") << ")";
      out << "\n";
      for (const auto& rule : p.value("rules", json::array()))
        if (s(rule, "status") == "fail" && rule.value("in_force", false))
          out << "        " << s(rule, "requirement") << ": " << s(rule, "evidence") << " [" << s(rule["source"], "title")
              << ", " << s(rule, "effective") << "]\n";
    }
  }
  if (r.contains("spoofing")) {
    const json& sp = r["spoofing"];
    out << "Spoofing indicators: " << s(sp, "level") << "\n";
    for (const auto& i : sp.value("indicators", json::array()))
      out << "    [" << s(i, "severity") << "] " << s(i, "detail") << "\n";
  }
  if (r.contains("comparison")) {
    const json& c = r["comparison"];
    if (!c.value("found", false)) {
      out << "Claimed results: none in the message\n";
    } else {
      out << "Claimed by " << s(c, "authserv_id") << " (" << s(c, "chosen_by") << "):"
          << (c.value("agree", false) ? " all agree" : "") << "\n";
      for (const auto& i : c.value("items", json::array())) {
        out << "    " << s(i, "method") << ": claimed " << s(i, "claimed") << ", recomputed "
            << (s(i, "recomputed").empty() ? "-" : s(i, "recomputed"));
        if (!i.value("agree", false)) out << " — " << s(i, "detail");
        out << "\n";
      }
    }
  }
  if (r.contains("dns"))
    out << "DNS: " << r["dns"].value("rounds", 0) << " round(s), " << r["dns"].value("transcript", json::array()).size()
        << " answer(s)" << (r["dns"].value("offline", false) ? ", offline" : "") << "\n";
}

}  // namespace authlens::cli
