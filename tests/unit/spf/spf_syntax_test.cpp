// RFC 7208 record syntax (§4.6, §5, §6, §12) and macros (§7, with the §7.4 examples).
#include <gtest/gtest.h>

#include "authlens/spf.hpp"

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

TEST(SpfMacro, Rfc7208Section74Examples) {
  EXPECT_EQ(x("%{s}"), "strong-bad@email.example.com");
  EXPECT_EQ(x("%{o}"), "email.example.com");
  EXPECT_EQ(x("%{d}"), "email.example.com");
  EXPECT_EQ(x("%{d4}"), "email.example.com");
  EXPECT_EQ(x("%{d3}"), "email.example.com");
  EXPECT_EQ(x("%{d2}"), "example.com");
  EXPECT_EQ(x("%{d1}"), "com");
  EXPECT_EQ(x("%{dr}"), "com.example.email");
  EXPECT_EQ(x("%{d2r}"), "example.email");
  EXPECT_EQ(x("%{l}"), "strong-bad");
  EXPECT_EQ(x("%{l-}"), "strong.bad");
  EXPECT_EQ(x("%{lr}"), "strong-bad");
  EXPECT_EQ(x("%{lr-}"), "bad.strong");
  EXPECT_EQ(x("%{l1r-}"), "strong");
  EXPECT_EQ(x("%{ir}.%{v}._spf.%{d2}"), "3.2.0.192.in-addr._spf.example.com");
  EXPECT_EQ(x("%{lr-}.lp._spf.%{d2}"), "bad.strong.lp._spf.example.com");
  EXPECT_EQ(x("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}"), "bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
  EXPECT_EQ(x("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}"), "3.2.0.192.in-addr.strong.lp._spf.example.com");
  EXPECT_EQ(x("%{d2}.trusted-domains.example.net"), "example.com.trusted-domains.example.net");
  EXPECT_EQ(x("%{ir}.%{v}._spf.%{d2}", true),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
}

TEST(SpfMacro, EscapesAndExpOnlyLetters) {
  EXPECT_EQ(x("%%%_%-"), "% %20");
  EXPECT_EQ(x("%{S}"), "strong-bad%40email.example.com");
  EXPECT_EQ(x("%{c} at %{t}", true, true), "2001:db8::cb01 at 1234567890");
  EXPECT_EQ(x("%{r}", false, true), "unknown");
  EXPECT_EQ(x("%{c}"), "ERROR:spf.macro.syntax");  // c, r, t only in exp
  EXPECT_EQ(x("%{d0}"), "ERROR:spf.macro.syntax");
  EXPECT_EQ(x("%{x}"), "ERROR:spf.macro.syntax");
  EXPECT_EQ(x("%{d"), "ERROR:spf.macro.syntax");
  EXPECT_EQ(x("100%"), "ERROR:spf.macro.syntax");
  EXPECT_EQ(x("%{d99999999999999999}"), "email.example.com");  // more parts than there are: all
  EXPECT_TRUE(spf::valid_macro_string("%{ir}.%{v}._spf.%{d2}", false));
  EXPECT_FALSE(spf::valid_macro_string("a b", false));
  EXPECT_TRUE(spf::valid_macro_string("a b", true));
}

TEST(SpfRecord, Selection) {
  EXPECT_TRUE(spf::is_spf_record("v=spf1"));
  EXPECT_TRUE(spf::is_spf_record("V=SPF1 -all"));
  EXPECT_FALSE(spf::is_spf_record("v=spf10 -all"));
  EXPECT_FALSE(spf::is_spf_record("v=spf1-all"));
  EXPECT_FALSE(spf::is_spf_record("spf2.0/pra -all"));
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
  const char* bad[] = {
      "v=spf1 -all ip:10.0.0.1",          // unknown mechanism anywhere
      "v=spf1 all:foo",                  // all takes nothing
      "v=spf1 include",                  // include needs a domain
      "v=spf1 ip4:192.0.2.0/33",          // CIDR too long
      "v=spf1 ip4:192.0.2.0/024",         // leading zero
      "v=spf1 ip4:192.0.2",               // short address
      "v=spf1 ip4:192.0.2.1//64",         // dual CIDR not on ip4
      "v=spf1 ip6:2001:db8::/129",
      "v=spf1 a:example.com/33",
      "v=spf1 a//129",
      "v=spf1 ptr/24",
      "v=spf1 a:foo",                     // domain-end needs '.' toplabel
      "v=spf1 a:example.123",             // toplabel not all-numeric
      "v=spf1 redirect=a.example redirect=b.example",
      "v=spf1 exp=a.example exp=b.example",
      "v=spf1 exists:%{c}.example.com",   // c only in exp
      "v=spf1 a\tmx",                     // terms separated by spaces only
      "v=spf1 a:ex\xc3\xa4mple.com",     // non-ASCII
      "v=spf1 foo=%{z}",                  // unknown modifier with a bad macro
  };
  for (const char* s : bad) EXPECT_FALSE(spf::parse_record(s)) << s;
  EXPECT_TRUE(spf::parse_record("v=spf1   a   -all "));
  EXPECT_TRUE(spf::parse_record("v=spf1 a:foo:bar/baz.example.com"));
  EXPECT_TRUE(spf::parse_record("v=spf1 a:%{d}"));
  EXPECT_TRUE(spf::parse_record("v=spf1 exists:%{i}.example.com."));
}

}  // namespace
