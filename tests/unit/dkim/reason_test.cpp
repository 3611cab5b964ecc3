// dkim::reason and dkim::verdict: one distinct word per value; verdict words read back.
#include <gtest/gtest.h>

#include "authlens/dkim.hpp"
#include "unit/enum_words.hpp"

namespace {

using namespace authlens;

TEST(DkimReason, EveryValueHasItsOwnWord) {
  test::expect_distinct_words(dkim::reason::too_many_signatures, [](dkim::reason r) { return dkim::to_string(r); });
  test::expect_distinct_words(dkim::verdict::none, [](dkim::verdict v) { return dkim::to_string(v); });
}

TEST(DkimReason, VerdictWordsReadBack) {
  for (int i = 0; i <= static_cast<int>(dkim::verdict::none); ++i) {
    auto v = static_cast<dkim::verdict>(i);
    EXPECT_EQ(dkim::verdict_from_string(dkim::to_string(v)), v);
  }
  EXPECT_EQ(dkim::verdict_from_string("PASS"), std::nullopt);
  EXPECT_EQ(dkim::verdict_from_string(""), std::nullopt);
}

}  // namespace
