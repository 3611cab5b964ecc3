// RFC 5322 §3.4 address lists and the author domain DMARC uses.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "authlens/address.hpp"
#include "authlens/message.hpp"

using namespace authlens;
using namespace authlens::mime;

namespace {

bool has_code(const std::vector<defect>& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code) return true;
  return false;
}

}  // namespace

TEST(MimeAddress, Vectors) {
  std::ifstream f(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/mime/addresses.json");
  std::stringstream ss;
  ss << f.rdbuf();
  auto data = nlohmann::json::parse(ss.str(), nullptr, false);
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 25u);
  for (const auto& v : data["vectors"]) {
    std::string input = v["input"];
    address_list list = parse_address_list(input);
    const auto& want = v["mailboxes"];
    ASSERT_EQ(list.mailboxes.size(), want.size()) << input;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const mailbox& mb = list.mailboxes[i];
      EXPECT_EQ(mb.display_name, want[i][0].get<std::string>()) << input;
      EXPECT_EQ(mb.local, want[i][1].get<std::string>()) << input;
      EXPECT_EQ(mb.domain, want[i][2].get<std::string>()) << input;
      EXPECT_EQ(mb.group, want[i][3].get<std::string>()) << input;
      if (!mb.domain.empty()) {
        EXPECT_EQ(mb.address, mb.local + "@" + mb.domain) << input;
      }
    }
    if (v.contains("groups")) {
      ASSERT_EQ(list.groups.size(), v["groups"].size()) << input;
      for (std::size_t i = 0; i < list.groups.size(); ++i) EXPECT_EQ(list.groups[i], v["groups"][i]) << input;
    }
    if (v.contains("defects")) {
      for (const auto& code : v["defects"]) {
        EXPECT_TRUE(has_code(list.defects, code.get<std::string>())) << input << " " << code;
      }
    }
    if (v.value("strict", false)) {
      for (const auto& d : list.defects) ADD_FAILURE() << input << ": unexpected defect " << d.code << " " << d.detail;
    }
  }
}

TEST(MimeAddress, AngleFlagAndAddress) {
  auto l = parse_address_list("A <a@b.example>, c@d.example");
  ASSERT_EQ(l.mailboxes.size(), 2u);
  EXPECT_TRUE(l.mailboxes[0].angle);
  EXPECT_FALSE(l.mailboxes[1].angle);
  EXPECT_EQ(l.mailboxes[0].address, "a@b.example");
}

TEST(MimeAddress, HostileInputsStayBounded) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "u" + std::to_string(i) + "@x.example, ";
  auto l = parse_address_list(many);
  EXPECT_EQ(l.mailboxes.size(), 1000u);
  EXPECT_TRUE(has_code(l.defects, "mime.address.too_many"));
  // Pathological inputs: only that they return (in bounded time, without crashing) is tested, so the lists are dropped.
  (void)parse_address_list(std::string(200000, '('));
  (void)parse_address_list(std::string(200000, '<'));
  (void)parse_address_list(std::string(200000, '@'));
  (void)parse_address_list(std::string(200000, ':'));
  (void)parse_address_list(std::string(200000, '"'));
  (void)parse_address_list(std::string(200000, '['));
  auto nested = parse_address_list(std::string(100000, '(') + "x" + std::string(100000, ')') + " a@b.example");
  ASSERT_EQ(nested.mailboxes.size(), 1u);
  EXPECT_EQ(nested.mailboxes[0].domain, "b.example");
}

TEST(MimeAddress, FieldsJoinAcrossInstances) {
  message m = parse("To: a@b.example\r\nCc: c@d.example\r\nTo: Group: e@f.example;\r\nReturn-Path: <>\r\n\r\n");
  auto to = addresses(m, "to");
  ASSERT_EQ(to.mailboxes.size(), 2u);
  EXPECT_EQ(to.mailboxes[1].group, "Group");
  auto rp = addresses(m, "Return-Path");
  ASSERT_EQ(rp.mailboxes.size(), 1u);
  EXPECT_EQ(rp.mailboxes[0].address, "");
  EXPECT_TRUE(rp.defects.empty());
  EXPECT_TRUE(addresses(m, "Sender").mailboxes.empty());
}

// ---- author domain -----------------------------------------------------------------------------------

struct author_case {
  const char* message;
  author_error error;
  const char* domain;
};

TEST(MimeAuthor, Cases) {
  const author_case cases[] = {
      {"From: Alice <alice@Example.COM>\r\n\r\n", author_error::none, "example.com"},
      {"From: alice@example.com.\r\n\r\n", author_error::none, "example.com"},
      {"From: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?= <a@mail.example.jp>\r\n\r\n", author_error::none, "mail.example.jp"},
      {"From: \"ceo@bank.example\" <x@evil.example>\r\n\r\n", author_error::none, "evil.example"},
      // An unquoted address as the display name (invalid, RFC 5322 §3.4): the angle-addr is the author.
      {"From: attacker@evil.test <ceo@bank.example>\r\n\r\n", author_error::none, "bank.example"},
      {"From: ceo@bank.example <attacker@evil.test>\r\n\r\n", author_error::none, "evil.test"},
      // Several mailboxes in one domain: that domain (RFC 9989 §4.4); in several domains: none.
      {"From: a@b.example, C <c@B.example.>\r\nSender: a@b.example\r\n\r\n", author_error::none, "b.example"},
      {"To: a@b.example\r\n\r\n", author_error::no_from, ""},
      {"From: a@b.example\r\nFrom: c@d.example\r\n\r\n", author_error::multiple_from_fields, ""},
      {"from: a@b.example\r\nFROM: a@b.example\r\n\r\n", author_error::multiple_from_fields, ""},
      {"From: a@b.example, c@d.example\r\nSender: a@b.example\r\n\r\n", author_error::multiple_mailboxes, ""},
      {"From: someone\r\n\r\n", author_error::no_domain, ""},
      {"From: user@[192.0.2.1]\r\n\r\n", author_error::no_domain, ""},
      {"From:\r\n\r\n", author_error::no_mailbox, ""},
      {"From: Undisclosed:;\r\n\r\n", author_error::no_mailbox, ""},
  };
  for (const auto& c : cases) {
    message m = parse(c.message);
    author_domain_result r = author_domain(m);
    EXPECT_EQ(r.error, c.error) << c.message;
    EXPECT_EQ(r.domain, c.domain) << c.message;
    EXPECT_EQ(r.ok(), c.error == author_error::none) << c.message;
    if (!r.ok()) {
      EXPECT_FALSE(r.detail.empty()) << c.message;
    }
  }
}

TEST(MimeAddress, AddressAsDisplayNameUsesTheAngleAddr) {
  address_list l = parse_address_list("attacker@evil.test <ceo@bank.example>");
  ASSERT_EQ(l.mailboxes.size(), 1u);
  EXPECT_EQ(l.mailboxes[0].address, "ceo@bank.example");
  EXPECT_EQ(l.mailboxes[0].domain, "bank.example");
  EXPECT_EQ(l.mailboxes[0].display_name, "attacker@evil.test");
  EXPECT_TRUE(l.mailboxes[0].angle);
  bool flagged = false;
  for (const auto& d : l.defects) flagged = flagged || d.code == "mime.address.phrase_specials";
  EXPECT_TRUE(flagged);

  // The look-ahead stops at a list separator: two mailboxes stay two.
  l = parse_address_list("a@one.example, B <b@two.example>");
  ASSERT_EQ(l.mailboxes.size(), 2u);
  EXPECT_EQ(l.mailboxes[0].address, "a@one.example");
  EXPECT_EQ(l.mailboxes[1].address, "b@two.example");
  for (const auto& d : l.defects) EXPECT_NE(d.code, "mime.address.phrase_specials");
}

TEST(MimeAuthor, SeveralDomainsAreNamedInTheDetail) {
  message m = parse("From: a@b.example, c@d.example, e@b.example\r\nSender: a@b.example\r\n\r\n");
  author_domain_result r = author_domain(m);
  EXPECT_EQ(r.error, author_error::multiple_mailboxes);
  EXPECT_NE(r.detail.find("b.example d.example"), std::string::npos) << r.detail;
}

TEST(MimeAuthor, ErrorCodes) {
  EXPECT_STREQ(to_string(author_error::none), "ok");
  EXPECT_STREQ(to_string(author_error::no_from), "mime.author.no_from");
  EXPECT_STREQ(to_string(author_error::multiple_from_fields), "mime.author.multiple_from_fields");
  EXPECT_STREQ(to_string(author_error::no_mailbox), "mime.author.no_mailbox");
  EXPECT_STREQ(to_string(author_error::multiple_mailboxes), "mime.author.multiple_mailboxes");
  EXPECT_STREQ(to_string(author_error::no_domain), "mime.author.no_domain");
}
