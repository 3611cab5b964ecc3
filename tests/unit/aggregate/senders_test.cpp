// Senders (aggregate::group_senders, aggregate::identify_sender) and the providers' SPF trees of
// aggregate::ptr_lookup: tests/data/aggregate/senders-{a,b}.xml, with the DNS from zone text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "authlens/aggregate.hpp"
#include "authlens/report.hpp"
#include "unit/enum_words.hpp"
#include "unit/test_data.hpp"

namespace agg = authlens::aggregate;
namespace dns = authlens::dns;

namespace {

std::string slurp(const std::string& name) { return authlens::test::data_text("aggregate/" + name); }

/// senders-a.xml (Reporter A, 2026-01-01), senders-b.xml (Reporter B, 2026-01-02) and senders-a.xml
/// again (a duplicate: counted once).
std::vector<agg::report> reports() {
  std::vector<agg::report> v;
  for (const char* f : {"senders-a.xml", "senders-b.xml", "senders-a.xml"}) {
    auto r = agg::parse(slurp(f));
    EXPECT_TRUE(r.ok()) << f;
    if (r) v.push_back(*r);
  }
  return v;
}

/// Two providers' trees (Google's with an include, SendGrid's) and the PTR of 192.0.2.1; every other
/// name is absent (NXDOMAIN: the other providers publish no tree here).
dns::zone_source zones() {
  dns::zone_source z;
  z.add_zone_text("$ORIGIN google.com.\n@ 300 IN SOA ns. h. 1 2 3 4 5\n"
                  "_spf 300 IN TXT \"v=spf1 include:_netblocks.google.com ~all\"\n"
                  "_netblocks 300 IN TXT \"v=spf1 ip4:209.85.128.0/17 ~all\"\n");
  z.add_zone_text("$ORIGIN sendgrid.net.\n@ 300 IN SOA ns. h. 1 2 3 4 5\n@ 300 IN TXT \"v=spf1 ip4:149.72.0.0/16 ~all\"\n");
  z.add_zone_text("$ORIGIN 2.0.192.in-addr.arpa.\n@ 300 IN SOA ns. h. 1 2 3 4 5\n1 300 IN PTR www.example.test.\n");
  z.add_zone_text("$ORIGIN example.test.\n@ 300 IN SOA ns. h. 1 2 3 4 5\nwww 300 IN A 192.0.2.1\n");
  return z;
}

/// The lookup of every source of `reps`, driven from the zones; questions whose name contains `fail`
/// are left unanswered (TIMEOUT).
agg::ptr_lookup looked_up(const std::vector<agg::report>& reps, const std::string& fail = "", agg::ptr_options opt = {}) {
  auto z = zones();
  agg::ptr_lookup job(agg::merge(reps), opt);
  job.evaluate();
  for (int i = 0; i < 20 && !job.pending().empty(); ++i) {
    std::vector<dns::answer> answers;
    for (const auto& q : job.pending())
      if (fail.empty() || q.name.find(fail) == std::string::npos) answers.push_back(z.resolve(q));
    job.supply(answers);
  }
  EXPECT_TRUE(job.complete());
  return job;
}

const agg::sender* find(const agg::sender_view& v, const std::string& id) {
  for (const auto& s : v.senders)
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace

TEST(AggregateSenders, EnumWords) {
  authlens::test::expect_distinct_words(agg::provider_check::not_checked, [](auto v) { return agg::to_string(v); });
  authlens::test::expect_distinct_words(agg::sender_kind::prefix, [](auto v) { return agg::to_string(v); });
  authlens::test::expect_distinct_words(agg::sender_lookup::complete, [](auto v) { return agg::to_string(v); });
}

TEST(AggregateSenders, WithoutLookupEveryIpIsItsNetwork) {
  EXPECT_EQ(agg::identify_sender("203.0.113.9", nullptr).id, "203.0.113.0/24");
  EXPECT_EQ(agg::identify_sender("::ffff:192.0.2.77", nullptr).id, "192.0.2.0/24");
  auto v6 = agg::identify_sender("2001:db8:5:1::9", nullptr);
  EXPECT_EQ(v6.kind, agg::sender_kind::prefix);
  EXPECT_EQ(v6.id, "2001:db8:5::/48");
  EXPECT_EQ(v6.name, v6.id);
  EXPECT_EQ(agg::identify_sender("not-an-ip", nullptr).id, "not-an-ip");

  auto v = agg::group_senders(reports());
  EXPECT_EQ(v.lookup, agg::sender_lookup::none);
  EXPECT_EQ(v.messages, 83u);  // the duplicate counted once
  // The two Google IPs share 209.85.220.0/24; the two SendGrid IPs 149.72.10.0/24.
  ASSERT_NE(find(v, "209.85.220.0/24"), nullptr);
  EXPECT_EQ(find(v, "209.85.220.0/24")->messages, 55u);
  EXPECT_EQ(find(v, "209.85.220.0/24")->ip_count, 2u);
  EXPECT_EQ(find(v, "203.0.113.0/24")->messages, 4u);
  EXPECT_EQ(find(v, "2001:db8:5::/48")->messages, 2u);
  for (const auto& s : v.senders) EXPECT_EQ(s.kind, agg::sender_kind::prefix);
}

TEST(AggregateSenders, PtrDomainIsTheRegistrableDomain) {
  agg::source_ptr p;
  p.ip = "198.51.100.7";
  p.status = agg::ptr_status::found;
  p.names = {"mail-7.out.example.co.uk", "Other.example.net"};
  auto id = agg::identify_sender(p.ip, &p);
  EXPECT_EQ(id.kind, agg::sender_kind::ptr_domain);
  EXPECT_EQ(id.id, "example.co.uk");  // the public suffix list, not the last two labels
  p.confirmed_name = "other.example.net";  // a name that resolves back wins over the first
  EXPECT_EQ(agg::identify_sender(p.ip, &p).id, "example.net");
  p.status = agg::ptr_status::no_ptr;
  p.names.clear();
  p.confirmed_name.clear();
  EXPECT_EQ(agg::identify_sender(p.ip, &p).id, "198.51.100.0/24");
  p.in_provider = agg::provider_check::found;
  p.provider = "amazon_ses";
  id = agg::identify_sender(p.ip, &p);
  EXPECT_EQ(id.kind, agg::sender_kind::provider);
  EXPECT_EQ(id.name, "Amazon SES");
}

TEST(AggregateSenders, ProvidersByTheirSpfTrees) {
  auto reps = reports();
  auto job = looked_up(reps);
  for (const auto& p : job.results()) {
    if (p.ip.rfind("209.85.", 0) == 0) {
      EXPECT_EQ(p.in_provider, agg::provider_check::found) << p.ip;
      EXPECT_EQ(p.provider, "google_workspace");
    } else if (p.ip.rfind("149.72.", 0) == 0) {
      EXPECT_EQ(p.provider, "sendgrid") << p.ip;
    } else {
      EXPECT_EQ(p.in_provider, agg::provider_check::not_found) << p.ip;
    }
  }
  // The trees are asked once for all sources: rounds are the include depth plus the forward check.
  EXPECT_LE(job.rounds(), 3);

  auto v = agg::group_senders(reps, job.results());
  EXPECT_EQ(v.lookup, agg::sender_lookup::complete);
  ASSERT_EQ(v.senders.size(), 5u);
  const auto& google = v.senders[0];  // most messages first
  EXPECT_EQ(google.kind, agg::sender_kind::provider);
  EXPECT_EQ(google.id, "google_workspace");
  EXPECT_EQ(google.name, "Google Workspace");
  EXPECT_EQ(google.messages, 55u);
  EXPECT_EQ(google.dmarc_pass, 50u);
  EXPECT_EQ(google.spf_aligned_pass, 50u);
  EXPECT_EQ(google.dkim_aligned_pass, 50u);
  EXPECT_EQ(google.quarantined, 5u);
  EXPECT_EQ(google.ips, (std::vector<std::string>{"209.85.220.41", "209.85.220.69"}));
  EXPECT_EQ(google.reporters, (std::vector<std::string>{"Reporter A", "Reporter B"}));
  ASSERT_TRUE(google.fix);
  EXPECT_EQ(google.fix->why, agg::fix_reason::dkim_not_aligned);
  EXPECT_EQ(google.fix->messages, 5u);
  EXPECT_EQ(google.fix->dkim_domains, (std::vector<std::string>{"example-com.20230601.gappssmtp.com"}));
  // The trend: one entry per day with messages.
  ASSERT_EQ(google.days.size(), 2u);
  EXPECT_EQ(google.days[0].day, 1767225600);
  EXPECT_EQ(google.days[0].messages, 25u);
  EXPECT_EQ(google.days[0].dmarc_fail, 5u);
  EXPECT_EQ(google.days[1].messages, 30u);
  EXPECT_EQ(v.days, (std::vector<std::int64_t>{1767225600, 1767312000}));

  const auto* sendgrid = find(v, "sendgrid");
  ASSERT_TRUE(sendgrid);
  EXPECT_EQ(sendgrid->messages, 12u);
  EXPECT_EQ(sendgrid->dmarc_fail, 12u);
  EXPECT_EQ(sendgrid->header_froms, (std::vector<std::string>{"news.example.com"}));
  EXPECT_EQ(sendgrid->fix->why, agg::fix_reason::dkim_not_aligned);
  EXPECT_EQ(sendgrid->fix->header_froms, (std::vector<std::string>{"news.example.com"}));

  const auto* own = find(v, "example.test");  // 192.0.2.1 → www.example.test
  ASSERT_TRUE(own);
  EXPECT_EQ(own->kind, agg::sender_kind::ptr_domain);
  EXPECT_FALSE(own->fix);
  EXPECT_EQ(find(v, "203.0.113.0/24")->fix->why, agg::fix_reason::unauthenticated);
  EXPECT_EQ(find(v, "2001:db8:5::/48")->kind, agg::sender_kind::prefix);

  // % compliant per From domain.
  ASSERT_EQ(v.by_header_from.size(), 2u);
  EXPECT_EQ(v.by_header_from[0].header_from, "example.com");
  EXPECT_EQ(v.by_header_from[0].messages, 71u);
  EXPECT_EQ(v.by_header_from[0].dmarc_pass, 60u);
  EXPECT_EQ(v.header_froms, (std::vector<std::string>{"example.com", "news.example.com"}));
  EXPECT_EQ(v.reporters, (std::vector<std::string>{"Reporter A", "Reporter B"}));
}

TEST(AggregateSenders, Filters) {
  auto reps = reports();
  auto job = looked_up(reps);
  agg::sender_options opt;
  opt.filter.failures_only = true;
  auto failing = agg::group_senders(reps, job.results(), opt);
  EXPECT_EQ(failing.messages, 23u);
  EXPECT_EQ(find(failing, "google_workspace")->messages, 5u);
  EXPECT_EQ(find(failing, "example.test"), nullptr);  // it only passes
  // The filter's choices stay complete.
  EXPECT_EQ(failing.header_froms.size(), 2u);

  opt = {};
  opt.filter.header_from = "news.example.com";
  auto news = agg::group_senders(reps, job.results(), opt);
  ASSERT_EQ(news.senders.size(), 1u);
  EXPECT_EQ(news.senders[0].id, "sendgrid");
  ASSERT_EQ(news.by_header_from.size(), 1u);

  opt = {};
  opt.filter.reporter = "Reporter B";
  auto b = agg::group_senders(reps, job.results(), opt);
  EXPECT_EQ(b.messages, 35u);
  EXPECT_EQ(find(b, "google_workspace")->days.size(), 1u);

  opt = {};
  opt.max_senders = 2;
  opt.max_ips = 1;
  auto top = agg::group_senders(reps, job.results(), opt);
  ASSERT_EQ(top.senders.size(), 2u);
  EXPECT_EQ(top.other_senders, 3u);
  EXPECT_EQ(top.other_messages, 83u - top.senders[0].messages - top.senders[1].messages);
  EXPECT_EQ(top.senders[0].ips.size(), 1u);
  EXPECT_EQ(top.senders[0].ip_count, 2u);
}

TEST(AggregateSenders, PartialLookupAndUnreadableTrees) {
  auto reps = reports();
  agg::ptr_options few;
  few.max_sources = 2;  // only the two largest sources are looked up
  auto job = looked_up(reps, "", few);
  auto v = agg::group_senders(reps, job.results());
  EXPECT_EQ(v.lookup, agg::sender_lookup::partial);
  // 209.85.220.41 was looked up (Google); 209.85.220.69 was not, so it stays in its network.
  EXPECT_EQ(find(v, "google_workspace")->messages, 50u);
  EXPECT_EQ(find(v, "209.85.220.0/24")->messages, 5u);

  // SendGrid's tree never answers: its IPs are "incomplete", and fall back to their network.
  auto broken = looked_up(reps, "sendgrid.net");
  for (const auto& p : broken.results())
    if (p.ip.rfind("149.72.", 0) == 0) {
      EXPECT_EQ(p.in_provider, agg::provider_check::incomplete) << p.ip;
    }
  EXPECT_NE(find(agg::group_senders(reps, broken.results()), "149.72.10.0/24"), nullptr);
}

TEST(AggregateSenders, JsonAndCsv) {
  auto reps = reports();
  auto job = looked_up(reps);
  auto v = agg::group_senders(reps, job.results());
  auto j = authlens::report::aggregate_senders_to_json(v);
  EXPECT_EQ(j["lookup"], "complete");
  EXPECT_EQ(j["senders"][0]["kind"], "provider");
  EXPECT_EQ(j["senders"][0]["dispositions"]["quarantine"], 5);
  EXPECT_EQ(j["senders"][0]["dispositions"]["none"], 50);
  EXPECT_EQ(j["senders"][0]["fix"]["why"], "dkim_not_aligned");
  EXPECT_TRUE(j["senders"][2]["fix"].is_null() || j["senders"][2]["fix"].is_object());
  auto p = nlohmann::json::parse(authlens::report::to_json(job));
  EXPECT_EQ(p["providers"], true);
  for (const auto& s : p["sources"])
    if (s["ip"] == "209.85.220.41") {
      EXPECT_EQ(s["sender"]["id"], "google_workspace");
    }

  std::string csv = agg::to_csv(v);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "sender_kind,sender_id,sender,messages,dmarc_pass,dmarc_fail,spf_aligned_pass,dkim_aligned_pass,"
            "disposition_none,disposition_quarantine,disposition_reject,ip_count,ips,header_froms,reporters,fix,"
            "fix_messages");
  EXPECT_NE(csv.find("\r\nprovider,google_workspace,Google Workspace,55,50,5,50,50,50,5,0,2,"
                     "209.85.220.41 209.85.220.69,example.com,Reporter A Reporter B,dkim_not_aligned,5\r\n"),
            std::string::npos)
      << csv;
}
