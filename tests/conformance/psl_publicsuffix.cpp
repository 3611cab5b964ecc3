// The publicsuffix.org test vectors (../shared/conformance/publicsuffix/tests.txt) against the
// list compiled in (Debian `publicsuffix`) and against the list snapshot shipped with the vectors.
// "Registrable domain" in the vectors is RFC 7489 §3.2's Organizational Domain; `null` means none.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/psl.hpp"

namespace {

struct psl_case {
  std::string input, expected;
  int line = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string dir() { return std::string(AUTHLENS_CONFORMANCE_DIR) + "/publicsuffix"; }

std::vector<psl_case> load_cases() {
  std::vector<psl_case> out;
  std::istringstream in(read_file(dir() + "/tests.txt"));
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.rfind("//", 0) == 0) continue;
    std::istringstream ls(line);
    psl_case c;
    ls >> c.input >> c.expected;
    c.line = no;
    out.push_back(c);
  }
  return out;
}

bool present() { return std::ifstream(dir() + "/tests.txt").good(); }

void run_all(const authlens::psl::list& l) {
  auto cases = load_cases();
  ASSERT_EQ(cases.size(), 78u) << "SOURCE.md counts 78 active cases";
  int passed = 0;
  for (const auto& c : cases) {
    // `null` as input stands for a missing value; our API has none, and an unlisted single label
    // has no registrable domain either, which is what the case expects.
    auto m = l.lookup(c.input == "null" ? std::string() : c.input);
    std::string got = m.registrable.empty() ? "null" : m.registrable;
    EXPECT_EQ(got, c.expected) << "tests.txt line " << c.line << ": " << c.input << " (rule " << m.rule << ")";
    if (got == c.expected) ++passed;
  }
  ::testing::Test::RecordProperty("passed", passed);
}

TEST(PublicSuffixConformance, BuiltinList) {
  if (!present()) GTEST_SKIP() << "conformance folder absent: " << dir();
  run_all(authlens::psl::list::builtin());
}

TEST(PublicSuffixConformance, SnapshotListLoadedAtRunTime) {
  if (!present()) GTEST_SKIP() << "conformance folder absent: " << dir();
  std::vector<authlens::defect> defects;
  auto l = authlens::psl::list::parse(read_file(dir() + "/public_suffix_list.dat"), &defects);
  EXPECT_TRUE(defects.empty());
  EXPECT_GT(l.size(), 9000u);
  run_all(l);
}

}  // namespace
