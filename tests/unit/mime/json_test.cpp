// message_to_json: the report pieces built from the message model.
#include <gtest/gtest.h>

#include "authlens/message.hpp"
#include "authlens/report.hpp"

using namespace authlens;
using nlohmann::json;

TEST(MimeJson, AllKeysAndShapes) {
  mime::message m = mime::parse(
      "From: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= <sender@Example.JP>\n"
      "To: a@b.example, Team: c@d.example;\n"
      "Return-Path: <bounce@example.jp>\n"
      "Subject: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?=\n"
      "X-Plain: plain\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "hi\n");
  json j = report::message_to_json(m);
  for (const char* k : {"fields", "addresses", "author_domain", "subject", "mime", "input", "defects"})
    EXPECT_TRUE(j.contains(k)) << k;
  ASSERT_EQ(j["fields"].size(), 6u);
  EXPECT_EQ(j["fields"][0]["name"], "From");
  EXPECT_EQ(j["fields"][0]["decoded"], "テスト <sender@Example.JP>");
  EXPECT_FALSE(j["fields"][4].contains("decoded"));  // unchanged by decoding
  EXPECT_EQ(j["fields"][4]["value"], "plain");
  EXPECT_EQ(j["subject"], "こんにちは");
  EXPECT_EQ(j["author_domain"], "example.jp");
  EXPECT_FALSE(j.contains("author_domain_reason"));
  const json& from = j["addresses"]["from"];
  ASSERT_EQ(from.size(), 1u);
  EXPECT_EQ(from[0]["display_name"], "テスト");
  EXPECT_EQ(from[0]["address"], "sender@Example.JP");
  EXPECT_EQ(from[0]["local"], "sender");
  EXPECT_EQ(from[0]["domain"], "Example.JP");
  EXPECT_EQ(j["addresses"]["to"].size(), 2u);
  EXPECT_EQ(j["addresses"]["to"][1]["group"], "Team");
  EXPECT_EQ(j["addresses"]["return_path"][0]["address"], "bounce@example.jp");
  for (const char* k : {"sender", "reply_to", "cc"}) EXPECT_TRUE(j["addresses"][k].is_array()) << k;
  EXPECT_EQ(j["mime"]["content_type"], "text/plain");
  EXPECT_EQ(j["mime"]["charset"], "utf-8");
  EXPECT_EQ(j["mime"]["transfer_encoding"], "7bit");
  EXPECT_TRUE(j["mime"]["disposition"].is_null());
  EXPECT_TRUE(j["mime"]["filename"].is_null());
  EXPECT_EQ(j["mime"]["size"], 4u);
  EXPECT_TRUE(j["mime"]["parts"].is_array());
  EXPECT_EQ(j["input"]["line_endings"], "LF");
  EXPECT_EQ(j["input"]["headers_only"], false);
  EXPECT_EQ(j["input"]["bytes"], m.input_bytes);
  EXPECT_TRUE(j["defects"].is_array());
  EXPECT_TRUE(j["defects"].empty()) << j["defects"].dump();
}

TEST(MimeJson, AuthorDomainNullWithReasonAndDefects) {
  mime::message m = mime::parse("From: a@b.example\r\nFrom: c@d.example\r\nTo: nodomain\r\n");
  json j = report::message_to_json(m);
  EXPECT_TRUE(j["author_domain"].is_null());
  EXPECT_EQ(j["author_domain_reason"]["code"], "mime.author.multiple_from_fields");
  EXPECT_TRUE(j["subject"].is_null());
  EXPECT_EQ(j["input"]["headers_only"], true);
  EXPECT_EQ(j["input"]["line_endings"], "CRLF");
  bool headers_only = false, no_domain = false;
  for (const auto& d : j["defects"]) {
    if (d["code"] == "mime.input.headers_only") headers_only = true;
    if (d["code"] == "mime.address.no_domain") {
      no_domain = true;
      EXPECT_EQ(d["detail"].get<std::string>().rfind("To: ", 0), 0u);
    }
  }
  EXPECT_TRUE(headers_only);
  EXPECT_TRUE(no_domain);
}

TEST(MimeJson, InvalidUtf8IsAlwaysDumpable) {
  static const char kIn[] = "Subject: \xff\xfe bad\r\nFrom: \"\xc3\" <a@b\xff.example>\r\nX-\x80: y\r\n\r\nbody";
  mime::message m = mime::parse(std::string(kIn, sizeof kIn - 1));
  json j = report::message_to_json(m);
  std::string dumped = j.dump();  // would throw on invalid UTF-8
  EXPECT_FALSE(dumped.empty());
  EXPECT_EQ(j["subject"], "\xEF\xBF\xBD\xEF\xBF\xBD bad");
}

TEST(MimeJson, MultipartTree) {
  mime::message m = mime::parse(
      "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
      "--x\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"a.png\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--x--\r\n");
  json j = report::message_to_json(m);
  ASSERT_EQ(j["mime"]["parts"].size(), 2u);
  EXPECT_EQ(j["mime"]["parts"][1]["filename"], "a.png");
  EXPECT_EQ(j["mime"]["parts"][1]["disposition"], "attachment");
  EXPECT_EQ(j["mime"]["parts"][1]["size"], 3u);
  EXPECT_EQ(j["mime"]["parts"][0]["size"], 2u);
  EXPECT_EQ(j["input"]["line_endings"], "CRLF");
}
