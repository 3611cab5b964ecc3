// The DMARC reason enums: one distinct word per value (the JSON's codes).
#include <gtest/gtest.h>

#include "authlens/dmarc.hpp"
#include "unit/enum_words.hpp"

namespace {

using namespace authlens;

template <class E>
std::string_view word(E r) {
  return dmarc::to_string(r);
}

TEST(DmarcReason, EveryValueHasItsOwnWord) {
  test::expect_distinct_words(dmarc::discovery_reason::domain_invalid, word<dmarc::discovery_reason>);
  test::expect_distinct_words(dmarc::org_reason::domain_invalid, word<dmarc::org_reason>);
  test::expect_distinct_words(dmarc::alignment_reason::temperror, word<dmarc::alignment_reason>);
  test::expect_distinct_words(dmarc::outcome_reason::permerror_no_domain, word<dmarc::outcome_reason>);
  test::expect_distinct_words(dmarc::unaligned_reason::dkim_not_aligned_org_domain, word<dmarc::unaligned_reason>);
  test::expect_distinct_words(dmarc::fix::spf_custom_mail_from, word<dmarc::fix>);
  test::expect_distinct_words(dmarc::disagreement_reason::result, word<dmarc::disagreement_reason>);
}

TEST(DmarcReason, PermerrorNamesTheAuthorProblem) {
  // "dmarc.permerror.author.<author_problem>", as the report has always said.
  EXPECT_EQ(dmarc::to_string(dmarc::outcome_reason::permerror_no_from), "dmarc.permerror.author.no_from");
  EXPECT_EQ(dmarc::to_string(dmarc::outcome_reason::permerror_multiple_addresses),
            "dmarc.permerror.author.multiple_addresses");
}

}  // namespace
