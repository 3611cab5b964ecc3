#include "text_view.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "authlens/message.hpp"
#include "authlens/report.hpp"
#include "authlens/senders.hpp"
#include "i18n/catalog.hpp"

namespace authlens::cli {

namespace {

using nlohmann::json;
using i18n::text;

/// A report value for the terminal. Message text can hold control characters (a decoded encoded word
/// may carry NUL, CR, LF, NEL): written raw they would move the cursor, hide text or end the line, so they
/// are shown escaped ("\r", "\x00", "\u0085"). JSON output keeps the real characters.
std::string s(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return mime::visible_controls(it->is_string() ? it->get<std::string>() : it->dump());
}

/// The member `key` of `j`, or an empty array/object when it is absent: a reference, never a copy
/// (`json::value(key, default)` returns a copy, and the providers' rules alone are ≈ 25 KB of nodes).
const json& member(const json& j, const char* key, const json& absent) {
  if (!j.is_object()) return absent;
  auto it = j.find(key);
  return it == j.end() ? absent : *it;
}
const json& array_of(const json& j, const char* key) {
  static const json empty = json::array();
  return member(j, key, empty);
}
const json& object_of(const json& j, const char* key) {
  static const json empty = json::object();
  return member(j, key, empty);
}

/// Well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF), the bytes the
/// replacing dump keeps as they are.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // Eight ASCII bytes at a time: most of a report is ASCII, and this walk runs over all of it.
    if (std::uint64_t w = 0; s.size() - i >= 8 && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080u) == 0)) {
      i += 8;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range; the others are always 80..BF
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else return false;
    if (s.size() - i < len) return false;
    auto b = static_cast<unsigned char>(s[i + 1]);
    if (b < lo || b > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/// Invalid UTF-8 replaced as the JSON output replaces it: nlohmann's own replacing dump, read back (only
/// for the rare string that needs it, so the two can never differ).
std::string replaced(const std::string& bytes) {
  return json::parse(json(bytes).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

void print_defects(std::ostream& out, const json& defects, const char* indent) {
  if (!defects.is_array()) return;
  for (const auto& d : defects) out << indent << "! " << s(d, "code") << ": " << i18n::defect(s(d, "code"), s(d, "detail")) << "\n";
}

void print_route(std::ostream& out, const json& route) {
  out << text("cli.route.title") << "\n";
  const json& hops = route.contains("hops") ? route["hops"] : json::array();
  int i = 0;
  for (const auto& h : hops) {
    out << "  [" << i++ << "] ";
    if (h.contains("from_host") || h.contains("from_ip"))
      out << text("cli.route.from") << " " << s(h, "from_host") << (h.contains("from_ip") ? " [" + s(h, "from_ip") + "]" : "") << " ";
    if (h.contains("by_host")) out << text("cli.route.by") << " " << s(h, "by_host") << " ";
    if (h.contains("with")) out << text("cli.route.with") << " " << s(h, "with") << " ";
    if (h.contains("tls")) out << "tls=" << s(h, "tls") << " ";
    if (h.contains("date")) out << text("cli.route.at") << " " << s(h, "date") << " ";
    if (h.contains("delay_s")) out << "(+" << s(h, "delay_s") << "s)";
    out << "\n";
    print_defects(out, array_of(h, "defects"), "      ");
  }
  if (hops.empty()) out << "  " << text("cli.route.none") << "\n";
  if (route.contains("handoff_ip"))
    out << "  " << text("cli.route.handoff") << s(route, "handoff_ip") << " (" << s(route, "handoff_reason") << ")\n";
}

/// A string of the typed analysis as s() shows the same string read from the report value: invalid
/// UTF-8 replaced as the JSON output replaces it, control characters escaped.
std::string shown(std::string_view v) {
  return mime::visible_controls(valid_utf8(v) ? v : replaced(std::string(v)));
}

/// A checklist item's or provider rule's evidence by its code (reason.bulk.<code>), as the page says it;
/// `english`, the core's sentence, where the catalog has none.
std::string bulk_evidence(const std::string& code, const std::string& english, const json& params) {
  return mime::visible_controls(i18n::localized("bulk", code.empty() ? "" : "bulk." + code, english, params));
}

/// Every provider of the sender rules: what the recipient will see, and the failing rules' sources.
/// Drawn from the typed verdicts, not from the report's bulk_sender.providers (≈ 25 KB of JSON for a few
/// lines), and printed as that part of the report reads: the same words (senders::to_string, as
/// report::sender_verdict_to_json writes them), the same replacement of invalid UTF-8.
void print_providers(std::ostream& out, const analyzer::bulk_sender_verdicts& bulk, bool english) {
  if (!bulk.providers.empty()) out << text("cli.providers") << "\n";
  for (const auto& p : bulk.providers) {
    const std::string effect = shown(senders::to_string(p.judged.outcome));
    out << "    " << shown(p.judged.p->name) << ": "
        << (english || !i18n::has("bulk.effect." + effect) ? effect : text("bulk.effect." + effect));
    if (!p.judged.smtp_reply.empty()) out << " (" << shown(p.judged.smtp_reply) << ")";
    out << "\n";
    for (std::size_t i = 0; i < p.judged.rules.size(); ++i) {
      const auto& rule = p.judged.rules[i];
      if (rule.st != senders::status::fail || !rule.in_force) continue;
      // items[i] is the evidence of rules[i] (analyzer::provider_verdict); a rule without one shows none.
      const analyzer::bulk_item* item = i < p.items.size() ? &p.items[i] : nullptr;
      json params = item ? report::params_to_json(item->params) : json::object();
      as_json_output(params);
      const std::string code = item ? shown(item->evidence_code) : "";
      out << "        " << shown(senders::to_string(rule.r->requirement)) << ": "
          << bulk_evidence(code, item ? shown(item->evidence) : "", params)
          << " [" << shown(rule.r->source.title) << ", " << shown(rule.r->effective) << "]\n";
    }
  }
}

}  // namespace

void as_json_output(json& j) {
  switch (j.type()) {
    case json::value_t::string: {
      auto& bytes = j.get_ref<std::string&>();
      if (!valid_utf8(bytes)) bytes = replaced(bytes);
      break;
    }
    case json::value_t::number_float:
      if (!std::isfinite(j.get<double>())) j = nullptr;
      break;
    case json::value_t::array:
      for (auto& v : j) as_json_output(v);
      break;
    case json::value_t::object: {
      bool keys_valid = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        keys_valid = keys_valid && valid_utf8(it.key());
        as_json_output(it.value());
      }
      if (keys_valid) break;
      // A key with invalid bytes: rebuilt in key order, a later key overwriting an earlier one that now
      // reads the same, as the parser does with the duplicate keys the dump would have written.
      json fixed = json::object();
      for (auto it = j.begin(); it != j.end(); ++it) fixed[valid_utf8(it.key()) ? it.key() : replaced(it.key())] = std::move(it.value());
      j = std::move(fixed);
      break;
    }
    default:
      break;
  }
}

void print_headers_text(std::ostream& out, const json& r) {
  if (r.is_discarded()) {
    out << text("cli.unrenderable") << "\n";
    return;
  }
  if (r.contains("input")) {
    const json& in = r["input"];
    out << text("cli.input", {{"bytes", s(in, "bytes")}, {"line_endings", s(in, "line_endings")}})
        << (in.value("headers_only", false) ? text("cli.input.headersOnly") : "") << "\n";
  }
  out << text("cli.subject") << s(r, "subject") << "\n";
  if (r.contains("addresses") && r["addresses"].contains("from"))
    for (const auto& m : r["addresses"]["from"])
      out << text("cli.from") << s(m, "display_name") << (m.contains("address") ? " <" + s(m, "address") + ">" : "") << "\n";
  out << text("cli.authorDomain") << s(r, "author_domain") << "\n";
  print_route(out, object_of(r, "route"));
  if (r.contains("authentication_results") && !r["authentication_results"].empty()) {
    out << text("cli.authres") << "\n";
    for (const auto& f : r["authentication_results"]) {
      out << "  " << s(f, "field") << (f.contains("instance") ? " i=" + s(f, "instance") : "") << " "
          << text("cli.authres.by") << " " << s(f, "authserv_id") << "\n";
      for (const auto& res : array_of(f, "results"))
        out << "    " << s(res, "method") << "=" << s(res, "result") << "\n";
    }
  }
  if (r.contains("defects") && !r["defects"].empty()) {
    out << text("cli.defects") << "\n";
    print_defects(out, r["defects"], "  ");
  }
}

void print_analysis_text(std::ostream& out, const json& r, const analyzer::bulk_sender_verdicts& bulk) {
  if (r.is_discarded()) {
    out << text("cli.unrenderable") << "\n";
    return;
  }
  const bool english = i18n::current() == i18n::language::en;
  if (r.contains("summary")) out << mime::visible_controls(i18n::headline(r["summary"])) << "\n\n";
  print_headers_text(out, r);
  out << "\n";
  if (r.contains("envelope")) {
    const json& e = r["envelope"];
    auto known = [&](const char* k) { return s(e, k).empty() ? std::string("?") : s(e, k); };
    out << text("cli.envelope", {{"ip", known("ip")}, {"helo", known("helo")}, {"helo_source", s(e, "helo_source")},
                                 {"mail_from", known("mail_from")}, {"mail_from_source", s(e, "mail_from_source")},
                                 {"null", e.value("mail_from_null", false) ? text("cli.envelope.null") : ""}})
        << "\n";
  }
  // A verdict line: the result, the domain, the reason code, then why — in English the core's own
  // detail; in Japanese the catalog's sentence for the code (the English detail when it has none).
  auto verdict = [&](const std::string& label, const char* area, const json& v) {
    out << label << s(v, "result");
    if (v.contains("domain") && !s(v, "domain").empty()) out << " " << s(v, "domain");
    out << " (" << s(v, "reason") << ")";
    std::string d = english ? s(v, "detail") : mime::visible_controls(i18n::reason(area, s(v, "reason"), s(v, "detail")));
    if (!d.empty()) out << " " << d;
    out << "\n";
  };
  if (r.contains("spf")) {
    verdict(text("cli.spf.mailfrom"), "spf", r["spf"]);
    if (r["spf"].contains("helo")) verdict(text("cli.spf.helo"), "spf", r["spf"]["helo"]);
  }
  const json& dkim = array_of(r, "dkim");
  if (dkim.empty()) out << text("cli.dkim.none") << "\n";
  for (const auto& d : dkim) {
    out << text("cli.dkim") << s(d, "result") << " d=" << s(d, "domain") << " s=" << s(d, "selector") << " a="
        << s(d, "algorithm") << " (" << s(d, "reason") << ")";
    if (d.contains("key") && d["key"].value("bits", 0) > 0) out << text("cli.dkim.keyBits", {{"bits", d["key"].value("bits", 0)}});
    if (d.contains("body")) out << text("cli.dkim.body") << s(d["body"], "state");
    if (d.value("author_signature", false)) out << text("cli.dkim.author");
    if (!english) out << " — " << mime::visible_controls(i18n::reason("dkim", s(d, "reason"), s(d, "message")));
    out << "\n";
  }
  if (r.contains("dmarc")) {
    const json& m = r["dmarc"];
    out << text("cli.dmarc") << s(m, "result") << " (" << s(m, "reason") << ")";
    if (!s(m, "policy").empty()) out << text("cli.dmarc.policy", {{"policy", s(m, "policy")}, {"disposition", s(m, "disposition")}});
    if (!s(m, "record_domain").empty()) out << text("cli.dmarc.recordAt") << s(m, "record_domain");
    if (!english) out << " — " << mime::visible_controls(i18n::reason("dmarc", s(m, "reason"), s(m, "detail")));
    out << "\n";
    if (m.contains("rfc7489") && s(m["rfc7489"], "result") != s(m, "result"))
      out << text("cli.dmarc.rfc7489") << s(m["rfc7489"], "result") << " (" << s(m["rfc7489"], "reason") << ")\n";
    for (const auto& d : array_of(m, "disagreements"))
      out << text("cli.dmarc.disagree") << s(d, "what") << ": "
          << mime::visible_controls(i18n::localized("dmarc", s(d, "reason"), s(d, "detail"))) << "\n";
    if (m.contains("explain") && !s(m["explain"], "fix").empty())
      out << text("cli.dmarc.fix")
          << mime::visible_controls(i18n::localized("dmarc", s(m["explain"], "fix_code"), s(m["explain"], "fix"),
                                                    object_of(object_of(r, "summary"), "params")))
          << "\n";
  }
  if (r.contains("arc")) {
    const json& a = r["arc"];
    out << text("cli.arc") << s(a, "cv") << " (" << s(a, "reason") << ")";
    if (a.contains("sets") && !a["sets"].empty()) out << text("cli.arc.sets", {{"n", a["sets"].size()}});
    if (a.contains("oldest_pass") && !a["oldest_pass"].is_null()) out << text("cli.arc.oldestPass") << s(a, "oldest_pass");
    if (!english) out << " — " << mime::visible_controls(i18n::reason("arc", s(a, "reason"), s(a, "message")));
    out << "\n";
  }
  if (r.contains("iprev")) verdict(text("cli.iprev"), "iprev", r["iprev"]);
  if (r.contains("decision")) {
    const json& d = r["decision"];
    auto yn = [](const json& v, const char* k) { return text(v.value(k, false) ? "cli.yes" : "cli.no"); };
    out << text("cli.decision", {{"spf_pass", yn(d["spf"], "pass")}, {"spf_aligned", yn(d["spf"], "aligned")},
                                 {"dkim_pass", yn(d["dkim"], "pass")}, {"dkim_aligned", yn(d["dkim"], "aligned")},
                                 {"dmarc", s(d, "dmarc")}})
        << "\n";
  }
  if (r.contains("bulk_sender")) {
    for (const char* who : {"gmail_yahoo", "outlook"}) {
      const json& c = r["bulk_sender"][who];
      out << text(std::string("cli.bulk.") + who) << s(c, "status")
          << text("cli.bulk.counts", {{"passed", c.value("passed", 0)}, {"failed", c.value("failed", 0)},
                                      {"unknown", c.value("unknown", 0)}})
          << "\n";
      for (const auto& i : array_of(c, "items"))
        if (s(i, "status") != "pass")
          out << "    " << s(i, "status") << " " << s(i, "id") << ": "
              << bulk_evidence(s(i, "evidence_code"), s(i, "evidence"), object_of(i, "params"))
              << "\n";
    }
    print_providers(out, bulk, english);
  }
  if (r.contains("spoofing")) {
    const json& sp = r["spoofing"];
    std::string level = english ? s(sp, "level") : text("spoofing.level." + s(sp, "level"));
    out << text("cli.spoofing") << level << "\n";
    for (const auto& i : array_of(sp, "indicators"))
      out << "    [" << (english ? s(i, "severity") : text("spoofing.sev." + s(i, "severity"))) << "] "
          << mime::visible_controls(i18n::localized("spoofing", s(i, "code"), s(i, "detail"), object_of(i, "params")))
          << "\n";
  }
  if (r.contains("comparison")) {
    const json& c = r["comparison"];
    if (!c.value("found", false)) {
      out << text("cli.claimed.none") << "\n";
    } else {
      out << text("cli.claimed.by") << s(c, "authserv_id") << " (" << s(c, "chosen_by") << "):"
          << (c.value("agree", false) ? text("cli.claimed.agree") : "") << "\n";
      for (const auto& i : array_of(c, "items")) {
        out << "    " << text("cli.claimed.item", {{"method", s(i, "method")}, {"claimed", s(i, "claimed")},
                                                  {"recomputed", s(i, "recomputed").empty() ? "-" : s(i, "recomputed")}});
        if (!i.value("agree", false))
          out << " — " << mime::visible_controls(i18n::localized("compare", s(i, "code"), s(i, "detail"), object_of(i, "params")));
        out << "\n";
      }
    }
  }
  if (r.contains("dns"))
    out << text("cli.dns", {{"rounds", r["dns"].value("rounds", 0)}, {"answers", array_of(r["dns"], "transcript").size()}})
        << (r["dns"].value("offline", false) ? text("cli.dns.offline") : "") << "\n";
}

}  // namespace authlens::cli
