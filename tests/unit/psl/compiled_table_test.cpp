// The compiled-in list (core/src/psl/generate_table.cmake → a sorted table + a text part) must answer
// exactly as the run-time parser does on the same file: every rule of the file, its subdomains, both
// section choices.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "authlens/psl.hpp"
#include "authlens/strings.hpp"
#include "psl/table.hpp"

using authlens::psl::list;
using authlens::psl::match_options;

namespace {

TEST(PslCompiled, TableIsStrictlySortedWithKindsAndBlockOffsets) {
  using namespace authlens::psl::detail;
  ASSERT_GT(builtin_count, 5000u);
  ASSERT_GT(builtin_block, 0u);
  std::size_t offset = 0;
  std::string_view prev;
  for (std::size_t i = 0; i < builtin_count; ++i) {
    if (i % builtin_block == 0) {
      EXPECT_EQ(builtin_block_offsets[i / builtin_block], offset) << "block " << i / builtin_block;
    }
    std::string_view key(builtin_keys + offset, builtin_entries[2 * i]);
    EXPECT_NE(builtin_entries[2 * i + 1], 0) << key;
    EXPECT_FALSE(key.empty());
    if (i > 0) {
      EXPECT_LT(prev, key) << "entry " << i;
    }
    prev = key;
    offset += key.size();
  }
}

TEST(PslCompiled, AnswersAsTheParserDoesForEveryRule) {
  std::ifstream in(AUTHLENS_PSL_FILE, std::ios::binary);
  if (!in) GTEST_SKIP() << "no list file at " << AUTHLENS_PSL_FILE;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const list parsed = list::parse(text);
  const list& compiled = list::builtin();
  EXPECT_EQ(compiled.size(), parsed.size());
  std::size_t names = 0;
  for (auto raw : authlens::str::split(text, '\n')) {
    auto line = authlens::str::trim(raw);
    if (line.empty() || line.substr(0, 2) == "//") continue;
    line = line.substr(0, line.find_first_of(" \t"));
    if (line[0] == '!') line.remove_prefix(1);
    if (line.substr(0, 2) == "*.") line.remove_prefix(2);
    std::string base(line);
    for (const std::string& name : {base, "x." + base, "a.b." + base, "Mail.Example." + base + "."}) {
      for (bool priv : {true, false}) {
        match_options o;
        o.private_domains = priv;
        auto a = compiled.lookup(name, o), b = parsed.lookup(name, o);
        ++names;
        ASSERT_EQ(a.valid, b.valid) << name;
        EXPECT_EQ(a.public_suffix, b.public_suffix) << name;
        EXPECT_EQ(a.registrable, b.registrable) << name;
        EXPECT_EQ(a.rule, b.rule) << name;
        EXPECT_EQ(a.private_section, b.private_section) << name;
        EXPECT_EQ(a.exception, b.exception) << name;
      }
    }
  }
  EXPECT_GT(names, 40000u);
}

}  // namespace
