// RFC 2047 encoded words, charset conversion (iconv) and RFC 2231 parameters.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "authlens/message.hpp"

using namespace authlens;
using namespace authlens::mime;

namespace {

nlohmann::json load(const std::string& rel) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/mime/" + rel);
  std::stringstream ss;
  ss << f.rdbuf();
  return nlohmann::json::parse(ss.str(), nullptr, false);
}

bool has_code(const std::vector<defect>& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code) return true;
  return false;
}

}  // namespace

TEST(MimeEncodedWords, Vectors) {
  nlohmann::json data = load("encoded_words.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 20u);
  for (const auto& v : data["vectors"]) {
    std::vector<defect> defects;
    std::string got = decode_words(v["input"].get<std::string>(), &defects);
    EXPECT_EQ(got, v["expected"].get<std::string>()) << v["name"];
    bool unknown = v.value("unknown_charset", false);
    EXPECT_EQ(has_code(defects, "mime.charset.unknown"), unknown) << v["name"];
    EXPECT_EQ(has_code(defects, "mime.encoded_word.undecodable"), v.value("undecodable", false)) << v["name"];
    EXPECT_EQ(has_code(defects, "mime.encoded_word.control"), v.value("control", false)) << v["name"];
    EXPECT_EQ(has_control_characters(got), v.value("control", false)) << v["name"];
  }
}

TEST(MimeEncodedWords, InvalidBytesBecomeReplacementAndDefect) {
  std::vector<defect> defects;
  // 0xFF is never valid UTF-8.
  std::string got = decode_words("=?UTF-8?Q?a=FFb?=", &defects);
  EXPECT_EQ(got, "a\xEF\xBF\xBD" "b");
  EXPECT_TRUE(has_code(defects, "mime.encoded_word.invalid"));
}

TEST(MimeEncodedWords, ControlCharactersAreVisibleWhenEscaped) {
  EXPECT_EQ(visible_controls(std::string("a\0b\r\nc\x1f\x7f", 8)), "a\\x00b\\r\\nc\\x1f\\x7f");
  EXPECT_EQ(visible_controls("x\xC2\x85y\xC2\x9F\xC2\xA0"), "x\\u0085y\\u009f\xC2\xA0");  // NBSP is not a control
  EXPECT_EQ(visible_controls("tab\tkept"), "tab\tkept");
  EXPECT_FALSE(has_control_characters("plain \t text, 日本語"));
  EXPECT_TRUE(has_control_characters(std::string("nul\0", 4)));

  // A display name that hides the real address behind a line break: kept, reported.
  message m = parse("From: =?UTF-8?Q?Bank_of_Example=0D=0A?= <x@evil.example>\r\n"
                    "Subject: =?UTF-8?Q?Invoice=00?=\r\n\r\n");
  std::vector<defect> subject_defects;
  EXPECT_EQ(m.subject(&subject_defects), std::string("Invoice\0", 8));
  EXPECT_TRUE(has_code(subject_defects, "mime.encoded_word.control"));
  address_list from = addresses(m, "From");
  ASSERT_EQ(from.mailboxes.size(), 1u);
  EXPECT_EQ(from.mailboxes[0].display_name, "Bank of Example\r\n");
  EXPECT_TRUE(has_code(from.defects, "mime.encoded_word.control"));
}

TEST(MimeEncodedWords, SubjectIsDecoded) {
  message m = parse("Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n\r\n");
  EXPECT_EQ(m.subject(), "テストテスト");
  EXPECT_EQ(m.first("Subject")->unfolded, "=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=");
}

TEST(MimeCharset, DirectConversions) {
  std::string out;
  bool bad = true;
  ASSERT_TRUE(charset_to_utf8("Shift_JIS", "\x8c\xa9\x90\xcf\x8f\x91.pdf", out, &bad));
  EXPECT_EQ(out, "見積書.pdf");
  EXPECT_FALSE(bad);
  ASSERT_TRUE(charset_to_utf8("EUC-JP", "\xa5\xc6\xa5\xb9\xa5\xc8", out, &bad));
  EXPECT_EQ(out, "テスト");
  ASSERT_TRUE(charset_to_utf8("ISO-8859-2", "\xb1", out));
  EXPECT_EQ(out, "ą");
  ASSERT_TRUE(charset_to_utf8("windows-1250", "\x9a", out));
  EXPECT_EQ(out, "š");
  ASSERT_TRUE(charset_to_utf8("cp1252", "\x93q\x94", out));
  EXPECT_EQ(out, "“q”");
  std::string untouched = "keep";
  EXPECT_FALSE(charset_to_utf8("no-such-charset", "abc", untouched));
  EXPECT_EQ(untouched, "keep");
  EXPECT_FALSE(charset_to_utf8("bad name with spaces", "abc", untouched));
}

TEST(MimeCharset, TruncatedMultibyteIsReplacedNotLost) {
  std::string out;
  bool bad = false;
  ASSERT_TRUE(charset_to_utf8("Shift_JIS", "\x83\x65\x83", out, &bad));  // テ + half a character
  EXPECT_TRUE(bad);
  EXPECT_EQ(out.rfind("テ", 0), 0u);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(MimeCharset, ValidUtf8Sanitiser) {
  EXPECT_EQ(to_valid_utf8("ok é"), "ok é");
  EXPECT_EQ(to_valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong
  EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(to_valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

// ---- RFC 2045 / RFC 2231 parameters ------------------------------------------------------------------

TEST(MimeParams, BasicAndQuoted) {
  std::vector<parameter> ps;
  EXPECT_EQ(parse_parameters("Text/HTML; Charset=\"UTF-8\"; format=flowed (comment)", ps), "text/html");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].name, "charset");
  EXPECT_EQ(ps[0].value, "UTF-8");
  EXPECT_EQ(ps[1].value, "flowed");
  EXPECT_EQ(find_parameter(ps, "CHARSET")->value, "UTF-8");
  EXPECT_EQ(find_parameter(ps, "boundary"), nullptr);
}

TEST(MimeParams, CommentsAndSpacesInType) {
  std::vector<parameter> ps;
  EXPECT_EQ(parse_parameters(" (c) multipart / mixed ; boundary = \"a;b\\\"c\"", ps), "multipart/mixed");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].value, "a;b\"c");
}

TEST(MimeParams, Rfc2231ExtendedValue) {
  std::vector<parameter> ps;
  parse_parameters("attachment; filename*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.pdf", ps);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].name, "filename");
  EXPECT_EQ(ps[0].value, "見積書.pdf");
}

TEST(MimeParams, Rfc2231ContinuationsOutOfOrderWithCharset) {
  std::vector<parameter> ps;
  // Sections given out of order; section 0 carries charset and language, section 2 is not encoded.
  parse_parameters("application/pdf; name*1*=%E7%A9%8D; name*0*=utf-8'ja'%E8%A6%8B; name*2=\"\xE6\x9B\xB8.pdf\"", ps);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].value, "見積書.pdf");
}

TEST(MimeParams, Rfc2231ShiftJis) {
  std::vector<parameter> ps;
  parse_parameters("attachment; filename*=Shift_JIS'ja'%8C%A9%90%CF%8F%91.pdf", ps);
  EXPECT_EQ(find_parameter(ps, "filename")->value, "見積書.pdf");
}

TEST(MimeParams, Rfc2231PlainContinuations) {
  std::vector<parameter> ps;
  parse_parameters("message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"", ps);
  EXPECT_EQ(find_parameter(ps, "url")->value, "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
  EXPECT_EQ(find_parameter(ps, "access-type")->value, "URL");
}

TEST(MimeParams, Rfc2231GapIsADefect) {
  std::vector<parameter> ps;
  std::vector<defect> ds;
  parse_parameters("x; a*0=one; a*2=three", ps, &ds);
  EXPECT_EQ(find_parameter(ps, "a")->value, "onethree");
  EXPECT_TRUE(has_code(ds, "mime.param.continuation_gap"));
}

TEST(MimeParams, Rfc2231UnknownCharset) {
  std::vector<parameter> ps;
  std::vector<defect> ds;
  parse_parameters("x; filename*=x-nope''abc", ps, &ds);
  EXPECT_EQ(find_parameter(ps, "filename")->value, "abc");
  EXPECT_TRUE(has_code(ds, "mime.charset.unknown"));
}

TEST(MimeParams, EncodedWordInQuotedFilename) {
  std::vector<parameter> ps;
  parse_parameters("attachment; filename=\"=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=.txt\"", ps);
  EXPECT_EQ(find_parameter(ps, "filename")->value, "テスト.txt");
}

TEST(MimeParams, UnquotedValueWithSpacesAndDuplicates) {
  std::vector<parameter> ps;
  std::vector<defect> ds;
  parse_parameters("attachment; filename=my file.pdf; filename=other.pdf", ps, &ds);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].value, "my file.pdf");
  EXPECT_TRUE(has_code(ds, "mime.param.duplicate"));
}

TEST(MimeParams, MalformedAndHostile) {
  std::vector<parameter> ps;
  std::vector<defect> ds;
  EXPECT_EQ(parse_parameters("text/plain; ; =x; noequals; charset=\"unterminated", ps, &ds), "text/plain");
  EXPECT_TRUE(has_code(ds, "mime.param.syntax"));
  EXPECT_TRUE(has_code(ds, "mime.param.unterminated"));
  EXPECT_EQ(find_parameter(ps, "charset")->value, "unterminated");
  // Thousands of parameters stay bounded.
  std::string many = "x/y";
  for (int i = 0; i < 20000; ++i) many += "; p" + std::to_string(i) + "*" + std::to_string(i % 7) + "=v";
  ds.clear();
  parse_parameters(many, ps, &ds);
  EXPECT_LE(ps.size(), 100u);
  EXPECT_TRUE(has_code(ds, "mime.param.too_many"));
  ds.clear();
  parse_parameters(std::string(100000, '('), ps, &ds);
  parse_parameters(std::string(100000, ';'), ps, &ds);
  parse_parameters(std::string(100000, '"'), ps, &ds);
}

// The hand-spliced NEC row-13 path is what WebAssembly (musl iconv, no CP932/EUC-JP-MS) uses; natively
// glibc's vendor converters win, so test the path directly.
#include "mime/internal.hpp"

TEST(MimeCharset, NecRow13WithoutVendorConverters) {
  std::string out;
  bool bad = true;
  // ISO-2022-JP: ESC $ B, ①(2D21) 付(4955) き(242D), ㈱(2D6A), ESC ( B, "!"
  ASSERT_TRUE(detail::iso2022jp_nec_to_utf8("\x1b$B-!IU$--j\x1b(B!", out, bad));
  EXPECT_EQ(out, "①付き㈱!");
  EXPECT_FALSE(bad);
  // Shift_JIS: ①(8740) 付(9574) き(82AB) ㍻(877E) №(8782)
  ASSERT_TRUE(detail::sjis_nec_to_utf8("\x87\x40\x95\x74\x82\xab\x87\x7e\x87\x82", out, bad));
  EXPECT_EQ(out, "①付き㍻№");
  EXPECT_FALSE(bad);
  // EUC-JP: ①(ADA1) 付(C9D5) き(A4AD) ㈱(ADEA)
  ASSERT_TRUE(detail::eucjp_nec_to_utf8("\xad\xa1\xc9\xd5\xa4\xad\xad\xea", out, bad));
  EXPECT_EQ(out, "①付き㈱");
  EXPECT_FALSE(bad);
  // An empty cell of row 13 stays invalid.
  ASSERT_TRUE(detail::sjis_nec_to_utf8("\x87\x9d", out, bad));
  EXPECT_TRUE(bad);
}

TEST(MimeCharset, JapaneseVendorCharactersThroughThePublicApi) {
  std::string out;
  bool bad = true;
  ASSERT_TRUE(charset_to_utf8("ISO-2022-JP", "\x1b$B-j<R\x1b(B", out, &bad));  // ㈱社
  EXPECT_EQ(out, "㈱社");
  EXPECT_FALSE(bad);
  ASSERT_TRUE(charset_to_utf8("EUC-JP", "\xad\xa1", out, &bad));
  EXPECT_EQ(out, "①");
  EXPECT_FALSE(bad);
}
