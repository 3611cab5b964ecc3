// spf::lint: findings with reason codes and fixes, the tree, the budget, flattening; and the JSON.
#include <gtest/gtest.h>

#include <algorithm>

#include "authlens/report.hpp"
#include "authlens/spf.hpp"
#include "spf_test_zone.hpp"

namespace {

using namespace authlens;
using spf_test::zone;

spf::lint_report lint(zone& z, const std::string& d) {
  dns::cache c;
  return spf::lint(c, d, z.resolver());
}

bool has(const spf::lint_report& r, const std::string& code) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const spf::finding& f) { return f.code == code; });
}

TEST(SpfLint, ClassicMistakes) {
  zone z;
  z.txt("two.example", {"v=spf1 -all"}).txt("two.example", {"v=spf1 mx -all"});
  EXPECT_TRUE(has(lint(z, "two.example"), "spf.lint.multiple_records"));
  z.spf("open.example", "v=spf1 +all");
  EXPECT_TRUE(has(lint(z, "open.example"), "spf.lint.pass_all"));
  z.spf("neutral.example", "v=spf1 ip4:192.0.2.1 ?all");
  EXPECT_TRUE(has(lint(z, "neutral.example"), "spf.lint.neutral_all"));
  z.spf("noall.example", "v=spf1 ip4:192.0.2.1");
  EXPECT_TRUE(has(lint(z, "noall.example"), "spf.lint.no_all"));
  z.spf("ptr.example", "v=spf1 ptr -all");
  EXPECT_TRUE(has(lint(z, "ptr.example"), "spf.lint.ptr"));
  z.spf("redir.example", "v=spf1 redirect=open.example -all");
  EXPECT_TRUE(has(lint(z, "redir.example"), "spf.lint.redirect_with_all"));
  z.spf("inc.example", "v=spf1 include:nowhere.example -all");
  EXPECT_TRUE(has(lint(z, "inc.example"), "spf.lint.include_none"));
  z.spf("dup.example", "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.7 ip6:2001:db8::/32 ip6:2001:db8:1::/48 -all");
  auto d = lint(z, "dup.example");
  EXPECT_EQ(std::count_if(d.findings.begin(), d.findings.end(),
                          [](const spf::finding& f) { return f.code == "spf.lint.redundant_range"; }),
            2);
  z.spf("rr99.example", "v=spf1 -all");
  z.slot("rr99.example", dns::rr_type::spf).txt.push_back({"v=spf1 -all"});
  EXPECT_TRUE(has(lint(z, "rr99.example"), "spf.lint.spf_rr_type"));
  z.txt("long.example", {"v=spf1 " + std::string(240, 'x') + ".example.com", std::string(300, 'y')});
  auto l = lint(z, "long.example");
  EXPECT_TRUE(has(l, "spf.lint.record_too_long"));
  EXPECT_TRUE(has(l, "spf.lint.string_too_long"));
  z.spf("loop.example", "v=spf1 include:loop2.example -all");
  z.spf("loop2.example", "v=spf1 include:loop.example -all");
  EXPECT_TRUE(has(lint(z, "loop.example"), "spf.lint.include_loop"));
  z.spf("void.example", "v=spf1 a:v1.example a:v2.example a:v3.example -all");
  EXPECT_TRUE(has(lint(z, "void.example"), "spf.lint.too_many_void_lookups"));
  z.spf("good.example", "v=spf1 ip4:192.0.2.0/24 -all");
  auto g = lint(z, "good.example");
  EXPECT_TRUE(g.findings.empty());
  EXPECT_TRUE(g.done);
}

TEST(SpfLint, HostileFanOutStaysSmall) {
  zone z;
  // Twelve records, each including all later ones: 2^11 paths without a cap.
  for (int i = 0; i < 12; ++i) {
    std::string rec = "v=spf1";
    for (int k = i + 1; k < 12; ++k) rec += " include:d" + std::to_string(k) + ".example";
    z.spf("d" + std::to_string(i) + ".example", rec + " -all");
  }
  auto r = lint(z, "d0.example");
  EXPECT_TRUE(r.done);
  EXPECT_TRUE(has(r, "spf.lint.tree_too_large"));
  EXPECT_TRUE(has(r, "spf.lint.too_many_lookups"));
}

TEST(SpfLint, BudgetAndFlattening) {
  zone z;
  std::string rec = "v=spf1 mx a";
  for (int i = 0; i < 6; ++i) rec += " include:v" + std::to_string(i) + ".example";
  z.spf("example.com", rec + " -all");
  for (int i = 0; i < 6; ++i) {
    std::string n = "v" + std::to_string(i) + ".example";
    z.spf(n, "v=spf1 include:_a." + n + " include:_b." + n + " ~all");
    z.spf("_a." + n, "v=spf1 ip4:10." + std::to_string(i) + ".0.0/16 -all");
    z.spf("_b." + n, "v=spf1 ip6:2001:db8:" + std::to_string(i) + "::/48 -all");
  }
  z.add("example.com", dns::rr_type::mx, "10 mx.example.com.");
  z.add("example.com", dns::rr_type::a, "192.0.2.1");
  dns::cache c;
  dns::drive_stats st;
  auto r = spf::lint(c, "example.com", z.resolver(), {}, &st);
  EXPECT_EQ(r.lookups, 2 + 6 * 3);
  EXPECT_LE(st.rounds, 4);
  auto it = std::find_if(r.findings.begin(), r.findings.end(),
                         [](const spf::finding& f) { return f.code == "spf.lint.too_many_lookups"; });
  ASSERT_NE(it, r.findings.end());
  EXPECT_NE(it->message.find("include:_b.v2.example"), std::string::npos) << it->message;  // the 11th term
  ASSERT_TRUE(has(r, "spf.lint.flatten"));
  EXPECT_GE(r.flatten_ip4.size(), 3u);
  EXPECT_GE(r.flatten_ip6.size(), 3u);
  EXPECT_EQ(r.tree.children.size(), 6u);
  EXPECT_EQ(r.tree.children[0].children.size(), 2u);

  auto j = report::spf_lint_to_json(r);
  EXPECT_EQ(j["lookups"], 20);
  EXPECT_TRUE(j["flatten"]["ip4"].is_array());
}

TEST(SpfJson, CheckShape) {
  zone z;
  z.spf("example.com", "v=spf1 include:_spf.example.com -all");
  z.spf("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
  dns::cache c;
  auto e = spf::evaluate(c, spf_test::req("203.0.113.9", "u@example.com"), z.resolver());
  auto j = report::spf_to_json(e);
  EXPECT_EQ(j["result"], "fail");
  EXPECT_EQ(j["reason"], "spf.mechanism_matched");
  EXPECT_EQ(j["explanation"], "example.com does not designate 203.0.113.9 as permitted sender");
  EXPECT_EQ(j["domain"], "example.com");
  EXPECT_EQ(j["identity"], "mailfrom");
  EXPECT_EQ(j["matched"]["mechanism"], "-all");
  EXPECT_EQ(j["matched"]["domain"], "example.com");
  EXPECT_EQ(j["lookups"]["rfc"], 1);
  EXPECT_EQ(j["lookups"]["subqueries"], 2);
  EXPECT_EQ(j["lookups"]["void"], 0);
  EXPECT_EQ(j["tree"]["children"][0]["domain"], "_spf.example.com");
  EXPECT_EQ(j["tree"]["children"][0]["via"], "include");
  EXPECT_TRUE(j["received_spf"].get<std::string>().rfind("Received-SPF: fail", 0) == 0);
  EXPECT_NO_THROW((void)j.dump());
}

}  // namespace
