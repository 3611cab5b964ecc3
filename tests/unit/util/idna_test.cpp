// RFC 3492 punycode decoding (authlens/idna.hpp), against the RFC's own samples (§7.1) and against
// the encoder of the psl area (round trips).
#include <gtest/gtest.h>

#include "authlens/psl.hpp"
#include "authlens/idna.hpp"

namespace az = authlens::idna;

namespace {

std::string decode(std::string_view s) {
  auto r = az::punycode_decode(s);
  if (!r) return "ERROR:" + r.err().code;
  std::string out;
  for (char32_t c : *r) az::append_utf8(out, c);
  return out;
}

}  // namespace

TEST(Punycode, Rfc3492Samples) {
  // RFC 3492 §7.1 (L), (M), (O), (Q), (R), (S).
  EXPECT_EQ(decode("3B-ww4c5e180e575a65lsy2b"), "3年B組金八先生");
  EXPECT_EQ(decode("-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"), "安室奈美恵-with-SUPER-MONKEYS");
  EXPECT_EQ(decode("2-u9tlzr9756bt3uc0v"), "ひとつ屋根の下2");
  EXPECT_EQ(decode("de-jg4avhby1noc0d"), "パフィーdeルンバ");
  EXPECT_EQ(decode("d9juau41awczczp"), "そのスピードで");
  EXPECT_EQ(decode("-> $1.00 <--"), "-> $1.00 <-");
}

TEST(Punycode, RoundTripsWithTheEncoder) {
  for (std::string label : {"münchen", "bücher", "食狮", "日本語", "аpple", "пример", "ελληνικά", "x-ü-y"}) {
    auto a = authlens::psl::to_a_label(label);
    ASSERT_TRUE(a.ok()) << label;
    ASSERT_EQ(a->rfind("xn--", 0), 0u) << *a;
    EXPECT_EQ(decode(a->substr(4)), label) << *a;
  }
}

TEST(Punycode, RejectsBadInput) {
  EXPECT_EQ(decode("abc!"), "ERROR:punycode.syntax");
  EXPECT_EQ(decode("é-a"), "ERROR:punycode.syntax");  // non-basic before the delimiter
  EXPECT_EQ(decode("99999999999"), "ERROR:punycode.overflow");
  EXPECT_EQ(decode("ab-9"), "ERROR:punycode.syntax");  // ends inside an integer
}

TEST(Punycode, DomainToUnicode) {
  auto a = authlens::psl::to_a_label("bücher");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(az::domain_to_unicode("www." + *a + ".example"), "www.bücher.example");
  EXPECT_EQ(az::domain_to_unicode("plain.example.com"), "plain.example.com");
  EXPECT_EQ(az::domain_to_unicode("xn--!!.example"), "xn--!!.example");  // undecodable: kept
}

TEST(Utf8, StrictAndLenient) {
  std::u32string out;
  EXPECT_TRUE(az::utf8_decode_strict("a\xC3\xBC", out));
  EXPECT_EQ(out, U"a\u00FC");
  out.clear();
  EXPECT_FALSE(az::utf8_decode_strict("\xC0\xAF", out));  // overlong "/"
  EXPECT_FALSE(az::utf8_decode_strict("\xED\xA0\x80", out));  // a surrogate
  EXPECT_EQ(az::utf8_decode("a\xC0\xAF" "b"), U"a\uFFFD\uFFFDb");  // each bad byte replaced
  auto enc = az::punycode_encode(U"b\u00FCcher");
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(*enc, "bcher-kva");
}
