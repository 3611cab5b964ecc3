// ../shared/conformance/dkim-mail-auth: stalwartlabs/mail-auth resources/dkim/00N.txt, verified at the
// fixed time 1667843664 (SOURCE.md: every signature passes at that time).
#include <gtest/gtest.h>

#include <iostream>

#include "dkim_support.hpp"

using namespace authlens;
using namespace authlens::conformance::dkim_support;

TEST(DkimMailAuth, EverySignaturePassesAtFixedTime) {
  const std::string base = dkim_dir() + "/dkim-mail-auth";
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  int total = 0, passed = 0;
  for (int n = 1; n <= 6; ++n) {
    char name[16];
    std::snprintf(name, sizeof name, "%03d.txt", n);
    SCOPED_TRACE(name);
    std::string text = slurp(base + "/" + name);
    ASSERT_FALSE(text.empty());
    auto blank = text.find("\n\n");
    ASSERT_NE(blank, std::string::npos);
    fake_dns zone;
    zone.load_lines(text.substr(0, blank + 1));
    auto m = mime::parse(text.substr(blank + 2));
    auto r = run_verify(zone, dkim::view_of(m), 1667843664);
    ASSERT_FALSE(r.result.signatures.empty());
    EXPECT_EQ(r.rounds, 1);
    for (const auto& s : r.result.signatures) {
      ++total;
      EXPECT_EQ(s.result, dkim::verdict::pass) << describe(s);
      passed += s.result == dkim::verdict::pass;
    }
  }
  std::cout << "[ dkim-mail-auth ] signatures passing: " << passed << "/" << total << "\n";
}

TEST(DkimMailAuth, ExpiredAfterX) {
  const std::string base = dkim_dir() + "/dkim-mail-auth";
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  std::string text = slurp(base + "/005.txt");
  auto blank = text.find("\n\n");
  fake_dns zone;
  zone.load_lines(text.substr(0, blank + 1));
  auto m = mime::parse(text.substr(blank + 2));
  auto r = run_verify(zone, dkim::view_of(m), 1667930065);
  ASSERT_EQ(r.result.signatures.size(), 1u);
  EXPECT_EQ(r.result.signatures[0].why, dkim::reason::sig_expired);
  EXPECT_EQ(r.rounds, 0);  // no key is fetched for an expired signature
}

TEST(DkimMailAuth, RawRsaPublicKeyReported) {
  const std::string base = dkim_dir() + "/dkim-mail-auth";
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  std::string text = slurp(base + "/002.txt");
  auto blank = text.find("\n\n");
  fake_dns zone;
  zone.load_lines(text.substr(0, blank + 1));
  auto r = run_verify(zone, dkim::view_of(mime::parse(text.substr(blank + 2))), 1667843664);
  ASSERT_EQ(r.result.signatures.size(), 1u);
  EXPECT_EQ(r.result.signatures[0].key_encoding, "pkcs1");
}
