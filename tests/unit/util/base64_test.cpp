// The one base64 (authlens/base64.hpp): strict (DKIM, PEM, the page's files), lenient (MIME bodies
// and encoded words, RFC 2045 §6.8) and base64url (RFC 8484's `dns` parameter).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authlens/base64.hpp"

namespace base64 = authlens::base64;

namespace {
std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

TEST(Base64, EncodeRfc4648Vectors) {
  // RFC 4648 §10.
  const char* const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* const std_out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  const char* const url_out[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(base64::encode(std::string_view(in[i])), std_out[i]);
    EXPECT_EQ(base64::encode_url(bytes_of(in[i])), url_out[i]);
  }
}

TEST(Base64, UrlAlphabet) {
  const std::vector<std::uint8_t> b = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64::encode(b), "+/+/");
  EXPECT_EQ(base64::encode_url(b), "-_-_");
}

TEST(Base64, DecodeTolerantOfWhitespace) {
  auto r = base64::decode(" aGVs\r\n bG8g\td29y bGQ= ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::string(r->begin(), r->end()), "hello world");
  EXPECT_TRUE(base64::decode("").ok());
  EXPECT_EQ(base64::decode("YQ==")->size(), 1u);
  EXPECT_EQ(base64::decode("YWI=")->size(), 2u);
  EXPECT_EQ(base64::decode("YWI")->size(), 2u);  // unpadded is accepted
  EXPECT_EQ(base64::decode("YQ")->size(), 1u);
}

TEST(Base64, StrictOnGarbage) {
  struct bad_case {
    const char* text;
    const char* code;
  };
  const bad_case cases[] = {{"aGVs!G8=", "base64.syntax"}, {"Y===", "base64.padding"},  {"YQ=a", "base64.padding"},
                            {"Y", "base64.length"},        {"YWJj=", "base64.padding"}, {"=YWJ", "base64.padding"},
                            {"YQ==YQ==", "base64.padding"}, {"aGVs\x80", "base64.syntax"}, {"YQ=", "base64.padding"},
                            {"YWI==", "base64.padding"},   {"Zm9v-_", "base64.syntax"}};
  for (const auto& c : cases) {
    auto r = base64::decode(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.err().code, c.code) << c.text;
  }
}

TEST(Base64, RoundTrip) {
  for (std::size_t n = 0; n < 40; ++n) {
    std::vector<std::uint8_t> b;
    for (std::size_t i = 0; i < n; ++i) b.push_back(std::uint8_t(i * 37 + 11));
    auto back = base64::decode(base64::encode(b));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, b);
    std::string url = base64::encode_url(b);
    EXPECT_EQ(url.find('='), std::string::npos);
    EXPECT_EQ(base64::decode_lenient(url, {.url_alphabet_too = true}), std::string(b.begin(), b.end()));
  }
}

TEST(Base64, LenientSkipsOutsideTheAlphabetAndStopsAtPadding) {
  EXPECT_EQ(base64::decode_lenient("aGVs\r\nbG8*gd29y!bGQ="), "hello world");
  EXPECT_EQ(base64::decode_lenient("YQ==YWJj"), "a");        // the first '=' ends the data
  EXPECT_EQ(base64::decode_lenient("YWJjZ"), "abc");         // a lone sextet is dropped
  EXPECT_EQ(base64::decode_lenient(""), "");
  EXPECT_EQ(base64::decode_lenient("-_-_"), "");             // §5 characters are not base64 here…
  EXPECT_EQ(base64::decode_lenient("-_-_", {.url_alphabet_too = true}), "\xfb\xff\xbf");  // …unless asked
  EXPECT_EQ(base64::decode_lenient("+/+/", {.url_alphabet_too = true}), "\xfb\xff\xbf");
}

TEST(Base64, LenientSizeMatchesDecoding) {
  for (const char* s : {"", "Y", "YQ", "YQ=", "YWJj", "aGVs\r\nbG8*gd29y!bGQ=", "YQ==YWJj", "-_-_Zm9v"})
    EXPECT_EQ(base64::decoded_size_lenient(s), base64::decode_lenient(s).size()) << s;
  // Every byte value, and text longer than the counter's blocks (4080 bytes) with noise between lines.
  for (int c = 1; c < 256; ++c) {
    std::string four(4, static_cast<char>(c));
    EXPECT_EQ(base64::decoded_size_lenient(four), base64::decode_lenient(four).size()) << c;
  }
  std::string big;
  for (int i = 0; i < 20000; ++i) {
    big += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7) % 64];
    if (i % 76 == 75) big += "\r\n";
    if (i % 997 == 0) big += "\xc3\xa9!";
  }
  EXPECT_EQ(base64::decoded_size_lenient(big), base64::decode_lenient(big).size());
}
