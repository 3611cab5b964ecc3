// Unit tests of the public suffix list: parsing, the matching algorithm, sections, IDN, punycode.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authlens/psl.hpp"

using authlens::psl::list;
using authlens::psl::match_options;

namespace {

const char* small_list =
    "// ===BEGIN ICANN DOMAINS===\n"
    "com\n"
    "uk\n"
    "co.uk\n"
    "jp\n"
    "*.kobe.jp\n"
    "!city.kobe.jp\n"
    "公司.cn\n"
    "cn\n"
    "// ===END ICANN DOMAINS===\n"
    "// ===BEGIN PRIVATE DOMAINS===\n"
    "blogspot.com\n"
    "*.compute.example.com   trailing text ignored\n"
    "// ===END PRIVATE DOMAINS===\n";

TEST(Psl, NormalRules) {
  auto l = list::parse(small_list);
  EXPECT_EQ(l.lookup("www.example.co.uk").registrable, "example.co.uk");
  EXPECT_EQ(l.lookup("www.example.co.uk").public_suffix, "co.uk");
  EXPECT_EQ(l.lookup("co.uk").registrable, "");
  EXPECT_EQ(l.lookup("Example.COM.").registrable, "example.com");
}

TEST(Psl, DefaultRuleForUnlistedTld) {
  auto l = list::parse(small_list);
  auto m = l.lookup("a.b.example");
  EXPECT_EQ(m.rule, "*");
  EXPECT_EQ(m.registrable, "b.example");
}

TEST(Psl, WildcardAndException) {
  auto l = list::parse(small_list);
  EXPECT_EQ(l.lookup("c.kobe.jp").registrable, "");
  EXPECT_EQ(l.lookup("a.b.c.kobe.jp").registrable, "b.c.kobe.jp");
  auto m = l.lookup("www.city.kobe.jp");
  EXPECT_TRUE(m.exception);
  EXPECT_EQ(m.registrable, "city.kobe.jp");
  EXPECT_EQ(m.public_suffix, "kobe.jp");
}

TEST(Psl, PrivateSectionCanBeExcluded) {
  auto l = list::parse(small_list);
  auto m = l.lookup("me.blogspot.com");
  EXPECT_TRUE(m.private_section);
  EXPECT_EQ(m.registrable, "me.blogspot.com");
  EXPECT_EQ(l.lookup("me.blogspot.com", match_options{.private_domains = false}).registrable, "blogspot.com");
  EXPECT_EQ(l.lookup("a.b.compute.example.com").registrable, "a.b.compute.example.com");
}

TEST(Psl, IdnRulesMatchBothForms) {
  auto l = list::parse(small_list);
  EXPECT_EQ(l.lookup("www.食狮.公司.cn").registrable, "食狮.公司.cn");
  EXPECT_EQ(l.lookup("www.xn--85x722f.xn--55qx5d.cn").registrable, "xn--85x722f.xn--55qx5d.cn");
}

TEST(Psl, InvalidNames) {
  auto l = list::parse(small_list);
  EXPECT_FALSE(l.lookup("").valid);
  EXPECT_FALSE(l.lookup(".com").valid);
  EXPECT_FALSE(l.lookup("a..com").valid);
  EXPECT_FALSE(l.lookup("\xff.com").valid);
  EXPECT_EQ(authlens::psl::organizational_domain("", l), "");
}

TEST(Psl, OrganizationalDomainOfASuffixIsItself) {
  auto l = list::parse(small_list);
  EXPECT_EQ(authlens::psl::organizational_domain("co.uk", l), "co.uk");
  EXPECT_EQ(authlens::psl::organizational_domain("mail.example.co.uk", l), "example.co.uk");
}

TEST(Psl, Punycode) {
  // RFC 3492 §7.1 sample (A) Arabic (Egyptian) and two well-known labels.
  EXPECT_EQ(authlens::psl::to_a_label("食狮").value(), "xn--85x722f");
  EXPECT_EQ(authlens::psl::to_a_label("公司").value(), "xn--55qx5d");
  EXPECT_EQ(authlens::psl::to_a_label("中国").value(), "xn--fiqs8s");
  EXPECT_EQ(authlens::psl::to_a_label("bücher").value(), "xn--bcher-kva");
  EXPECT_EQ(authlens::psl::to_a_label("ليهمابتكلموشعربي؟").value(), "xn--egbpdaj6bu4bxfgehfvwxn");
  EXPECT_EQ(authlens::psl::to_a_label("ABC").value(), "abc");
  EXPECT_FALSE(authlens::psl::to_a_label("\xc0\x80"));
}

TEST(Psl, BuiltinListIsLoaded) {
  const auto& l = list::builtin();
  EXPECT_GT(l.size(), 5000u);
  EXPECT_FALSE(l.version().empty());
  EXPECT_EQ(l.lookup("mail.example.co.uk").registrable, "example.co.uk");
  EXPECT_EQ(l.lookup("foo.blogspot.com").registrable, "foo.blogspot.com");
}

TEST(Psl, DefectsForBadRules) {
  std::vector<authlens::defect> d;
  auto l = list::parse("com\na..b\nx.*.y\n", &d);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(l.size(), 1u);
}

}  // namespace
