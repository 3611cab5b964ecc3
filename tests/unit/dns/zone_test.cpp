// RFC 1035 §5 master files and the offline semantics of zone_source::resolve.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "authlens/dns.hpp"

namespace authlens::dns {
namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/dns/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string codes(const std::vector<defect>& ds) {
  std::string s;
  for (const auto& d : ds) s += d.code + " (" + d.detail + ")\n";
  return s;
}

class DnsZoneFeatures : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text = read_data("features.zone");
    ASSERT_FALSE(text.empty());
    defects_ = z_.add_zone_text(text);
  }
  answer ask(std::string_view name, rr_type t) const { return z_.resolve(make_question(name, t)); }
  zone_source z_;
  std::vector<defect> defects_;
};

TEST_F(DnsZoneFeatures, ReadsWithoutDefects) { EXPECT_TRUE(defects_.empty()) << codes(defects_); }

TEST_F(DnsZoneFeatures, SoaAcrossParenthesesWithUnitsAndComments) {
  auto a = ask("example.org", rr_type::soa);
  EXPECT_EQ(a.st, status::noerror);
  EXPECT_EQ(a.records,
            std::vector<std::string>{"ns1.example.org. hostmaster.example.org. 2026112301 7200 1800 1209600 300"});
  EXPECT_EQ(a.ttl, 3600u);  // $TTL 1h
}

TEST_F(DnsZoneFeatures, BlankOwnerContinuesThePreviousOne) {
  auto ns = ask("example.org", rr_type::ns);
  EXPECT_EQ(ns.records, (std::vector<std::string>{"ns1.example.org.", "ns2.example.net."}));
  auto mx = ask("EXAMPLE.org.", rr_type::mx);
  EXPECT_EQ(mx.records, (std::vector<std::string>{"10 mx1.example.org.", "20 mx2.example.net."}));
}

TEST_F(DnsZoneFeatures, TtlAndClassInEitherOrder) {
  auto a = ask("www.example.org", rr_type::a);
  EXPECT_EQ(a.records, std::vector<std::string>{"192.0.2.80"});
  EXPECT_EQ(a.ttl, 600u);
  auto aaaa = ask("www.example.org", rr_type::aaaa);
  // Canonical RFC 5952 text; the second record took $TTL (3600), the answer the smallest TTL.
  EXPECT_EQ(aaaa.records, (std::vector<std::string>{"2001:db8::80", "2001:db8:0:1::1"}));
  EXPECT_EQ(aaaa.ttl, 700u);
}

TEST_F(DnsZoneFeatures, TxtStringsKeepTheirBoundariesAndEscapes) {
  auto spf = ask("example.org", rr_type::txt);
  ASSERT_EQ(spf.txt.size(), 1u);
  EXPECT_EQ(spf.txt[0], (std::vector<std::string>{"v=spf1 ip4:192.0.2.0/24 ", "include:_spf.example.net ", "-all"}));
  EXPECT_EQ(spf.ttl, 300u);
  auto mixed = ask("mixed.example.org", rr_type::txt);
  ASSERT_EQ(mixed.txt.size(), 1u);
  EXPECT_EQ(mixed.txt[0], (std::vector<std::string>{"semi;colon", "plain text", "quote\"in", "back\\slash", "ABC"}));
  auto multi = ask("multi.example.org", rr_type::txt);
  EXPECT_EQ(multi.txt, (std::vector<std::vector<std::string>>{{"first", "second"}, {"solo"}}));
  auto spf_type = ask("spf.example.org", rr_type::spf);
  EXPECT_EQ(spf_type.txt, (std::vector<std::vector<std::string>>{{"v=spf1 -all"}}));
  EXPECT_TRUE(ask("spf.example.org", rr_type::txt).nodata());
}

TEST_F(DnsZoneFeatures, NxdomainNodataAndEmptyNonTerminals) {
  EXPECT_EQ(ask("nope.example.org", rr_type::txt).st, status::nxdomain);
  EXPECT_EQ(ask("_dmarc.www.example.org", rr_type::txt).st, status::nxdomain);
  auto nodata = ask("ns1.example.org", rr_type::txt);
  EXPECT_TRUE(nodata.nodata());
  EXPECT_EQ(nodata.ttl, 0u);
  // b.c.deep and c.deep and deep exist only as ancestors of a.b.c.deep: NODATA (RFC 8020).
  EXPECT_TRUE(ask("b.c.deep.example.org", rr_type::txt).nodata());
  EXPECT_TRUE(ask("deep.example.org", rr_type::a).nodata());
  EXPECT_TRUE(ask("_domainkey.example.org", rr_type::txt).nodata());
  EXPECT_EQ(ask("x.a.b.c.deep.example.org", rr_type::a).st, status::nxdomain);
  EXPECT_EQ(ask("a.b.c.deep.example.org", rr_type::a).records, std::vector<std::string>{"192.0.2.9"});
}

TEST_F(DnsZoneFeatures, CnameChainIsFollowedForEveryOtherType) {
  auto a = ask("alias.example.org", rr_type::a);
  EXPECT_EQ(a.st, status::noerror);
  EXPECT_EQ(a.records, std::vector<std::string>{"192.0.2.80"});
  EXPECT_EQ(a.cname_chain, (std::vector<std::string>{"alias2.example.org", "www.example.org"}));
  auto txt = ask("alias.example.org", rr_type::txt);
  EXPECT_TRUE(txt.nodata());  // the end of the chain has no TXT
  EXPECT_EQ(txt.cname_chain.size(), 2u);
  auto cname = ask("alias.example.org", rr_type::cname);  // the CNAME itself is not followed
  EXPECT_EQ(cname.records, std::vector<std::string>{"alias2.example.org."});
  EXPECT_TRUE(cname.cname_chain.empty());
}

TEST_F(DnsZoneFeatures, CnameLoopIsServfail) {
  auto a = ask("loop1.example.org", rr_type::a);
  EXPECT_EQ(a.st, status::servfail);
  EXPECT_TRUE(a.records.empty());
  EXPECT_EQ(ask("loop2.example.org", rr_type::txt).st, status::servfail);
}

TEST_F(DnsZoneFeatures, RelativeOriginAndAt) {
  EXPECT_EQ(ask("sub.example.org", rr_type::a).records, std::vector<std::string>{"192.0.2.7"});
  auto rel = ask("rel.sub.example.org", rr_type::a);
  EXPECT_EQ(rel.records, std::vector<std::string>{"192.0.2.7"});
  EXPECT_EQ(rel.cname_chain, std::vector<std::string>{"sub.example.org"});
  EXPECT_EQ(ask("1.example.org", rr_type::ptr).records, std::vector<std::string>{"host.example.org."});
}

TEST_F(DnsZoneFeatures, OtherTypesMakeTheirOwnerExist) {
  EXPECT_TRUE(ask("caa.example.org", rr_type::a).nodata());
  EXPECT_EQ(ask("sel._domainkey.example.org", rr_type::txt).txt.size(), 1u);
}

TEST(DnsZone, DefectsAreReportedAndGoodLinesKept) {
  zone_source z;
  auto ds = z.add_zone_text(read_data("defects.zone"));
  auto count = [&](std::string_view code) {
    return std::count_if(ds.begin(), ds.end(), [&](const defect& d) { return d.code == code; });
  };
  EXPECT_EQ(count("dns.zone.include_ignored"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.unknown_directive"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.bad_rdata"), 5) << codes(ds);  // bad1 bad2 bad3 bad4 bad10
  EXPECT_EQ(count("dns.zone.class"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.unknown_type"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.bad_ttl"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.unterminated_quote"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.txt_too_long"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.bad_name"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.no_owner"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.cname_and_other_data"), 1) << codes(ds);
  EXPECT_EQ(count("dns.zone.unbalanced_paren"), 1) << codes(ds);
  for (const auto& d : ds) EXPECT_EQ(d.detail.rfind("line ", 0), 0u) << d.detail;
  EXPECT_EQ(z.resolve(make_question("good1.example.test", rr_type::a)).records,
            std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(z.resolve(make_question("good2.example.test", rr_type::txt)).txt,
            (std::vector<std::vector<std::string>>{{"fine"}}));
  EXPECT_EQ(z.resolve(make_question("bad1.example.test", rr_type::a)).st, status::nxdomain);
  // A CNAME with other data: the asked type wins where it exists.
  EXPECT_EQ(z.resolve(make_question("good3.example.test", rr_type::a)).records,
            std::vector<std::string>{"192.0.2.3"});
}

TEST(DnsZone, DefaultOriginAndSeveralFiles) {
  zone_source z;
  EXPECT_TRUE(z.add_zone_text("@ IN TXT \"apex\"\nwww IN A 192.0.2.1\n", "Example.COM").empty());
  EXPECT_TRUE(z.add_zone_text("mail.example.net. 60 IN CNAME www.example.com.\n").empty());
  EXPECT_EQ(z.resolve(make_question("example.com", rr_type::txt)).txt,
            (std::vector<std::vector<std::string>>{{"apex"}}));
  auto a = z.resolve(make_question("mail.example.net", rr_type::a));
  EXPECT_EQ(a.records, std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(a.ttl, 60u);
  EXPECT_EQ(a.cname_chain, std::vector<std::string>{"www.example.com"});
}

TEST(DnsZone, DuplicateRecordsCollapse) {
  zone_source z;
  z.add_zone_text("a.test. IN A 192.0.2.1\na.test. 30 IN A 192.0.2.1\n");
  EXPECT_EQ(z.resolve(make_question("a.test", rr_type::a)).records.size(), 1u);
}

TEST(DnsZone, CnameChainBound) {
  // 8 links are followed; a ninth makes it SERVFAIL, as a loop does.
  std::string text;
  for (int i = 0; i < 9; ++i) text += "c" + std::to_string(i) + ".test. IN CNAME c" + std::to_string(i + 1) + ".test.\n";
  text += "c9.test. IN A 192.0.2.9\n";
  zone_source z;
  ASSERT_TRUE(z.add_zone_text(text).empty());
  auto ok = z.resolve(make_question("c1.test", rr_type::a));
  EXPECT_EQ(ok.st, status::noerror);
  EXPECT_EQ(ok.cname_chain.size(), 8u);
  EXPECT_EQ(z.resolve(make_question("c0.test", rr_type::a)).st, status::servfail);
}

TEST(DnsZone, NxdomainAtTheEndOfAChain) {
  zone_source z;
  z.add_zone_text("a.test. IN CNAME gone.test.\n");
  auto a = z.resolve(make_question("a.test", rr_type::txt));
  EXPECT_EQ(a.st, status::nxdomain);
  EXPECT_EQ(a.cname_chain, std::vector<std::string>{"gone.test"});
}

TEST(DnsZone, CrlfLineEndsAndNoFinalNewline) {
  zone_source z;
  EXPECT_TRUE(z.add_zone_text("$ORIGIN t.\r\na IN TXT \"x\"\r\nb IN A 192.0.2.1").empty());
  EXPECT_EQ(z.resolve(make_question("a.t", rr_type::txt)).txt.size(), 1u);
  EXPECT_EQ(z.resolve(make_question("b.t", rr_type::a)).records.size(), 1u);
}

TEST(DnsZone, ReadsTheEndToEndZones) {
  // The e2e zones are served by NSD; read offline they must give the same answers.
  zone_source z;
  auto ds = z.add_zone_text(read_data("../zones/example.test.zone"));
  if (ds.empty() && z.resolve(make_question("www.example.test", rr_type::a)).st == status::nxdomain)
    GTEST_SKIP() << "tests/data/zones/example.test.zone not present";
  EXPECT_TRUE(ds.empty()) << codes(ds);
  EXPECT_EQ(z.resolve(make_question("www.example.test", rr_type::aaaa)).records,
            std::vector<std::string>{"2001:db8::1"});
  EXPECT_EQ(z.resolve(make_question("loop1.example.test", rr_type::a)).st, status::servfail);
  auto big = z.resolve(make_question("big.example.test", rr_type::txt));
  EXPECT_EQ(big.txt.size(), 40u);
}

}  // namespace
}  // namespace authlens::dns
