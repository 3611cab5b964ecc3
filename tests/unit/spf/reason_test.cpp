// spf::reason and spf::result_code: one word per value, read back by the *_from_string functions.
#include <gtest/gtest.h>

#include "authlens/spf.hpp"
#include "unit/enum_words.hpp"

namespace {

using namespace authlens;

TEST(SpfReason, EveryValueHasItsOwnWord) {
  test::expect_distinct_words(spf::last_reason, [](spf::reason r) { return spf::to_string(r); });
  test::expect_distinct_words(spf::result_code::permerror, [](spf::result_code r) { return spf::to_string(r); });
}

TEST(SpfReason, WordsReadBack) {
  for (int i = 0; i <= static_cast<int>(spf::last_reason); ++i) {
    auto r = static_cast<spf::reason>(i);
    EXPECT_EQ(spf::reason_from_string(spf::to_string(r)), r) << spf::to_string(r);
  }
  EXPECT_EQ(spf::reason_from_string("spf.syntax.version"), spf::reason::syntax_version);
  EXPECT_EQ(spf::reason_from_string("spf.nonsense"), std::nullopt);
  for (int i = 0; i <= static_cast<int>(spf::result_code::permerror); ++i) {
    auto r = static_cast<spf::result_code>(i);
    EXPECT_EQ(spf::result_from_string(spf::to_string(r)), r);
  }
  EXPECT_EQ(spf::result_from_string("Pass"), std::nullopt);
  EXPECT_EQ(spf::result_from_string(""), std::nullopt);
}

TEST(SpfReason, ParseErrorsAreReasons) {
  // The error codes of parse_record() and expand_macros() are reason words.
  for (const char* rec : {"v=spf2", "v=spf1 foo", "v=spf1 a:%{", "v=spf1 redirect=a.example redirect=b.example",
                          "v=spf1 exp=a.example exp=b.example", "v=spf1 ip4:300.1.1.1"}) {
    auto p = spf::parse_record(rec);
    ASSERT_FALSE(p) << rec;
    EXPECT_TRUE(spf::reason_from_string(p.err().code)) << rec << ": " << p.err().code;
  }
  spf::macro_env env;
  auto x = spf::expand_macros("%{z}", env, false);
  ASSERT_FALSE(x);
  EXPECT_EQ(spf::reason_from_string(x.err().code), spf::reason::macro_syntax);
}

}  // namespace
