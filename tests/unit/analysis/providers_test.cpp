// Every mailbox provider's verdict (core/data/sender-rules.json, report key bulk_sender.providers) on
// the messages tests/data/messages/rules-*.eml, signed here with the committed test key and driven
// over the zones tests/data/zones/rules.test.zone and 2.0.192.in-addr.arpa.zone. One message per
// verdict a provider can give: what the recipient will see, with the rule's source and date.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/analyzer.hpp"
#include "authlens/analysis.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "authlens/report.hpp"
#include "unit/test_data.hpp"

using namespace authlens;
using nlohmann::json;

namespace {

constexpr std::int64_t k_now = 1795000100;  // 2026-11-18

const dns::zone_source& zones() {
  static const dns::zone_source z = [] {
    dns::zone_source s;
    s.add_zone_text(test::source_text("tests/data/zones/rules.test.zone"));
    s.add_zone_text(test::source_text("tests/data/zones/2.0.192.in-addr.arpa.zone"));
    return s;
  }();
  return z;
}

/// The message file with CRLF line ends, signed as `domain` with the test key (selector s1).
std::string signed_message(const std::string& file, const char* domain) {
  std::string msg;
  for (char c : test::source_text("tests/data/messages/" + file)) {
    if (c == '\n') msg += '\r';
    msg += c;
  }
  auto key = dkim::parse_private_key(test::source_text("tests/data/messages/analyze-test-key.pem"));
  EXPECT_TRUE(key.ok());
  dkim::sign_options o;
  o.domain = domain;
  o.selector = "s1";
  o.timestamp = 1795000000;
  o.headers = {"from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"};
  auto n = std::uint8_t{1};
  auto f = dkim::sign(dkim::view_of_raw(msg), *key, o, [&n](std::span<std::uint8_t> out) {
    for (auto& b : out) b = n++;
    return true;
  });
  EXPECT_TRUE(f.ok());
  return f.ok() ? *f + msg : msg;
}

json analyse(const std::string& msg, bool offline = false, std::int64_t now = k_now) {
  analysis_options opt;
  opt.offline = offline;
  auto a = analysis::create(msg, {}, now, opt);
  EXPECT_TRUE(a.ok());
  for (int guard = 0; !a->pending().empty() && guard < 20; ++guard) {
    std::vector<dns::answer> answers;
    for (const auto& q : a->pending()) answers.push_back(zones().resolve(q));
    a->supply(answers);
  }
  return json::parse(report::to_json(*a));
}

/// provider id → effect word.
std::map<std::string, std::string> effects(const json& r) {
  std::map<std::string, std::string> out;
  for (const auto& p : r["bulk_sender"]["providers"]) out[p["provider"]] = p["effect"];
  return out;
}

const json& provider(const json& r, const char* id) {
  for (const auto& p : r["bulk_sender"]["providers"])
    if (p["provider"] == id) return p;
  static const json none;
  ADD_FAILURE() << id;
  return none;
}

const json& rule(const json& p, const char* requirement) {
  for (const auto& r : p["rules"])
    if (r["requirement"] == requirement) return r;
  static const json none;
  ADD_FAILURE() << requirement;
  return none;
}

using effect_map = std::map<std::string, std::string>;

}  // namespace

TEST(Providers, CompliantSenderIsDeliveredEverywhere) {
  json r = analyse(signed_message("rules-compliant.eml", "good.rules.test"));
  EXPECT_EQ(effects(r), (effect_map{{"gmail", "delivered"}, {"yahoo", "delivered"}, {"outlook", "delivered"},
                                    {"icloud", "delivered"}, {"docomo", "delivered"}, {"yahoo_japan", "delivered"},
                                    {"gmx_webde", "delivered"}, {"laposte", "delivered"}}))
      << r["bulk_sender"]["providers"].dump(1);
  // Each verdict names its rules' sources and dates; Gmail's are the November 2025 enforcement.
  const json& gmail = provider(r, "gmail");
  EXPECT_EQ(gmail["region"], "global");
  EXPECT_EQ(gmail["status"], "pass");
  const json& spf = rule(gmail, "spf.pass");
  EXPECT_EQ(spf["effective"], "2025-11-01");
  EXPECT_EQ(spf["in_force"], true);
  EXPECT_EQ(spf["status"], "pass");
  EXPECT_EQ(spf["source"]["url"], "https://support.google.com/a/answer/14229414");
  EXPECT_FALSE(spf["evidence"].get<std::string>().empty());
  EXPECT_EQ(provider(r, "docomo")["region"], "japan");
  EXPECT_EQ(provider(r, "laposte")["region"], "europe");
  EXPECT_EQ(rule(provider(r, "gmx_webde"), "ptr.non_generic")["params"]["name"], "mail.good.rules.test");
  // The first version's checklists are still there, unchanged in shape.
  EXPECT_EQ(r["bulk_sender"]["gmail_yahoo"]["status"], "pass");
  EXPECT_EQ(r["bulk_sender"]["gmail_yahoo"]["items"].size(), 8u);
  EXPECT_EQ(r["bulk_sender"]["outlook"]["status"], "pass");
}

TEST(Providers, NoDmarcRecord) {
  json r = analyse(signed_message("rules-no-dmarc.eml", "nodmarc.rules.test"));
  EXPECT_EQ(effects(r), (effect_map{{"gmail", "deferred_or_rejected"}, {"yahoo", "filtering_risk"},
                                    {"outlook", "rejected"}, {"icloud", "rejected"}, {"docomo", "warning"},
                                    {"yahoo_japan", "delivered"}, {"gmx_webde", "delivered"}, {"laposte", "delivered"}}))
      << r["bulk_sender"]["providers"].dump(1);
  EXPECT_EQ(provider(r, "outlook")["smtp_reply"], "550 5.7.515");
  EXPECT_EQ(provider(r, "gmail")["smtp_reply"], "550 5.7.26");
  EXPECT_EQ(rule(provider(r, "docomo"), "dmarc.record")["status"], "fail");
  EXPECT_EQ(rule(provider(r, "docomo"), "dmarc.not_fail")["status"], "pass");  // no record: DMARC cannot fail
  // Aligned by organisational domain although DMARC computed no alignment (no record).
  EXPECT_EQ(rule(provider(r, "laposte"), "auth.aligned")["status"], "pass");
}

TEST(Providers, UnalignedServiceFailsDmarc) {
  json r = analyse(signed_message("rules-esp-unaligned.eml", "esp.rules.test"));
  EXPECT_EQ(r["dmarc"]["result"], "fail");
  EXPECT_EQ(effects(r), (effect_map{{"gmail", "deferred_or_rejected"}, {"yahoo", "filtering_risk"},
                                    {"outlook", "rejected"}, {"icloud", "rejected"}, {"docomo", "warning"},
                                    {"yahoo_japan", "warning"}, {"gmx_webde", "rejected"},
                                    {"laposte", "spam_or_rejected"}}))
      << r["bulk_sender"]["providers"].dump(1);
  EXPECT_EQ(rule(provider(r, "yahoo_japan"), "auth.aligned")["status"], "fail");
  EXPECT_EQ(rule(provider(r, "gmx_webde"), "dkim.aligned")["status"], "fail");
  EXPECT_EQ(rule(provider(r, "laposte"), "dmarc.not_fail")["status"], "fail");
}

TEST(Providers, GenericReverseDnsIsRejectedByGmxOnly) {
  json r = analyse(signed_message("rules-generic-ptr.eml", "good.rules.test"));
  EXPECT_EQ(r["iprev"]["result"], "pass") << r["iprev"].dump(1);
  EXPECT_EQ(effects(r), (effect_map{{"gmail", "delivered"}, {"yahoo", "delivered"}, {"outlook", "delivered"},
                                    {"icloud", "delivered"}, {"docomo", "delivered"}, {"yahoo_japan", "delivered"},
                                    {"gmx_webde", "rejected"}, {"laposte", "delivered"}}))
      << r["bulk_sender"]["providers"].dump(1);
  EXPECT_EQ(rule(provider(r, "gmx_webde"), "ptr.non_generic")["status"], "fail");
}

TEST(Providers, NoUnsubscribe) {
  json r = analyse(signed_message("rules-no-unsubscribe.eml", "good.rules.test"));
  EXPECT_EQ(effects(r), (effect_map{{"gmail", "deferred_or_rejected"}, {"yahoo", "filtering_risk"},
                                    {"outlook", "filtering_risk"}, {"icloud", "rejected"}, {"docomo", "delivered"},
                                    {"yahoo_japan", "delivered"}, {"gmx_webde", "spam"}, {"laposte", "delivered"}}))
      << r["bulk_sender"]["providers"].dump(1);
  EXPECT_EQ(rule(provider(r, "gmx_webde"), "unsubscribe.one_click")["applies"], "bulk");
}

TEST(Providers, OfflineCannotTell) {
  json r = analyse(signed_message("rules-compliant.eml", "good.rules.test"), true);
  for (const auto& p : r["bulk_sender"]["providers"]) {
    EXPECT_EQ(p["effect"], "unknown") << p["provider"];
    EXPECT_EQ(p["status"], "unknown") << p["provider"];
  }
}

TEST(Providers, RulesFollowTheDate) {
  // June 2025: Gmail's 2024 rules (filtering risk), La Poste's rules not yet in force.
  json r = analyse(signed_message("rules-esp-unaligned.eml", "esp.rules.test"), false, 1748736000);
  EXPECT_EQ(provider(r, "gmail")["effect"], "filtering_risk");
  EXPECT_EQ(rule(provider(r, "gmail"), "dmarc.aligned_pass")["effective"], "2024-02-01");
  EXPECT_EQ(provider(r, "laposte")["effect"], "delivered");
  EXPECT_EQ(rule(provider(r, "laposte"), "auth.aligned")["in_force"], false);
}

TEST(Providers, GenericPtrNames) {
  EXPECT_TRUE(analyzer::generic_ptr_name("192-0-2-81.pool.dyn.rules.test", "192.0.2.81"));
  EXPECT_TRUE(analyzer::generic_ptr_name("81.2.0.192.static.isp.example", "192.0.2.81"));
  EXPECT_TRUE(analyzer::generic_ptr_name("p5b0c1d2e.dip0.t-ipconnect.de.dsl.example", "203.0.113.9"));
  EXPECT_TRUE(analyzer::generic_ptr_name("host.dynamic.example.net", "203.0.113.9"));
  EXPECT_FALSE(analyzer::generic_ptr_name("mail.good.rules.test", "192.0.2.80"));
  EXPECT_FALSE(analyzer::generic_ptr_name("mx2.example.com", "192.0.2.2"));
}
