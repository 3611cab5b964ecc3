// ../shared/conformance/dkim-dkimpy: dkimpy 1.1.4 test data; cases transcribed in cases.tsv.
#include <gtest/gtest.h>

#include <iostream>

#include "dkim_support.hpp"

using namespace authlens;
using namespace authlens::conformance::dkim_support;

namespace {
const std::string base = dkim_dir() + "/dkim-dkimpy";
const std::string data = base + "/data/";
constexpr std::int64_t now = 1700000000;

crypto::random_fn rng() {
  auto counter = std::make_shared<std::uint64_t>(0);
  return [counter](std::span<std::uint8_t> out) {
    for (auto& b : out) b = std::uint8_t(crypto::sha256(std::to_string((*counter)++))[0]);
    return true;
  };
}

std::string record_of(const std::string& text, const std::string& owner) {
  for (auto line : str::split(text, '\n'))
    if (str::istarts_with(line, owner + " ")) return std::string(str::trim(line.substr(owner.size() + 1)));
  return {};
}

std::string file_record(const std::string& f) { return std::string(str::trim(slurp(data + f))); }

struct tally {
  const char* name;
  int passed = 0, total = 0;
  void add(bool ok) {
    ++total;
    passed += ok;
  }
  ~tally() { std::cout << "[ " << name << " ] " << passed << "/" << total << "\n"; }
};

// Signs `msg_text` (LF → CRLF) and verifies with `record` published at s._domainkey.d.
dkim::verify_result sign_verify(const std::string& msg_text, const std::string& key_text, const std::string& record,
                                const dkim::sign_options& o, std::string* signed_out = nullptr,
                                std::string prepend = {}, std::string append_header = {}) {
  auto key = dkim::parse_private_key(key_text);
  EXPECT_TRUE(key.ok());
  if (!key) return {};
  std::string crlf = lf_to_crlf(msg_text);
  auto m = mime::parse(crlf);
  auto field = dkim::sign(m, *key, o, rng());
  EXPECT_TRUE(field.ok()) << (field ? "" : field.err().message);
  if (!field) return {};
  std::string full = *field + prepend + crlf;
  if (!append_header.empty()) {
    auto sep = full.find("\r\n\r\n");
    full.insert(sep + 2, append_header);
  }
  if (signed_out) *signed_out = full;
  fake_dns zone;
  zone.txt(o.selector + "._domainkey." + o.domain, {record});
  return run_verify(zone, dkim::view_of(mime::parse(full)), now).result;
}

bool all_pass(const dkim::verify_result& r) {
  if (r.signatures.empty()) return false;
  for (const auto& s : r.signatures)
    if (s.result != dkim::verdict::pass) return false;
  return true;
}
}  // namespace

TEST(DkimDkimpy, PreSignedVerify) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  tally t{"dkim-dkimpy verify"};
  std::string recs = slurp(base + "/dns-records.txt");
  {
    fake_dns z;
    z.load_lines(recs);
    auto r = run_verify(z, dkim::view_of(mime::parse(slurp(data + "rfc6376.signed.msg"))), now).result;
    ASSERT_EQ(r.signatures.size(), 2u);
    EXPECT_TRUE(all_pass(r)) << describe(r.signatures[0]) << " / " << describe(r.signatures[1]);
    t.add(all_pass(r));
  }
  {
    fake_dns z;
    z.load_lines(recs);
    auto r = run_verify(z, dkim::view_of(mime::parse(slurp(data + "rfc6376.signed.rsa.msg"))), now).result;
    EXPECT_TRUE(all_pass(r));
    t.add(all_pass(r));
  }
  {
    fake_dns z;
    std::string bad;
    for (auto line : str::split(recs, '\n'))
      if (str::istarts_with(line, "#BAD ")) bad = std::string(line.substr(5));
    z.load_lines(bad);
    auto r = run_verify(z, dkim::view_of(mime::parse(slurp(data + "rfc6376.signed.rsa.msg"))), now).result;
    ASSERT_EQ(r.signatures.size(), 1u);
    EXPECT_EQ(r.signatures[0].why, dkim::reason::key_bad_data) << describe(r.signatures[0]);
    t.add(r.signatures[0].result == dkim::verdict::permerror);
  }
  {
    fake_dns z;
    z.txt("sed._domainkey.test.ex", {file_record("eximtest.dns")});
    auto r = run_verify(z, dkim::view_of(mime::parse(slurp(data + "ed25519test2.msg"))), now).result;
    EXPECT_TRUE(all_pass(r)) << (r.signatures.empty() ? "" : describe(r.signatures[0]));
    t.add(all_pass(r));
  }
  {
    fake_dns z;
    z.txt("test._domainkey.legitimate.com(.attacker.com", {file_record("test.txt")});
    auto run = run_verify(z, dkim::view_of(mime::parse(slurp(data + "test.message.baddomain"))), now);
    ASSERT_EQ(run.result.signatures.size(), 1u);
    EXPECT_EQ(run.result.signatures[0].why, dkim::reason::sig_bad_domain);
    EXPECT_EQ(run.rounds, 0);
    t.add(run.result.signatures[0].result != dkim::verdict::pass && run.rounds == 0);
  }
  {
    fake_dns z;
    z.load_lines(recs);
    auto r = run_verify(z, dkim::view_of(mime::parse(slurp(data + "test2.message"))), now).result;
    EXPECT_TRUE(all_pass(r)) << (r.signatures.empty() ? "" : describe(r.signatures[0]));
    t.add(all_pass(r));
  }
}

TEST(DkimDkimpy, SignThenVerify) {
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  tally t{"dkim-dkimpy sign+verify"};
  std::string msg = slurp(data + "test.message");
  std::string priv = slurp(data + "test.private");
  dkim::sign_options o;
  o.domain = "example.com";
  o.selector = "test";
  for (auto hc : {dkim::canon::simple, dkim::canon::relaxed})
    for (auto bc : {dkim::canon::simple, dkim::canon::relaxed}) {
      o.header_canon = hc;
      o.body_canon = bc;
      bool ok = all_pass(sign_verify(msg, priv, file_record("test.txt"), o));
      EXPECT_TRUE(ok);
      t.add(ok);
    }
  o.header_canon = o.body_canon = dkim::canon::relaxed;
  {
    bool ok = all_pass(sign_verify(msg, priv, file_record("test2.txt"), o));  // implicit k=rsa
    EXPECT_TRUE(ok);
    t.add(ok);
  }
  {
    auto r = sign_verify(msg, priv, file_record("badversion.txt"), o);
    ASSERT_EQ(r.signatures.size(), 1u);
    EXPECT_EQ(r.signatures[0].why, dkim::reason::key_version);
    t.add(r.signatures[0].result != dkim::verdict::pass);
  }
  {
    auto r = sign_verify(msg, priv, file_record("badk.txt"), o);
    ASSERT_EQ(r.signatures.size(), 1u);
    EXPECT_EQ(r.signatures[0].why, dkim::reason::key_type_unknown);
    t.add(r.signatures[0].result != dkim::verdict::pass);
  }
  for (auto [keyf, pubs] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"1024_testkey.key", {"1024_testkey_wo_markers.pub.txt", "1024_testkey_wo_markers.pub.rsa.txt"}},
           {"2048_testkey.key", {"2048_testkey_wo_markers.pub.txt", "2048_testkey_wo_markers.pub.rsa.txt"}},
           {"2048_testkey_PKCS8.key", {"2048_testkey_PKCS8.key.pub.txt"}}}) {
    for (const auto& pub : pubs) {
      SCOPED_TRACE(keyf + " / " + pub);
      auto r = sign_verify(msg, slurp(data + keyf), file_record(pub), o);
      EXPECT_TRUE(all_pass(r)) << (r.signatures.empty() ? "" : describe(r.signatures[0]));
      t.add(all_pass(r));
    }
  }
  {
    dkim::sign_options e;
    e.domain = "example.net";
    e.selector = "test";
    e.alg = dkim::algorithm::ed25519_sha256;
    for (auto hc : {dkim::canon::simple, dkim::canon::relaxed})
      for (auto bc : {dkim::canon::simple, dkim::canon::relaxed}) {
        e.header_canon = hc;
        e.body_canon = bc;
        bool ok = all_pass(sign_verify(slurp(data + "ed25519test.msg"), slurp(data + "ed25519test.key"),
                                       "v=DKIM1; k=ed25519; p=yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=", e));
        EXPECT_TRUE(ok);
        t.add(ok);
      }
    bool ok = all_pass(sign_verify(slurp(data + "ed25519test.msg"), slurp(data + "ed25519test.key"),
                                   file_record("ed25519test.dns"), e));
    EXPECT_TRUE(ok);
    t.add(ok);
  }
  {
    dkim::sign_options e;
    e.domain = "football.example.com";
    e.selector = "brisbane";
    e.alg = dkim::algorithm::ed25519_sha256;
    bool ok = all_pass(sign_verify(slurp(data + "rfc6376.msg"), slurp(data + "rfc8032_7_1.key"),
                                   record_of(slurp(base + "/dns-records.txt"), "brisbane._domainkey.football.example.com"), e));
    EXPECT_TRUE(ok);
    t.add(ok);
  }
  {
    auto key = dkim::parse_private_key(priv);
    ASSERT_TRUE(key.ok());
    auto f = dkim::sign(mime::parse(lf_to_crlf(slurp(data + "test_nofrom.message"))), *key, o, rng());
    EXPECT_FALSE(f.ok());
    t.add(!f.ok());
  }
  {
    // A second From above or below the header block must fail (From is over-signed); X-Foo must not matter.
    auto above = sign_verify(msg, priv, file_record("test.txt"), o, nullptr, "From: attacker@example.org\r\n");
    ASSERT_EQ(above.signatures.size(), 1u);
    EXPECT_NE(above.signatures[0].result, dkim::verdict::pass);
    t.add(above.signatures[0].result != dkim::verdict::pass);
    auto below = sign_verify(msg, priv, file_record("test.txt"), o, nullptr, {}, "From: attacker@example.org\r\n");
    ASSERT_EQ(below.signatures.size(), 1u);
    EXPECT_NE(below.signatures[0].result, dkim::verdict::pass);
    EXPECT_EQ(below.signatures[0].signed_fields_duplicated, std::vector<std::string>{"from"});
    t.add(below.signatures[0].result != dkim::verdict::pass);
    auto xfoo = sign_verify(msg, priv, file_record("test.txt"), o, nullptr, "X-Foo: bar\r\n");
    EXPECT_TRUE(all_pass(xfoo));
    t.add(all_pass(xfoo));
  }
  {
    dkim::sign_options m = o;
    m.headers = {"From", "To", "Subject", "Received", "Date", "Message-ID"};
    auto r = sign_verify(slurp(data + "message.mbox"), priv, file_record("test.txt"), m);
    // the mbox message carries an older signature by kitterman.com (no key here): judge ours, the first
    ASSERT_FALSE(r.signatures.empty());
    EXPECT_EQ(r.signatures[0].result, dkim::verdict::pass) << describe(r.signatures[0]);
    t.add(r.signatures[0].result == dkim::verdict::pass);
  }
  {
    dkim::sign_options w = o;
    w.domain = "football.example.com";
    auto r = sign_verify(slurp(data + "rfc6376.w1258.msg"), priv, file_record("test.txt"), w);
    EXPECT_TRUE(all_pass(r));  // non-UTF-8 bytes are only bytes to DKIM
    t.add(all_pass(r));
  }
}
