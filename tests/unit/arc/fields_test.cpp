// ARC field parsing (RFC 8617 §4.1).
#include <gtest/gtest.h>

#include "authlens/arc.hpp"

using namespace authlens;

TEST(ArcFields, InstanceOfAar) {
  EXPECT_EQ(arc::instance_of("ARC-Authentication-Results", " i=1; mx.example; spf=pass"), 1u);
  EXPECT_EQ(arc::instance_of("arc-authentication-results", "i = 12 ; mx.example; none"), 12u);
  EXPECT_FALSE(arc::instance_of("ARC-Authentication-Results", " mx.example; i=1; spf=pass"));
  EXPECT_FALSE(arc::instance_of("ARC-Authentication-Results", " i=1 mx.example"));
  EXPECT_FALSE(arc::instance_of("ARC-Authentication-Results", " i=0; mx.example; none"));
  EXPECT_FALSE(arc::instance_of("ARC-Authentication-Results", " i=x; mx.example; none"));
}

TEST(ArcFields, InstanceOfSignatures) {
  EXPECT_EQ(arc::instance_of("ARC-Seal", "i=2; a=rsa-sha256; cv=pass; d=x; s=y; b=AAAA"), 2u);
  EXPECT_FALSE(arc::instance_of("ARC-Seal", "a=rsa-sha256; cv=pass"));
  EXPECT_FALSE(arc::instance_of("ARC-Message-Signature", "i=1; i=2; a=rsa-sha256"));
  EXPECT_FALSE(arc::instance_of("ARC-Message-Signature", "i=; a=rsa-sha256"));
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
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=none; d=x.org; s=s; h=from; b=AAAA").why, arc::reason::sig_h_in_seal);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=maybe; d=x.org; s=s; b=AAAA").why, arc::reason::cv_invalid);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha1; cv=none; d=x.org; s=s; b=AAAA").why, arc::reason::sig_algorithm_unknown);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; d=x.org; s=s; b=AAAA").why, arc::reason::sig_missing_tag);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=none; d=x.org; s=s; b=AAAA; b=AAAA").why,
            arc::reason::sig_duplicate_tag);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=none; d=x.org; s=s; b=!!").why, arc::reason::sig_bad_base64);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=none; d=x.org; s=s; t=abc; b=AAAA").why, arc::reason::sig_bad_number);
  EXPECT_EQ(arc::parse_seal("i=1; a=rsa-sha256; cv=none; d=; s=s; b=AAAA").why, arc::reason::sig_bad_domain);
  EXPECT_EQ(arc::parse_seal("i=0; a=rsa-sha256; cv=none; d=x.org; s=s; b=AAAA").why, arc::reason::instance_invalid);
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
  auto q = arc::parse_message_signature(
      "i=1; a=rsa-sha256; d=example.org; s=dummy; h=from:arc-seal; bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=; b=AAAA");
  EXPECT_EQ(q.why, arc::reason::sig_seal_signed);
  auto r = arc::parse_message_signature("i=1; a=rsa-sha256; c=fancy; d=example.org; s=dummy; h=from; "
                                        "bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=; b=AAAA");
  EXPECT_EQ(r.why, arc::reason::sig_canon_unknown);
}

TEST(ArcFields, ToString) {
  EXPECT_EQ(arc::to_string(arc::chain_status::pass), "pass");
  EXPECT_EQ(arc::chain_status_from_string("FAIL"), arc::chain_status::fail);
  EXPECT_EQ(arc::to_string(arc::reason::newest_ams_failed), "newest_ams_failed");
  EXPECT_EQ(arc::to_string(arc::sig_state::temperror), "temperror");
}
