// iprev's result and reason enums: one distinct word per value (the report's codes).
#include <gtest/gtest.h>

#include "authlens/transport.hpp"
#include "unit/enum_words.hpp"

namespace {

using namespace authlens;

TEST(IprevWords, EveryValueHasItsOwnWord) {
  test::expect_distinct_words(transport::iprev_verdict::permerror,
                              [](transport::iprev_verdict v) { return transport::to_string(v); });
  test::expect_distinct_words(transport::iprev_reason::bad_address,
                              [](transport::iprev_reason r) { return transport::to_string(r); });
}

TEST(IprevWords, BadAddressIsJudgedWithoutDns) {
  dns::cache none;
  dns::lookup_context ctx(none);
  auto r = transport::check_iprev(ctx, "not-an-ip");
  EXPECT_TRUE(r.done);
  EXPECT_EQ(r.result, transport::iprev_verdict::permerror);
  EXPECT_EQ(transport::to_string(r.reason), "iprev.bad_address");
}

}  // namespace
