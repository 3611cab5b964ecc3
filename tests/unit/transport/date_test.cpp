// RFC 5322 §3.3 / §4.3 date-time parsing and ISO 8601 formatting.
#include <gtest/gtest.h>

#include <string>

#include "authlens/transport.hpp"

namespace {
namespace tr = authlens::transport;

std::string iso(const char* s) {
  auto d = tr::parse_date(s);
  return d.ok() ? tr::to_iso8601_utc(d->unix_seconds) : "error:" + d.err().code;
}

TEST(Date, Rfc5322Forms) {
  EXPECT_EQ(iso("Mon, 23 Nov 2026 07:00:00 +0000"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("Mon, 23 Nov 2026 16:00:00 +0900"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 02:00 -0500"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("  Mon (Monday) , 23 Nov 2026 07:00:00 +0000 (UTC)  "), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("Thu, 1 Jan 1970 00:00:00 +0000"), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso("Tue, 29 Feb 2000 23:59:59 +0000"), "2000-02-29T23:59:59Z");
  EXPECT_EQ(iso("Wed, 31 Dec 1969 23:59:59 +0000"), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso("Fri, 31 Dec 9999 23:59:59 +0000"), "9999-12-31T23:59:59Z");
  auto d = tr::parse_date("Mon, 23 Nov 2026 16:00:00 +0930");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->offset_minutes, 570);
  EXPECT_FALSE(d->obsolete);
  EXPECT_FALSE(d->weekday_mismatch);
}

TEST(Date, ObsoleteForms) {
  EXPECT_EQ(iso("Mon, 23 Nov 26 07:00:00 GMT"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("Sat, 23 Nov 96 07:00:00 UT"), "1996-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 126 07:00:00 +0000"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 02:00:00 EST"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 03:00:00 EDT"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 23:00:00 PST"), "2026-11-24T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 00:00:00 PDT"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 01:00:00 CST"), "2026-11-23T07:00:00Z");
  EXPECT_EQ(iso("23 Nov 2026 00:00:00 MST"), "2026-11-23T07:00:00Z");
  auto d = tr::parse_date("23 Nov 2026 07:00:00 Q");  // military: treated as -0000
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->zone_unknown);
  EXPECT_TRUE(d->obsolete);
  EXPECT_EQ(tr::to_iso8601_utc(d->unix_seconds), "2026-11-23T07:00:00Z");
  d = tr::parse_date("23 Nov 2026 07:00:00 -0000");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->zone_unknown);
  d = tr::parse_date("Tue, 23 Nov 2026 07:00:00 +0000");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->weekday_mismatch);
  EXPECT_EQ(iso("Mon, 23 Nov 2026 07:00:60 +0000"), "2026-11-23T07:01:00Z");  // leap second
}

TEST(Date, Errors) {
  EXPECT_EQ(iso(""), "error:transport.date.syntax");
  EXPECT_EQ(iso("yesterday"), "error:transport.date.syntax");
  EXPECT_EQ(iso("Mon, 23 Foo 2026 07:00:00 +0000"), "error:transport.date.syntax");
  EXPECT_EQ(iso("Mon, 31 Nov 2026 07:00:00 +0000"), "error:transport.date.range");
  EXPECT_EQ(iso("29 Feb 2100 07:00:00 +0000"), "error:transport.date.range");
  EXPECT_EQ(iso("23 Nov 2026 24:00:00 +0000"), "error:transport.date.range");
  EXPECT_EQ(iso("23 Nov 2026 07:60:00 +0000"), "error:transport.date.range");
  EXPECT_EQ(iso("23 Nov 2026 07:00:00 +0060"), "error:transport.date.range");
  EXPECT_EQ(iso("23 Nov 99999 07:00:00 +0000"), "error:transport.date.range");
  EXPECT_EQ(iso("23 Nov 2026 07"), "error:transport.date.syntax");
  EXPECT_EQ(iso("23 Nov 2026 07:00:00 +00"), "error:transport.date.syntax");
}

TEST(Date, Iso8601Clamps) {
  EXPECT_EQ(tr::to_iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(tr::to_iso8601_utc(1795417200), "2026-11-23T07:00:00Z");
  EXPECT_EQ(tr::to_iso8601_utc(INT64_MIN), "0000-01-01T00:00:00Z");
  EXPECT_EQ(tr::to_iso8601_utc(INT64_MAX), "9999-12-31T23:59:59Z");
}

}  // namespace
