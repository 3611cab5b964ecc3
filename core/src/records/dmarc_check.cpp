// Checks a generated DMARC record with the DMARC area's parser and linter (authlens/dmarc.hpp),
// after the wizard's own tag-list sanity check.
#include "authlens/dmarc.hpp"
#include "authlens/strings.hpp"
#include "records/dmarc_check.hpp"

namespace authlens::records::detail {

namespace {

/// Minimal tag-list reading (RFC 9989 §4.7): v=DMARC1 first, tag=value pairs, no duplicates.
bool sanity(std::string_view record, std::vector<note>& notes) {
  std::vector<std::string> seen;
  bool first = true, ok = true;
  for (auto raw : str::split(record, ';')) {
    auto part = str::trim(raw);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      notes.push_back({"records.dmarc.syntax", "error", "'" + std::string(part) + "' is not tag=value", "", {}});
      ok = false;
      continue;
    }
    std::string name = str::lower(str::trim(part.substr(0, eq)));
    std::string value(str::trim(part.substr(eq + 1)));
    if (first && (name != "v" || value != "DMARC1")) {
      notes.push_back({"records.dmarc.syntax", "error", "a DMARC record starts with v=DMARC1", "", {}});
      ok = false;
    }
    first = false;
    for (const auto& s : seen)
      if (s == name) {
        notes.push_back({"records.dmarc.syntax", "error", "the tag " + name + " appears twice", "", {}});
        ok = false;
      }
    seen.push_back(name);
  }
  return ok;
}

}  // namespace

bool check_dmarc_with_core(std::string_view domain, std::string_view record, std::vector<note>& notes,
                           bool skip_covered) {
  bool ok = sanity(record, notes);
  auto parsed = dmarc::parse_record(record);
  if (!parsed) {
    notes.push_back({parsed.err().code, "error", parsed.err().message, "", {}});
    return false;
  }
  for (const auto& d : parsed->defects) {
    notes.push_back({d.code, "error", d.detail, "", {}});
    ok = false;
  }
  dmarc::lint_options lo;
  lo.domain = std::string(domain);
  static constexpr std::string_view covered[] = {
      "dmarc.lint.no_rua",         "dmarc.lint.fo_without_ruf", "dmarc.lint.ruf_rarely_sent",
      "dmarc.lint.test_mode",      "dmarc.lint.external_destination", "dmarc.lint.monitoring",
      "dmarc.lint.psd_unlikely",
  };
  for (const auto& f : dmarc::lint_record(*parsed, lo)) {
    if (skip_covered && f.severity != "error") {
      bool skip = parsed->test && parsed->pct && *parsed->pct == 0 && f.code == "dmarc.lint.pct_obsolete";
      for (auto c : covered) skip = skip || f.code == c;
      if (skip) continue;
    }
    notes.push_back({f.code, f.severity, f.detail, f.fix, {}});
    ok = ok && f.severity != "error";
  }
  return ok;
}

}  // namespace authlens::records::detail
