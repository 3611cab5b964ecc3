// Authentication-Results / ARC-Authentication-Results parsing (RFC 8601, RFC 8617), including the
// non-conforming forms big receivers write, and the report JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/authres.hpp"
#include "authlens/report/authres_json.hpp"

namespace {
namespace ar = authlens::authres;

bool has(const ar::field& f, const std::string& code) {
  for (const auto& d : f.defects)
    if (d.code == code) return true;
  return false;
}

TEST(Authres, ConformingField) {
  auto f = ar::parse(" mx.example.net 1; spf=pass (sender SPF authorized) smtp.mailfrom=a@x.example;\r\n"
                     "\tdkim/1=fail reason=\"bad signature\" header.d=x.example header.s=s1 header.b=\"ab/cd+ef\";\r\n"
                     "\tdmarc=pass header.from=x.example policy.dmarc=reject");
  EXPECT_TRUE(f.conforming()) << f.defects.front().code << ": " << f.defects.front().detail;
  EXPECT_EQ(f.authserv_id, "mx.example.net");
  EXPECT_EQ(f.version.value_or(0), 1);
  ASSERT_EQ(f.results.size(), 3u);
  EXPECT_EQ(f.results[0].method, "spf");
  EXPECT_EQ(f.results[0].comments.at(0), "sender SPF authorized");
  EXPECT_EQ(f.results[0].find("smtp", "mailfrom")->value, "a@x.example");
  EXPECT_EQ(f.results[1].method_version.value_or(0), 1);
  EXPECT_EQ(f.results[1].reason.value_or(""), "bad signature");
  EXPECT_EQ(f.results[1].find("HEADER", "b")->value, "ab/cd+ef");
  EXPECT_EQ(f.results[2].find("policy", "dmarc")->value, "reject");
  EXPECT_EQ(ar::format_resinfo(f.results[1]),
            "dkim/1=fail reason=\"bad signature\" header.d=x.example header.s=s1 header.b=\"ab/cd+ef\"");
}

TEST(Authres, MicrosoftForm) {
  auto f = ar::parse(
      "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=x.example; dkim=pass (signature was verified) "
      "header.d=x.example;dmarc=pass action=none header.from=x.example;compauth=pass reason=100");
  EXPECT_TRUE(has(f, "authres.authserv_id.missing"));
  EXPECT_TRUE(has(f, "authres.property.missing_ptype"));
  EXPECT_EQ(f.authserv_id, "");
  ASSERT_EQ(f.results.size(), 4u);
  EXPECT_EQ(f.results[2].method, "dmarc");
  ASSERT_EQ(f.results[2].properties.size(), 2u);
  EXPECT_EQ(f.results[2].properties[0].ptype, "");
  EXPECT_EQ(f.results[2].properties[0].name, "action");
  EXPECT_EQ(f.results[2].properties[0].value, "none");
  EXPECT_EQ(f.results[3].reason.value_or(""), "100");
  EXPECT_TRUE(f.unparsed.empty());
}

TEST(Authres, ArcInstance) {
  auto f = ar::parse("i=2; mx.example.net; arc=pass (as.2.example.org=pass)", ar::field_kind::arc_authentication_results);
  EXPECT_TRUE(f.conforming());
  EXPECT_EQ(f.instance.value_or(0), 2u);
  EXPECT_EQ(f.authserv_id, "mx.example.net");
  ASSERT_EQ(f.results.size(), 1u);
  EXPECT_EQ(f.results[0].method, "arc");
  f = ar::parse("mx.example.net; arc=none", ar::field_kind::arc_authentication_results);
  EXPECT_TRUE(has(f, "authres.instance.missing"));
  EXPECT_EQ(f.authserv_id, "mx.example.net");
  f = ar::parse("i=0; mx.example.net; none", ar::field_kind::arc_authentication_results);
  EXPECT_TRUE(has(f, "authres.instance.invalid"));
  auto whole = ar::parse_field("ARC-Authentication-Results: i=1; a.example; none");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->kind, ar::field_kind::arc_authentication_results);
  EXPECT_TRUE(whole->no_result);
  EXPECT_FALSE(ar::parse_field("Received: from x").ok());
}

TEST(Authres, LosingNothing) {
  auto f = ar::parse("example.com; dkim=none header.d=none;example.com; dmarc=none action=none header.from=h.example;");
  EXPECT_TRUE(has(f, "authres.resinfo.unparsed"));
  EXPECT_TRUE(has(f, "authres.resinfo.empty"));
  ASSERT_EQ(f.unparsed.size(), 1u);
  EXPECT_EQ(f.unparsed[0], "example.com");
  EXPECT_EQ(f.results.size(), 2u);

  f = ar::parse("example.com; dkim=pass garbage header.d=x.example");
  EXPECT_TRUE(has(f, "authres.property.malformed"));
  EXPECT_EQ(f.unparsed.at(0), "garbage");
  EXPECT_EQ(f.results.at(0).find("header", "d")->value, "x.example");

  f = ar::parse("example.com; dkim=pass (unterminated header.d=x");
  EXPECT_TRUE(has(f, "authres.comment.unterminated"));
  f = ar::parse("example.com; dkim=pass reason=\"open");
  EXPECT_TRUE(has(f, "authres.quoted.unterminated"));
  EXPECT_EQ(f.results.at(0).reason.value_or(""), "open");
  f = ar::parse("example.com; dkim=pass ) header.d=x");
  EXPECT_TRUE(has(f, "authres.comment.unbalanced"));
  f = ar::parse("example.com; dkim=");
  EXPECT_TRUE(has(f, "authres.result.missing"));
  f = ar::parse("example.com; dkim=hardfail");
  EXPECT_TRUE(has(f, "authres.result.unregistered"));
  f = ar::parse("example.com; x-custom=whatever");
  EXPECT_TRUE(f.conforming());
  f = ar::parse("example.com; dkim=pass reason=a reason=b");
  EXPECT_TRUE(has(f, "authres.reason.duplicate"));
  f = ar::parse("example.com; spf=pass smtp.mailfrom=");
  EXPECT_TRUE(has(f, "authres.value.empty"));
  f = ar::parse("example.com; none; spf=pass");
  EXPECT_TRUE(has(f, "authres.none.mixed"));
  f = ar::parse("example.com");
  EXPECT_TRUE(has(f, "authres.results.missing"));
  f = ar::parse("example.com junk; none");
  EXPECT_TRUE(has(f, "authres.version.invalid"));
  f = ar::parse("\"ex\xc3\xa9.example\"; none", ar::field_kind::authentication_results, {.allow_utf8 = false});
  EXPECT_TRUE(has(f, "authres.utf8.not_allowed"));
  f = ar::parse("ex\xc3\xa9.example; none");
  EXPECT_TRUE(has(f, "authres.authserv_id.unquoted_utf8"));
}

TEST(Authres, QuotedLocalPartAndAtDomain) {
  auto f = ar::parse("example.com; auth=pass smtp.auth=\"john doe\"@example.com; dkim=pass header.i=@example.org");
  EXPECT_TRUE(f.conforming()) << f.defects.front().code;
  EXPECT_EQ(f.results.at(0).find("smtp", "auth")->value, "john doe@example.com");
  EXPECT_EQ(f.results.at(1).find("header", "i")->value, "@example.org");
}

TEST(Authres, Limits) {
  std::string many = "example.com";
  for (int i = 0; i < 300; ++i) many += "; spf=pass";
  auto f = ar::parse(many);
  EXPECT_EQ(f.results.size(), 128u);
  EXPECT_TRUE(has(f, "authres.results.too_many"));
  std::string deep = "example.com; dkim=pass " + std::string(100000, '(');
  f = ar::parse(deep);  // must not recurse or hang
  EXPECT_TRUE(has(f, "authres.field.too_long"));
  EXPECT_TRUE(has(f, "authres.comment.unterminated"));
}

TEST(AuthresJson, Shape) {
  ar::field fs[2] = {ar::parse("i=1; mx.example.net; dkim=pass (ok) header.d=x.example", ar::field_kind::arc_authentication_results),
                     ar::parse("spf=pass smtp.mailfrom=x.example;dmarc=pass action=none")};
  auto j = authlens::report::authres_to_json(fs);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["field"], "ARC-Authentication-Results");
  EXPECT_EQ(j[0]["instance"], 1);
  EXPECT_EQ(j[0]["authserv_id"], "mx.example.net");
  EXPECT_FALSE(j[0].contains("version"));
  EXPECT_FALSE(j[0].contains("defects"));
  EXPECT_EQ(j[0]["results"][0]["method"], "dkim");
  EXPECT_EQ(j[0]["results"][0]["comments"][0], "ok");
  EXPECT_EQ(j[0]["results"][0]["properties"][0], (nlohmann::json{{"ptype", "header"}, {"property", "d"}, {"value", "x.example"}}));
  EXPECT_EQ(j[1]["field"], "Authentication-Results");
  EXPECT_FALSE(j[1].contains("instance"));
  EXPECT_EQ(j[1]["authserv_id"], "");
  EXPECT_EQ(j[1]["defects"][0]["code"], "authres.authserv_id.missing");
  EXPECT_EQ(j[1]["raw"], "spf=pass smtp.mailfrom=x.example;dmarc=pass action=none");
  auto bad = authlens::report::authres_field_to_json(ar::parse("\xff; dkim=pass header.d=\xfe"));
  EXPECT_NO_THROW((void)bad.dump());
}

}  // namespace
