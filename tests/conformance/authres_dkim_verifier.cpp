// Conformance: DKIM Verifier's Authentication-Results parser cases (../shared/conformance/authres-dkim-verifier,
// format in its SOURCE.md). Mapping to authlens:
//   expect "error"            → authres::parse reports at least one defect (authlens never refuses a field;
//                                a defect is what a strict parser's error is);
//   expect "parse", strict    → no defect, and every checked value matches;
//   expect "parse", relaxed   → every checked value matches (defects allowed: that is the relaxed reading).
// `internationalized` maps to parse_options::allow_utf8. Absent versions count as 1 (RFC 8601 §2.2).
// Conscious deviations are listed in k_deviations with the reason; they are counted, not failed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "authlens/authres.hpp"

namespace {

using nlohmann::json;
namespace ar = authlens::authres;

// Cases authlens decides differently, on purpose.
const std::map<std::string, std::string> k_deviations = {
    {"dkim_verifier-arh-037",
     "`dkim=Pass`: RFC 8601 keywords are case-insensitive (RFC 5234 §2.3), so authlens reads it as pass "
     "without a defect (DKIM Verifier's own strictness; it accepts `spf=Pass`)."},
};

std::string as_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return v.dump();
}

/// Returns "" when the check holds, else a description of the mismatch.
std::string check(const ar::field& f, const std::string& path, const json& expected) {
  std::string want = as_text(expected);
  auto got_or = [&](const std::string& got) { return got == want ? "" : path + ": got \"" + got + "\" want \"" + want + "\""; };
  if (path == "authserv_id") return got_or(f.authserv_id);
  if (path == "authres_version") return got_or(std::to_string(f.version.value_or(1)));
  if (path == "resinfo.length") return got_or(std::to_string(f.results.size()));
  if (path.rfind("resinfo.", 0) != 0) return "unknown path " + path;
  std::string rest = path.substr(8);
  auto dot = rest.find('.');
  std::size_t n = std::stoul(rest.substr(0, dot));
  if (n >= f.results.size()) return path + ": no result " + std::to_string(n);
  const auto& r = f.results[n];
  std::string attr = rest.substr(dot + 1);
  if (attr == "method") return got_or(r.method);
  if (attr == "method_version") return got_or(std::to_string(r.method_version.value_or(1)));
  if (attr == "result") return got_or(r.result);
  if (attr == "reason") return got_or(r.reason.value_or("<absent>"));
  if (attr.rfind("properties.", 0) == 0) {
    std::string pp = attr.substr(11);
    auto d2 = pp.find('.');
    const auto* p = r.find(pp.substr(0, d2), pp.substr(d2 + 1));
    return got_or(p ? p->value : "<absent>");
  }
  return "unknown path " + path;
}

TEST(AuthresDkimVerifier, Cases) {
  std::filesystem::path file =
      std::filesystem::path(AUTHLENS_CONFORMANCE_DIR) / "authres-dkim-verifier" / "arh-parser-cases.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "conformance data absent: " << file;
  std::ifstream in(file);
  json cases = json::parse(in);
  int passed = 0, deviated = 0, failed = 0, checks = 0;
  for (const auto& c : cases) {
    std::string id = c["id"];
    ar::parse_options opt;
    opt.allow_utf8 = c.value("internationalized", false);
    auto r = ar::parse_field(c["header"].get<std::string>(), opt);
    std::string problem;
    if (!r.ok()) {
      problem = "parse_field failed: " + r.err().message;
    } else if (c["expect"] == "error") {
      if (r->defects.empty()) problem = "expected a defect, got none";
    } else {
      if (!c.value("relaxed", false) && !r->defects.empty())
        problem = "unexpected defect " + r->defects.front().code + ": " + r->defects.front().detail;
      for (const auto& k : c.value("checks", json::array())) {
        ++checks;
        auto m = check(*r, k["path"], k["expected"]);
        if (!m.empty()) problem += (problem.empty() ? "" : "; ") + m;
      }
    }
    if (problem.empty()) {
      ++passed;
    } else if (k_deviations.count(id)) {
      ++deviated;
    } else {
      ++failed;
      ADD_FAILURE() << id << " (" << c["test"].get<std::string>() << "): " << problem;
    }
  }
  std::cout << "[authres-dkim-verifier] " << cases.size() << " cases: " << passed << " pass, " << deviated
            << " conscious deviations, " << failed << " fail (" << checks << " value checks)\n";
  RecordProperty("passed", passed);
  RecordProperty("deviated", deviated);
}

}  // namespace
