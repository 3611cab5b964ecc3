// Record output shared by the SPF, DMARC and DKIM builders: character-string splitting
// (RFC 1035 §3.3.14), master-file quoting (RFC 1035 §5.1), console forms, TTL advice.
#include <cstdio>

#include "authlens/records.hpp"
#include "authlens/strings.hpp"

namespace authlens::records {

bool has_error(const std::vector<note>& notes) {
  for (const auto& n : notes)
    if (n.severity == "error") return true;
  return false;
}

std::vector<std::string> split_strings(std::string_view value, std::size_t max, bool prefer_spaces) {
  std::vector<std::string> out;
  if (max == 0) max = 255;
  while (value.size() > max) {
    std::size_t cut = max;
    if (prefer_spaces) {
      // Cut just after a space near the limit (within the last quarter), so no term is torn apart.
      for (std::size_t i = max; i > max - max / 4; --i) {
        if (value[i - 1] == ' ') {
          cut = i;
          break;
        }
      }
    }
    out.emplace_back(value.substr(0, cut));
    value.remove_prefix(cut);
  }
  if (!value.empty() || out.empty()) out.emplace_back(value);
  return out;
}

std::string quote_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

dns_record with_purpose(dns_record r, std::string code, std::map<std::string, std::string> params) {
  r.purpose_code = std::move(code);
  r.purpose_params = std::move(params);
  return r;
}

dns_record make_record(std::string_view name, std::string_view type, std::string_view value, std::uint32_t ttl,
                       std::string_view purpose) {
  dns_record r;
  r.name = dns::normalize_name(name);
  r.type = std::string(type);
  r.value = std::string(value);
  r.ttl = ttl;
  r.purpose = std::string(purpose);
  const std::string owner = r.name + ". " + std::to_string(ttl) + " IN " + r.type + " ";
  if (r.type == "TXT") {
    r.strings = split_strings(value, 255, true);
    r.one_string = r.value;
    for (std::size_t i = 0; i < r.strings.size(); ++i) r.quoted += (i ? " " : "") + quote_string(r.strings[i]);
    if (r.strings.size() == 1) {
      r.bind = owner + quote_string(r.strings[0]);
    } else {
      r.bind = owner + "(";
      for (std::size_t i = 0; i < r.strings.size(); ++i) r.bind += "\n    " + quote_string(r.strings[i]);
      r.bind += " )";
    }
  } else {
    // CNAME / MX targets: absolute in the zone file, as typed in consoles otherwise.
    std::string target(value);
    if (!target.empty() && target.back() != '.') target += '.';
    r.bind = owner + target;
    r.one_string = r.value;
    r.quoted = r.value;
  }
  return r;
}

std::vector<note> ttl_advice(std::uint32_t ttl) {
  std::vector<note> v;
  v.push_back({"records.ttl.lower_before_change", "info",
               "Before changing an existing record, lower its TTL (e.g. to 300 seconds) and wait at least the old TTL, "
               "so a mistake can be undone quickly.",
               "", {}});
  v.push_back({"records.ttl.raise_after", "info",
               "Once the new record is checked and mail flows as expected, raise the TTL again (3600 seconds or more).",
               "", {{"ttl", std::to_string(ttl)}}});
  if (ttl < 60)
    v.push_back({"records.ttl.too_low", "warning",
                 "A TTL under 60 seconds multiplies DNS queries and some providers refuse it.", "use 300 or more",
                 {{"ttl", std::to_string(ttl)}}});
  return v;
}

bool valid_domain(std::string_view name, bool allow_single_label) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  std::size_t labels = 0;
  for (auto label : str::split(name, '.')) {
    ++labels;
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
  }
  return allow_single_label || labels >= 2;
}

}  // namespace authlens::records
