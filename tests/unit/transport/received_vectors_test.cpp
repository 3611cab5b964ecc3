// Received-field vectors, one file per MTA format, in tests/data/transport/*.json (every file but
// routes.json): each case gives a field value and the hop members expected (null = absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "authlens/transport.hpp"

namespace {

using nlohmann::json;
namespace tr = authlens::transport;

std::optional<std::string> member(const tr::hop& h, const std::string& key) {
  if (key == "from_host") return h.from_host;
  if (key == "from_helo") return h.from_helo;
  if (key == "from_ip") return h.from_ip;
  if (key == "by_host") return h.by_host;
  if (key == "via") return h.via;
  if (key == "with") return h.with;
  if (key == "id") return h.id;
  if (key == "for") return h.for_addr;
  if (key == "tls") return h.tls;
  if (key == "cipher") return h.cipher;
  if (key == "date") return h.date ? std::optional<std::string>(tr::to_iso8601_utc(*h.date)) : std::nullopt;
  ADD_FAILURE() << "unknown key " << key;
  return std::nullopt;
}

TEST(ReceivedVectors, EveryMtaFormat) {
  std::filesystem::path dir = std::filesystem::path(AUTHLENS_SOURCE_DIR) / "tests" / "data" / "transport";
  int files = 0, cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "routes.json") continue;
    ++files;
    std::ifstream in(entry.path());
    json doc = json::parse(in);
    for (const auto& c : doc["cases"]) {
      ++cases;
      SCOPED_TRACE(doc["mta"].get<std::string>() + ": " + c["name"].get<std::string>());
      auto h = tr::parse_received(c["received"].get<std::string>());
      for (const auto& [key, want] : c["expect"].items()) {
        auto got = member(h, key);
        if (want.is_null()) {
          EXPECT_FALSE(got.has_value()) << key << " = " << got.value_or("");
        } else {
          EXPECT_EQ(got.value_or("<absent>"), want.get<std::string>()) << key;
        }
      }
      // "defects": codes the case expects (each must occur); any other defect but an obsolete date fails.
      std::vector<std::string> expected;
      if (c.contains("defects")) expected = c["defects"].get<std::vector<std::string>>();
      for (const auto& code : expected) {
        bool found = false;
        for (const auto& d : h.defects) found = found || d.code == code;
        EXPECT_TRUE(found) << "missing defect " << code;
      }
      for (const auto& d : h.defects)
        EXPECT_TRUE(d.code == "transport.date.obsolete" ||
                    std::find(expected.begin(), expected.end(), d.code) != expected.end())
            << "unexpected defect " << d.code << ": " << d.detail;
    }
  }
  EXPECT_GE(files, 7);
  EXPECT_GE(cases, 20);
}

TEST(Received, ClausesAndDefects) {
  auto h = tr::parse_received("from a.example (a.example [192.0.2.1]) by b.example with ESMTP id X");
  ASSERT_FALSE(h.defects.empty());
  EXPECT_EQ(h.defects.front().code, "transport.received.no_date");
  EXPECT_EQ(h.from_ip.value_or(""), "192.0.2.1");
  EXPECT_FALSE(h.date.has_value());

  h = tr::parse_received("junk words from a by b; Mon, 23 Nov 2026 07:00:00 +0000");
  bool stray = false;
  for (const auto& d : h.defects) stray = stray || d.code == "transport.received.unexpected_text";
  EXPECT_TRUE(stray);
  EXPECT_EQ(h.from_helo.value_or(""), "a");

  h = tr::parse_received("from a (b [192.0.2.300]) by c; Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_FALSE(h.from_ip.has_value());

  h = tr::parse_received("from [999.1.1.1] by c; Mon, 23 Nov 2026 07:00:00 +0000");
  bool bad_ip = false;
  for (const auto& d : h.defects) bad_ip = bad_ip || d.code == "transport.received.bad_ip";
  EXPECT_TRUE(bad_ip);

  h = tr::parse_received("from a (unterminated by c; Mon, 23 Nov 2026 07:00:00 +0000");
  bool unterminated = false;
  for (const auto& d : h.defects) unterminated = unterminated || d.code == "transport.received.unterminated";
  EXPECT_TRUE(unterminated);

  // ';' inside a comment is not the date separator.
  h = tr::parse_received("from a (x; y [192.0.2.5]) by c with SMTP; Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_EQ(h.from_ip.value_or(""), "192.0.2.5");
  EXPECT_EQ(tr::to_iso8601_utc(h.date.value_or(0)), "2026-11-23T07:00:00Z");

  h = tr::parse_received("from a by c with HTTP; Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_FALSE(h.tls.has_value()) << "HTTP says nothing about SMTP TLS";
  h = tr::parse_received("from a by c; Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_FALSE(h.tls.has_value());
  h = tr::parse_received("from a by c with UTF8SMTPSA; Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_EQ(h.tls.value_or(""), "unknown-version");
  h = tr::parse_received("from a by c with ESMTP (using TLSv1 with cipher AES256-SHA (256/256 bits)); "
                         "Mon, 23 Nov 2026 07:00:00 +0000");
  EXPECT_EQ(h.tls.value_or(""), "TLSv1.0");
  EXPECT_EQ(h.cipher.value_or(""), "AES256-SHA");
}

TEST(Received, IpHelpers) {
  EXPECT_TRUE(tr::is_ip_literal("192.0.2.1"));
  EXPECT_TRUE(tr::is_ip_literal("2001:db8::1"));
  EXPECT_TRUE(tr::is_ip_literal("::ffff:192.0.2.1"));
  EXPECT_TRUE(tr::is_ip_literal("::"));
  EXPECT_FALSE(tr::is_ip_literal("2001:db8:::1"));
  EXPECT_FALSE(tr::is_ip_literal("1.2.3"));
  EXPECT_FALSE(tr::is_ip_literal("01.2.3.4"));
  EXPECT_FALSE(tr::is_ip_literal("1:2:3:4:5:6:7:8:9"));
  EXPECT_TRUE(tr::is_private_ip("10.1.2.3"));
  EXPECT_TRUE(tr::is_private_ip("172.31.255.255"));
  EXPECT_FALSE(tr::is_private_ip("172.32.0.1"));
  EXPECT_TRUE(tr::is_private_ip("100.64.0.1"));
  EXPECT_TRUE(tr::is_private_ip("169.254.1.1"));
  EXPECT_TRUE(tr::is_private_ip("127.0.0.1"));
  EXPECT_TRUE(tr::is_private_ip("::1"));
  EXPECT_TRUE(tr::is_private_ip("fe80::1"));
  EXPECT_TRUE(tr::is_private_ip("fd00::1"));
  EXPECT_TRUE(tr::is_private_ip("::ffff:192.168.0.1"));
  EXPECT_FALSE(tr::is_private_ip("2603:10b6::1"));
  EXPECT_FALSE(tr::is_private_ip("192.0.2.1"));
}

}  // namespace
