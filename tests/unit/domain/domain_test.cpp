// The domain check over zone files (tests/data/zones/domain-*.zone plus the example.test zones
// its MX hosts live in), driven as a dns::job exactly as the CLI and the page drive it.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "authlens/domain.hpp"
#include "authlens/report.hpp"
#include "authlens/senders.hpp"
#include "unit/enum_words.hpp"
#include "unit/test_data.hpp"

using namespace authlens;

namespace {

std::string read(const std::string& rel) { return test::source_text(rel); }

const dns::zone_source& zones() {
  static const dns::zone_source z = [] {
    dns::zone_source s;
    for (const char* f : {"example.test.zone", "2.0.192.in-addr.arpa.zone", "domain-good.test.zone",
                          "domain-bad.test.zone", "domain-none.test.zone"}) {
      auto defects = s.add_zone_text(read(std::string("tests/data/zones/") + f));
      EXPECT_TRUE(defects.empty()) << f << ": " << (defects.empty() ? "" : defects[0].detail);
    }
    return s;
  }();
  return z;
}

struct run_result {
  domain::report rep;
  int rounds = 0;
  nlohmann::json json;
};

run_result run(const std::string& d, domain::options opt = {}, const dns::zone_source& z = zones(),
               std::function<void(dns::answer&)> tweak = nullptr) {
  domain::check job(d, std::move(opt));
  job.evaluate();
  while (!job.pending().empty()) {
    std::vector<dns::answer> answers;
    for (const auto& q : job.pending()) {
      answers.push_back(z.resolve(q));
      if (tweak) tweak(answers.back());
    }
    job.supply(answers);
  }
  return {job.result(), job.rounds(), nlohmann::json::parse(authlens::report::to_json(job))};
}

domain::grade grade_of(const domain::report& r, const char* area) {
  const domain::area* a = r.find(area);
  EXPECT_NE(a, nullptr) << area;
  return a ? a->g : domain::grade::unknown;
}

bool has_code(const domain::report& r, const char* area, const std::string& code) {
  const domain::area* a = r.find(area);
  if (!a) return false;
  for (const auto& f : a->findings)
    if (f.code == code) return true;
  return false;
}

}  // namespace

TEST(DomainCheck, GoodDomainPassesEveryArea) {
  domain::options opt;
  opt.mta_sts_policy = "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n";
  auto r = run("domain-good.test", opt);
  ASSERT_TRUE(r.rep.done);
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::pass);
  EXPECT_EQ(grade_of(r.rep, "spf"), domain::grade::pass) << r.json["areas"][1].dump();
  EXPECT_EQ(grade_of(r.rep, "dmarc"), domain::grade::pass) << r.json["areas"][2].dump();
  EXPECT_EQ(grade_of(r.rep, "dkim"), domain::grade::pass) << r.json["areas"][3].dump();
  EXPECT_EQ(grade_of(r.rep, "mta_sts"), domain::grade::pass) << r.json["areas"][4].dump();
  EXPECT_EQ(grade_of(r.rep, "tls_rpt"), domain::grade::pass);
  EXPECT_EQ(grade_of(r.rep, "bimi"), domain::grade::pass) << r.json["areas"][6].dump();
  EXPECT_EQ(grade_of(r.rep, "iprev"), domain::grade::pass) << r.json["areas"][7].dump();
  EXPECT_EQ(grade_of(r.rep, "dnssec"), domain::grade::info);  // zone files carry no AD bit
  EXPECT_FALSE(r.rep.any_fail());
  ASSERT_EQ(r.rep.dkim.size(), 1u);
  EXPECT_EQ(r.rep.dkim[0].selector, "selector1");
  EXPECT_EQ(r.rep.dkim[0].bits, 2048u);
  // SPF tree: top (include, mx) → _spf (include) → _spf6; mx adds one question per MX host.
  const auto& t = r.rep.spf_tree;
  EXPECT_EQ(t.rfc_own, 2);
  EXPECT_EQ(t.rfc_total, 3);
  EXPECT_EQ(t.subqueries_own, 3);
  ASSERT_EQ(t.children.size(), 1u);
  EXPECT_EQ(t.children[0].domain, "_spf.domain-good.test");
  EXPECT_EQ(t.children[0].budget_before, 1);
  ASSERT_EQ(t.children[0].children.size(), 1u);
  EXPECT_EQ(t.children[0].children[0].domain, "_spf6.domain-good.test");
  EXPECT_EQ(r.json["schema"], "authlens/domain/v1");
  EXPECT_EQ(r.json["spf"]["lookups"]["rfc"], 3);
}

TEST(DomainCheck, RoundsFollowTheDependencyDepth) {
  // Round 1: apex, _dmarc, selectors, _mta-sts, _smtp._tls, _bimi. Round 2: MX addresses, the first
  // include, DMARC report authorisation. Round 3: PTR, the nested include. Round 4: PTR names' A.
  auto r = run("domain-good.test");
  EXPECT_LE(r.rounds, 4);
}

TEST(DomainCheck, BadDomainReportsEveryProblem) {
  auto r = run("domain-bad.test");
  ASSERT_TRUE(r.rep.done);
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mx", "domain.mx.no_address"));
  EXPECT_EQ(grade_of(r.rep, "spf"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "spf", "spf.lint.too_many_lookups"));
  EXPECT_TRUE(has_code(r.rep, "spf", "spf.lint.ptr"));
  EXPECT_GT(r.rep.spf_rfc_lookups, 10);
  // The budget runs out inside one of the includes, and the tree says where.
  bool marked = false;
  std::function<void(const domain::spf_node&)> walk = [&](const domain::spf_node& n) {
    marked = marked || !n.over_budget_term.empty();
    for (const auto& c : n.children) walk(c);
  };
  walk(r.rep.spf_tree);
  EXPECT_TRUE(marked);
  EXPECT_EQ(grade_of(r.rep, "dmarc"), domain::grade::fail) << r.json["areas"][2].dump();
  EXPECT_TRUE(has_code(r.rep, "dmarc", "domain.dmarc.p_none"));
  EXPECT_TRUE(has_code(r.rep, "dmarc", "dmarc.lint.destination_not_authorized")) << r.json["dmarc"].dump();
  EXPECT_EQ(grade_of(r.rep, "dkim"), domain::grade::warn);
  EXPECT_TRUE(has_code(r.rep, "dkim", "domain.dkim.key_weak"));
  EXPECT_TRUE(has_code(r.rep, "dkim", "domain.dkim.testing"));
  EXPECT_EQ(grade_of(r.rep, "mta_sts"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mta_sts", "domain.mta_sts.bad_id"));
  EXPECT_EQ(grade_of(r.rep, "tls_rpt"), domain::grade::fail);
  EXPECT_EQ(grade_of(r.rep, "bimi"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "bimi", "domain.bimi.location_not_https"));
  EXPECT_TRUE(has_code(r.rep, "bimi", "domain.bimi.dmarc_not_enforcing"));
  EXPECT_EQ(grade_of(r.rep, "iprev"), domain::grade::warn);
  EXPECT_TRUE(r.rep.any_fail());
  for (const auto& a : r.rep.areas)
    if (a.g == domain::grade::fail || a.g == domain::grade::warn) {
      EXPECT_FALSE(a.fix.empty()) << a.name;
      // The fix is a finding's (or the area's own advice): its code is there for the catalogs.
      EXPECT_FALSE(a.fix_code.empty()) << a.name;
    }
  // Every summary has a code, every sentence the values it names.
  for (const auto& a : r.rep.areas) {
    EXPECT_FALSE(a.summary_code.empty()) << a.name << ": " << a.summary;
  }
  const domain::area* mx = r.rep.find("mx");
  ASSERT_NE(mx, nullptr);
  EXPECT_EQ(mx->summary_code, "mx.hosts");
  EXPECT_EQ(mx->summary_params.at("hosts"), "2");
  EXPECT_EQ(mx->summary_params.at("usable"), "1");
  EXPECT_EQ(mx->fix_code, "domain.mx.no_address");
  EXPECT_EQ(mx->fix_params.at("host"), "nowhere.domain-bad.test");
  const domain::area* spf = r.rep.find("spf");
  ASSERT_NE(spf, nullptr);
  EXPECT_EQ(spf->summary_code, "spf.lookups_over");
  bool void_in_include = false;
  for (const auto& f : spf->findings)
    if (f.code == "spf.lint.void_lookup" && f.params.count("where") && f.params.count("term")) void_in_include = true;
  EXPECT_TRUE(void_in_include);
  const auto& areas = r.json["areas"];
  EXPECT_EQ(areas[0]["summary_code"], "mx.hosts") << areas[0].dump();
  EXPECT_TRUE(areas[0]["findings"][0]["params"].is_object());
}

TEST(DomainCheck, EmptyDomain) {
  auto r = run("domain-none.test");
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::warn);
  EXPECT_EQ(grade_of(r.rep, "spf"), domain::grade::fail);
  EXPECT_EQ(grade_of(r.rep, "dmarc"), domain::grade::fail);
  EXPECT_EQ(grade_of(r.rep, "dkim"), domain::grade::warn);
  EXPECT_EQ(grade_of(r.rep, "mta_sts"), domain::grade::info);
  EXPECT_EQ(grade_of(r.rep, "tls_rpt"), domain::grade::info);
  EXPECT_EQ(grade_of(r.rep, "bimi"), domain::grade::info);
  EXPECT_EQ(grade_of(r.rep, "iprev"), domain::grade::info);
}

TEST(DomainCheck, MissingDomainIsNxdomain) {
  auto r = run("nothing-here.test");
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mx", "domain.nxdomain"));
}

TEST(DomainCheck, GivenSelectorNotFoundFails) {
  domain::options opt;
  opt.selectors = {"missing"};
  auto r = run("domain-good.test", opt);
  EXPECT_EQ(grade_of(r.rep, "dkim"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "dkim", "domain.dkim.not_found"));
}

TEST(DomainCheck, TemporaryFailureIsUnknown) {
  auto r = run("domain-good.test", {}, zones(), [](dns::answer& a) {
    if (a.q.name == "_dmarc.domain-good.test") {
      a = dns::answer{a.q, dns::status::servfail};
    }
  });
  EXPECT_EQ(grade_of(r.rep, "dmarc"), domain::grade::unknown);
  EXPECT_TRUE(r.rep.any_temp_failure());
}

TEST(DomainCheck, AuthenticatedAnswersPassDnssec) {
  auto r = run("domain-good.test", {}, zones(), [](dns::answer& a) { a.authenticated = true; });
  EXPECT_EQ(grade_of(r.rep, "dnssec"), domain::grade::pass);
}

TEST(DomainCheck, OfflineSaysItCannotTell) {
  domain::check job("domain-good.test", {}, dns::job_options{.max_rounds = 12, .offline = true});
  job.evaluate();
  EXPECT_TRUE(job.pending().empty());
  for (const auto& a : job.result().areas) {
    EXPECT_TRUE(a.g == domain::grade::unknown || a.g == domain::grade::info) << a.name;
  }
}

TEST(DomainCheck, SesTokenRevealedByCname) {
  dns::zone_source z;
  z.add_zone_text(
      "$ORIGIN ses.test.\n$TTL 300\n@ IN SOA ns. h. ( 1 1 1 1 1 )\n"
      "k1._domainkey IN CNAME tok123.dkim.amazonses.com.\n"
      "tok456._domainkey IN CNAME tok456.dkim.amazonses.com.\n");
  z.add_zone_text("$ORIGIN dkim.amazonses.com.\n$TTL 300\n"
                  "tok123 IN TXT \"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n"
                  "tok456 IN TXT \"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n");
  auto r = run("ses.test", {}, z);
  bool k1 = false, tok = false;
  for (const auto& k : r.rep.dkim) {
    if (k.selector == "k1") k1 = k.provider == "amazonses" && k.status == "found" && k.key_type == "ed25519";
    if (k.selector == "tok123") tok = k.source == "cname";
  }
  EXPECT_TRUE(k1) << r.json["dkim"].dump();
  EXPECT_TRUE(tok) << r.json["dkim"].dump();
}

TEST(MtaSts, PolicyParsingAndMatching) {
  domain::mta_sts_info m;
  auto f = domain::parse_mta_sts_policy("version: STSv1\r\nmode: testing\r\nmx: *.example.net\r\nmax_age: 86400\r\n", m);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(m.mode, "testing");
  EXPECT_EQ(m.max_age, 86400);
  EXPECT_TRUE(domain::mta_sts_mx_matches("*.example.net", "mx1.example.net"));
  EXPECT_FALSE(domain::mta_sts_mx_matches("*.example.net", "a.b.example.net"));
  EXPECT_FALSE(domain::mta_sts_mx_matches("*.example.net", "example.net"));
  EXPECT_TRUE(domain::mta_sts_mx_matches("MX.Example.net", "mx.example.net."));
  domain::mta_sts_info bad;
  EXPECT_FALSE(domain::parse_mta_sts_policy("mode: strict\n", bad).empty());
}

TEST(MtaSts, UnlistedMxFailsInEnforce) {
  domain::options opt;
  opt.mta_sts_policy = "version: STSv1\nmode: enforce\nmx: *.other.test\nmax_age: 604800\n";
  auto r = run("domain-good.test", opt);
  EXPECT_EQ(grade_of(r.rep, "mta_sts"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mta_sts", "domain.mta_sts.mx_not_listed"));
}

TEST(MtaSts, FetchFailureFailsButBlockedDoesNot) {
  domain::options opt;
  opt.mta_sts_fetch = "http_404";
  EXPECT_EQ(grade_of(run("domain-good.test", opt).rep, "mta_sts"), domain::grade::fail);
  opt.mta_sts_fetch = "blocked: the page cannot fetch it";
  EXPECT_EQ(grade_of(run("domain-good.test", opt).rep, "mta_sts"), domain::grade::pass);
}

TEST(DomainInput, Normalisation) {
  EXPECT_EQ(domain::normalize_domain_input(" Example.COM. "), "example.com");
  EXPECT_EQ(domain::normalize_domain_input("localhost"), "");
  EXPECT_EQ(domain::normalize_domain_input("bad..name"), "");
  EXPECT_EQ(domain::normalize_domain_input("a b.com"), "");
}

namespace {
dns::zone_source inline_zone(const std::string& body) {
  dns::zone_source z;
  z.add_zone_text("$ORIGIN x.test.\n$TTL 300\n@ IN SOA ns. h. ( 1 1 1 1 1 )\n" + body);
  return z;
}
}  // namespace

TEST(DomainCheck, NullMxPasses) {
  auto z = inline_zone("@ IN MX 0 .\n@ IN TXT \"v=spf1 -all\"\n_dmarc IN TXT \"v=DMARC1; p=reject\"\n");
  auto r = run("x.test", {}, z);
  EXPECT_TRUE(r.rep.null_mx);
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::pass);
  EXPECT_EQ(grade_of(r.rep, "iprev"), domain::grade::info);
  EXPECT_EQ(grade_of(r.rep, "spf"), domain::grade::pass);
}

TEST(DomainCheck, NullMxMixedWithOthersFails) {
  auto z = inline_zone("@ IN MX 0 .\n@ IN MX 10 mx.x.test.\nmx IN A 192.0.2.5\n");
  auto r = run("x.test", {}, z);
  EXPECT_EQ(grade_of(r.rep, "mx"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mx", "domain.mx.null_mixed"));
}

TEST(DomainCheck, TwoSpfRecordsFail) {
  auto z = inline_zone("@ IN TXT \"v=spf1 -all\"\n@ IN TXT \"v=spf1 ~all\"\n");
  auto r = run("x.test", {}, z);
  EXPECT_EQ(grade_of(r.rep, "spf"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "spf", "spf.lint.multiple_records"));
}

TEST(DomainCheck, RevokedAndEd25519Keys) {
  auto z = inline_zone(
      "s1._domainkey IN TXT \"v=DKIM1; p=\"\n"
      "s2._domainkey IN TXT \"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n");
  auto r = run("x.test", {}, z);
  ASSERT_EQ(r.rep.dkim.size(), 2u);
  EXPECT_EQ(r.rep.dkim[0].status, "revoked");
  EXPECT_EQ(r.rep.dkim[1].key_type, "ed25519");
  EXPECT_EQ(grade_of(r.rep, "dkim"), domain::grade::pass);
}

TEST(DomainCheck, BimiDeclinedAndMtaStsMultiple) {
  auto z = inline_zone(
      "default._bimi IN TXT \"v=BIMI1; l=; a=;\"\n"
      "_mta-sts IN TXT \"v=STSv1; id=1\"\n_mta-sts IN TXT \"v=STSv1; id=2\"\n");
  auto r = run("x.test", {}, z);
  EXPECT_TRUE(has_code(r.rep, "bimi", "domain.bimi.declined"));
  EXPECT_EQ(grade_of(r.rep, "mta_sts"), domain::grade::fail);
  EXPECT_TRUE(has_code(r.rep, "mta_sts", "domain.mta_sts.multiple"));
}

// The mailbox providers' rules from DNS alone (docs/sender-rules.md): a domain that publishes nothing
// fails what DNS decides (no DMARC, no SPF), one with SPF and DMARC leaves every provider "unknown".
TEST(DomainCheck, ProvidersFromDnsAlone) {
  auto none = run("domain-none.test");
  ASSERT_EQ(none.rep.providers.size(), senders::providers().size());
  std::map<std::string, std::string> effect;
  for (const auto& p : none.json["providers"]) effect[p["provider"]] = p["effect"];
  EXPECT_EQ(effect["outlook"], "rejected");
  EXPECT_EQ(effect["gmail"], "deferred_or_rejected");
  EXPECT_EQ(effect["docomo"], "warning");
  EXPECT_EQ(effect["yahoo_japan"], "unknown");  // alignment needs a message
  for (const auto& p : none.json["providers"])
    for (const auto& r : p["rules"]) {
      if (r["requirement"] == "spf.pass") {
        EXPECT_EQ(r["reason"], "spf.no_record");
      } else if (r["requirement"] == "dmarc.record") {
        EXPECT_EQ(r["reason"], "dmarc.no_record");
      } else if (r["requirement"] == "dmarc.not_fail") {
        EXPECT_EQ(r["status"], "pass");
      }
    }
  auto good = run("domain-good.test");
  for (const auto& p : good.json["providers"]) {
    EXPECT_EQ(p["effect"], "unknown") << p["provider"];
    for (const auto& r : p["rules"]) {
      if (r["requirement"] == "dmarc.record") {
        EXPECT_EQ(r["status"], "pass") << p["provider"];
      }
    }
  }
  test::expect_distinct_words(domain::last_provider_basis, [](domain::provider_basis b) { return domain::to_string(b); });
}
