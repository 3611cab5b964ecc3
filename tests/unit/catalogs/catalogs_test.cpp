// Every code the core can put in a report has a text in both catalogs (i18n/report.en.json and
// i18n/report.ja.json, compiled into the CLI and merged by the page), so neither face falls back to a
// raw code or, in Japanese, to the core's English sentence. The codes are enumerated from the core's
// own enums (to_string of every value), not listed here: a new enumerator without a text fails.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/aggregate.hpp"
#include "authlens/arc.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dmarc.hpp"
#include "authlens/senders.hpp"
#include "authlens/spf.hpp"
#include "authlens/transport.hpp"
#include "i18n/catalog.hpp"
#include "i18n/catalog_data.hpp"

namespace {

using namespace authlens;
using cli::i18n::has_in;
using cli::i18n::language;

/// The keys a face looks a code up by (web/src/render/util.ts reasonText, native-cli/i18n/catalog.cpp).
std::vector<std::string> reason_keys(std::string_view area, std::string_view code) {
  return {"reason." + std::string(code), "reason." + std::string(area) + "." + std::string(code)};
}

/// Each value 0..last of E, as the code the report writes: has a text in English and in Japanese.
template <class E, class Fn>
void expect_texts(E last, Fn keys_of, int* counted) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    std::vector<std::string> keys = keys_of(static_cast<E>(i));
    for (language l : {language::en, language::ja}) {
      bool found = false;
      for (const auto& k : keys) found = found || has_in(l, k);
      EXPECT_TRUE(found) << (l == language::en ? "en" : "ja") << ": no text for " << keys.back();
    }
    ++*counted;
  }
}

TEST(Catalogs, EveryReasonCodeHasATextInBothLanguages) {
  int n = 0;
  expect_texts(spf::last_reason, [](spf::reason r) { return reason_keys("spf", spf::to_string(r)); }, &n);
  expect_texts(dkim::reason::too_many_signatures, [](dkim::reason r) { return reason_keys("dkim", dkim::to_string(r)); }, &n);
  expect_texts(dmarc::outcome_reason::permerror_no_domain,
               [](dmarc::outcome_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(dmarc::alignment_reason::temperror,
               [](dmarc::alignment_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(dmarc::discovery_reason::domain_invalid,
               [](dmarc::discovery_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(dmarc::org_reason::domain_invalid, [](dmarc::org_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(dmarc::unaligned_reason::dkim_not_aligned_org_domain,
               [](dmarc::unaligned_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(dmarc::fix::spf_custom_mail_from, [](dmarc::fix f) { return reason_keys("dmarc", dmarc::to_string(f)); }, &n);
  expect_texts(dmarc::disagreement_reason::result,
               [](dmarc::disagreement_reason r) { return reason_keys("dmarc", dmarc::to_string(r)); }, &n);
  expect_texts(arc::reason::not_checked, [](arc::reason r) { return reason_keys("arc", arc::to_string(r)); }, &n);
  expect_texts(transport::iprev_reason::bad_address,
               [](transport::iprev_reason r) { return reason_keys("iprev", transport::to_string(r)); }, &n);
  // The report viewer's "why" for a sender to fix (aggregate reports).
  expect_texts(aggregate::fix_reason::unauthenticated,
               [](aggregate::fix_reason r) { return std::vector<std::string>{"reports.why." + std::string(aggregate::to_string(r))}; }, &n);
  // The mailbox providers' words: requirement labels, what the recipient sees, the regions.
  expect_texts(senders::last_requirement,
               [](senders::requirement r) { return std::vector<std::string>{"bulk.item." + std::string(senders::to_string(r))}; }, &n);
  expect_texts(senders::last_effect,
               [](senders::effect e) { return std::vector<std::string>{"bulk.effect." + std::string(senders::to_string(e))}; }, &n);
  expect_texts(senders::region::europe,
               [](senders::region r) { return std::vector<std::string>{"bulk.region." + std::string(senders::to_string(r))}; }, &n);
  EXPECT_GT(n, 150) << "codes enumerated";
}

/// The compiled table (native-cli/i18n/generate_catalogs.cmake) holds exactly the texts of the JSON files
/// the page reads: every string of cli.<lang>.json under its "cli." keys, every other key from
/// report.<lang>.json then domain.<lang>.json, sorted strictly (the lookup bisects it).
TEST(Catalogs, TheCompiledTablesAreTheJsonFilesSorted) {
  for (auto [lang, table] : {std::pair{"en", &cli::i18n::catalog_en}, std::pair{"ja", &cli::i18n::catalog_ja}}) {
    std::map<std::string, std::string> expected;
    for (const char* part : {"cli", "report", "domain"}) {
      std::ifstream in(std::string(AUTHLENS_SOURCE_DIR) + "/i18n/" + part + "." + lang + ".json", std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto doc = nlohmann::json::parse(text.str(), nullptr, false);
      ASSERT_TRUE(doc.is_object()) << part << "." << lang;
      for (auto& [k, v] : doc.items())
        if (v.is_string() && (k.rfind("cli.", 0) == 0) == (std::string_view(part) == "cli")) expected.emplace(k, v.get<std::string>());
    }
    ASSERT_GT(expected.size(), 700u) << lang;
    ASSERT_EQ(table->size, expected.size()) << lang;
    std::size_t i = 0;
    for (const auto& [k, v] : expected) {  // std::map: the same bytewise order
      EXPECT_EQ(table->key(i), k) << lang << " entry " << i;
      EXPECT_EQ(table->text(i), v) << lang << " " << k;
      if (i > 0) {
        EXPECT_LT(table->key(i - 1), table->key(i)) << lang << " not sorted at " << k;
      }
      ++i;
    }
    cli::i18n::language l = std::string_view(lang) == "ja" ? language::ja : language::en;
    for (const auto& [k, v] : expected) EXPECT_TRUE(has_in(l, k)) << lang << " " << k;
    EXPECT_FALSE(has_in(l, "cli.no.such.key"));
    EXPECT_FALSE(has_in(l, ""));
  }
}

TEST(Catalogs, TheLocaleChoosesTheLanguage) {
  using cli::i18n::from_locale;
  EXPECT_EQ(from_locale(nullptr, nullptr, "ja_JP.UTF-8"), language::ja);
  EXPECT_EQ(from_locale("en_US.UTF-8", nullptr, "ja_JP.UTF-8"), language::en);  // LC_ALL wins
  EXPECT_EQ(from_locale("", "ja_JP.UTF-8", "en_GB.UTF-8"), language::ja);       // empty means unset
  EXPECT_EQ(from_locale(nullptr, nullptr, "C.UTF-8"), language::en);
  EXPECT_EQ(from_locale(nullptr, nullptr, nullptr), language::en);
}

TEST(Catalogs, TextFillsPlaceholdersAndReasonFallsBackToTheCoresSentence) {
  cli::i18n::set_language(language::ja);
  EXPECT_EQ(cli::i18n::text("cli.dkim.keyBits", {{"bits", 2048}}), " 鍵 2048 ビット");
  // A code the catalogs do not know: the core's English sentence, then the code itself.
  EXPECT_EQ(cli::i18n::reason("spf", "spf.no_such_code", "The core's sentence."), "The core's sentence.");
  EXPECT_EQ(cli::i18n::reason("spf", "spf.no_such_code", ""), "spf.no_such_code");
  // A Japanese text whose placeholder the core did not fill: the English sentence, not "{domain}".
  EXPECT_EQ(cli::i18n::text("cli.envelope", {}).find("{ip}") != std::string::npos, true);
  cli::i18n::set_language(language::en);
  EXPECT_EQ(cli::i18n::text("cli.dns", {{"rounds", 2}, {"answers", 8}}), "DNS: 2 round(s), 8 answer(s)");
}

}  // namespace
