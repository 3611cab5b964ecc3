// The record wizard: output forms, the SPF/DMARC/DKIM builders, round trips through the core's own
// parsers and linters for every preset combination, and the live SPF budget over an in-memory DNS.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/records.hpp"
#include "authlens/report.hpp"
#include "authlens/spf.hpp"

namespace {

using namespace authlens;

/// Deterministic random bytes for key generation in tests (xorshift64*).
crypto::random_fn test_rng(std::uint64_t seed) {
  return [state = seed](std::span<std::uint8_t> out) mutable {
    for (auto& b : out) {
      state ^= state >> 12;
      state ^= state << 25;
      state ^= state >> 27;
      b = static_cast<std::uint8_t>((state * 2685821657736338717ULL) >> 56);
    }
    return true;
  };
}

bool no_errors(const std::vector<records::note>& notes, std::string* why = nullptr) {
  for (const auto& n : notes)
    if (n.severity == "error") {
      if (why) *why = n.code + ": " + n.message;
      return false;
    }
  return true;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x;
  return s;
}

// --- output -----------------------------------------------------------------------------------

TEST(RecordsOutput, SplitsAt255AndJoinsExactly) {
  std::string v(600, 'a');
  auto parts = records::split_strings(v);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].size(), 255u);
  EXPECT_EQ(joined(parts), v);
  EXPECT_EQ(records::split_strings("short").size(), 1u);
  EXPECT_EQ(records::split_strings("").size(), 1u);
  // Prefers to cut after a space near the limit.
  std::string spaced;
  while (spaced.size() < 400) spaced += "include:_spf.example.com ";
  auto sp = records::split_strings(spaced);
  ASSERT_GE(sp.size(), 2u);
  EXPECT_EQ(sp[0].back(), ' ');
  EXPECT_LE(sp[0].size(), 255u);
  EXPECT_EQ(joined(sp), spaced);
}

TEST(RecordsOutput, QuotesAndBindForms) {
  EXPECT_EQ(records::quote_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  auto r = records::make_record("Example.COM.", "TXT", "v=spf1 -all", 300, "x");
  EXPECT_EQ(r.name, "example.com");
  EXPECT_EQ(r.bind, "example.com. 300 IN TXT \"v=spf1 -all\"");
  EXPECT_EQ(r.quoted, "\"v=spf1 -all\"");
  EXPECT_EQ(r.one_string, "v=spf1 -all");
  auto long_rec = records::make_record("s._domainkey.example.com", "TXT", std::string(300, 'k'), 3600, "");
  EXPECT_EQ(long_rec.strings.size(), 2u);
  EXPECT_NE(long_rec.bind.find("IN TXT (\n    \""), std::string::npos);
  EXPECT_EQ(long_rec.quoted, "\"" + std::string(255, 'k') + "\" \"" + std::string(45, 'k') + "\"");
  auto c = records::make_record("a._domainkey.example.com", "CNAME", "a.dkim.amazonses.com", 3600, "");
  EXPECT_EQ(c.bind, "a._domainkey.example.com. 3600 IN CNAME a.dkim.amazonses.com.");
  EXPECT_TRUE(records::valid_domain("example.co.jp"));
  EXPECT_FALSE(records::valid_domain("example"));
  EXPECT_FALSE(records::valid_domain("exa mple.com"));
  EXPECT_FALSE(records::valid_domain("-a.com"));
}

// --- SPF ----------------------------------------------------------------------------------------

TEST(RecordsSpf, MergesPresetsIntoOneRecord) {
  records::spf_options o;
  o.domain = "example.com";
  o.providers = {"google", "m365"};
  o.ip4 = {"192.0.2.0/24"};
  o.ip6 = {"ip6:2001:db8::/32"};
  o.mx = true;
  auto b = records::build_spf(o);
  ASSERT_TRUE(b.ok()) << b.err().message;
  EXPECT_EQ(b->record,
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx include:_spf.google.com include:spf.protection.outlook.com -all");
  EXPECT_EQ(b->lookups, 3);
  ASSERT_EQ(b->publish.size(), 1u);
  EXPECT_EQ(b->publish[0].name, "example.com");
  EXPECT_EQ(b->publish[0].purpose_code, "records.purpose.spf.policy");
  EXPECT_EQ(b->publish[0].purpose_params.at("domain"), "example.com");
  std::string why;
  EXPECT_TRUE(no_errors(b->notes, &why)) << why;
  o.all = "softfail";
  EXPECT_TRUE(records::build_spf(o)->record.ends_with(" ~all"));
}

TEST(RecordsSpf, RejectsBadInput) {
  records::spf_options o;
  o.providers = {"nosuch"};
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.unknown_provider");
  o = {};
  o.ip4 = {"300.1.1.1"};
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.bad_ip4");
  o = {};
  o.ip6 = {"2001:db8::/200"};
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.bad_ip6");
  o = {};
  o.all = "pass";
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.bad_all");
  o = {};
  o.domain = "not a domain";
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.bad_domain");
  o = {};
  o.hosts = {"bad host"};
  EXPECT_EQ(records::build_spf(o).err().code, "records.spf.bad_host");
}

TEST(RecordsSpf, SesCustomMailFromGetsItsOwnRecords) {
  records::spf_options o;
  o.domain = "example.com";
  o.providers = {"ses"};
  o.ses_mail_from = "bounce";
  o.ses_region = "eu-west-1";
  auto b = records::build_spf(o);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->record, "v=spf1 -all");  // SES adds nothing to the domain's own record
  ASSERT_EQ(b->publish.size(), 3u);
  EXPECT_EQ(b->publish[1].name, "bounce.example.com");
  EXPECT_EQ(b->publish[1].value, "v=spf1 include:amazonses.com -all");
  EXPECT_EQ(b->publish[2].type, "MX");
  EXPECT_EQ(b->publish[2].value, "10 feedback-smtp.eu-west-1.amazonses.com");
  o.ses_mail_from.clear();
  auto w = records::build_spf(o);
  bool warned = false;
  for (const auto& n : w->notes) warned = warned || n.code == "records.spf.ses_no_mail_from";
  EXPECT_TRUE(warned);
}

TEST(RecordsSpf, LintFindsTheRecordsOwnProblems) {
  records::spf_options o;
  for (int i = 0; i < 11; ++i) o.includes.push_back("spf" + std::to_string(i) + ".example.net");
  auto b = records::build_spf(o);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->lookups, 11);
  EXPECT_FALSE(no_errors(b->notes));
  // A long record is split into strings and still parses after joining.
  records::spf_options big;
  for (int i = 0; i < 30; ++i) big.ip4.push_back("198.51.100." + std::to_string(i));
  auto l = records::build_spf(big);
  ASSERT_TRUE(l.ok());
  EXPECT_GT(l->publish[0].strings.size(), 1u);
  EXPECT_TRUE(spf::parse_record(joined(l->publish[0].strings)).ok());
}

TEST(RecordsSpf, RoundTripEveryPresetCombination) {
  std::vector<std::string> ids;
  for (const auto& p : records::spf_providers()) ids.push_back(std::string(p.id));
  int checked = 0;
  // Every pair of presets (and each alone), with and without own ranges, × fail/softfail.
  for (std::size_t i = 0; i <= ids.size(); ++i)
    for (std::size_t j = i; j <= ids.size(); ++j)
      for (int own = 0; own < 4; ++own)
        for (const char* all : {"fail", "softfail"}) {
          records::spf_options o;
          o.domain = own == 3 ? "" : "example.org";
          if (i < ids.size()) o.providers.push_back(ids[i]);
          if (j < ids.size() && j != i) o.providers.push_back(ids[j]);
          if (own & 1) o.ip4 = {"203.0.113.0/24", "198.51.100.7"};
          if (own & 2) {
            o.ip6 = {"2001:db8:1::/48"};
            o.hosts = {"mail.example.org"};
            o.a = true;
            o.mx = true;
          }
          o.all = all;
          o.ses_mail_from = "mail";
          auto b = records::build_spf(o);
          ASSERT_TRUE(b.ok()) << b.err().message;
          auto parsed = spf::parse_record(b->record);
          ASSERT_TRUE(parsed.ok()) << b->record;
          std::string why;
          EXPECT_TRUE(no_errors(b->notes, &why)) << b->record << " — " << why;
          for (const auto& r : b->publish)
            if (r.type == "TXT") {
              EXPECT_EQ(joined(r.strings), r.value);
              for (const auto& s : r.strings) EXPECT_LE(s.size(), 255u);
            }
          ++checked;
        }
  EXPECT_GT(checked, 400);
}

/// An in-memory zone for the budget: absent names are NXDOMAIN, present without the type NODATA.
struct zone {
  std::map<dns::question, dns::answer> data;
  void txt(const std::string& name, const std::string& rec) {
    auto q = dns::make_question(name, dns::rr_type::txt);
    data[q].q = q;
    data[q].txt.push_back({rec});
  }
  void add(const std::string& name, dns::rr_type t, const std::string& rec) {
    auto q = dns::make_question(name, t);
    data[q].q = q;
    data[q].records.push_back(rec);
  }
  dns::resolve_fn resolver() {
    return [this](std::span<const dns::question> qs) {
      std::vector<dns::answer> out;
      for (const auto& q : qs) {
        auto it = data.find(q);
        if (it != data.end()) {
          out.push_back(it->second);
          continue;
        }
        dns::answer a;
        a.q = q;
        bool exists = false;
        for (const auto& [k, v] : data) exists = exists || k.name == q.name;
        if (!exists) a.st = dns::status::nxdomain;
        out.push_back(a);
      }
      return out;
    };
  }
};

records::spf_budget drive_budget(zone& z, const std::string& domain, const std::string& record, int* rounds = nullptr) {
  dns::cache c;
  records::spf_budget b;
  auto st = dns::drive(c, [&](dns::lookup_context& ctx) { b = records::evaluate_spf_budget(ctx, domain, record); },
                       z.resolver());
  if (rounds) *rounds = st.rounds;
  return b;
}

TEST(RecordsSpf, LiveBudgetResolvesIncludes) {
  zone z;
  z.txt("_spf.google.example", "v=spf1 include:_netblocks.google.example include:_netblocks2.google.example ~all");
  z.txt("_netblocks.google.example", "v=spf1 ip4:192.0.2.0/24 ~all");
  z.txt("_netblocks2.google.example", "v=spf1 ip6:2001:db8::/32 ~all");
  z.txt("spf.m365.example", "v=spf1 ip4:198.51.100.0/24 -all");
  z.txt("example.com", "v=spf1 include:old.example -all");  // the live record the draft replaces
  z.add("example.com", dns::rr_type::mx, "10 mx.example.com.");
  int rounds = 0;
  auto b = drive_budget(z, "example.com", "v=spf1 mx include:_spf.google.example include:spf.m365.example -all", &rounds);
  EXPECT_TRUE(b.done);
  EXPECT_EQ(b.lookups, 5);  // mx, 2 includes, 2 nested includes
  EXPECT_EQ(b.void_lookups, 0);
  EXPECT_LE(rounds, 3);
  bool replaces = false, budget = false;
  for (const auto& n : b.notes) {
    replaces = replaces || n.code == "records.spf.replaces_live";
    budget = budget || (n.code == "records.spf.budget" && n.severity == "info");
  }
  EXPECT_TRUE(replaces);
  EXPECT_TRUE(budget);
  EXPECT_EQ(b.status, records::budget_status::within);
  auto j = report::spf_budget_to_json(b);
  EXPECT_EQ(j["lookups"], 5);
  EXPECT_EQ(j["status"], "within");
  EXPECT_EQ(j["tree"]["children"].size(), 2u);
}

TEST(RecordsSpf, LiveBudgetOverTheLimitAndMissingIncludes) {
  zone z;
  std::string chain = "v=spf1";
  for (int i = 0; i < 6; ++i) {
    z.txt("n" + std::to_string(i) + ".example", "v=spf1 a:h1.example a:h2.example -all");
    z.add("h1.example", dns::rr_type::a, "192.0.2.1");
    z.add("h2.example", dns::rr_type::a, "192.0.2.2");
    chain += " include:n" + std::to_string(i) + ".example";
  }
  chain += " include:missing.example -all";
  auto b = drive_budget(z, "", chain);
  EXPECT_TRUE(b.done);
  EXPECT_GT(b.lookups, 10);
  std::set<std::string> codes;
  for (const auto& n : b.notes) codes.insert(n.code);
  EXPECT_TRUE(codes.count("spf.lint.too_many_lookups"));
  EXPECT_TRUE(codes.count("spf.lint.include_none"));
  EXPECT_EQ(b.status, records::budget_status::over_limit);
}

// The budget's status is the core's decision (the page colours by it): 8 to 10 lookups is near the limit.
TEST(RecordsSpf, LiveBudgetStatus) {
  zone z;
  std::string record = "v=spf1";
  for (int i = 0; i < 8; ++i) {
    z.txt("s" + std::to_string(i) + ".example", "v=spf1 ip4:192.0.2." + std::to_string(i) + " -all");
    record += " include:s" + std::to_string(i) + ".example";
  }
  auto b = drive_budget(z, "", record + " -all");
  EXPECT_TRUE(b.done);
  EXPECT_EQ(b.lookups, 8);
  EXPECT_EQ(b.status, records::budget_status::near_limit);
  bool warned = false;
  for (const auto& n : b.notes) warned = warned || (n.code == "records.spf.budget" && n.severity == "warning");
  EXPECT_TRUE(warned);
  EXPECT_EQ(records::to_string(b.status), "near_limit");

  dns::cache empty;
  dns::lookup_context ctx(empty);
  auto pending = records::evaluate_spf_budget(ctx, "", "v=spf1 include:s0.example -all");
  EXPECT_FALSE(pending.done);
  EXPECT_EQ(pending.status, records::budget_status::incomplete);
}

// --- DMARC --------------------------------------------------------------------------------------

TEST(RecordsDmarc, BuildsRfc9989Record) {
  records::dmarc_options o;
  o.domain = "example.com";
  o.p = "quarantine";
  o.testing = true;
  o.rua = {"dmarc@example.com", "mailto:reports@dmarc-service.example.net"};
  auto b = records::build_dmarc(o);
  ASSERT_TRUE(b.ok()) << b.err().message;
  EXPECT_EQ(b->record,
            "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com,mailto:reports@dmarc-service.example.net; t=y; pct=0");
  EXPECT_EQ(b->publish[0].name, "_dmarc.example.com");
  ASSERT_EQ(b->external_destinations.size(), 1u);
  EXPECT_EQ(b->external_destinations[0], "dmarc-service.example.net");
  ASSERT_EQ(b->publish.size(), 2u);
  EXPECT_EQ(b->publish[1].name, "example.com._report._dmarc.dmarc-service.example.net");
  EXPECT_EQ(b->publish[1].value, "v=DMARC1;");
  ASSERT_EQ(b->rollout.size(), 4u);
  EXPECT_TRUE(b->rollout[1].current);
  EXPECT_EQ(b->rollout[0].record, "v=DMARC1; p=none; rua=mailto:dmarc@example.com,mailto:reports@dmarc-service.example.net");
  EXPECT_EQ(b->rollout[3].record.substr(0, 20), "v=DMARC1; p=reject; ");
  // Same organisational domain: no authorisation needed.
  o.rua = {"dmarc@reports.example.com"};
  o.domain = "mail.example.com";
  EXPECT_TRUE(records::build_dmarc(o)->external_destinations.empty());
}

TEST(RecordsDmarc, MailingListCautionAndErrors) {
  records::dmarc_options o;
  o.domain = "example.com";
  o.p = "reject";
  o.mailing_lists = true;
  auto b = records::build_dmarc(o);
  bool caution = false;
  for (const auto& n : b->notes) caution = caution || (n.code == "records.dmarc.mailing_lists" && n.severity == "warning");
  EXPECT_TRUE(caution);
  o.p = "block";
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_policy");
  o.p = "none";
  o.rua = {"https://x"};
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_uri");
  o.rua = {"mailto:a@b.example!10x"};
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_uri");
  o.rua = {"mailto:a@b.example!10m"};
  EXPECT_TRUE(records::build_dmarc(o).ok());
  o.fo = "1:x";
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_fo");
  o.fo = "";
  o.adkim = "x";
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_alignment");
  o.adkim = "";
  o.domain = "";
  EXPECT_EQ(records::build_dmarc(o).err().code, "records.dmarc.bad_domain");
}

TEST(RecordsDmarc, RoundTripOptionGrid) {
  int checked = 0;
  for (const char* p : {"none", "quarantine", "reject"})
    for (const char* sp : {"", "none", "reject"})
      for (const char* np : {"", "quarantine", "reject"})
        for (const char* align : {"", "r", "s"})
          for (int reports = 0; reports < 3; ++reports)
            for (int t = 0; t < 3; ++t)
              for (const char* psd : {"", "n"}) {
                records::dmarc_options o;
                o.domain = "example.com";
                o.p = p;
                o.sp = sp;
                o.np = np;
                o.adkim = align;
                o.aspf = align;
                if (reports >= 1) o.rua = {"dmarc@example.com"};
                if (reports == 2) {
                  o.rua.push_back("rua@reports.example.net");
                  o.ruf = {"ruf@example.com"};
                  o.fo = "1:d";
                }
                o.testing = t >= 1;
                o.legacy_pct = t == 1;
                o.psd = psd;
                auto b = records::build_dmarc(o);
                ASSERT_TRUE(b.ok()) << b.err().message;
                std::string why;
                EXPECT_TRUE(no_errors(b->notes, &why)) << b->record << " — " << why;
                auto parsed = dmarc::parse_record(b->record);
                ASSERT_TRUE(parsed.ok()) << b->record;
                {
                  EXPECT_TRUE(parsed->defects.empty()) << b->record;
                  EXPECT_EQ(parsed->test, o.testing);
                  EXPECT_EQ(std::string(dmarc::to_string(parsed->p)), std::string(p));
                }
                for (const auto& n : b->notes) EXPECT_NE(n.code, "dmarc.lint.pct_obsolete") << b->record;
                for (const auto& s : b->rollout) {
                  std::vector<records::note> notes;
                  EXPECT_TRUE(records::check_dmarc_record("example.com", s.record, notes)) << s.record;
                }
                ++checked;
              }
  EXPECT_EQ(checked, 3 * 3 * 3 * 3 * 3 * 3 * 2);
}

// --- DKIM ---------------------------------------------------------------------------------------

TEST(RecordsDkim, GeneratesCheckedKeys) {
  records::dkim_options o;
  o.domain = "example.com";
  o.selector = "s202611";
  o.date = "202705";
  auto rsa = records::build_dkim(o, test_rng(1));
  ASSERT_TRUE(rsa.ok()) << rsa.err().message;
  EXPECT_TRUE(rsa->record.starts_with("v=DKIM1; k=rsa; p="));
  EXPECT_TRUE(rsa->private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
  ASSERT_EQ(rsa->publish.size(), 1u);
  EXPECT_EQ(rsa->publish[0].name, "s202611._domainkey.example.com");
  EXPECT_EQ(rsa->publish[0].strings.size(), 2u);  // 2048-bit: longer than 255
  EXPECT_EQ(joined(rsa->publish[0].strings), rsa->record);
  auto parsed = dkim::parse_key_record(joined(rsa->publish[0].strings));
  ASSERT_TRUE(parsed.key);
  EXPECT_EQ(parsed.key->bits, 2048u);
  EXPECT_TRUE(no_errors(rsa->notes));
  EXPECT_EQ(rsa->next_selector, "s202711");  // six months on
  EXPECT_EQ(rsa->rotation.size(), 5u);
  // The key signs and the published record verifies what it signed.
  auto key = dkim::parse_private_key(rsa->private_pem);
  ASSERT_TRUE(key.ok());

  o.type = dkim::key_type::ed25519;
  o.selector = "ed1";
  o.date = "";
  auto ed = records::build_dkim(o, test_rng(2));
  ASSERT_TRUE(ed.ok());
  EXPECT_TRUE(ed->record.starts_with("v=DKIM1; k=ed25519; p="));
  EXPECT_EQ(ed->publish[0].strings.size(), 1u);
  EXPECT_EQ(ed->next_selector, "ed2");
  EXPECT_TRUE(no_errors(ed->notes));
  auto j = report::dkim_build_to_json(*ed);
  EXPECT_EQ(j["kind"], "dkim");
  EXPECT_EQ(j["ok"], true);
}

TEST(RecordsDkim, RejectsBadInput) {
  records::dkim_options o;
  o.domain = "example.com";
  o.selector = "bad selector";
  EXPECT_EQ(records::build_dkim(o, test_rng(3)).err().code, "records.dkim.bad_selector");
  o.selector = "s1";
  o.bits = 512;
  EXPECT_EQ(records::build_dkim(o, test_rng(3)).err().code, "records.dkim.bad_bits");
  o.domain = "nodot";
  EXPECT_EQ(records::build_dkim(o, test_rng(3)).err().code, "records.dkim.bad_domain");
  // A random source that fails makes key generation fail, never a weak key.
  records::dkim_options ok;
  ok.domain = "example.com";
  ok.selector = "s1";
  ok.type = dkim::key_type::ed25519;
  EXPECT_FALSE(records::build_dkim(ok, [](std::span<std::uint8_t>) { return false; }).ok());
}

TEST(RecordsDkim, SelectorAdvice) {
  auto generic = records::selector_advice("default");
  EXPECT_EQ(generic[0].code, "records.dkim.selector_generic");
  auto dated = records::selector_advice("s202611");
  for (const auto& n : dated) EXPECT_NE(n.code, "records.dkim.selector_dated");
}

TEST(RecordsDkim, Delegations) {
  records::delegation_options o;
  o.domain = "example.com";
  o.provider = "ses";
  o.tokens = {"abc123", "def456", "ghi789"};
  auto ses = records::build_delegation(o);
  ASSERT_TRUE(ses.ok());
  ASSERT_EQ(ses->publish.size(), 3u);
  EXPECT_EQ(ses->publish[0].name, "abc123._domainkey.example.com");
  EXPECT_EQ(ses->publish[0].value, "abc123.dkim.amazonses.com");
  o.tokens.pop_back();
  EXPECT_EQ(records::build_delegation(o).err().code, "records.dkim.missing_input");
  o.provider = "sendgrid";
  o.account = "u1234567.wl123";
  auto sg = records::build_delegation(o);
  ASSERT_TRUE(sg.ok());
  EXPECT_EQ(sg->publish[1].value, "s2.domainkey.u1234567.wl123.sendgrid.net");
  o.provider = "m365";
  o.account = "contoso";
  auto m = records::build_delegation(o);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->publish[0].name, "selector1._domainkey.example.com");
  EXPECT_EQ(m->publish[0].value, "selector1-example-com._domainkey.contoso.onmicrosoft.com");
  o.provider = "google";
  o.tokens = {"\"v=DKIM1; k=rsa; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMLwxDVQDi5m4nxIOHDXcxGQ1ZJxGyTpTN6kAJFB0hMrvOoaSQ2OUT9wz/fQPpXJdT8PHoyQW84CUL/iLsfwkGcCAwEAAQ==\""};
  auto g = records::build_delegation(o);
  ASSERT_TRUE(g.ok()) << g.err().message;
  EXPECT_EQ(g->publish[0].name, "google._domainkey.example.com");
  o.provider = "nosuch";
  EXPECT_EQ(records::build_delegation(o).err().code, "records.dkim.unknown_provider");
}

// --- JSON edges -------------------------------------------------------------------------------------

TEST(RecordsJson, OptionsFromJsonNeverThrow) {
  auto o = report::spf_options_from_json(nlohmann::json::parse(
      R"({"domain":"example.com","providers":["google",3],"ip4":"192.0.2.1","a":"yes","all":"softfail","ttl":-5})"));
  EXPECT_EQ(o.providers, std::vector<std::string>{"google"});
  EXPECT_EQ(o.ip4, std::vector<std::string>{"192.0.2.1"});
  EXPECT_FALSE(o.a);
  EXPECT_EQ(o.ttl, 3600u);
  auto d = report::dmarc_options_from_json(nlohmann::json::array());
  EXPECT_EQ(d.p, "none");
  auto providers = report::record_providers_json();
  EXPECT_GE(providers["spf"].size(), 8u);
  EXPECT_EQ(providers["dkim"].size(), 4u);
}

}  // namespace
