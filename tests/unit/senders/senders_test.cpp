// The mailbox providers' sender rules (authlens/senders.hpp): the table compiled in from
// core/data/sender-rules.json says what the file says, every rule is complete, and a provider's
// verdict follows from its requirements' statuses and the date.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "authlens/senders.hpp"
#include "unit/enum_words.hpp"
#include "unit/test_data.hpp"

using namespace authlens;
namespace sn = authlens::senders;

namespace {

nlohmann::json data_file() {
  // The file itself, not a copy: tests/data holds vectors, this is the core's own data.
  return nlohmann::json::parse(test::source_text("core/data/sender-rules.json"), nullptr, false);
}

const sn::provider& provider(std::string_view id) {
  for (const auto& p : sn::providers())
    if (p.id == id) return p;
  ADD_FAILURE() << id;
  return sn::providers().front();
}

std::int64_t unix_of(int y, int m, int d) {
  // Enough for 2024..2027 test dates: days since the epoch by counting.
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::int64_t days = 0;
  for (int yy = 1970; yy < y; ++yy) days += (yy % 4 == 0) ? 366 : 365;
  for (int mm = 1; mm < m; ++mm) days += mdays[mm - 1] + (mm == 2 && y % 4 == 0 ? 1 : 0);
  return (days + d - 1) * 86400;
}

}  // namespace

TEST(SenderRules, EmbeddedTableIsTheDataFile) {
  auto doc = data_file();
  ASSERT_FALSE(doc.is_discarded()) << "core/data/sender-rules.json is not JSON";
  EXPECT_EQ(doc["schema"], "authlens/sender-rules/v1");
  ASSERT_EQ(doc["providers"].size(), sn::providers().size());
  ASSERT_EQ(doc["rules"].size(), sn::rules().size());
  ASSERT_GE(sn::rules().size(), 30u);  // a lost or truncated file cannot pass with few rules
  for (std::size_t i = 0; i < sn::providers().size(); ++i) {
    const auto& p = sn::providers()[i];
    EXPECT_EQ(doc["providers"][i]["id"], std::string(p.id));
    EXPECT_EQ(doc["providers"][i]["region"], std::string(sn::to_string(p.region)));
  }
  for (std::size_t i = 0; i < sn::rules().size(); ++i) {
    const auto& r = sn::rules()[i];
    const auto& j = doc["rules"][i];
    EXPECT_EQ(j["provider"], std::string(r.provider)) << i;
    EXPECT_EQ(j["requirement"], std::string(sn::to_string(r.requirement))) << i;
    EXPECT_EQ(j["effect"], std::string(sn::to_string(r.effect))) << i;
    EXPECT_EQ(j["effective"], std::string(r.effective)) << i;
    EXPECT_EQ(j["source"]["url"], std::string(r.source.url)) << i;
  }
  EXPECT_EQ(sn::data_version().substr(0, 7), "sha256:");
}

TEST(SenderRules, EveryRuleHasProviderRequirementDateAndSource) {
  std::set<std::string_view> ids;
  for (const auto& p : sn::providers()) {
    EXPECT_FALSE(p.name.empty()) << p.id;
    EXPECT_TRUE(ids.insert(p.id).second) << "provider listed twice: " << p.id;
  }
  std::set<std::string_view> with_rules;
  for (const auto& r : sn::rules()) {
    const std::string where = std::string(r.provider) + " " + std::string(sn::to_string(r.requirement));
    EXPECT_TRUE(ids.count(r.provider)) << "unknown provider: " << where;
    with_rules.insert(r.provider);
    ASSERT_EQ(r.effective.size(), 10u) << where;
    EXPECT_GE(r.effective, "2024-01-01") << where;
    EXPECT_TRUE(r.source.url.substr(0, 8) == "https://") << where;
    EXPECT_FALSE(r.source.title.empty()) << where;
    EXPECT_FALSE(r.text.empty()) << where;
    EXPECT_NE(r.effect, sn::effect::delivered) << "a rule whose failure changes nothing: " << where;
    EXPECT_NE(r.effect, sn::effect::unknown) << where;
    EXPECT_GE(r.threshold_per_day, 0) << where;
  }
  EXPECT_EQ(with_rules.size(), ids.size()) << "a provider without rules";
}

TEST(SenderRules, EnumWords) {
  test::expect_distinct_words(sn::last_requirement, [](sn::requirement r) { return sn::to_string(r); });
  test::expect_distinct_words(sn::last_effect, [](sn::effect e) { return sn::to_string(e); });
  test::expect_distinct_words(sn::last_status, [](sn::status s) { return sn::to_string(s); });
  test::expect_distinct_words(sn::region::europe, [](sn::region r) { return sn::to_string(r); });
  test::expect_distinct_words(sn::applies::all, [](sn::applies a) { return sn::to_string(a); });
  test::expect_distinct_words(sn::date_basis::reported, [](sn::date_basis b) { return sn::to_string(b); });
}

TEST(SenderRules, LaterRuleInForceReplacesTheEarlierOne) {
  const auto& gmail = provider("gmail");
  auto before = sn::applicable(gmail, unix_of(2025, 6, 1));
  auto after = sn::applicable(gmail, unix_of(2026, 1, 1));
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].r->requirement, after[i].r->requirement);
    EXPECT_EQ(before[i].r->effect, sn::effect::filtering_risk);
    EXPECT_EQ(after[i].r->effect, sn::effect::deferred_or_rejected);
    EXPECT_EQ(after[i].r->effective, "2025-11-01");
  }
  // Before La Poste's date its rules are listed but not in force, and do not count.
  auto lp = sn::judge(provider("laposte"), unix_of(2025, 9, 8), [](sn::requirement) { return sn::status::fail; });
  ASSERT_FALSE(lp.rules.empty());
  EXPECT_FALSE(lp.rules[0].in_force);
  EXPECT_EQ(lp.outcome, sn::effect::delivered);
  lp = sn::judge(provider("laposte"), unix_of(2025, 9, 9), [](sn::requirement) { return sn::status::fail; });
  EXPECT_TRUE(lp.rules[0].in_force);
  EXPECT_EQ(lp.outcome, sn::effect::spam_or_rejected);
}

TEST(SenderRules, VerdictIsTheWorstFailingRule) {
  const std::int64_t now = unix_of(2026, 12, 1);
  const auto& outlook = provider("outlook");
  auto pass = sn::judge(outlook, now, [](sn::requirement) { return sn::status::pass; });
  EXPECT_EQ(pass.st, sn::status::pass);
  EXPECT_EQ(pass.outcome, sn::effect::delivered);
  // A recommendation fails: filtering risk, no reply code.
  auto rec = sn::judge(outlook, now, [](sn::requirement r) {
    return r == sn::requirement::unsubscribe_functional ? sn::status::fail : sn::status::pass;
  });
  EXPECT_EQ(rec.outcome, sn::effect::filtering_risk);
  EXPECT_EQ(rec.smtp_reply, "");
  // DMARC fails too: rejected with 550 5.7.515.
  auto rej = sn::judge(outlook, now, [](sn::requirement r) {
    return r == sn::requirement::unsubscribe_functional || r == sn::requirement::dmarc_aligned_pass ? sn::status::fail
                                                                                                    : sn::status::pass;
  });
  EXPECT_EQ(rej.st, sn::status::fail);
  EXPECT_EQ(rej.outcome, sn::effect::rejected);
  EXPECT_EQ(rej.smtp_reply, "550 5.7.515");
  // Nothing fails but something cannot be checked: unknown.
  auto unk = sn::judge(outlook, now, [](sn::requirement r) {
    return r == sn::requirement::spf_pass ? sn::status::unknown : sn::status::pass;
  });
  EXPECT_EQ(unk.st, sn::status::unknown);
  EXPECT_EQ(unk.outcome, sn::effect::unknown);
}
