// The aggregate report XML (RFC 7489 Appendix C, RFC 9990) read with pugixml, leniently.
#include <pugixml.hpp>

#include <charconv>

#include "aggregate/internal.hpp"
#include "authlens/ip.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"

namespace authlens::aggregate {
using namespace authlens::str;
namespace detail {

void add_defect(std::vector<defect>& defects, std::size_t max, std::string code, std::string detail) {
  if (defects.size() < max) {
    defects.push_back({std::move(code), std::move(detail)});
  } else if (defects.size() == max) {
    defects.push_back({"aggregate.defects.truncated", "more defects were found and not listed"});
  }
}

}  // namespace detail

namespace {

constexpr std::string_view ns_rfc9990 = "urn:ietf:params:xml:ns:dmarc-2.0";

/// The element name without a namespace prefix.
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && iequals(local_name(c), name)) return c;
  return {};
}

template <class Fn>
void each_child(const pugi::xml_node& parent, std::string_view name, Fn&& fn) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && iequals(local_name(c), name)) fn(c);
}

/// All the text directly inside an element (PCDATA and CDATA), trimmed.
std::string text(const pugi::xml_node& n) {
  if (!n) return {};
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return std::string(trim(out));
}
std::string text(const pugi::xml_node& parent, std::string_view name) { return text(child(parent, name)); }
std::string lower_text(const pugi::xml_node& parent, std::string_view name) { return lower(text(parent, name)); }

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (v == a) return true;
  return false;
}

class reader {
 public:
  reader(report& r, const parse_options& o) : r_(r), o_(o) {}

  void defect(std::string code, std::string detail) {
    detail::add_defect(r_.defects, o_.max_defects, std::move(code), std::move(detail));
  }

  void check(std::string_view where, const std::string& value, std::initializer_list<std::string_view> allowed) {
    if (!value.empty() && !one_of(value, allowed))
      defect("aggregate.value.unknown", std::string(where) + " has the unknown value '" + value + "'");
  }

  std::int64_t date(const pugi::xml_node& range, std::string_view name) {
    std::string v = text(range, name);
    std::int64_t out = 0;
    // Some reporters write "1538204542.0" or a trailing space: take the integer part.
    auto dot = v.find('.');
    std::string_view digits = std::string_view(v).substr(0, dot);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    if (v.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
      defect("aggregate.date.invalid", "date_range " + std::string(name) + " is not a number of seconds: '" + v + "'");
      return 0;
    }
    return out;
  }

  void metadata_of(const pugi::xml_node& m) {
    if (!m) {
      defect("aggregate.metadata.missing", "the report has no <report_metadata>");
      return;
    }
    auto& md = r_.meta;
    md.org_name = text(m, "org_name");
    md.email = text(m, "email");
    md.extra_contact_info = text(m, "extra_contact_info");
    md.report_id = text(m, "report_id");
    md.generator = text(m, "generator");
    each_child(m, "error", [&](const pugi::xml_node& e) { md.errors.push_back(text(e)); });
    if (md.org_name.empty()) defect("aggregate.metadata.missing", "<org_name> is missing or empty");
    if (md.report_id.empty()) defect("aggregate.metadata.missing", "<report_id> is missing or empty");
    pugi::xml_node range = child(m, "date_range");
    if (!range) {
      defect("aggregate.metadata.missing", "<date_range> is missing");
    } else {
      md.begin = date(range, "begin");
      md.end = date(range, "end");
      if (md.end < md.begin) defect("aggregate.date.invalid", "date_range ends before it begins");
    }
  }

  void policy_of(const pugi::xml_node& p) {
    if (!p) {
      defect("aggregate.policy.missing", "the report has no <policy_published>");
      return;
    }
    auto& pp = r_.published;
    pp.domain = lower_text(p, "domain");
    pp.adkim = lower_text(p, "adkim");
    pp.aspf = lower_text(p, "aspf");
    pp.p = lower_text(p, "p");
    pp.sp = lower_text(p, "sp");
    pp.np = lower_text(p, "np");
    pp.pct = text(p, "pct");
    pp.fo = text(p, "fo");
    pp.testing = lower_text(p, "testing");
    pp.discovery_method = lower_text(p, "discovery_method");
    if (pp.domain.empty()) defect("aggregate.policy.missing", "<policy_published><domain> is missing or empty");
    check("policy_published/adkim", pp.adkim, {"r", "s"});
    check("policy_published/aspf", pp.aspf, {"r", "s"});
    check("policy_published/p", pp.p, {"none", "quarantine", "reject"});
    check("policy_published/sp", pp.sp, {"none", "quarantine", "reject"});
    check("policy_published/np", pp.np, {"none", "quarantine", "reject"});
    check("policy_published/testing", pp.testing, {"y", "n"});
    check("policy_published/discovery_method", pp.discovery_method, {"psl", "treewalk"});
  }

  void record_of(const pugi::xml_node& n, std::size_t index) {
    record rec;
    std::string where = "record " + std::to_string(index + 1);
    pugi::xml_node row = child(n, "row");
    if (!row) row = n;  // some early reporters put the row's elements directly in <record>
    rec.source_ip = text(row, "source_ip");
    if (rec.source_ip.empty()) {
      defect("aggregate.record.no_ip", where + " has no <source_ip>");
    } else if (!ip::parse(rec.source_ip)) {
      defect("aggregate.record.bad_ip", where + ": '" + rec.source_ip + "' is not an IP address");
    }
    std::string count = text(row, "count");
    if (count.empty()) {
      defect("aggregate.record.no_count", where + " has no <count>");
    } else {
      auto [p, ec] = std::from_chars(count.data(), count.data() + count.size(), rec.count);
      if (ec != std::errc() || p != count.data() + count.size()) {
        defect("aggregate.record.bad_count", where + ": <count> is not a number: '" + count + "'");
        rec.count = 0;
      }
    }
    pugi::xml_node pe = child(row, "policy_evaluated");
    rec.disposition = lower_text(pe, "disposition");
    rec.dkim = lower_text(pe, "dkim");
    rec.spf = lower_text(pe, "spf");
    check(where + " disposition", rec.disposition, {"none", "quarantine", "reject", "pass"});
    check(where + " policy_evaluated/dkim", rec.dkim, {"pass", "fail"});
    check(where + " policy_evaluated/spf", rec.spf, {"pass", "fail"});
    each_child(pe, "reason", [&](const pugi::xml_node& r) {
      override_reason why{lower_text(r, "type"), text(r, "comment")};
      if (!why.type.empty() || !why.comment.empty()) rec.reasons.push_back(std::move(why));
    });
    pugi::xml_node ids = child(n, "identifiers");
    if (!ids) ids = child(n, "identities");  // pre-RFC drafts
    rec.envelope_to = lower_text(ids, "envelope_to");
    rec.envelope_from = lower_text(ids, "envelope_from");
    rec.header_from = lower_text(ids, "header_from");
    pugi::xml_node auth = child(n, "auth_results");
    each_child(auth, "dkim", [&](const pugi::xml_node& d) {
      dkim_auth a{lower_text(d, "domain"), text(d, "selector"), lower_text(d, "result"), text(d, "human_result")};
      check(where + " auth_results/dkim/result", a.result,
            {"none", "pass", "fail", "policy", "neutral", "temperror", "permerror"});
      rec.dkim_results.push_back(std::move(a));
    });
    each_child(auth, "spf", [&](const pugi::xml_node& s) {
      spf_auth a{lower_text(s, "domain"), lower_text(s, "scope"), lower_text(s, "result"), text(s, "human_result")};
      check(where + " auth_results/spf/result", a.result,
            {"none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"});
      rec.spf_results.push_back(std::move(a));
    });
    r_.records.push_back(std::move(rec));
  }

 private:
  report& r_;
  const parse_options& o_;
};

/// The charset named by the XML declaration, lower-cased, or empty.
std::string declared_encoding(std::string_view xml) {
  if (xml.substr(0, 5) != "<?xml") return {};
  auto end = xml.find("?>");
  if (end == std::string_view::npos || end > 512) return {};
  std::string_view decl = xml.substr(0, end);
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at = decl.find_first_of("\"'", at);
  if (at == std::string_view::npos) return {};
  auto close = decl.find(decl[at], at + 1);
  if (close == std::string_view::npos) return {};
  return lower(decl.substr(at + 1, close - at - 1));
}

bool repairable(pugi::xml_parse_status s) {
  return s == pugi::status_bad_start_element || s == pugi::status_bad_end_element ||
         s == pugi::status_end_element_mismatch || s == pugi::status_bad_attribute ||
         s == pugi::status_unrecognized_tag;
}

}  // namespace

namespace detail {

result<report> parse_xml(std::string_view xml, const parse_options& o) {
  report r;
  std::string buf;
  std::size_t skip = 0;
  if (xml.substr(0, 3) == "\xEF\xBB\xBF") skip = 3;
  std::string_view body = xml.substr(skip);
  std::string enc = declared_encoding(trim(body));
  if (!enc.empty() && enc != "utf-8" && enc != "utf8" && enc != "us-ascii" && enc != "ascii") {
    std::string converted;
    bool bad = false;
    if (mime::charset_to_utf8(enc, body, converted, &bad)) {
      buf = std::move(converted);
      add_defect(r.defects, o.max_defects, "aggregate.xml.charset",
                 "the report declares the charset '" + enc + "'; it was converted to UTF-8");
    } else {
      buf = std::string(body);
    }
  } else {
    buf = std::string(body);
  }
  std::string valid = mime::to_valid_utf8(buf);
  if (valid.size() != buf.size() || valid != buf) {
    add_defect(r.defects, o.max_defects, "aggregate.xml.invalid_utf8",
               "the report holds bytes that are not UTF-8; they were replaced with U+FFFD");
    buf = std::move(valid);
  }

  pugi::xml_document doc;
  unsigned flags = pugi::parse_default & ~pugi::parse_wconv_attribute;
  pugi::xml_parse_result pr = doc.load_buffer(buf.data(), buf.size(), flags, pugi::encoding_utf8);
  std::size_t repairs = 0;
  std::ptrdiff_t last_offset = -1;
  while (!pr && repairable(pr.status) && repairs < o.max_repairs && pr.offset > last_offset) {
    // A '<' that starts no well-formed tag is most often a stray character inside text
    // ("bad<xml.net", "<user@example.com>"): read it as text and try again.
    std::size_t at = static_cast<std::size_t>(pr.offset);
    if (at > buf.size()) break;
    // pugixml may point into the stray tag or at the end tag that follows it: skip back over end tags.
    std::size_t lt = at > 0 ? buf.rfind('<', at - 1) : std::string::npos;
    for (int back = 0; back < 2 && lt != std::string::npos && lt > 0 && lt + 1 < buf.size() && buf[lt + 1] == '/'; ++back)
      lt = buf.rfind('<', lt - 1);
    if (lt == std::string::npos) break;
    if (lt + 1 < buf.size() && (buf[lt + 1] == '/' || buf[lt + 1] == '!' || buf[lt + 1] == '?')) break;
    buf.replace(lt, 1, "&lt;");
    ++repairs;
    add_defect(r.defects, o.max_defects, "aggregate.xml.repaired",
               "a stray '<' at byte " + std::to_string(lt) + " was read as text");
    last_offset = pr.offset;
    doc.reset();
    pr = doc.load_buffer(buf.data(), buf.size(), flags, pugi::encoding_utf8);
  }
  if (!pr) {
    add_defect(r.defects, o.max_defects, "aggregate.xml.malformed",
               std::string("the XML is not well-formed at byte ") + std::to_string(pr.offset) + " (" +
                   pr.description() + "); what came before it was read");
  }
  pugi::xml_node root;
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      root = c;
      break;
    }
  }
  if (!root) {
    if (!pr) return error{"aggregate.xml.unreadable", std::string("the XML could not be read (") + pr.description() +
                                                          " at byte " + std::to_string(pr.offset) + ")"};
    return error{"aggregate.xml.not_a_report", "the XML holds no element"};
  }
  if (!iequals(local_name(root), "feedback")) {
    // Some reporters wrap the report (one sends it inside an <xs:schema> element): look two levels down.
    pugi::xml_node inner;
    for (pugi::xml_node c = root.first_child(); c && !inner; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (iequals(local_name(c), "feedback")) inner = c;
      else if (pugi::xml_node g = child(c, "feedback")) inner = g;
    }
    if (inner) {
      add_defect(r.defects, o.max_defects, "aggregate.xml.wrapped",
                 "the report is wrapped in <" + std::string(root.name()) + ">");
      root = inner;
    }
  }
  if (!iequals(local_name(root), "feedback")) {
    return error{"aggregate.xml.not_a_report",
                 "the XML is not a DMARC aggregate report (its root element is <" + std::string(root.name()) + ">)"};
  }
  std::string_view prefix_attr = "xmlns";
  std::string root_name = root.name();
  if (auto colon = root_name.find(':'); colon != std::string::npos)
    r.xml_namespace = root.attribute(("xmlns:" + root_name.substr(0, colon)).c_str()).value();
  else
    r.xml_namespace = root.attribute(std::string(prefix_attr).c_str()).value();

  reader rd(r, o);
  r.version = text(root, "version");
  rd.metadata_of(child(root, "report_metadata"));
  rd.policy_of(child(root, "policy_published"));
  std::size_t index = 0;
  bool dropped = false;
  each_child(root, "record", [&](const pugi::xml_node& n) {
    if (index >= o.max_records) {
      dropped = true;
      return;
    }
    rd.record_of(n, index++);
  });
  if (dropped)
    rd.defect("aggregate.records.too_many", "only the first " + std::to_string(o.max_records) + " records were read");
  bool bis = r.xml_namespace == ns_rfc9990 || !r.published.np.empty() || !r.published.testing.empty() ||
             !r.published.discovery_method.empty() || !r.meta.generator.empty();
  r.format = bis ? schema::rfc9990 : schema::rfc7489;
  return r;
}

}  // namespace detail
}  // namespace authlens::aggregate
