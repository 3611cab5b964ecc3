// DMARC aggregate reports from ../shared/conformance/dmarc-reports-*: every file read without a crash, the
// counts of parsed / partial / error pinned, mail-auth's expected parse results matched field for field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "authlens/aggregate.hpp"
#include "authlens/strings.hpp"

namespace fs = std::filesystem;
namespace agg = authlens::aggregate;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path dir(const std::string& name) { return fs::path(AUTHLENS_CONFORMANCE_DIR) / name; }

bool is_sample(const fs::path& p) {
  std::string n = p.filename().string();
  return fs::is_regular_file(p) && n != "SOURCE.md" && n.rfind("LICENSE", 0) != 0 && p.extension() != ".json" &&
         p.extension() != ".xsd";
}

struct tally {
  int parsed = 0, partial = 0, error = 0;
};

tally run_folder(const std::string& name, std::map<std::string, std::string>* status = nullptr) {
  tally t;
  for (const auto& e : fs::recursive_directory_iterator(dir(name))) {
    if (!is_sample(e.path())) continue;
    auto r = agg::parse(slurp(e.path()));
    std::string st = !r ? "error" : r->defects.empty() ? "parsed" : "partial";
    if (!r) ++t.error;
    else if (r->defects.empty()) ++t.parsed;
    else ++t.partial;
    if (status) (*status)[fs::relative(e.path(), dir(name)).string()] = st;
    std::cout << "  " << name << "/" << fs::relative(e.path(), dir(name)).string() << ": " << st;
    if (!r) std::cout << " (" << r.err().code << ")";
    else
      for (const auto& d : r->defects) std::cout << " [" << d.code << "]";
    std::cout << "\n";
  }
  return t;
}

#define SKIP_IF_ABSENT(name) \
  if (!fs::exists(dir(name))) GTEST_SKIP() << dir(name) << " not present"

/// mail-auth's serde enum names → our lower-case words ("Unspecified" = element absent).
std::string word(const nlohmann::json& v) {
  if (v.is_null()) return "";
  std::string s = v.get<std::string>();
  if (s == "Unspecified") return "";
  if (s == "Relaxed") return "r";
  if (s == "Strict") return "s";
  if (s == "Psl") return "psl";
  if (s == "Treewalk") return "treewalk";
  if (s == "MailFrom") return "mfrom";
  if (s == "TempError") return "temperror";
  if (s == "PermError") return "permerror";
  if (s == "SoftFail") return "softfail";
  return authlens::str::lower(s);
}

}  // namespace

TEST(AggregateConformance, MailAuthExpectedResults) {
  SKIP_IF_ABSENT("dmarc-reports-mail-auth");
  int compared = 0;
  for (const auto& e : fs::directory_iterator(dir("dmarc-reports-mail-auth"))) {
    if (e.path().extension() != ".json") continue;
    fs::path src = e.path();
    src.replace_extension(fs::exists(fs::path(e.path()).replace_extension(".xml")) ? ".xml" : ".eml");
    SCOPED_TRACE(src.filename().string());
    auto want = nlohmann::json::parse(slurp(e.path()));
    auto r = agg::parse(slurp(src));
    ASSERT_TRUE(r.ok()) << r.err().message;
    const auto& wm = want["report_metadata"];
    EXPECT_EQ(r->meta.org_name, wm["org_name"].get<std::string>());
    EXPECT_EQ(r->meta.email, wm["email"].get<std::string>());
    EXPECT_EQ(r->meta.report_id, wm["report_id"].get<std::string>());
    EXPECT_EQ(r->meta.begin, wm["date_range"]["begin"].get<std::int64_t>());
    EXPECT_EQ(r->meta.end, wm["date_range"]["end"].get<std::int64_t>());
    EXPECT_EQ(r->meta.extra_contact_info, wm["extra_contact_info"].is_null() ? "" : wm["extra_contact_info"].get<std::string>());
    if (wm.contains("generator")) {
      EXPECT_EQ(r->meta.generator, wm["generator"].is_null() ? "" : wm["generator"].get<std::string>());
    }
    const auto& wp = want["policy_published"];
    EXPECT_EQ(r->published.domain, wp["domain"].get<std::string>());
    EXPECT_EQ(r->published.adkim, word(wp["adkim"]));
    EXPECT_EQ(r->published.aspf, word(wp["aspf"]));
    EXPECT_EQ(r->published.p, word(wp["p"]));
    EXPECT_EQ(r->published.sp, word(wp["sp"]));
    if (wp.contains("np")) {
      EXPECT_EQ(r->published.np, word(wp["np"]));
    }
    if (wp.contains("discovery_method")) {
      EXPECT_EQ(r->published.discovery_method, word(wp["discovery_method"]));
    }
    EXPECT_EQ(r->published.fo, wp["fo"].is_null() ? "" : wp["fo"].get<std::string>());
    EXPECT_EQ(r->published.testing == "y", wp["testing"].get<bool>());
    ASSERT_EQ(r->records.size(), want["record"].size());
    for (std::size_t i = 0; i < r->records.size(); ++i) {
      const auto& got = r->records[i];
      const auto& w = want["record"][i];
      EXPECT_EQ(got.source_ip, w["row"]["source_ip"].get<std::string>());
      EXPECT_EQ(got.count, w["row"]["count"].get<std::uint64_t>());
      EXPECT_EQ(got.disposition, word(w["row"]["policy_evaluated"]["disposition"]));
      EXPECT_EQ(got.dkim, word(w["row"]["policy_evaluated"]["dkim"]));
      EXPECT_EQ(got.spf, word(w["row"]["policy_evaluated"]["spf"]));
      EXPECT_EQ(got.reasons.size(), w["row"]["policy_evaluated"]["reason"].size());
      EXPECT_EQ(got.header_from, authlens::str::lower(w["identifiers"]["header_from"].get<std::string>()));
      EXPECT_EQ(got.envelope_from, authlens::str::lower(w["identifiers"]["envelope_from"].is_null()
                                                            ? std::string()
                                                            : w["identifiers"]["envelope_from"].get<std::string>()));
      ASSERT_EQ(got.dkim_results.size(), w["auth_results"]["dkim"].size());
      for (std::size_t k = 0; k < got.dkim_results.size(); ++k) {
        const auto& wd = w["auth_results"]["dkim"][k];
        EXPECT_EQ(got.dkim_results[k].domain, authlens::str::lower(wd["domain"].get<std::string>()));
        EXPECT_EQ(got.dkim_results[k].selector, wd["selector"].is_null() ? "" : wd["selector"].get<std::string>());
        EXPECT_EQ(got.dkim_results[k].result, word(wd["result"]));
      }
      ASSERT_EQ(got.spf_results.size(), w["auth_results"]["spf"].size());
      for (std::size_t k = 0; k < got.spf_results.size(); ++k) {
        const auto& ws = w["auth_results"]["spf"][k];
        EXPECT_EQ(got.spf_results[k].domain, authlens::str::lower(ws["domain"].get<std::string>()));
        EXPECT_EQ(got.spf_results[k].scope, word(ws["scope"]));
        EXPECT_EQ(got.spf_results[k].result, word(ws["result"]));
      }
    }
    ++compared;
  }
  EXPECT_EQ(compared, 10);
}

TEST(AggregateConformance, ParsedmarcSamples) {
  SKIP_IF_ABSENT("dmarc-reports-parsedmarc");
  std::map<std::string, std::string> st;
  tally t = run_folder("dmarc-reports-parsedmarc", &st);
  EXPECT_EQ(st["empty.xml"], "error");
  for (const auto& [name, s] : st)
    if (name.rfind("aggregate/", 0) == 0) {
      EXPECT_NE(s, "error") << name;  // upstream: every one is a report
    }
  std::cout << "parsedmarc: " << t.parsed << " parsed, " << t.partial << " partial, " << t.error << " error\n";
  EXPECT_EQ(t.parsed, 15);
  EXPECT_EQ(t.partial, 5);
  EXPECT_EQ(t.error, 1);
  auto r = agg::parse(slurp(dir("dmarc-reports-parsedmarc") / "aggregate/rfc9990-sample.xml"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, agg::schema::rfc9990);
  EXPECT_EQ(r->meta.org_name, "Sample Reporter");
  EXPECT_EQ(r->meta.report_id, "3v98abbp8ya9n3va8yr8oa3ya");
  EXPECT_EQ(r->published.p, "quarantine");
  EXPECT_EQ(r->published.np, "none");
  EXPECT_EQ(r->published.testing, "n");
  EXPECT_EQ(r->published.discovery_method, "treewalk");
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].source_ip, "192.0.2.123");
  EXPECT_EQ(r->records[0].count, 123u);
  EXPECT_EQ(r->records[0].disposition, "pass");
  auto upper = agg::parse(slurp(dir("dmarc-reports-parsedmarc") / "aggregate_invalid/report_with_upper_cased_pass.xml"));
  ASSERT_TRUE(upper.ok());
  ASSERT_FALSE(upper->records.empty());
  EXPECT_EQ(upper->records[0].dkim_results.empty() ? upper->records[0].dkim : upper->records[0].dkim_results[0].result,
            "pass");
}

TEST(AggregateConformance, MailDmarcPerlFixtures) {
  SKIP_IF_ABSENT("dmarc-reports-mail-dmarc-perl");
  std::vector<agg::report> all;
  for (const char* f : {"test_dmarc.xml", "test_dmarc.xml.gz", "test_dmarc.xml.zip"}) {
    SCOPED_TRACE(f);
    auto r = agg::parse(slurp(dir("dmarc-reports-mail-dmarc-perl") / f));
    ASSERT_TRUE(r.ok()) << r.err().message;
    EXPECT_EQ(r->meta.org_name, "Test Sender");
    EXPECT_EQ(r->meta.report_id, "1234567890");
    EXPECT_EQ(r->published.domain, "example.com");
    ASSERT_EQ(r->records.size(), 1u);
    EXPECT_EQ(r->records[0].source_ip, "1.2.3.4");
    EXPECT_EQ(r->records[0].spf_results.at(0).scope, "mfrom");
    all.push_back(*r);
  }
  auto s = agg::merge(all);
  EXPECT_EQ(s.reports, 1u);
  EXPECT_EQ(s.duplicates, 2u);
}

TEST(AggregateConformance, OpendmarcSamples) {
  SKIP_IF_ABSENT("dmarc-reports-opendmarc");
  std::map<std::string, std::string> st;
  tally t = run_folder("dmarc-reports-opendmarc", &st);
  std::cout << "opendmarc: " << t.parsed << " parsed, " << t.partial << " partial, " << t.error << " error\n";
  EXPECT_EQ(t.parsed, 3);
  EXPECT_EQ(t.partial, 1);
  EXPECT_EQ(t.error, 0);
  auto good = agg::parse(slurp(dir("dmarc-reports-opendmarc") / "good.com!example.com!1337270400!1337356799.xml"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->records.size(), 754u);
  auto yeah = agg::parse(slurp(dir("dmarc-reports-opendmarc") / "yeah.net!example.com!1337270400!1337356799.20120518.xml"));
  ASSERT_TRUE(yeah.ok());
  EXPECT_EQ(yeah->records.size(), 254u);
  EXPECT_NE(st["bad.com!example.com!1337140800!1337227200.xml"], "parsed");  // malformed on purpose
}
