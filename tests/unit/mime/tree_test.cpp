// RFC 2045/2046/2183 MIME structure.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "authlens/message.hpp"

using namespace authlens;
using namespace authlens::mime;

namespace {

bool has_defect(const message& m, std::string_view code) {
  for (const auto& d : m.defects)
    if (d.code == code) return true;
  return false;
}

std::string read_data(const std::string& name) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/mime/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST(MimeTree, DefaultsForPlainMessage) {
  message m = parse("Subject: x\r\n\r\nhello\r\n");
  EXPECT_EQ(m.mime.content_type, "text/plain");
  EXPECT_EQ(m.mime.transfer_encoding, "7bit");
  EXPECT_EQ(m.mime.charset, "");
  EXPECT_EQ(m.mime.size, 7u);
  EXPECT_TRUE(m.mime.parts.empty());
  EXPECT_FALSE(m.mime.is_multipart());
}

TEST(MimeTree, JapaneseMultipartFile) {
  std::string in = read_data("multipart_jp.eml");
  ASSERT_FALSE(in.empty());
  message m = parse(in);
  EXPECT_EQ(m.endings, line_endings::lf);
  EXPECT_EQ(m.subject(), "日本語の件名");
  EXPECT_TRUE(m.defects.empty()) << m.defects.front().code;
  const part& root = m.mime;
  EXPECT_EQ(root.content_type, "multipart/mixed");
  EXPECT_EQ(root.boundary, "outer");
  ASSERT_EQ(root.parts.size(), 3u);

  const part& alt = root.parts[0];
  EXPECT_EQ(alt.content_type, "multipart/alternative");
  ASSERT_EQ(alt.parts.size(), 2u);
  EXPECT_EQ(alt.parts[0].content_type, "text/plain");
  EXPECT_EQ(alt.parts[0].charset, "iso-2022-jp");
  EXPECT_EQ(alt.parts[0].size, 5u);  // "plain": the CRLF before the delimiter belongs to it
  EXPECT_EQ(m.body.substr(alt.parts[0].body_offset, alt.parts[0].body_length), "plain");
  EXPECT_EQ(alt.parts[1].content_type, "text/html");
  EXPECT_EQ(alt.parts[1].charset, "utf-8");
  EXPECT_EQ(alt.parts[1].transfer_encoding, "quoted-printable");
  EXPECT_EQ(alt.parts[1].size, std::string("<p>caf\xC3\xA9 long</p>").size());

  const part& pdf = root.parts[1];
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.disposition, "attachment");
  EXPECT_EQ(pdf.filename, "見積書.pdf");  // disposition filename wins over Content-Type name
  EXPECT_EQ(find_parameter(pdf.type_params, "name")->value, "テスト.pdf");
  EXPECT_EQ(pdf.transfer_encoding, "base64");
  EXPECT_EQ(pdf.size, 13u);  // "Hello, world!"
  ASSERT_EQ(pdf.fields.size(), 3u);
  EXPECT_EQ(pdf.fields[1].name, "Content-Disposition");

  const part& rfc822 = root.parts[2];
  EXPECT_EQ(rfc822.content_type, "message/rfc822");
  ASSERT_EQ(rfc822.parts.size(), 1u);
  ASSERT_EQ(rfc822.parts[0].fields.size(), 2u);
  EXPECT_EQ(rfc822.parts[0].fields[0].unfolded, "inner@example.org");
  EXPECT_EQ(rfc822.parts[0].size, std::string("inner body").size());
}

TEST(MimeTree, BoundaryPrefixOfAnotherIsNotADelimiter) {
  message m = parse(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\n\r\none\r\n--bx\r\nstill one\r\n--b \t\r\n\r\ntwo\r\n--b--\r\n");
  ASSERT_EQ(m.mime.parts.size(), 2u);
  EXPECT_EQ(m.mime.parts[0].size, std::string("one\r\n--bx\r\nstill one").size());
  EXPECT_EQ(m.mime.parts[1].size, 3u);
  EXPECT_FALSE(has_defect(m, "mime.multipart.unterminated"));
}

TEST(MimeTree, MultipartDefects) {
  message a = parse("Content-Type: multipart/mixed\r\n\r\nx");
  EXPECT_TRUE(has_defect(a, "mime.multipart.no_boundary"));
  EXPECT_TRUE(a.mime.parts.empty());
  message b = parse("Content-Type: multipart/mixed; boundary=zz\r\n\r\nno delimiters here");
  EXPECT_TRUE(has_defect(b, "mime.multipart.no_parts"));
  message c = parse("Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\nunclosed");
  EXPECT_TRUE(has_defect(c, "mime.multipart.unterminated"));
  ASSERT_EQ(c.mime.parts.size(), 1u);
  EXPECT_EQ(c.mime.parts[0].size, 8u);
  message d = parse("Content-Type: garbage\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nx");
  EXPECT_TRUE(has_defect(d, "mime.content_type.invalid"));
  EXPECT_TRUE(has_defect(d, "mime.cte.unknown"));
  EXPECT_EQ(d.mime.content_type, "text/plain");
  EXPECT_EQ(d.mime.transfer_encoding, "x-uuencode");
}

TEST(MimeTree, DigestDefaultsToRfc822) {
  message m = parse(
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nFrom: a@b.example\r\n\r\nhi\r\n--d--\r\n");
  ASSERT_EQ(m.mime.parts.size(), 1u);
  EXPECT_EQ(m.mime.parts[0].content_type, "message/rfc822");
  ASSERT_EQ(m.mime.parts[0].parts.size(), 1u);
  EXPECT_EQ(m.mime.parts[0].parts[0].fields[0].name, "From");
}

TEST(MimeTree, DepthLimit) {
  std::string in = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
  std::string tail;
  for (int i = 0; i < 100; ++i) {
    in += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i + 1) + "\r\n\r\n";
    tail = "\r\n--b" + std::to_string(i) + "--" + tail;
  }
  in += "leaf" + tail;
  message m = parse(in);
  EXPECT_TRUE(has_defect(m, "mime.depth_exceeded"));
  std::size_t depth = 0;
  for (const part* p = &m.mime; !p->parts.empty(); p = &p->parts[0]) ++depth;
  EXPECT_EQ(depth, parse_options{}.max_mime_depth);
}

TEST(MimeTree, PartCountLimit) {
  std::string in = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 3000; ++i) in += "--b\r\n\r\nx\r\n";
  in += "--b--\r\n";
  message m = parse(in);
  EXPECT_EQ(m.mime.parts.size(), parse_options{}.max_mime_parts);
  EXPECT_TRUE(has_defect(m, "mime.parts.too_many"));
}

TEST(MimeTree, DecodedSizes) {
  message b = parse("Content-Transfer-Encoding: base64\r\n\r\nYWJj\r\nZGVm\r\nZw==\r\n");
  EXPECT_EQ(b.mime.size, 7u);  // "abcdefg"
  message q = parse("Content-Transfer-Encoding: Quoted-Printable (comment)\r\n\r\na=3Db=\r\nc = d=ZZ");
  EXPECT_EQ(q.mime.transfer_encoding, "quoted-printable");
  EXPECT_EQ(q.mime.size, std::string("a=bc = d=ZZ").size());
}

TEST(MimeTree, FilenameFromContentTypeName) {
  message m = parse("Content-Type: application/octet-stream; name*=ISO-2022-JP''%1B%24B%25F%259%25H%1B%28B.zip\r\n\r\nx");
  EXPECT_EQ(m.mime.filename, "テスト.zip");
  EXPECT_EQ(m.mime.disposition, "");
}

// RFC 5322 §2.2.3: unfolding removes the CRLF and keeps the WSP; a Content-Type whose parameters lack
// the ';' is then two words, not a glued media type, and RFC 2045 §5.2 makes the part text/plain.
TEST(MimeTree, FoldedContentTypeWithoutSemicolonIsInvalidNotGlued) {
  message m = parse("Content-Type: multipart/mixed\r\n\tboundary=\"b1\"\r\n\r\n--b1\r\n\r\nx\r\n--b1--\r\n");
  EXPECT_EQ(m.mime.content_type, "text/plain");
  EXPECT_TRUE(m.mime.boundary.empty());
  EXPECT_TRUE(m.mime.parts.empty());
  EXPECT_TRUE(has_defect(m, "mime.content_type.invalid"));
  ASSERT_FALSE(m.fields.empty());
  EXPECT_EQ(m.fields[0].unfolded, "multipart/mixed\tboundary=\"b1\"");

  // Folding inside the value with the ';' in place is fine, and CFWS around '/' is allowed.
  m = parse("Content-Type: multipart/mixed;\r\n\tboundary=\"b1\"\r\n\r\n--b1\r\n\r\nx\r\n--b1--\r\n");
  EXPECT_EQ(m.mime.content_type, "multipart/mixed");
  EXPECT_EQ(m.mime.parts.size(), 1u);
  EXPECT_FALSE(has_defect(m, "mime.content_type.invalid"));
  m = parse("Content-Type: text / html (comment)\r\n\r\n<p>\r\n");
  EXPECT_EQ(m.mime.content_type, "text/html");
  EXPECT_FALSE(has_defect(m, "mime.content_type.invalid"));
  m = parse("Content-Type: text/ht@ml; charset=utf-8\r\n\r\nx\r\n");
  EXPECT_EQ(m.mime.content_type, "text/plain");
  EXPECT_EQ(m.mime.charset, "");
  EXPECT_TRUE(has_defect(m, "mime.content_type.invalid"));
}
