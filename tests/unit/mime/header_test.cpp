// Header block, line endings, headers-only input, mbox lines, limits and hostile input.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "authlens/message.hpp"

using namespace authlens;
using namespace authlens::mime;

namespace {

bool has_defect(const message& m, std::string_view code) {
  for (const auto& d : m.defects)
    if (d.code == code) return true;
  return false;
}

std::size_t count_defect(const message& m, std::string_view code) {
  std::size_t n = 0;
  for (const auto& d : m.defects)
    if (d.code == code) ++n;
  return n;
}

}  // namespace

TEST(MimeHeader, KeepsRawBytesAndUnfoldsValues) {
  const std::string in =
      "From: Alice <alice@example.com>\r\n"
      "Subject: hello\r\n"
      "  world\r\n"
      "X-Tab:\tvalue with trailing space \r\n"
      "\r\n"
      "Body line\r\n";
  message m = parse(in);
  ASSERT_EQ(m.fields.size(), 3u);
  EXPECT_EQ(m.fields[0].raw, "From: Alice <alice@example.com>\r\n");
  EXPECT_EQ(m.fields[0].name, "From");
  EXPECT_EQ(m.fields[0].value, " Alice <alice@example.com>");
  EXPECT_EQ(m.fields[1].raw, "Subject: hello\r\n  world\r\n");
  EXPECT_EQ(m.fields[1].value, " hello\r\n  world");
  EXPECT_EQ(m.fields[1].unfolded, "hello  world");
  EXPECT_EQ(m.fields[2].value, "\tvalue with trailing space ");
  EXPECT_EQ(m.fields[2].unfolded, "value with trailing space");
  EXPECT_EQ(m.body, "Body line\r\n");
  EXPECT_TRUE(m.has_separator);
  EXPECT_FALSE(m.headers_only);
  EXPECT_EQ(m.endings, line_endings::crlf);
  EXPECT_EQ(m.input_bytes, in.size());
  EXPECT_TRUE(m.defects.empty());
  // The raw fields and the body tile the input exactly.
  std::string rebuilt;
  for (const auto& f : m.fields) rebuilt += f.raw;
  rebuilt += "\r\n" + m.body;
  EXPECT_EQ(rebuilt, in);
  EXPECT_EQ(m.fields[1].offset, in.find("Subject"));
  EXPECT_EQ(m.body_offset, in.find("Body"));
}

TEST(MimeHeader, NormalisesBareLfAndRecordsIt) {
  message m = parse("From: a@b.example\nSubject: x\n y\n\nline1\nline2\n");
  EXPECT_EQ(m.endings, line_endings::lf);
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[1].raw, "Subject: x\r\n y\r\n");
  EXPECT_EQ(m.body, "line1\r\nline2\r\n");
  EXPECT_FALSE(has_defect(m, "mime.input.mixed_line_endings"));
}

TEST(MimeHeader, MixedLineEndingsAreNormalisedAndFlagged) {
  message m = parse("From: a@b.example\r\nTo: c@d.example\n\r\nbody\n");
  EXPECT_EQ(m.endings, line_endings::mixed);
  EXPECT_EQ(m.fields[1].raw, "To: c@d.example\r\n");
  EXPECT_EQ(m.body, "body\r\n");
  EXPECT_TRUE(has_defect(m, "mime.input.mixed_line_endings"));
}

TEST(MimeHeader, BareCrIsKept) {
  message m = parse("Subject: a\rb\r\n\r\nx\ry\r\n");
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.fields[0].raw, "Subject: a\rb\r\n");
  EXPECT_EQ(m.body, "x\ry\r\n");
}

TEST(MimeHeader, LineEndingNames) {
  EXPECT_STREQ(to_string(line_endings::crlf), "CRLF");
  EXPECT_STREQ(to_string(line_endings::lf), "LF");
  EXPECT_STREQ(to_string(line_endings::mixed), "mixed");
  EXPECT_STREQ(to_string(line_endings::none), "none");
  EXPECT_EQ(parse("Subject: one line").endings, line_endings::none);
}

TEST(MimeHeader, HeadersOnlyWithoutBlankLine) {
  message m = parse("Received: from a by b; Mon, 23 Nov 2026 07:00:00 +0000\r\nFrom: x@y.example\r\n");
  EXPECT_TRUE(m.headers_only);
  EXPECT_FALSE(m.has_separator);
  EXPECT_EQ(m.fields.size(), 2u);
  EXPECT_TRUE(m.body.empty());
  EXPECT_TRUE(has_defect(m, "mime.input.headers_only"));
}

TEST(MimeHeader, HeadersOnlyWithBlankLineButNoBody) {
  message m = parse("From: x@y.example\r\n\r\n");
  EXPECT_TRUE(m.has_separator);
  EXPECT_TRUE(m.headers_only);
  EXPECT_FALSE(has_defect(m, "mime.input.headers_only"));
}

TEST(MimeHeader, LastLineWithoutNewlineGetsCrlfInRaw) {
  message m = parse("From: x@y.example\nSubject: last");
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[1].raw, "Subject: last\r\n");
  EXPECT_EQ(m.fields[1].unfolded, "last");
  EXPECT_TRUE(m.headers_only);
}

TEST(MimeHeader, CaseInsensitiveLookupFirstLastAll) {
  message m = parse("Received: one\r\nreceived: two\r\nRECEIVED: three\r\nFrom: a@b.example\r\n\r\n");
  EXPECT_EQ(m.count("received"), 3u);
  ASSERT_NE(m.first("Received"), nullptr);
  EXPECT_EQ(m.first("Received")->unfolded, "one");
  EXPECT_EQ(m.last("received")->unfolded, "three");
  auto all = m.all("ReCeIvEd");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1]->unfolded, "two");
  EXPECT_EQ(m.first("DKIM-Signature"), nullptr);
  EXPECT_TRUE(m.all("X-None").empty());
}

TEST(MimeHeader, ObsoleteSpaceBeforeColon) {
  message m = parse("Subject : spaced\r\n\r\n");
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.fields[0].name, "Subject");
  EXPECT_EQ(m.fields[0].raw, "Subject : spaced\r\n");
  EXPECT_EQ(m.first("subject")->unfolded, "spaced");
}

TEST(MimeHeader, EmptyValue) {
  message m = parse("Subject:\r\nTo: \r\n\r\n");
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[0].value, "");
  EXPECT_EQ(m.fields[1].unfolded, "");
}

TEST(MimeHeader, MboxFromLineSkipped) {
  message m = parse("From alice@example.com Mon Nov 23 07:00:00 2026\nFrom: alice@example.com\n\nhi\n");
  EXPECT_TRUE(m.mbox_from_line);
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.fields[0].name, "From");
  EXPECT_TRUE(has_defect(m, "mime.mbox.from_line"));
  EXPECT_EQ(m.body, "hi\r\n");
}

TEST(MimeHeader, ObsoleteFromFieldIsNotAnMboxLine) {
  message m = parse("From : alice@example.com\r\n\r\n");
  EXPECT_FALSE(m.mbox_from_line);
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.fields[0].name, "From");
}

TEST(MimeHeader, LeadingBlankLinesSkipped) {
  message m = parse("\n\nFrom: a@b.example\n\nbody\n");
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.body, "body\r\n");
  EXPECT_TRUE(has_defect(m, "mime.input.leading_blank_lines"));
}

TEST(MimeHeader, MalformedLinesAndOrphanContinuations) {
  message m = parse(" orphan\r\nFrom: a@b.example\r\nthis line has no colon\r\nbad name: x\r\n: empty name\r\nTo: c@d.example\r\n\r\n");
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[0].name, "From");
  EXPECT_EQ(m.fields[1].name, "To");
  EXPECT_EQ(count_defect(m, "mime.header.malformed"), 3u);
  EXPECT_TRUE(has_defect(m, "mime.header.orphan_continuation"));
}

TEST(MimeHeader, EmptyInput) {
  message m = parse("");
  EXPECT_TRUE(m.fields.empty());
  EXPECT_TRUE(m.headers_only);
  EXPECT_EQ(m.endings, line_endings::none);
  EXPECT_EQ(m.input_bytes, 0u);
}

TEST(MimeHeader, BodyOnlyAfterLeadingBlankIsNotLost) {
  // A blank line, then text with no field: everything is malformed header lines, reported.
  message m = parse("just some text\nand more\n");
  EXPECT_TRUE(m.fields.empty());
  EXPECT_TRUE(has_defect(m, "mime.header.none"));
  EXPECT_TRUE(has_defect(m, "mime.header.malformed"));
}

// ---- limits ------------------------------------------------------------------------------------------

TEST(MimeLimits, TooManyFields) {
  std::string in;
  for (int i = 0; i < 5000; ++i) in += "Received: from host" + std::to_string(i) + " by mx; Mon, 23 Nov 2026\r\n";
  in += "From: a@b.example\r\n\r\nbody\r\n";
  message m = parse(in);
  EXPECT_EQ(m.fields.size(), 1000u);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(count_defect(m, "mime.header.too_many"), 1u);
  EXPECT_EQ(m.body, "body\r\n");  // the body is still found
  EXPECT_FALSE(m.headers_only);
}

TEST(MimeLimits, FieldLimitIsAnOption) {
  std::string in;
  for (int i = 0; i < 5000; ++i) in += "Received: x\r\n";
  parse_options o;
  o.max_header_fields = 6000;
  message m = parse(in + "\r\n", o);
  EXPECT_EQ(m.fields.size(), 5000u);
  EXPECT_FALSE(m.truncated);
}

TEST(MimeLimits, FieldTooLongIsDropped) {
  std::string in = "Subject: " + std::string(70 * 1024, 'a') + "\r\nFrom: a@b.example\r\n\r\nx";
  message m = parse(in);
  ASSERT_EQ(m.fields.size(), 1u);
  EXPECT_EQ(m.fields[0].name, "From");
  EXPECT_TRUE(has_defect(m, "mime.header.too_long"));
  EXPECT_EQ(m.body, "x");
}

TEST(MimeLimits, FoldedFieldTooLong) {
  std::string in = "X-Long: a\r\n";
  for (int i = 0; i < 2000; ++i) in += " " + std::string(60, 'b') + "\r\n";
  in += "\r\n";
  parse_options o;
  o.max_field_size = 64 * 1024;
  message m = parse(in, o);
  EXPECT_TRUE(m.fields.empty());
  EXPECT_TRUE(has_defect(m, "mime.header.too_long"));
}

TEST(MimeLimits, TenMegabyteHeaderBlock) {
  std::string in;
  in.reserve(11u << 20);
  while (in.size() < (10u << 20)) in += "X-Junk: " + std::string(100, 'j') + "\r\n";
  in += "\r\nthe body\r\n";
  message m = parse(in);
  EXPECT_TRUE(m.truncated);
  EXPECT_TRUE(has_defect(m, "mime.header.block_too_large"));
  EXPECT_LE(m.fields.size(), 1000u);
  EXPECT_EQ(m.body, "the body\r\n");
}

TEST(MimeLimits, TenMegabyteSingleLineNoNewline) {
  std::string in = "Subject: " + std::string(10u << 20, 'x');
  message m = parse(in);
  EXPECT_TRUE(m.fields.empty());
  EXPECT_TRUE(m.headers_only);
  EXPECT_TRUE(has_defect(m, "mime.header.block_too_large") || has_defect(m, "mime.header.too_long"));
}

TEST(MimeLimits, NoBlankLineLargeMessage) {
  std::string in = "From: a@b.example\n";
  for (int i = 0; i < 200000; ++i) in += "body text line without a colon " + std::to_string(i) + "\n";
  message m = parse(in);
  EXPECT_TRUE(m.headers_only);
  EXPECT_EQ(m.fields.size(), 1u);
  // Defects are capped: one truncation marker instead of 200000 entries.
  EXPECT_LE(m.defects.size(), parse_options{}.max_defects + 1);
  EXPECT_TRUE(has_defect(m, "mime.defects.truncated"));
}

TEST(MimeLimits, NulBytesAndBinaryJunk) {
  static const char kIn[] = "From: a\0b@example.com\r\nSubject: \x01\x02\xff\xfe\r\n\r\n\0\0body";
  std::string in(kIn, sizeof kIn - 1);
  message m = parse(in);
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.fields[0].raw, std::string("From: a\0b@example.com\r\n", 23));
  EXPECT_TRUE(has_defect(m, "mime.header.nul"));
  EXPECT_EQ(m.body.size(), 6u);

  std::string junk;
  unsigned x = 12345;
  for (int i = 0; i < 1 << 20; ++i) {
    x = x * 1103515245u + 12345u;
    junk.push_back(char(x >> 16));
  }
  message j = parse(junk);
  EXPECT_LE(j.defects.size(), parse_options{}.max_defects + 1);
}

TEST(MimeLimits, ManyEmptyLinesAndColons) {
  std::string in(1u << 20, ':');
  message m = parse(in);
  EXPECT_TRUE(m.fields.empty());
  std::string in2(1u << 20, '\n');
  message m2 = parse(in2);
  EXPECT_TRUE(m2.fields.empty());
  EXPECT_TRUE(m2.headers_only);
}

TEST(MimeHeader, OutlookInternetHeadersPaste) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/mime/headers_only_outlook.txt", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  message m = parse(ss.str());
  EXPECT_TRUE(m.headers_only);
  EXPECT_FALSE(m.has_separator);
  EXPECT_EQ(m.endings, line_endings::lf);
  EXPECT_EQ(m.count("Received"), 2u);
  ASSERT_NE(m.first("DKIM-Signature"), nullptr);
  EXPECT_EQ(m.first("DKIM-Signature")->raw,
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.jp; s=sel1;\r\n"
            "\th=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
            "\tb=AAAA\r\n");
  EXPECT_EQ(m.last("MIME-Version")->raw, "MIME-Version: 1.0\r\n");
  EXPECT_EQ(m.subject(), "こんにちは");
  EXPECT_EQ(m.mime.charset, "iso-2022-jp");
  auto ad = author_domain(m);
  EXPECT_TRUE(ad.ok());
  EXPECT_EQ(ad.domain, "example.jp");
  EXPECT_EQ(addresses(m, "From").mailboxes.at(0).display_name, "テスト");
}
