// A provider's delegation replayed from a snapshot written by another tool: the customer's
// s1._domainkey and em123 names are CNAMEs into the provider's zone (SendGrid style), recorded one
// entry per name and type with the CNAMEs as type CNAME. DKIM must verify and SPF pass aligned, so
// DMARC passes — through the page's replay (job::load_snapshot) and the CLI's (snapshot_source)
// alike, since both are the same core code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"

using namespace authlens;
using nlohmann::json;

namespace {

constexpr std::int64_t k_now = 1795000100;

crypto::random_fn counter_rng() {
  return [n = std::uint8_t{7}](std::span<std::uint8_t> out) mutable {
    for (auto& b : out) b = n++;
    return true;
  };
}

const std::string message_src =
    "Return-Path: <bounces+42@em123.example.com>\r\n"
    "Received: from o1.ptr.sendgrid.example (o1.ptr.sendgrid.example [198.51.100.20])\r\n"
    "\tby mx.receiver.test (Postfix) with ESMTPS id 9XyZ\r\n"
    "\tfor <alice@receiver.test>; Mon, 23 Nov 2026 07:00:02 +0000\r\n"
    "From: Example News <news@example.com>\r\n"
    "To: alice@receiver.test\r\n"
    "Subject: Sent through the provider\r\n"
    "Date: Mon, 23 Nov 2026 07:00:00 +0000\r\n"
    "Message-ID: <n-1@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello Alice,\r\n"
    "sent by the provider, signed as example.com.\r\n";

struct fixture {
  std::string message;
  std::string snapshot;
};

/// The signed message and the foreign-style snapshot: every customer name a CNAME entry, the data
/// only at the provider's names.
fixture sendgrid_style() {
  auto key = dkim::keygen(dkim::key_type::ed25519, 0, "example.com", "s1", counter_rng());
  EXPECT_TRUE(key.ok());
  dkim::sign_options o;
  o.domain = "example.com";
  o.selector = "s1";
  o.alg = dkim::algorithm::ed25519_sha256;
  o.timestamp = 1795000000;
  auto sig = dkim::sign(dkim::view_of_raw(message_src), key->key, o, counter_rng());
  EXPECT_TRUE(sig.ok()) << (sig.ok() ? "" : sig.err().message);
  json answers = json::array({
      {{"name", "s1._domainkey.example.com"}, {"type", "CNAME"}, {"status", "NOERROR"}, {"ttl", 3600},
       {"records", {"s1.domainkey.u123.wl.sendgrid.net."}}},
      {{"name", "s1.domainkey.u123.wl.sendgrid.net"}, {"type", "TXT"}, {"status", "NOERROR"}, {"ttl", 300},
       {"records", json::array({key->strings})}},
      {{"name", "em123.example.com"}, {"type", "CNAME"}, {"status", "NOERROR"}, {"ttl", 3600},
       {"records", {"u123.wl.sendgrid.net."}}},
      {{"name", "u123.wl.sendgrid.net"}, {"type", "TXT"}, {"status", "NOERROR"}, {"ttl", 300},
       {"records", {{"v=spf1 ip4:198.51.100.0/24 -all"}}}},
      {{"name", "u123.wl.sendgrid.net"}, {"type", "MX"}, {"status", "NOERROR"}, {"ttl", 300},
       {"records", {"10 mx.sendgrid.net."}}},
      {{"name", "_dmarc.example.com"}, {"type", "TXT"}, {"status", "NOERROR"}, {"ttl", 300},
       {"records", {{"v=DMARC1; p=reject; rua=mailto:dmarc@example.com"}}}},
  });
  return {sig.ok() ? *sig + message_src : message_src,
          json{{"schema", "authlens/dns-snapshot/v1"}, {"answers", answers}}.dump()};
}

void expect_delegation_passes(const json& r) {
  ASSERT_EQ(r["dkim"].size(), 1u);
  EXPECT_EQ(r["dkim"][0]["result"], "pass") << r["dkim"][0].dump();
  EXPECT_EQ(r["dkim"][0]["domain"], "example.com");
  EXPECT_EQ(r["spf"]["result"], "pass") << r["spf"].dump();
  EXPECT_EQ(r["spf"]["domain"], "em123.example.com");
  EXPECT_EQ(r["dmarc"]["result"], "pass") << r["dmarc"]["reason"] << " " << r["dmarc"]["detail"];
  EXPECT_EQ(r["dmarc"]["reason"], "dmarc.pass.dkim_and_spf");
  EXPECT_EQ(r["dmarc"]["disposition"], "none");
  EXPECT_EQ(r["dmarc"]["rfc7489"]["result"], "pass");
}

TEST(SnapshotReplay, ProviderCnamesFromAForeignSnapshotThroughTheJob) {
  const fixture f = sendgrid_style();
  auto a = analysis::create(f.message, envelope{}, k_now);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->load_snapshot(f.snapshot).ok());
  EXPECT_TRUE(a->pending().empty());  // the replay needs no driver
  expect_delegation_passes(json::parse(authlens::report::to_json(*a)));
}

TEST(SnapshotReplay, ProviderCnamesFromAForeignSnapshotThroughTheCliSource) {
  const fixture f = sendgrid_style();
  auto recorded = dns::from_snapshot_json(f.snapshot);
  ASSERT_TRUE(recorded.ok());
  const dns::snapshot_source replay(std::move(recorded.value()));
  auto a = analysis::create(f.message, envelope{}, k_now);
  ASSERT_TRUE(a.ok());
  for (int guard = 0; !a->pending().empty() && guard < 20; ++guard) {
    std::vector<dns::answer> answers;
    for (const auto& q : a->pending()) answers.push_back(replay.resolve(q));
    a->supply(answers);
  }
  const json r = json::parse(authlens::report::to_json(*a));
  expect_delegation_passes(r);
  // The snapshot this run would record replays the same verdicts (authlens's own entries, with
  // their cname chains, replay exactly).
  auto again = analysis::create(f.message, envelope{}, k_now);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->load_snapshot(a->snapshot_json()).ok());
  const json r2 = json::parse(authlens::report::to_json(*again));
  expect_delegation_passes(r2);
  EXPECT_EQ(r2["dmarc"], r["dmarc"]);
}

}  // namespace
