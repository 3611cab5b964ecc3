// Received chains: delays, hand-off heuristic, explicit override, limits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "authlens/report.hpp"
#include "authlens/transport.hpp"

namespace {

using nlohmann::json;
namespace tr = authlens::transport;

TEST(Route, Vectors) {
  std::ifstream in(std::filesystem::path(AUTHLENS_SOURCE_DIR) / "tests" / "data" / "transport" / "routes.json");
  ASSERT_TRUE(in.good());
  json doc = json::parse(in);
  for (const auto& c : doc["routes"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto values = c["received"].get<std::vector<std::string>>();
    auto r = tr::build_route(values);
    ASSERT_EQ(r.hops.size(), values.size());
    if (c["handoff_ip"].is_null()) {
      EXPECT_FALSE(r.handoff_ip.has_value());
    } else {
      EXPECT_EQ(r.handoff_ip.value_or("<absent>"), c["handoff_ip"].get<std::string>());
    }
    EXPECT_STREQ(tr::to_string(r.reason), c["handoff_reason"].get<std::string>().c_str());
    if (c.contains("handoff_hop")) {
      EXPECT_EQ(r.handoff_hop.value_or(999), c["handoff_hop"].get<std::size_t>());
    }
    if (c.contains("delays")) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& want = c["delays"][i];
        if (want.is_null()) {
          EXPECT_FALSE(r.hops[i].delay_s.has_value()) << "hop " << i;
        } else {
          EXPECT_EQ(r.hops[i].delay_s.value_or(-999999), want.get<std::int64_t>()) << "hop " << i;
        }
        if (!want.is_null() && want.get<std::int64_t>() < 0) {
          ASSERT_FALSE(r.hops[i].defects.empty());
          EXPECT_EQ(r.hops[i].defects.back().code, "transport.hop.negative_delay");
        }
      }
    }
    if (c.contains("tls")) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(r.hops[i].tls.value_or("<absent>"), c["tls"][i]);
      }
    }
  }
}

TEST(Route, ExplicitIpWins) {
  std::vector<std::string> v{"from a.example (a.example [192.0.2.1]) by mx.example.net with ESMTP; Mon, 23 Nov 2026 07:00:00 +0000"};
  tr::route_options o;
  o.handoff_ip = "198.51.100.1";
  auto r = tr::build_route(v, o);
  EXPECT_EQ(r.handoff_ip.value_or(""), "198.51.100.1");
  EXPECT_EQ(r.reason, tr::handoff_reason::explicit_ip);
  EXPECT_FALSE(r.handoff_hop.has_value());
  o.handoff_ip = "192.0.2.1";
  r = tr::build_route(v, o);
  EXPECT_EQ(r.handoff_hop.value_or(9), 0u);
}

TEST(Route, InternalDomainsOption) {
  std::vector<std::string> v{
      "from relay.partner.example (relay.partner.example [198.51.100.5]) by mx.example.net with ESMTP; Mon, 23 Nov 2026 07:00:01 +0000",
      "from out.sender.example (out.sender.example [192.0.2.9]) by relay.partner.example with ESMTP; Mon, 23 Nov 2026 07:00:00 +0000"};
  auto r = tr::build_route(v);
  EXPECT_EQ(r.handoff_ip.value_or(""), "198.51.100.5");
  tr::route_options o;
  o.internal_domains = {"partner.example"};
  r = tr::build_route(v, o);
  EXPECT_EQ(r.handoff_ip.value_or(""), "192.0.2.9");
}

TEST(Route, EmptyAndLimits) {
  auto r = tr::build_route({});
  EXPECT_EQ(r.reason, tr::handoff_reason::no_received);
  EXPECT_TRUE(r.hops.empty());

  std::vector<std::string> many(5000, "from a.example (a.example [10.0.0.1]) by b.example with ESMTP id 1; Mon, 23 Nov 2026 07:00:00 +0000");
  r = tr::build_route(many);
  EXPECT_EQ(r.hops.size(), 256u);
  ASSERT_EQ(r.defects.size(), 1u);
  EXPECT_EQ(r.defects[0].code, "transport.route.too_many_hops");
  EXPECT_EQ(r.reason, tr::handoff_reason::no_public_hop);
}

TEST(RouteJson, ShapeAndOmittedKeys) {
  std::vector<std::string> v{
      "from mx.example.net (mx.example.net [10.0.0.5]) by imap.example.net with LMTP id 1; Mon, 23 Nov 2026 07:00:03 +0000",
      "from mail.sender.example (mail.sender.example [192.0.2.1]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 "
      "(256/256 bits)) by mx.example.net (Postfix) with ESMTPS id 2 for <u@example.net>; Mon, 23 Nov 2026 07:00:01 +0000"};
  auto j = authlens::report::route_to_json(tr::build_route(v));
  EXPECT_EQ(j["handoff_ip"], "192.0.2.1");
  EXPECT_EQ(j["handoff_reason"], "first-external-hop");
  ASSERT_EQ(j["hops"].size(), 2u);
  const auto& h0 = j["hops"][0];
  EXPECT_EQ(h0["delay_s"], 2);
  EXPECT_EQ(h0["tls"], "none");
  EXPECT_EQ(h0["date"], "2026-11-23T07:00:03Z");
  EXPECT_FALSE(h0.contains("cipher"));
  EXPECT_FALSE(h0.contains("for"));
  EXPECT_FALSE(h0.contains("defects"));
  const auto& h1 = j["hops"][1];
  EXPECT_EQ(h1["from_host"], "mail.sender.example");
  EXPECT_EQ(h1["from_helo"], "mail.sender.example");
  EXPECT_EQ(h1["from_ip"], "192.0.2.1");
  EXPECT_EQ(h1["by_host"], "mx.example.net");
  EXPECT_EQ(h1["with"], "ESMTPS");
  EXPECT_EQ(h1["id"], "2");
  EXPECT_EQ(h1["for"], "u@example.net");
  EXPECT_EQ(h1["tls"], "TLSv1.3");
  EXPECT_EQ(h1["cipher"], "TLS_AES_256_GCM_SHA384");
  EXPECT_FALSE(h1.contains("delay_s"));
  EXPECT_FALSE(j.contains("defects"));
  // Invalid UTF-8 never reaches the JSON text.
  std::vector<std::string> bad{"from \xff\xfe (x [192.0.2.1]) by y; Mon, 23 Nov 2026 07:00:00 +0000"};
  auto jb = authlens::report::route_to_json(tr::build_route(bad));
  EXPECT_NO_THROW((void)jb.dump());
}

}  // namespace

// An explicit client IP still wins over the name-based fallback of a private chain.
TEST(Route, ExplicitIpWinsOverPrivateFallback) {
  std::vector<std::string> v{
      "from gw.sender.example (gw.sender.example [10.7.0.9]) by mx.receiver.example with ESMTP id 2; Mon, 23 Nov 2026 07:00:02 +0000",
      "from pc (pc [10.1.0.5]) by gw.sender.example with ESMTP id 3; Mon, 23 Nov 2026 07:00:01 +0000"};
  EXPECT_STREQ(tr::to_string(tr::build_route(v).reason), "first-external-name");
  EXPECT_EQ(tr::build_route(v).handoff_ip.value_or(""), "10.7.0.9");
  tr::route_options opt;
  opt.handoff_ip = "192.0.2.200";
  auto r = tr::build_route(v, opt);
  EXPECT_STREQ(tr::to_string(r.reason), "explicit");
  EXPECT_EQ(r.handoff_ip.value_or(""), "192.0.2.200");
}

// Item 1 through the route: Gmail's submission hop names the EHLO literal [127.0.0.1]; the hand-off is
// the TCP-info address.
TEST(Route, TcpInfoAddressIsTheHandoff) {
  std::vector<std::string> v{
      "from [127.0.0.1] ([203.0.113.47]) by smtp.gmail.com with ESMTPSA id x; Mon, 23 Nov 2026 07:00:00 +0000"};
  auto r = tr::build_route(v);
  EXPECT_EQ(r.handoff_ip.value_or(""), "203.0.113.47");
  EXPECT_STREQ(tr::to_string(r.reason), "first-external-hop");
  EXPECT_EQ(r.hops[0].from_helo.value_or(""), "[127.0.0.1]");
}
