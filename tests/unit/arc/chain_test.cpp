// Sealing and validating chains end to end (RFC 8617 §5.1, §5.2), offline.
#include <gtest/gtest.h>

#include "authlens/arc.hpp"
#include "authlens/message.hpp"
#include "authlens/report.hpp"

using namespace authlens;

namespace {

// Deterministic, not constant (RSA key generation needs varying bytes): xorshift64.
bool fixed_random(std::span<std::uint8_t> out) {
  static std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = static_cast<std::uint8_t>(x);
  }
  return true;
}

struct signer {
  dkim::generated_key key;
  std::string domain, selector;
};

signer make(dkim::key_type t, std::string domain, std::string selector) {
  auto g = dkim::keygen(t, t == dkim::key_type::rsa ? 1024 : 0, domain, selector, fixed_random);
  EXPECT_TRUE(g.ok());
  return {std::move(*g), std::move(domain), std::move(selector)};
}

arc::evaluation run(dns::cache& c, const std::string& text, arc::memo* m = nullptr) {
  mime::message msg = mime::parse(text);
  dns::lookup_context ctx(c);
  return arc::validate(ctx, msg, 1800000000, {}, m);
}

void publish(dns::cache& c, const signer& s) {
  dns::answer a;
  a.q = dns::make_question(s.selector + "._domainkey." + s.domain, dns::rr_type::txt);
  a.txt.push_back(s.key.strings);
  c.add(a);
}

// Validates `received` (the message as it arrived), then seals `text` (the message as it leaves: a list
// may have changed it in between).
std::string add_set(const std::string& text, const signer& s, dns::cache& c, const std::string& results,
                    const std::string* received = nullptr) {
  mime::message msg = mime::parse(text);
  mime::message in = mime::parse(received ? *received : text);
  dns::lookup_context ctx(c);
  arc::evaluation e = arc::validate(ctx, in, 1800000000);
  arc::seal_options o;
  o.domain = s.domain;
  o.selector = s.selector;
  o.authserv_id = "mx." + s.domain;
  o.results = results;
  o.alg = s.key.key.type == dkim::key_type::ed25519 ? dkim::algorithm::ed25519_sha256 : dkim::algorithm::rsa_sha256;
  o.timestamp = 1700000000;
  auto r = arc::seal(msg, e, s.key.key, o, fixed_random);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.err().message);
  return r.ok() ? r->prepend() + text : text;
}

const std::string kMessage =
    "From: Alice <alice@example.com>\r\nTo: list@lists.example\r\nSubject: hi\r\nDate: Mon, 23 Nov 2026 07:00:00 +0000\r\n"
    "Message-ID: <1@example.com>\r\n\r\nHello.\r\n";

}  // namespace

TEST(ArcChain, NoSets) {
  dns::cache c;
  auto e = run(c, kMessage);
  EXPECT_EQ(e.cv, arc::chain_status::none);
  EXPECT_EQ(e.why, arc::reason::no_arc_sets);
}

TEST(ArcChain, SealThenValidateTwoHops) {
  dns::cache c;
  signer list = make(dkim::key_type::rsa, "lists.example", "arc1");
  signer fwd = make(dkim::key_type::ed25519, "forward.example", "ed");
  publish(c, list);
  publish(c, fwd);
  std::string one = add_set(kMessage, list, c, "spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com");
  auto e1 = run(c, one);
  EXPECT_EQ(e1.cv, arc::chain_status::pass) << arc::to_string(e1.why) << " " << e1.detail;
  ASSERT_TRUE(e1.first_hop_results);
  EXPECT_EQ(e1.first_hop_results->authserv_id, "mx.lists.example");
  ASSERT_EQ(e1.first_hop_results->results.size(), 2u);
  EXPECT_EQ(e1.first_hop_results->results[0].method, "spf");

  std::string two = add_set(one, fwd, c, "arc=pass");
  arc::memo m;
  auto e2 = run(c, two, &m);
  EXPECT_EQ(e2.cv, arc::chain_status::pass) << arc::to_string(e2.why) << " " << e2.detail;
  EXPECT_EQ(e2.newest, 2u);
  EXPECT_EQ(e2.oldest_pass, 1u);
  EXPECT_EQ(e2.sets[1].cv, "pass");
  // Repeatable, and the memo saves the work.
  std::size_t checks = m.signature_verifications();
  auto again = run(c, two, &m);
  EXPECT_EQ(again.cv, e2.cv);
  EXPECT_EQ(m.signature_verifications(), checks);

  nlohmann::json j = report::arc_to_json(e2);
  EXPECT_EQ(j["cv"], "pass");
  EXPECT_EQ(j["oldest_pass"], 1);
  EXPECT_EQ(j["sets"].size(), 2u);
  EXPECT_EQ(j["first_hop_results"]["authserv_id"], "mx.lists.example");

  // A list that changes the body after the first seal: the older AMS fails, the chain still passes
  // (each AS verifies, the newest AMS verifies), oldest-pass moves to 2.
  std::string modified = one;
  modified.replace(modified.find("Hello."), 6, "Hello! [list footer]");
  std::string resealed = add_set(modified, fwd, c, "arc=pass", &one);
  auto e3 = run(c, resealed);
  EXPECT_EQ(e3.cv, arc::chain_status::pass) << arc::to_string(e3.why);
  EXPECT_EQ(e3.oldest_pass, 2u);
  EXPECT_EQ(e3.sets[0].ams.why, arc::sig_reason(dkim::reason::body_hash_mismatch));
}

TEST(ArcChain, PendingThenComplete) {
  signer list = make(dkim::key_type::rsa, "lists.example", "arc1");
  dns::cache full;
  publish(full, list);
  std::string one = add_set(kMessage, list, full, "spf=pass smtp.mailfrom=example.com");
  dns::cache empty;
  mime::message msg = mime::parse(one);
  dns::lookup_context ctx(empty);
  auto e = arc::validate(ctx, msg, 1800000000);
  EXPECT_FALSE(e.complete);
  EXPECT_EQ(e.why, arc::reason::pending);
  ASSERT_EQ(ctx.pending().size(), 1u);
  EXPECT_EQ(ctx.pending()[0].name, "arc1._domainkey.lists.example");
}

TEST(ArcChain, TamperedSealFails) {
  dns::cache c;
  signer list = make(dkim::key_type::rsa, "lists.example", "arc1");
  publish(c, list);
  std::string one = add_set(kMessage, list, c, "spf=pass smtp.mailfrom=example.com");
  std::string tampered = one;
  tampered.replace(tampered.find("spf=pass"), 8, "spf=fail");
  auto e = run(c, tampered);
  EXPECT_EQ(e.cv, arc::chain_status::fail);
  EXPECT_EQ(e.why, arc::reason::seal_failed);
}

TEST(ArcChain, TemporaryKeyFailure) {
  signer list = make(dkim::key_type::rsa, "lists.example", "arc1");
  dns::cache ok;
  publish(ok, list);
  std::string one = add_set(kMessage, list, ok, "spf=pass smtp.mailfrom=example.com");
  dns::cache c;
  dns::answer a;
  a.q = dns::make_question("arc1._domainkey.lists.example", dns::rr_type::txt);
  a.st = dns::status::servfail;
  c.add(a);
  auto e = run(c, one);
  EXPECT_EQ(e.cv, arc::chain_status::fail);
  EXPECT_TRUE(e.temporary);
  EXPECT_EQ(e.why, arc::reason::temporary_failure);
}
