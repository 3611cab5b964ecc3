#include "text_view.hpp"

#include <string>

namespace authlens::cli {

namespace {

using nlohmann::json;

std::string s(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
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
  print_headers_text(out, r);
  for (const char* area : {"spf", "dmarc", "iprev"}) {
    if (!r.contains(area)) continue;
    out << area << ": " << s(r[area], "result") << " (" << s(r[area], "reason") << ") " << s(r[area], "detail") << "\n";
  }
  for (const auto& d : r.value("dkim", json::array()))
    out << "dkim: " << s(d, "result") << " d=" << s(d, "domain") << " s=" << s(d, "selector") << " (" << s(d, "reason")
        << ")\n";
  if (r.contains("dns"))
    out << "DNS: " << r["dns"].value("rounds", 0) << " round(s), " << r["dns"].value("transcript", json::array()).size()
        << " answer(s)\n";
}

}  // namespace authlens::cli
