// ../shared/conformance/dkim-rfc-examples: RFC 6376 Appendix A/C and RFC 8463 Appendix A.
#include <gtest/gtest.h>

#include "dkim_support.hpp"

using namespace authlens;
using namespace authlens::conformance::dkim_support;

namespace {
const std::string base = dkim_dir() + "/dkim-rfc-examples";
constexpr std::int64_t now = 1700000000;
}  // namespace

TEST(DkimRfcExamples, Rfc8463BothSignaturesPass) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  zone.load_lines(slurp(base + "/rfc8463/dns-records.txt"));
  auto m = mime::parse(slurp(base + "/rfc8463/A.3-signed.eml"));
  auto r = run_verify(zone, dkim::view_of(m), now);
  ASSERT_EQ(r.result.signatures.size(), 2u);
  EXPECT_EQ(r.rounds, 1);
  for (const auto& s : r.result.signatures) {
    EXPECT_EQ(s.result, dkim::verdict::pass) << describe(s);
    EXPECT_TRUE(s.author_signature);
  }
  EXPECT_EQ(r.result.signatures[0].algorithm, "ed25519-sha256");
  EXPECT_EQ(r.result.signatures[1].algorithm, "rsa-sha256");
}

TEST(DkimRfcExamples, Rfc8463SignerReproducesA3) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  // Signing A.1 with the A.1 keys and the A.3 tag values must give signatures that verify; Ed25519 is
  // deterministic, so with the same h= list and t= the b= equals the published one when the field text does.
  auto key = dkim::parse_private_key(slurp(base + "/rfc8463/A.1-ed25519-seed.b64"));
  ASSERT_TRUE(key.ok());
  auto unsigned_msg = mime::parse(slurp(base + "/rfc8463/A.1-unsigned.eml"));
  dkim::sign_options o;
  o.domain = "football.example.com";
  o.selector = "brisbane";
  o.alg = dkim::algorithm::ed25519_sha256;
  o.timestamp = 1528637909;
  auto field = dkim::sign(unsigned_msg, *key, o, nullptr);
  ASSERT_TRUE(field.ok()) << field.err().message;
  fake_dns zone;
  zone.load_lines(slurp(base + "/rfc8463/dns-records.txt"));
  auto signed_msg = mime::parse(*field + lf_to_crlf(slurp(base + "/rfc8463/A.1-unsigned.eml")));
  auto r = run_verify(zone, dkim::view_of(signed_msg), now);
  ASSERT_EQ(r.result.signatures.size(), 1u);
  EXPECT_EQ(r.result.signatures[0].result, dkim::verdict::pass) << describe(r.result.signatures[0]);
}

TEST(DkimRfcExamples, Rfc6376A2Verifiable) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  zone.load_lines(slurp(base + "/rfc6376/dns-records.txt"));
  auto m = mime::parse(slurp(base + "/rfc6376/A.2-signed-verifiable.eml"));
  auto r = run_verify(zone, dkim::view_of(m), now);
  ASSERT_EQ(r.result.signatures.size(), 1u);
  const auto& s = r.result.signatures[0];
  EXPECT_EQ(s.result, dkim::verdict::pass) << describe(s);
  EXPECT_EQ(s.identity, "joe@football.example.com");
}

TEST(DkimRfcExamples, Rfc6376A2AsPrintedFailsOnBodyHash) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  zone.load_lines(slurp(base + "/rfc6376/dns-records.txt"));
  auto m = mime::parse(slurp(base + "/rfc6376/A.2-signed-as-printed.eml"));
  auto r = run_verify(zone, dkim::view_of(m), now);
  ASSERT_EQ(r.result.signatures.size(), 1u);
  const auto& s = r.result.signatures[0];
  EXPECT_EQ(s.result, dkim::verdict::fail) << describe(s);
  EXPECT_EQ(s.why, dkim::reason::body_hash_mismatch);
  EXPECT_EQ(s.header_signature, dkim::header_sig_state::invalid);
}

TEST(DkimRfcExamples, Rfc8463HeadersOnly) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  zone.load_lines(slurp(base + "/rfc8463/dns-records.txt"));
  std::string text = slurp(base + "/rfc8463/A.3-signed.eml");
  text = text.substr(0, text.find("\n\n") + 1);  // headers only, as Outlook shows them
  auto m = mime::parse(text);
  ASSERT_TRUE(m.headers_only);
  auto r = run_verify(zone, dkim::view_of(m), now);
  ASSERT_EQ(r.result.signatures.size(), 2u);
  for (const auto& s : r.result.signatures) {
    EXPECT_EQ(s.result, dkim::verdict::pass) << describe(s);
    EXPECT_EQ(s.body, dkim::body_hash_state::not_provided);
    EXPECT_EQ(s.header_signature, dkim::header_sig_state::valid);
  }
}
