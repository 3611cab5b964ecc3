// Authentication-Results / ARC-Authentication-Results parsing (RFC 8601, RFC 8617), including the
// non-conforming forms big receivers write, and the report JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/authres.hpp"
#include "authlens/report.hpp"
#include "../test_data.hpp"

namespace {
namespace ar = authlens::authres;

bool has(const ar::field& f, const std::string& code) {
  for (const auto& d : f.defects)
    if (d.code == code) return true;
  return false;
}

// Vectors in tests/data/authres/fields.json; every key present in a vector is checked.
void check_vector(const nlohmann::json& v) {
  const std::string name = v["name"];
  auto kind = v.value("kind", "ar") == "aar" ? ar::field_kind::arc_authentication_results : ar::field_kind::authentication_results;
  auto f = ar::parse(v["input"].get<std::string>(), kind);
  if (v.contains("conforming")) {
    EXPECT_EQ(f.conforming(), v["conforming"].get<bool>()) << name << (f.defects.empty() ? "" : ": " + f.defects.front().code);
  }
  if (v.contains("authserv_id")) { EXPECT_EQ(f.authserv_id, v["authserv_id"].get<std::string>()) << name; }
  if (v.contains("version")) { EXPECT_EQ(f.version.value_or(0), v["version"].get<int>()) << name; }
  if (v.contains("instance")) { EXPECT_EQ(f.instance.value_or(0), v["instance"].get<std::uint32_t>()) << name; }
  for (const auto& code : v.value("defects", nlohmann::json::array())) {
    EXPECT_TRUE(has(f, code)) << name << ": " << code;
  }
  if (v.contains("unparsed")) { EXPECT_EQ(f.unparsed, v["unparsed"].get<std::vector<std::string>>()) << name; }
  if (!v.contains("results")) return;
  ASSERT_EQ(f.results.size(), v["results"].size()) << name;
  for (std::size_t i = 0; i < f.results.size(); ++i) {
    const auto& want = v["results"][i];
    const auto& got = f.results[i];
    EXPECT_EQ(got.method, want["method"].get<std::string>()) << name << " #" << i;
    if (want.contains("result")) { EXPECT_EQ(got.result, want["result"].get<std::string>()) << name << " #" << i; }
    if (want.contains("reason")) { EXPECT_EQ(got.reason.value_or("(none)"), want["reason"].get<std::string>()) << name << " #" << i; }
    if (want.contains("method_version")) { EXPECT_EQ(got.method_version.value_or(0), want["method_version"].get<int>()) << name << " #" << i; }
    if (want.contains("comments")) { EXPECT_EQ(got.comments, want["comments"].get<std::vector<std::string>>()) << name << " #" << i; }
    if (!want.contains("properties")) continue;
    ASSERT_EQ(got.properties.size(), want["properties"].size()) << name << " #" << i;
    for (std::size_t k = 0; k < got.properties.size(); ++k) {
      const auto& p = got.properties[k];
      EXPECT_EQ((std::vector<std::string>{p.ptype, p.name, p.value}), want["properties"][k].get<std::vector<std::string>>())
          << name << " #" << i << " property " << k;
    }
  }
}

TEST(Authres, Vectors) {
  auto data = authlens::test::data_json("authres/fields.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 20u);
  for (const auto& v : data["vectors"]) check_vector(v);
}

// What the data files cannot carry: method lookups, re-serialisation, whole fields and raw bytes.
TEST(Authres, LookupsAndFormatting) {
  auto f = ar::parse(" mx.example.net 1; spf=pass smtp.mailfrom=a@x.example; dkim/1=fail reason=\"bad signature\" "
                     "header.d=x.example header.s=s1 header.b=\"ab/cd+ef\"");
  EXPECT_EQ(f.results.at(0).find("smtp", "mailfrom")->value, "a@x.example");
  EXPECT_EQ(f.results.at(1).find("HEADER", "b")->value, "ab/cd+ef");
  EXPECT_EQ(ar::format_resinfo(f.results.at(1)),
            "dkim/1=fail reason=\"bad signature\" header.d=x.example header.s=s1 header.b=\"ab/cd+ef\"");
  auto whole = ar::parse_field("ARC-Authentication-Results: i=1; a.example; none");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->kind, ar::field_kind::arc_authentication_results);
  EXPECT_TRUE(whole->no_result);
  EXPECT_FALSE(ar::parse_field("Received: from x").ok());
  f = ar::parse("\"ex\xc3\xa9.example\"; none", ar::field_kind::authentication_results, {.allow_utf8 = false});
  EXPECT_TRUE(has(f, "authres.utf8.not_allowed"));
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
