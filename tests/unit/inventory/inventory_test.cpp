// The sender inventory (authlens/inventory.hpp): facts read from reports, provider recognition,
// grouping into streams, the one fix per stream, and the JSON/CSV forms.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "authlens/inventory.hpp"
#include "authlens/report.hpp"

namespace {

using namespace authlens;
using nlohmann::json;

/// A minimal authlens/report/v1 with the fields the inventory reads.
json report(const std::string& from, const std::string& mail_from, std::vector<std::string> dkim, bool dkim_pass,
            bool dkim_aligned, bool spf_pass, bool spf_aligned, const std::string& dmarc, const std::string& path,
            std::size_t index = 0) {
  json sigs = json::array();
  for (const auto& d : dkim) sigs.push_back({{"domain", d}, {"result", dkim_pass ? "pass" : "fail"}});
  json j = {{"schema", "authlens/report/v1"},
            {"author_domain", from},
            {"envelope", {{"mail_from", mail_from}}},
            {"dkim", sigs},
            {"decision", {{"spf", {{"pass", spf_pass}, {"aligned", spf_aligned}}}, {"dkim", {{"pass", dkim_pass}, {"aligned", dkim_aligned}}}, {"dmarc", dmarc}}},
            {"bulk_sender", {{"gmail_yahoo", {{"status", dmarc == "pass" ? "pass" : "fail"}}}, {"outlook", {{"status", "unknown"}}}}},
            {"summary", {{"params", json::object()}}},
            {"source", {{"path", path}, {"index", index}}}};
  if (dmarc != "pass") {
    j["summary"]["params"]["fix_code"] = "fix.dkim.sign_with_author_domain";
    j["summary"]["params"]["fix"] = "have the sender sign as d=" + from;
  }
  return j;
}

TEST(Inventory, FactsFromAReport) {
  auto f = inventory::facts_from_report(
      report("Example.CO.JP", "bounces+123@em1234.example.co.jp", {"sendgrid.net", "example.co.jp", "sendgrid.net"}, true, true,
             true, false, "pass", "a.eml", 2)
          .dump());
  ASSERT_TRUE(f) << f.err().message;
  EXPECT_EQ(f->from_domain, "example.co.jp");
  EXPECT_EQ(f->mail_from_domain, "em1234.example.co.jp");
  EXPECT_EQ(f->dkim_domains, (std::vector<std::string>{"example.co.jp", "sendgrid.net"}));
  EXPECT_TRUE(f->dkim_aligned);
  EXPECT_FALSE(f->spf_aligned);
  EXPECT_EQ(f->from.path, "a.eml");
  EXPECT_EQ(f->from.index, 2u);
  auto err = inventory::facts_from_report(R"({"schema":"authlens/report/v1","source":{"path":"x","index":0},"error":{"code":"input.not_found","message":"x: no such file"}})");
  ASSERT_FALSE(err);
  EXPECT_EQ(err.err().code, "inventory.unreadable");
  EXPECT_EQ(inventory::facts_from_report("[1,2]").err().code, "inventory.not_a_report");
  EXPECT_EQ(inventory::facts_from_report("{\"schema\":\"authlens/domain/v1\"}").err().code, "inventory.not_a_report");
  EXPECT_EQ(inventory::facts_from_report("not json").err().code, "inventory.not_a_report");
}

// The page keeps each message's facts instead of its report: they must give the same inventory.
TEST(Inventory, FactsRoundTripThroughTheirJson) {
  auto f = inventory::facts_from_report(
      report("example.co.jp", "bounce@em1.example.co.jp", {"sendgrid.net"}, true, false, true, true, "fail", "mail/a.mbox", 3)
          .dump());
  ASSERT_TRUE(f);
  f->sender_hosts = {"o1.sendgrid.net"};
  const auto text = inventory::facts_to_json(*f);
  auto back = inventory::facts_from_json(text);
  ASSERT_TRUE(back) << back.err().message;
  EXPECT_EQ(inventory::facts_to_json(*back), text);
  EXPECT_EQ(back->from.index, 3u);
  EXPECT_EQ(back->sender_hosts, f->sender_hosts);
  inventory::builder a, b;
  a.add(*f);
  b.add(*back);
  EXPECT_EQ(report::inventory_to_json(a.finish()), report::inventory_to_json(b.finish()));
  for (const char* bad : {"", "[]", "{}", R"({"from_domain":"x","dmarc":"pass","dkim_domains":[1],"sender_hosts":[]})",
                          R"({"from_domain":"x","dmarc":"pass","dkim_domains":[]})"})
    EXPECT_EQ(inventory::facts_from_json(bad).err().code, "inventory.not_facts") << bad;
}

TEST(Inventory, RecognisesProviders) {
  auto who = [](std::vector<std::string> dkim, std::string mail_from, std::vector<std::string> hosts = {}) {
    inventory::message_facts m;
    m.dkim_domains = std::move(dkim);
    m.mail_from_domain = std::move(mail_from);
    m.sender_hosts = std::move(hosts);
    return std::string(inventory::recognise_provider(m).id);
  };
  EXPECT_EQ(who({"example-com.20230601.gappssmtp.com"}, "example.com"), "google_workspace");
  EXPECT_EQ(who({"contoso.onmicrosoft.com"}, "contoso.com"), "microsoft_365");
  EXPECT_EQ(who({"amazonses.com"}, "eu-west-1.amazonses.com"), "amazon_ses");
  EXPECT_EQ(who({}, "bounce.example.com", {"a8-12.smtp-out.amazonses.com"}), "amazon_ses");
  EXPECT_EQ(who({"sendgrid.net"}, "em123.example.co.jp"), "sendgrid");
  EXPECT_EQ(who({}, "mail123.suw11.mcsv.net"), "mailchimp");
  EXPECT_EQ(who({"mandrillapp.com"}, ""), "mailchimp");
  EXPECT_EQ(who({}, "bounce.example.com", {"mail-sor-f41.google.com"}), "google_workspace");
  EXPECT_EQ(who({"pm.mtasv.net"}, "pm-bounces.example.com"), "postmark");
  EXPECT_EQ(who({"mailgun.org"}, ""), "mailgun");
  EXPECT_EQ(who({"zoho.com"}, ""), "zoho");
  EXPECT_EQ(who({"s1.exacttarget.com"}, ""), "salesforce");
  EXPECT_EQ(who({"example.com"}, "example.com", {"mx1.example.com"}), "own_servers");
  // Names that only end in the same letters are not under the provider's domain.
  EXPECT_EQ(who({"notsendgrid.net"}, "evilamazonses.com"), "own_servers");
}

TEST(Inventory, GroupsIntoStreamsWhateverTheOrder) {
  std::vector<json> reports;
  for (int i = 0; i < 5; ++i)
    reports.push_back(report("example.co.jp", "em1.example.co.jp", {"sendgrid.net"}, true, false, true, true, i == 0 ? "pass" : "fail",
                             "sg/" + std::to_string(i) + ".eml"));
  for (int i = 0; i < 2; ++i)
    reports.push_back(report("example.co.jp", "example.co.jp", {"example.co.jp"}, true, true, true, true, "pass",
                             "own/" + std::to_string(i) + ".eml"));
  reports.push_back(report("example.co.jp", "", {}, false, false, false, false, "fail", "bounce.eml"));
  std::string first;
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    inventory::builder b;
    for (const auto& r : reports) ASSERT_TRUE(b.add_report_json(r.dump()));
    b.add_unreadable();
    auto set = b.finish();
    std::string text = report::inventory_to_json(set).dump();
    if (round == 0) {
      first = text;
      ASSERT_EQ(set.streams.size(), 3u);
      EXPECT_EQ(set.messages, 9u);
      EXPECT_EQ(set.unreadable, 1u);
      const auto& sg = set.streams[0];
      EXPECT_EQ(sg.messages, 5u);
      EXPECT_EQ(sg.sender.id, "sendgrid");
      EXPECT_EQ(sg.dkim.pass_not_aligned, 5u);
      EXPECT_EQ(sg.spf.pass_aligned, 5u);
      EXPECT_EQ(sg.dmarc.pass, 1u);
      EXPECT_EQ(sg.dmarc.fail, 4u);
      EXPECT_EQ(sg.gmail_yahoo.fail, 4u);
      EXPECT_EQ(sg.outlook.unknown, 5u);
      EXPECT_EQ(sg.fix_code, "fix.provider.sendgrid.dkim");
      EXPECT_EQ(sg.fix_text, "SendGrid signs as sendgrid.net: add its CNAME records (domain authentication), so it signs as example.co.jp");
      ASSERT_EQ(sg.examples.size(), 3u);
      EXPECT_EQ(sg.examples[0].path, "sg/0.eml");
      EXPECT_EQ(set.streams[1].messages, 2u);
      EXPECT_EQ(set.streams[1].fix_code, "");  // every message passes: nothing to fix
      EXPECT_EQ(set.streams[2].mail_from_domain, "");
      EXPECT_EQ(set.streams[2].fix_code, "fix.dkim.sign_with_author_domain");  // own servers: the report's own fix
    } else {
      EXPECT_EQ(text, first) << "round " << round;
    }
    std::shuffle(reports.begin(), reports.end(), rng);
  }
}

TEST(Inventory, JsonAndCsvForms) {
  inventory::builder b;
  b.add(*inventory::facts_from_report(
      report("a.example", "b.example", {"c.example"}, true, false, false, false, "fail", "with,comma \"q\".eml").dump()));
  auto set = b.finish();
  auto j = report::inventory_to_json(set);
  EXPECT_EQ(j["schema"], "authlens/inventory/v1");
  EXPECT_EQ(j["streams"][0]["provider"], (json{{"id", "own_servers"}, {"name", "own servers"}}));
  EXPECT_EQ(j["streams"][0]["dmarc"], (json{{"pass", 0}, {"fail", 1}, {"none", 0}, {"error", 0}}));
  EXPECT_EQ(j["streams"][0]["examples"][0]["path"], "with,comma \"q\".eml");
  auto csv = report::inventory_to_csv(set);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")).find("from_domain,mail_from_domain,dkim_domains,provider,messages"), 0u);
  EXPECT_NE(csv.find("\r\na.example,b.example,c.example,own servers,1,0,0,1,0,1,0,0,1,0,0,0,1,0,0,0,1,"), std::string::npos) << csv;
}

}  // namespace
