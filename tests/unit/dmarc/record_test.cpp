// DMARC record parser: the vectors of tests/data/dmarc/records.json, plus helpers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "authlens/dmarc.hpp"
#include "support.hpp"

using namespace authlens;

namespace {

std::string policy_or_null(const std::optional<dmarc::policy>& p) { return p ? std::string(dmarc::to_string(*p)) : "null"; }
std::string j_or_null(const nlohmann::json& j) { return j.is_null() ? "null" : j.get<std::string>(); }

TEST(DmarcRecord, Vectors) {
  auto doc = nlohmann::json::parse(dmarc_test::read_data("records.json"));
  int n = 0;
  for (const auto& c : doc["cases"]) {
    ++n;
    std::string text = c["record"];
    SCOPED_TRACE(text);
    auto r = dmarc::parse_record(text);
    ASSERT_EQ(r.ok(), c["ok"].get<bool>());
    EXPECT_EQ(dmarc::is_dmarc_record(text), c["ok"].get<bool>());
    if (!r) {
      EXPECT_EQ(r.err().code, "dmarc.record.not_dmarc");
      continue;
    }
    const auto& rec = r.value();
    if (c.contains("p")) {
      EXPECT_EQ(rec.p_state == dmarc::tag_state::valid ? std::string(dmarc::to_string(rec.p)) : "null", j_or_null(c["p"]));
    }
    if (c.contains("sp")) {
      EXPECT_EQ(policy_or_null(rec.sp), j_or_null(c["sp"]));
    }
    if (c.contains("np")) {
      EXPECT_EQ(policy_or_null(rec.np), j_or_null(c["np"]));
    }
    if (c.contains("psd")) {
      EXPECT_EQ(std::string(dmarc::to_string(rec.psd)), c["psd"].get<std::string>());
    }
    if (c.contains("t")) {
      EXPECT_EQ(rec.test ? "y" : "n", c["t"].get<std::string>());
    }
    if (c.contains("adkim")) {
      EXPECT_EQ(rec.adkim == dmarc::alignment_mode::strict ? "s" : "r", c["adkim"].get<std::string>());
    }
    if (c.contains("aspf")) {
      EXPECT_EQ(rec.aspf == dmarc::alignment_mode::strict ? "s" : "r", c["aspf"].get<std::string>());
    }
    if (c.contains("fo")) {
      EXPECT_EQ(rec.fo, c["fo"].get<std::string>());
    }
    if (c.contains("fallback")) {
      EXPECT_EQ(rec.policy_fallback, c["fallback"].get<bool>());
    }
    if (c.contains("unusable")) {
      EXPECT_EQ(rec.policy_unusable, c["unusable"].get<bool>());
    }
    if (c.contains("pct")) {
      EXPECT_EQ(rec.pct ? std::to_string(*rec.pct) : "null", c["pct"].is_null() ? "null" : std::to_string(c["pct"].get<int>()));
    }
    if (c.contains("ri")) {
      EXPECT_EQ(rec.ri ? std::to_string(*rec.ri) : "null", c["ri"].is_null() ? "null" : std::to_string(c["ri"].get<long long>()));
    }
    if (c.contains("rf")) {
      EXPECT_EQ(rec.rf, c["rf"].get<std::string>());
    }
    if (c.contains("defects")) {
      std::vector<std::string> got;
      for (const auto& d : rec.defects) got.push_back(d.code);
      EXPECT_EQ(got, c["defects"].get<std::vector<std::string>>());
    }
    if (c.contains("tags")) {
      std::vector<std::string> got;
      for (const auto& t : rec.tags) got.push_back(t.name);
      EXPECT_EQ(got, c["tags"].get<std::vector<std::string>>());
    }
    if (c.contains("rua_domains")) {
      std::vector<std::string> got;
      for (const auto& u : rec.rua) got.push_back(u.domain);
      EXPECT_EQ(got, c["rua_domains"].get<std::vector<std::string>>());
    }
    if (c.contains("rua_valid")) {
      std::vector<bool> got;
      for (const auto& u : rec.rua) got.push_back(u.valid);
      EXPECT_EQ(got, c["rua_valid"].get<std::vector<bool>>());
    }
    if (c.contains("rua_size")) {
      std::vector<std::string> got;
      for (const auto& u : rec.rua) got.push_back(u.size_limit);
      EXPECT_EQ(got, c["rua_size"].get<std::vector<std::string>>());
    }
  }
  EXPECT_GE(n, 25);
}

TEST(DmarcRecord, FindAndValidRua) {
  auto r = dmarc::parse_record("v=DMARC1; p=none; rua=mailto:x@example.com; Xcustom=1");
  ASSERT_TRUE(r);
  ASSERT_NE(r->find("xcustom"), nullptr);
  EXPECT_EQ(*r->find("xcustom"), "1");
  EXPECT_EQ(r->find("ruf"), nullptr);
  EXPECT_TRUE(r->has_valid_rua());
}

TEST(DmarcRecord, PolicyNames) {
  EXPECT_EQ(dmarc::policy_from_string("QUARANTINE"), dmarc::policy::quarantine);
  EXPECT_FALSE(dmarc::policy_from_string("rejected"));
  EXPECT_EQ(dmarc::to_string(dmarc::result_code::temperror), "temperror");
  EXPECT_EQ(dmarc::to_string(dmarc::author_problem::multiple_addresses), "multiple_addresses");
}

TEST(DmarcLint, ObsoleteTagsAndAdvice) {
  auto f = dmarc::lint_record("v=DMARC1; p=none; pct=50; rf=afrf; ri=86400; fo=1; bogus=1");
  std::set<std::string> codes;
  for (const auto& x : f) {
    codes.insert(x.code);
    EXPECT_FALSE(x.detail.empty()) << x.code;
  }
  for (const char* c : {"dmarc.lint.pct_obsolete", "dmarc.lint.rf_obsolete", "dmarc.lint.ri_obsolete",
                        "dmarc.lint.fo_without_ruf", "dmarc.lint.unknown_tag", "dmarc.lint.no_rua",
                        "dmarc.lint.monitoring"})
    EXPECT_TRUE(codes.count(c)) << c;
}

TEST(DmarcLint, NotDmarcAndNoPolicy) {
  auto f = dmarc::lint_record("v=spf1 -all");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "dmarc.lint.not_dmarc");
  EXPECT_EQ(f[0].severity, "error");
  auto g = dmarc::lint_record("v=DMARC1; sp=reject");
  bool no_policy = false;
  for (const auto& x : g) no_policy = no_policy || (x.code == "dmarc.lint.no_policy" && x.severity == "error");
  EXPECT_TRUE(no_policy);
}

TEST(DmarcLint, ExternalDestinationsAndPsd) {
  auto f = dmarc::lint_record("v=DMARC1; p=reject; psd=y; rua=mailto:r@reports.example.net,mailto:me@example.com",
                              dmarc::lint_options{.domain = "example.com"});
  int external = 0;
  bool psd = false;
  for (const auto& x : f) {
    external += x.code == "dmarc.lint.external_destination";
    psd = psd || x.code == "dmarc.lint.psd_unlikely";
  }
  EXPECT_EQ(external, 1);
  EXPECT_TRUE(psd);
}

TEST(DmarcLint, CleanRecordHasNoWarnings) {
  for (const auto& x : dmarc::lint_record("v=DMARC1; p=reject; rua=mailto:d@example.com",
                                          dmarc::lint_options{.domain = "example.com"}))
    EXPECT_EQ(x.severity, "info") << x.code;
}

}  // namespace
