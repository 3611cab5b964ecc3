// DMARC evaluation: the scenarios of tests/data/dmarc/scenarios.json (both specifications, the
// explanation, the disagreements), the tree walk, the alignment matrix, repeatability, rounds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "authlens/dmarc.hpp"
#include "authlens/report.hpp"
#include "dmarc/internal.hpp"
#include "support.hpp"

using namespace authlens;

namespace {

dmarc::inputs inputs_of(const nlohmann::json& c) {
  dmarc::inputs in;
  in.author_domain = c.value("author", "");
  std::string err = c.value("author_error", "none");
  for (auto p : {dmarc::author_problem::no_from, dmarc::author_problem::multiple_from,
                 dmarc::author_problem::multiple_addresses, dmarc::author_problem::no_domain})
    if (err == dmarc::to_string(p)) in.author_error = p;
  if (c.contains("spf")) {
    std::string word = c["spf"].value("result", "");
    in.spf.result = spf::result_from_string(word);  // "" (not evaluated) gives nullopt
    if (!word.empty() && !in.spf.result) ADD_FAILURE() << "unknown SPF result '" << word << "'";
    in.spf.domain = c["spf"].value("domain", "");
    in.spf.helo = c["spf"].value("helo", false);
  }
  for (const auto& k : c.value("dkim", nlohmann::json::array())) {
    auto v = dkim::verdict_from_string(k.value("result", ""));
    if (!v) ADD_FAILURE() << "unknown DKIM verdict in " << k.dump();
    in.dkim.push_back({k.value("d", ""), k.value("s", ""), v.value_or(dkim::verdict::none)});
  }
  return in;
}

std::string opt_text(const std::optional<dmarc::policy>& p) { return p ? std::string(dmarc::to_string(*p)) : "null"; }
std::string expect_text(const nlohmann::json& j) { return j.is_null() ? "null" : j.get<std::string>(); }
/// A reason code as the JSON writes it ("" when unset).
template <class E>
std::string code(const std::optional<E>& r) {
  return r ? std::string(dmarc::to_string(*r)) : std::string();
}

void compare(const dmarc::outcome& o, const dmarc::explanation& x, const nlohmann::json& e) {
  if (e.contains("result")) {
    EXPECT_EQ(dmarc::to_string(o.result), e["result"].get<std::string>());
  }
  if (e.contains("reason")) {
    EXPECT_EQ(dmarc::to_string(o.reason), e["reason"].get<std::string>());
  }
  if (e.contains("policy")) {
    EXPECT_EQ(opt_text(o.requested), expect_text(e["policy"]));
  }
  if (e.contains("policy_tag")) {
    EXPECT_EQ(o.policy_tag, e["policy_tag"].get<std::string>());
  }
  if (e.contains("disposition")) {
    EXPECT_EQ(opt_text(o.disposition), expect_text(e["disposition"]));
  }
  if (e.contains("disposition_unsampled")) {
    EXPECT_EQ(opt_text(o.disposition_unsampled), expect_text(e["disposition_unsampled"]));
  }
  if (e.contains("org_domain")) {
    EXPECT_EQ(o.disc.org_domain, e["org_domain"].get<std::string>());
  }
  if (e.contains("record_domain")) {
    EXPECT_EQ(o.disc.record_domain, e["record_domain"].get<std::string>());
  }
  if (e.contains("test_mode")) {
    EXPECT_EQ(o.test_mode, e["test_mode"].get<bool>());
  }
  if (e.contains("pct")) {
    EXPECT_EQ(o.pct, e["pct"].get<int>());
  }
  if (e.contains("author_exists")) {
    EXPECT_TRUE(o.author_existence_checked);
    EXPECT_FALSE(o.author_existence_unknown);
    EXPECT_EQ(o.author_exists, e["author_exists"].get<bool>());
  }
  if (e.contains("author_existence_unknown")) {
    EXPECT_EQ(o.author_existence_unknown, e["author_existence_unknown"].get<bool>());
    if (o.author_existence_unknown) {
      EXPECT_FALSE(o.author_existence_checked);
      EXPECT_TRUE(o.author_exists);  // a DNS failure is never non-existence
    }
  }
  if (e.contains("steps")) {
    EXPECT_EQ(static_cast<int>(o.disc.steps.size()), e["steps"].get<int>());
  }
  if (e.contains("fix_code")) {
    EXPECT_EQ(code(x.fix_code), e["fix_code"].get<std::string>());
  }
  if (e.contains("spf_why_not")) {
    EXPECT_EQ(code(x.spf.why_not), e["spf_why_not"].get<std::string>());
  }
  if (e.contains("dkim_why_not")) {
    EXPECT_EQ(code(x.dkim.why_not), e["dkim_why_not"].get<std::string>());
  }
}

TEST(DmarcScenarios, Vectors) {
  auto doc = nlohmann::json::parse(dmarc_test::read_data("scenarios.json"));
  int n = 0;
  for (const auto& c : doc["cases"]) {
    ++n;
    SCOPED_TRACE(c["name"].get<std::string>());
    dmarc_test::fake_dns net;
    net.add(c["zone"].get<std::vector<std::string>>());
    for (const auto& s : c.value("servfail", nlohmann::json::array())) net.servfail.insert(s.get<std::string>());
    const auto overrides = c.value("status", nlohmann::json::object());
    for (const auto& [q, st] : overrides.items()) net.overrides[q] = *dns::status_from_string(st.get<std::string>());
    dns::cache cache;
    dns::drive_stats st;
    auto in = inputs_of(c);
    auto ev = dmarc::evaluate(cache, in, net.fn(), {}, &st);
    ASSERT_TRUE(ev.done);
    const auto& e = c["expect"];
    if (e.contains("rfc9989")) {
      // The explanation is of the RFC 9989 verdict; for the RFC 7489 fix_code, explain it alone.
      compare(ev.rfc9989, ev.explain, e["rfc9989"]);
    }
    if (e.contains("rfc7489")) {
      auto e7 = e["rfc7489"];
      e7.erase("fix_code");
      compare(ev.rfc7489, ev.explain, e7);
      if (e["rfc7489"].contains("fix_code")) {
        EXPECT_EQ(e["rfc7489"]["fix_code"], "fix.dmarc.one_record");
        EXPECT_EQ(ev.rfc7489.reason, dmarc::outcome_reason::none_multiple_records);
      }
    }
    // The report's shape: disposition always there (DESIGN.md), in both modes; policy whenever a
    // record was found; the fields a case names compared as JSON.
    const auto j = report::dmarc_to_json(ev);
    EXPECT_TRUE(j["disposition"].is_string()) << j["disposition"];
    EXPECT_TRUE(j["rfc7489"]["disposition"].is_string()) << j["rfc7489"]["disposition"];
    if (ev.rfc9989.disc.rec) {
      EXPECT_TRUE(j["policy"].is_string()) << j["policy"];
    }
    if (ev.rfc7489.disc.rec) {
      EXPECT_TRUE(j["rfc7489"]["policy"].is_string()) << j["rfc7489"]["policy"];
    }
    if (e.contains("report")) {
      for (const auto& [k, v] : e["report"].items()) {
        if (k == "rfc7489") {
          for (const auto& [k7, v7] : v.items()) EXPECT_EQ(j["rfc7489"][k7], v7) << "rfc7489." << k7;
        } else {
          EXPECT_EQ(j.contains(k) ? j[k] : nlohmann::json("(absent)"), v) << k;
        }
      }
    }
    if (e.contains("disagreements")) {
      std::set<std::string> got;
      for (const auto& d : ev.disagreements) got.insert(std::string(dmarc::to_string(d.reason)));
      auto want = e["disagreements"].get<std::vector<std::string>>();
      if (want.empty()) {
        EXPECT_TRUE(got.empty()) << "first: " << (got.empty() ? "" : *got.begin());
      }
      for (const auto& w : want) EXPECT_TRUE(got.count(w)) << "missing disagreement " << w;
    }
    if (e.contains("rua")) {
      std::vector<std::string> got;
      for (const auto& r : ev.rua) got.push_back(r.status);
      EXPECT_EQ(got, e["rua"].get<std::vector<std::string>>());
    }
    EXPECT_LE(st.rounds, 3) << "DNS rounds";
    // Repeatable: the same cache gives the same evaluation and asks nothing more.
    dns::lookup_context again(cache);
    auto ev2 = dmarc::check(again, in);
    EXPECT_TRUE(again.pending().empty());
    EXPECT_EQ(report::dmarc_to_json(ev2).dump(), report::dmarc_to_json(ev).dump());
  }
  EXPECT_GE(n, 25);
}

TEST(DmarcWalk, NamesFollowTheShortcut) {
  auto names = dmarc::detail::walk_names("a.b.c.d.e.f.g.h.i.j.mail.example.com");
  std::vector<std::string> want = {"a.b.c.d.e.f.g.h.i.j.mail.example.com", "g.h.i.j.mail.example.com",
                                   "h.i.j.mail.example.com", "i.j.mail.example.com", "j.mail.example.com",
                                   "mail.example.com", "example.com", "com"};
  EXPECT_EQ(names, want);
  EXPECT_EQ(dmarc::detail::walk_names("a.b.c.d.e.f.g.h").size(), 8u);  // eight labels: cut to seven
  EXPECT_EQ(dmarc::detail::walk_names("b.c.d.e.f.g.h").size(), 7u);    // seven: one at a time
  EXPECT_EQ(dmarc::detail::walk_names("com").size(), 1u);
  EXPECT_TRUE(dmarc::detail::walk_names("").empty());
  EXPECT_TRUE(dmarc::detail::walk_names("a..com").empty());
}

TEST(DmarcWalk, OneRoundForTheWholeWalkAndIdentifiers) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject\""});
  dns::cache cache;
  dmarc::inputs in;
  in.author_domain = "a.b.example.com";
  in.spf = {spf::result_code::pass, "bounce.x.example.com", false};
  in.dkim = {{"y.example.com", "s", dkim::verdict::pass}};
  dns::drive_stats st;
  auto ev = dmarc::evaluate(cache, in, net.fn(), {}, &st);
  ASSERT_TRUE(ev.done);
  EXPECT_EQ(ev.rfc9989.result, dmarc::result_code::pass);
  EXPECT_EQ(st.rounds, 1);
}

TEST(DmarcWalk, PsdYAtTheStartIsNotABoundary) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.bank. 300 IN TXT \"v=DMARC1; p=reject; psd=y\""});
  dns::cache cache;
  dmarc::discovery d;
  dns::drive(cache, [&](dns::lookup_context& ctx) { d = dmarc::organizational_domain(ctx, "bank"); }, net.fn());
  EXPECT_EQ(d.org_domain, "bank");
  EXPECT_EQ(d.org_reason, dmarc::org_reason::fewest_labels);
}

TEST(DmarcWalk, OrganizationalDomainPrefersTheHighestRecord) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.mail.example.com. 300 IN TXT \"v=DMARC1; p=none\"",
           "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject\""});
  dns::cache cache;
  dmarc::discovery d;
  dns::drive(cache, [&](dns::lookup_context& ctx) { d = dmarc::organizational_domain(ctx, "a.mail.example.com"); },
             net.fn());
  EXPECT_EQ(d.org_domain, "example.com");
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_EQ(d.steps[3].domain, "com");
}

// Alignment matrix (RFC 9989 §3.2.x table): identifier × author × mode, with one record for example.com.
struct align_case {
  const char* identifier;
  const char* author;
  const char* mode;  // "r" or "s"
  bool aligned;
};

TEST(DmarcAlignment, Matrix) {
  const align_case cases[] = {
      {"foo.example.com", "news.example.com", "r", true},   {"news.example.com", "news.example.com", "r", true},
      {"foo.example.net", "news.example.com", "r", false},  {"foo.example.com", "news.example.com", "s", false},
      {"news.example.com", "news.example.com", "s", true},  {"example.com", "news.example.com", "r", true},
      {"example.com", "news.example.com", "s", false},      {"NEWS.Example.COM.", "news.example.com", "s", true},
      {"example.com.evil.net", "example.com", "r", false},  {"com", "example.com", "r", false},
  };
  for (const auto& c : cases) {
    for (const char* mech : {"spf", "dkim"}) {
      SCOPED_TRACE(std::string(mech) + " " + c.identifier + " vs " + c.author + " a=" + c.mode);
      dmarc_test::fake_dns net;
      std::string tag = std::string(mech) == "spf" ? "aspf" : "adkim";
      net.add({"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject; " + tag + "=" + c.mode + "\"",
               "_dmarc.example.net. 300 IN TXT \"v=DMARC1; p=none\"",
               "news.example.com. 300 IN A 192.0.2.1"});
      dmarc::inputs in;
      in.author_domain = c.author;
      if (std::string(mech) == "spf") in.spf = {spf::result_code::pass, c.identifier, false};
      else in.dkim = {{c.identifier, "s", dkim::verdict::pass}};
      dns::cache cache;
      auto ev = dmarc::evaluate(cache, in, net.fn());
      for (const auto* o : {&ev.rfc9989, &ev.rfc7489}) {
        bool aligned = std::string(mech) == "spf" ? o->spf.aligned : o->dkim.at(0).aligned;
        EXPECT_EQ(aligned, c.aligned) << dmarc::to_string(o->m);
        EXPECT_EQ(o->result, c.aligned ? dmarc::result_code::pass : dmarc::result_code::fail) << dmarc::to_string(o->m);
      }
    }
  }
}

TEST(DmarcAlignment, FailedIdentifierNeverAligns) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject\""});
  dmarc::inputs in;
  in.author_domain = "example.com";
  in.spf = {spf::result_code::softfail, "example.com", false};
  in.dkim = {{"example.com", "s", dkim::verdict::fail}, {"example.com", "t", dkim::verdict::temperror}};
  dns::cache cache;
  auto ev = dmarc::evaluate(cache, in, net.fn());
  EXPECT_EQ(ev.rfc9989.result, dmarc::result_code::fail);
  EXPECT_TRUE(ev.rfc9989.spf.domain_aligned);
  EXPECT_FALSE(ev.rfc9989.spf.aligned);
  EXPECT_EQ(ev.rfc9989.spf.reason, dmarc::alignment_reason::not_passed);
  EXPECT_EQ(ev.explain.dkim.why_not, dmarc::unaligned_reason::dkim_no_pass);
}

TEST(DmarcJson, ReportShape) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject; pct=20\""});
  dmarc::inputs in;
  in.author_domain = "example.com";
  in.spf = {spf::result_code::fail, "example.com", false};
  dns::cache cache;
  auto j = report::dmarc_to_json(dmarc::evaluate(cache, in, net.fn()));
  for (const char* k : {"result", "policy", "disposition", "org_domain", "record_domain", "reason", "detail",
                        "alignment", "explain", "disagreements", "rua", "rfc7489", "authentication_results"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["result"], "fail");
  EXPECT_EQ(j["policy"], "reject");
  EXPECT_EQ(j["rfc7489"]["disposition_unsampled"], "quarantine");
  EXPECT_EQ(j["authentication_results"], "dmarc=fail (p=reject dis=reject) header.from=example.com");
  EXPECT_FALSE(j.contains("pending"));
}

TEST(DmarcDomain, CheckDomainFindsRecordLintAndRua) {
  dmarc_test::fake_dns net;
  net.add({"_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=quarantine; pct=100; rua=mailto:a@r.example.net\""});
  dns::cache cache;
  auto r = dmarc::check_domain(cache, "example.com", net.fn());
  ASSERT_TRUE(r.done);
  ASSERT_TRUE(r.rfc9989.rec);
  ASSERT_EQ(r.rua.size(), 1u);
  EXPECT_EQ(r.rua[0].status, "not_authorized");
  std::set<std::string> codes;
  for (const auto& f : r.findings) codes.insert(f.code);
  EXPECT_TRUE(codes.count("dmarc.lint.pct_obsolete"));
  EXPECT_TRUE(codes.count("dmarc.lint.destination_not_authorized"));
  auto j = report::dmarc_domain_to_json(r);
  EXPECT_EQ(j["record"]["p"], "quarantine");
}

TEST(DmarcDomain, NoRecordIsAnErrorFinding) {
  dmarc_test::fake_dns net;
  dns::cache cache;
  auto r = dmarc::check_domain(cache, "nothing.example", net.fn());
  ASSERT_TRUE(r.done);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].code, "dmarc.lint.no_record");
}

}  // namespace
