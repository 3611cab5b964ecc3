// ARC field parsing (RFC 8617 §4.1).
#include <gtest/gtest.h>

#include "authlens/arc.hpp"
#include "../test_data.hpp"

using namespace authlens;

TEST(ArcFields, Instances) {
  auto data = test::data_json("arc/fields.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["instances"].size(), 10u);
  for (const auto& v : data["instances"]) {
    auto got = arc::instance_of(v["field"].get<std::string>(), v["value"].get<std::string>());
    if (v["instance"].is_null()) {
      EXPECT_FALSE(got) << v["field"] << ": " << v["value"];
    } else {
      EXPECT_EQ(got.value_or(0), v["instance"].get<std::uint32_t>()) << v["field"] << ": " << v["value"];
    }
  }
}

TEST(ArcFields, Seal) {
  auto p = arc::parse_seal(" i=1; a=rsa-sha256; cv=none; d=Example.org; s=dummy; t=12345; b=AAAA");
  ASSERT_TRUE(p.ok) << p.detail;
  EXPECT_EQ(p.fields.instance, 1u);
  EXPECT_EQ(p.fields.domain, "example.org");
  EXPECT_EQ(p.fields.cv, arc::chain_status::none);
  EXPECT_EQ(p.fields.timestamp, 12345);
  EXPECT_EQ(p.fields.key_name(), "dummy._domainkey.example.org");
}

TEST(ArcFields, SealRejects) {
  auto data = test::data_json("arc/fields.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["seal_rejects"].size(), 9u);
  for (const auto& v : data["seal_rejects"]) {
    auto p = arc::parse_seal(v["value"].get<std::string>());
    EXPECT_FALSE(p.ok) << v["value"];
    EXPECT_EQ(arc::to_string(p.why), v["reason"].get<std::string>()) << v["value"];
  }
  ASSERT_GE(data["message_signature_rejects"].size(), 2u);
  for (const auto& v : data["message_signature_rejects"]) {
    auto p = arc::parse_message_signature(v["value"].get<std::string>());
    EXPECT_FALSE(p.ok) << v["value"];
    EXPECT_EQ(arc::to_string(p.why), v["reason"].get<std::string>()) << v["value"];
  }
}

TEST(ArcFields, MessageSignature) {
  auto p = arc::parse_message_signature(
      "i=1; a=rsa-sha256; c=relaxed/simple; d=example.org; s=dummy; h=from:to:subject; "
      "bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=; b=AAAA; x=1");
  ASSERT_TRUE(p.ok) << p.detail;
  EXPECT_EQ(p.fields.header_canon, dkim::canon::relaxed);
  EXPECT_EQ(p.fields.body_canon, dkim::canon::simple);
  ASSERT_EQ(p.fields.headers.size(), 3u);
  EXPECT_EQ(p.fields.headers[2], "subject");
}

TEST(ArcFields, ToString) {
  EXPECT_EQ(arc::to_string(arc::chain_status::pass), "pass");
  EXPECT_EQ(arc::chain_status_from_string("FAIL"), arc::chain_status::fail);
  EXPECT_EQ(arc::to_string(arc::reason::newest_ams_failed), "newest_ams_failed");
  EXPECT_EQ(arc::to_string(arc::sig_state::temperror), "temperror");
}
