// RFC 7208 record syntax (§4.6, §5, §6, §12) and macros (§7, with the §7.4 examples).
#include <gtest/gtest.h>

#include "authlens/spf.hpp"
#include "../test_data.hpp"

namespace {

using namespace authlens;

spf::macro_env rfc_env(bool v6) {
  spf::macro_env e;
  e.sender = "strong-bad@email.example.com";
  e.local_part = "strong-bad";
  e.sender_domain = "email.example.com";
  e.domain = "email.example.com";
  e.ip = v6 ? "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1" : "192.0.2.3";
  e.client_ip = v6 ? "2001:db8::cb01" : "192.0.2.3";
  e.ip_version = v6 ? "ip6" : "in-addr";
  e.helo = "mx.example.org";
  e.now = 1234567890;
  return e;
}

std::string x(std::string_view s, bool v6 = false, bool exp = false) {
  auto r = spf::expand_macros(s, rfc_env(v6), exp);
  return r ? *r : "ERROR:" + r.err().code;
}

TEST(SpfMacro, Vectors) {
  auto data = test::data_json("spf/macros.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 30u);
  for (const auto& v : data["vectors"]) {
    const std::string in = v["input"];
    const std::string want = v.contains("error") ? "ERROR:" + v["error"].get<std::string>() : v["expected"].get<std::string>();
    EXPECT_EQ(x(in, v.value("ipv6", false), v.value("exp", false)), want) << in;
  }
  ASSERT_GE(data["valid_macro_strings"].size(), 3u);
  for (const auto& v : data["valid_macro_strings"])
    EXPECT_EQ(spf::valid_macro_string(v["input"].get<std::string>(), v["exp"].get<bool>()), v["valid"].get<bool>()) << v["input"];
}

TEST(SpfRecord, Selection) {
  auto data = test::data_json("spf/records.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["selection"].size(), 5u);
  for (const auto& v : data["selection"])
    EXPECT_EQ(spf::is_spf_record(v["input"].get<std::string>()), v["spf"].get<bool>()) << v["input"];
}

TEST(SpfRecord, ParsesEveryMechanism) {
  auto r = spf::parse_record(
      "v=spf1 +all -include:_spf.example.com ~a ?a:mail.example.com/24//64 mx/26 mx:example.net ptr ptr:example.org "
      "ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{ir}.sbl.example.org redirect=_spf.example.com exp=exp.%{d} "
      "foo.bar=%{l}");
  ASSERT_TRUE(r) << r.err().message;
  ASSERT_EQ(r->terms.size(), 14u);
  EXPECT_EQ(r->terms[0].kind, spf::term_kind::all);
  EXPECT_EQ(r->terms[1].qualifier, '-');
  EXPECT_EQ(r->terms[1].domain_spec, "_spf.example.com");
  EXPECT_EQ(r->terms[3].cidr4, 24);
  EXPECT_EQ(r->terms[3].cidr6, 64);
  EXPECT_EQ(r->terms[3].domain_spec, "mail.example.com");
  EXPECT_EQ(r->terms[4].cidr4, 26);
  EXPECT_EQ(r->terms[8].cidr4, 24);
  EXPECT_EQ(r->terms[9].cidr6, 32);
  EXPECT_EQ(r->redirect_index, 11);
  EXPECT_EQ(r->exp_index, 12);
  EXPECT_EQ(r->terms[13].kind, spf::term_kind::unknown_modifier);
  EXPECT_TRUE(r->terms[2].costs_lookup());
  EXPECT_FALSE(r->terms[8].costs_lookup());
}

TEST(SpfRecord, SyntaxErrors) {
  auto data = test::data_json("spf/records.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["invalid"].size(), 19u);
  ASSERT_GE(data["valid"].size(), 4u);
  for (const auto& v : data["invalid"]) EXPECT_FALSE(spf::parse_record(v["input"].get<std::string>())) << v["input"];
  for (const auto& v : data["valid"]) {
    auto r = spf::parse_record(v["input"].get<std::string>());
    EXPECT_TRUE(r) << v["input"] << ": " << (r ? "" : r.err().message);
  }
}

}  // namespace
