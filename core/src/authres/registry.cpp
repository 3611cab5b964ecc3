// IANA "Email Authentication Result Names" (RFC 8601 §2.7 and the RFCs that register methods), and
// RFC 8601 re-serialisation of one result.
#include <array>
#include <string>
#include <string_view>

#include "authlens/authres.hpp"
#include "authlens/strings.hpp"

namespace authlens::authres {

namespace {

struct method_results {
  std::string_view method;
  std::string_view results;  // space-separated
};

// Registered methods and their result keywords.
constexpr std::array<method_results, 15> k_registry{{
    {"auth", "none pass fail temperror permerror"},                                   // RFC 8601 §2.7.4
    {"dkim", "none pass fail policy neutral temperror permerror"},                    // RFC 8601 §2.7.1
    {"domainkeys", "none pass fail policy neutral temperror permerror"},              // RFC 8601
    {"sender-id", "none pass fail softfail policy neutral temperror permerror hardfail"},  // RFC 8601
    {"spf", "none pass fail softfail policy neutral temperror permerror"},            // RFC 8601 §2.7.2
    {"iprev", "pass fail temperror permerror"},                                       // RFC 8601 §2.7.3
    {"dmarc", "none pass fail temperror permerror"},                                  // RFC 7489 §11.2
    {"arc", "none pass fail"},                                                        // RFC 8617 §10.2
    {"dkim-adsp", "none pass unknown fail discard nxdomain temperror permerror"},     // RFC 5617
    {"rrvs", "none unknown temperror pass fail permerror"},                           // RFC 7293
    {"smime", "none pass fail policy neutral temperror permerror"},                   // RFC 7281
    {"vbr", "none pass fail temperror permerror"},                                    // RFC 6212
    {"dnswl", "pass none temperror permerror"},                                       // RFC 8904
    {"bimi", "pass none fail temperror declined skipped"},                            // BIMI draft
    {"dkim-atps", "none pass fail temperror permerror"},                              // RFC 6541
}};

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= 0x20 || c == 0x7f) return true;
    switch (c) {
      case '(': case ')': case '<': case '>': case ',': case ';': case ':': case '\\': case '"':
      case '/': case '[': case ']': case '?': case '=':
        return true;
      default:
        break;
    }
  }
  return false;  // '@' is fine: [local-part]@domain
}

void append_value(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

bool is_registered_result(std::string_view method, std::string_view result) {
  for (const auto& m : k_registry) {
    if (!str::iequals(m.method, method)) continue;
    for (auto r : str::split(m.results, ' '))
      if (str::iequals(r, result)) return true;
    return false;
  }
  return true;
}

std::string format_resinfo(const resinfo& r) {
  std::string out = r.method;
  if (r.method_version) out += "/" + std::to_string(*r.method_version);
  out += "=" + r.result;
  if (r.reason) {
    out += " reason=\"";
    for (char c : *r.reason) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out += "\"";
  }
  for (const auto& p : r.properties) {
    if (p.ptype.empty()) continue;
    out += " " + p.ptype + "." + p.name + "=";
    append_value(out, p.value);
  }
  return out;
}

}  // namespace authlens::authres
