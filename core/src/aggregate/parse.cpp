// The front door: which container the bytes are, down to the report XML.
#include "aggregate/internal.hpp"
#include "authlens/base64.hpp"
#include "authlens/message.hpp"
#include "authlens/strings.hpp"

namespace authlens::aggregate {
using namespace authlens::str;

const char* to_string(container c) {
  switch (c) {
    case container::xml: return "xml";
    case container::gzip: return "gzip";
    case container::zip: return "zip";
    case container::eml: return "eml";
  }
  return "xml";
}

const char* to_string(schema s) { return s == schema::rfc9990 ? "rfc9990" : "rfc7489"; }

std::uint64_t report::messages() const {
  std::uint64_t n = 0;
  for (const auto& r : records) n += r.count;
  return n;
}

namespace {

bool is_gzip(std::string_view s) { return s.size() >= 2 && std::uint8_t(s[0]) == 0x1f && std::uint8_t(s[1]) == 0x8b; }
bool is_zip(std::string_view s) { return s.substr(0, 4) == "PK\x03\x04" || s.substr(0, 4) == "PK\x05\x06"; }

std::string_view skip_space(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return s.substr(i);
}
bool is_xml(std::string_view s) { return !skip_space(s).empty() && skip_space(s)[0] == '<'; }

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
std::string qp_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=' || i + 1 >= s.size()) {
      out.push_back(s[i]);
    } else if (s[i + 1] == '\n') {
      i += 1;  // soft line break
    } else if (s[i + 1] == '\r') {
      i += (i + 2 < s.size() && s[i + 2] == '\n') ? 2 : 1;
    } else if (i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out.push_back(char(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

/// Could this MIME part hold a report?
bool candidate(const mime::part& p) {
  const std::string& t = p.content_type;
  std::string name = lower(p.filename);
  if (t.find("gzip") != std::string::npos || t.find("zip") != std::string::npos ||
      t.find("xml") != std::string::npos)
    return true;
  for (std::string_view ext : {".xml", ".gz", ".gzip", ".zip", ".xml.gz"})
    if (iends_with(name, ext)) return true;
  return t == "application/octet-stream" && !p.filename.empty();
}

void leaves(const mime::part& p, std::vector<const mime::part*>& out) {
  if (p.parts.empty()) {
    out.push_back(&p);
    return;
  }
  for (const auto& c : p.parts) leaves(c, out);
}

result<report> parse_any(std::string_view bytes, const parse_options& o, int depth, std::vector<defect>& carried);

/// A container (an e-mail's attachments, a zip's entries) is read for one report: the first candidate
/// that reads as one. The others that do are counted (a defect names them); the first failure is kept
/// to say why, when none does.
struct first_readable {
  std::optional<report> found;
  std::optional<error> first_error;
  std::size_t extra = 0;
  void offer(result<report> r) {
    if (!r) {
      if (!first_error) first_error = r.err();
    } else if (found) {
      ++extra;
    } else {
      found = std::move(r).value();
    }
  }
};

result<report> from_eml(std::string_view bytes, const parse_options& o, int depth, std::vector<defect>& carried) {
  mime::message m = mime::parse(bytes);
  std::vector<const mime::part*> parts;
  leaves(m.mime, parts);
  first_readable pick;
  for (const mime::part* p : parts) {
    if (!candidate(*p)) continue;
    if (p->body_offset > m.body.size()) continue;
    std::string_view raw = std::string_view(m.body).substr(p->body_offset, p->body_length);
    std::string decoded;
    if (p->transfer_encoding == "base64") decoded = base64::decode_lenient(raw, {.url_alphabet_too = true});
    else if (p->transfer_encoding == "quoted-printable") decoded = qp_decode(raw);
    else decoded = std::string(raw);
    std::vector<defect> inner;
    pick.offer(parse_any(decoded, o, depth + 1, inner));
  }
  if (!pick.found) {
    if (pick.first_error)
      return error{"aggregate.eml.no_report", "the e-mail's attachment could not be read: " +
                                                 pick.first_error->message + " (" + pick.first_error->code + ")"};
    return error{"aggregate.eml.no_report", "the e-mail carries no XML, gzip or zip attachment"};
  }
  if (pick.extra > 0)
    detail::add_defect(carried, o.max_defects, "aggregate.eml.extra_reports",
                       std::to_string(pick.extra) + " more report attachment(s) in the same e-mail were not read");
  pick.found->from = container::eml;
  return std::move(*pick.found);
}

result<report> parse_any(std::string_view bytes, const parse_options& o, int depth, std::vector<defect>& carried) {
  if (depth > 4) return error{"aggregate.nesting", "containers nested too deeply (a zip in a gzip in a zip…)"};
  if (bytes.size() > o.max_input_bytes)
    return error{"aggregate.input.too_large", "the file is larger than " + std::to_string(o.max_input_bytes) +
                                                  " bytes; refused"};
  if (skip_space(bytes).empty()) return error{"aggregate.input.empty", "the file is empty"};
  if (is_gzip(bytes)) {
    auto x = gunzip(bytes, o);
    if (!x) return x.err();
    auto r = parse_any(*x, o, depth + 1, carried);
    if (r) r->from = container::gzip;
    return r;
  }
  if (is_zip(bytes)) {
    auto entries = unzip(bytes, o);
    if (!entries) return entries.err();
    // The report: the first .xml entry, else the first entry that reads as one.
    first_readable pick;
    std::vector<const zip_entry*> order;
    for (const auto& e : *entries)
      if (iends_with(e.name, ".xml")) order.push_back(&e);
    for (const auto& e : *entries)
      if (!iends_with(e.name, ".xml")) order.push_back(&e);
    for (const zip_entry* e : order) pick.offer(parse_any(e->data, o, depth + 1, carried));
    if (!pick.found)
      return error{"aggregate.zip.no_report", "no entry of the zip archive is a report" +
                                                  (pick.first_error ? ": " + pick.first_error->message : std::string())};
    if (pick.extra > 0)
      detail::add_defect(carried, o.max_defects, "aggregate.zip.extra_entries",
                         std::to_string(pick.extra) + " more report(s) in the same zip archive were not read");
    pick.found->from = container::zip;
    return std::move(*pick.found);
  }
  if (is_xml(bytes)) return detail::parse_xml(bytes, o);
  // A whole e-mail: header fields first ("Name: value").
  std::string_view head = skip_space(bytes).substr(0, 1000);
  auto colon = head.find(':');
  auto nl = head.find('\n');
  if (colon != std::string_view::npos && (nl == std::string_view::npos || colon < nl) && colon > 0)
    return from_eml(bytes, o, depth, carried);
  return error{"aggregate.input.unknown_format",
               "not a DMARC aggregate report: neither XML, gzip, zip nor an e-mail carrying one"};
}

}  // namespace

result<report> parse(std::string_view bytes, const parse_options& options) {
  std::vector<defect> carried;
  auto r = parse_any(bytes, options, 0, carried);
  if (r)
    for (auto& d : carried) detail::add_defect(r->defects, options.max_defects, std::move(d.code), std::move(d.detail));
  return r;
}

}  // namespace authlens::aggregate
