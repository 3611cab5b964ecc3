// The whole message analysis (authlens/analysis.hpp) driven to the end from the test zone files
// tests/data/zones/analyze-{shop,esp}.test.zone, on messages signed here with the committed test keys
// (tests/data/messages/analyze-*-key.pem). Checks every section of the report and the DNS rounds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "unit/test_data.hpp"

using namespace authlens;
using nlohmann::json;

namespace {

std::string slurp(const std::string& rel) { return test::source_text(rel); }

const dns::zone_source& zones() {
  static const dns::zone_source z = [] {
    dns::zone_source s;
    s.add_zone_text(slurp("tests/data/zones/analyze-shop.test.zone"));
    s.add_zone_text(slurp("tests/data/zones/analyze-esp.test.zone"));
    return s;
  }();
  return z;
}

crypto::random_fn counter_rng() {
  return [n = std::uint8_t{1}](std::span<std::uint8_t> out) mutable {
    for (auto& b : out) b = n++;
    return true;
  };
}

/// Signs `msg` (CRLF text) with the key file, prepending the DKIM-Signature.
std::string sign(const std::string& msg, const char* key_file, const char* domain, std::vector<std::string> headers = {}) {
  auto key = dkim::parse_private_key(slurp(std::string("tests/data/messages/") + key_file));
  EXPECT_TRUE(key.ok());
  dkim::sign_options o;
  o.domain = domain;
  o.selector = "s1";
  o.timestamp = 1795000000;
  o.headers = std::move(headers);
  auto f = dkim::sign(dkim::view_of_raw(msg), *key, o, counter_rng());
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.err().message);
  return f.ok() ? *f + msg : msg;
}

std::string crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

struct outcome {
  json report;
  int rounds = 0;
  std::string ar;
  int exit_code = 0;
};

outcome analyse(const std::string& msg, const envelope& env = {}, bool offline = false) {
  analysis_options opt;
  opt.offline = offline;
  auto a = analysis::create(msg, env, 1795000100, opt);
  EXPECT_TRUE(a.ok());
  int guard = 0;
  while (!a->pending().empty() && guard++ < 20) {
    std::vector<dns::answer> answers;
    for (const auto& q : a->pending()) answers.push_back(zones().resolve(q));
    a->supply(answers);
  }
  return {json::parse(authlens::report::to_json(*a)), a->rounds(), a->authentication_results("mx.receiver.test"),
          a->verdict_exit_code()};
}

const std::string aligned_src = crlf(
    "Return-Path: <bounce@analyze-shop.test>\n"
    "Received: from mail.analyze-shop.test (mail.analyze-shop.test [192.0.2.50])\n"
    "\tby mx.receiver.test (Postfix) with ESMTPS id 4AbCdE\n"
    "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n"
    "\tfor <alice@receiver.test>; Mon, 23 Nov 2026 07:00:02 +0000\n"
    "From: Analyze Shop <news@analyze-shop.test>\n"
    "To: alice@receiver.test\n"
    "Subject: November offers\n"
    "Date: Mon, 23 Nov 2026 07:00:00 +0000\n"
    "Message-ID: <offer-2026-11@analyze-shop.test>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "List-Unsubscribe: <https://analyze-shop.test/unsub?u=alice>\n"
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
    "\n"
    "Hello Alice,\n\nour November offers are here.\n");

const json& bulk_item(const json& r, const char* list, const char* id) {
  for (const auto& i : r["bulk_sender"][list]["items"])
    if (i["id"] == id) return i;
  static const json none;
  ADD_FAILURE() << id;
  return none;
}

}  // namespace

TEST(Analysis, AlignedSenderPassesEverything) {
  auto o = analyse(sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test"));
  const json& r = o.report;
  EXPECT_EQ(r["envelope"]["mail_from"], "bounce@analyze-shop.test");
  EXPECT_EQ(r["envelope"]["mail_from_source"], "return_path");
  EXPECT_EQ(r["envelope"]["helo"], "mail.analyze-shop.test");
  EXPECT_EQ(r["envelope"]["helo_source"], "received");
  EXPECT_EQ(r["spf"]["result"], "pass") << r["spf"].dump(2);
  EXPECT_EQ(r["spf"]["domain"], "analyze-shop.test");
  EXPECT_EQ(r["spf"]["helo"]["result"], "pass") << r["spf"]["helo"].dump(2);
  ASSERT_EQ(r["dkim"].size(), 1u);
  EXPECT_EQ(r["dkim"][0]["result"], "pass") << r["dkim"][0].dump(2);
  EXPECT_EQ(r["dmarc"]["result"], "pass") << r["dmarc"].dump(2);
  EXPECT_EQ(r["dmarc"]["policy"], "reject");
  EXPECT_EQ(r["arc"]["cv"], "none");
  EXPECT_EQ(r["decision"]["spf"]["aligned"], true);
  EXPECT_EQ(r["decision"]["dkim"]["aligned"], true);
  EXPECT_EQ(r["decision"]["dmarc"], "pass");
  EXPECT_EQ(r["summary"]["headline_code"], "summary.pass.both") << r["summary"].dump(2);
  EXPECT_EQ(bulk_item(r, "gmail_yahoo", "unsubscribe.one_click")["status"], "pass");
  EXPECT_EQ(bulk_item(r, "gmail_yahoo", "tls.handoff")["status"], "pass");
  EXPECT_EQ(bulk_item(r, "gmail_yahoo", "ptr.fcrdns")["status"], "fail");  // no PTR for 192.0.2.50
  EXPECT_EQ(bulk_item(r, "outlook", "dmarc.aligned_pass")["status"], "pass");
  EXPECT_EQ(r["comparison"]["found"], false);
  EXPECT_LE(o.rounds, 4);
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.ar.rfind("Authentication-Results: mx.receiver.test;", 0), 0u) << o.ar;
  EXPECT_NE(o.ar.find("dmarc=pass"), std::string::npos) << o.ar;
  EXPECT_NE(o.ar.find("spf=pass"), std::string::npos) << o.ar;
  EXPECT_NE(o.ar.find("dkim=pass header.d=analyze-shop.test header.s=s1"), std::string::npos) << o.ar;
}

TEST(Analysis, EspSignedMessageFailsDmarc) {
  std::string src = crlf(
      "Return-Path: <b-123@bounce.analyze-esp.test>\n"
      "Received: from o1.analyze-esp.test (o1.analyze-esp.test [198.51.100.7])\n"
      "\tby mx.receiver.test (Postfix) with ESMTPS id 5XyZ\n"
      "\tfor <alice@receiver.test>; Mon, 23 Nov 2026 07:10:02 +0000\n"
      "From: Analyze Shop <news@analyze-shop.test>\n"
      "To: alice@receiver.test\n"
      "Subject: Your receipt\n"
      "Date: Mon, 23 Nov 2026 07:10:00 +0000\n"
      "Message-ID: <receipt-77@analyze-shop.test>\n"
      "\n"
      "Thank you for your order.\n");
  auto o = analyse(sign(src, "analyze-esp-test-key.pem", "analyze-esp.test"));
  const json& r = o.report;
  EXPECT_EQ(r["spf"]["result"], "pass") << r["spf"].dump(2);
  EXPECT_EQ(r["spf"]["domain"], "bounce.analyze-esp.test");
  EXPECT_EQ(r["dkim"][0]["result"], "pass");
  EXPECT_EQ(r["dmarc"]["result"], "fail") << r["dmarc"].dump(2);
  EXPECT_EQ(r["decision"]["spf"]["pass"], true);
  EXPECT_EQ(r["decision"]["spf"]["aligned"], false);
  EXPECT_EQ(r["decision"]["dkim"]["pass"], true);
  EXPECT_EQ(r["decision"]["dkim"]["aligned"], false);
  EXPECT_EQ(r["summary"]["headline_code"], "summary.fail.dkim_not_aligned") << r["summary"].dump(2);
  EXPECT_EQ(r["summary"]["params"]["dkim_domain"], "analyze-esp.test");
  bool third_party = false;
  for (const auto& i : r["spoofing"]["indicators"]) third_party = third_party || i["code"] == "spoofing.dkim.third_party";
  EXPECT_TRUE(third_party);
  EXPECT_EQ(o.exit_code, 1);
}

TEST(Analysis, TamperedBodyAndClaimedResults) {
  std::string signed_msg = sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test");
  // The receiver recorded its results on top; then a gateway rewrote the body.
  std::string tampered = crlf("Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=bounce@analyze-shop.test;\n"
                              "\tdkim=pass header.d=analyze-shop.test header.s=s1; dmarc=pass header.from=analyze-shop.test\n") +
                         signed_msg;
  tampered.replace(tampered.find("offers are here"), 15, "offers are HERE");
  auto o = analyse(tampered);
  const json& r = o.report;
  EXPECT_EQ(r["dkim"][0]["result"], "fail");
  EXPECT_EQ(r["dkim"][0]["reason"], "body_hash_mismatch");
  EXPECT_EQ(r["dmarc"]["result"], "pass");  // SPF still aligned
  EXPECT_EQ(r["comparison"]["found"], true);
  EXPECT_EQ(r["comparison"]["chosen_by"], "authserv_id_matches_receiver");
  bool body_changed = false;
  for (const auto& i : r["comparison"]["items"]) body_changed = body_changed || i["code"] == "compare.dkim.body_changed";
  EXPECT_TRUE(body_changed) << r["comparison"].dump(2);
}

TEST(Analysis, HeadersOnlyDoesNotFailTheBodyHash) {
  std::string signed_msg = sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test");
  std::string headers = signed_msg.substr(0, signed_msg.find("\r\n\r\n") + 2);
  auto o = analyse(headers);
  const json& r = o.report;
  EXPECT_EQ(r["input"]["headers_only"], true);
  EXPECT_EQ(r["dkim"][0]["body"]["state"], "not_provided");
  EXPECT_EQ(r["dkim"][0]["result"], "pass") << r["dkim"][0].dump(2);
  EXPECT_EQ(r["dmarc"]["result"], "pass");
}

TEST(Analysis, NullSenderUsesHelo) {
  std::string src = aligned_src;
  src.replace(0, src.find("\r\n"), "Return-Path: <>");
  auto o = analyse(src);
  const json& r = o.report;
  EXPECT_EQ(r["envelope"]["mail_from"], "<>");
  EXPECT_EQ(r["spf"]["null_sender"], true);
  EXPECT_EQ(r["spf"]["sender"], "postmaster@mail.analyze-shop.test") << r["spf"].dump(2);
  EXPECT_EQ(r["spf"]["result"], "pass");
}

// The null reverse-path counts for DMARC: the MAIL FROM identity is postmaster@<HELO> (RFC 7208 §2.4),
// here mail.analyze-shop.test, relaxed-aligned with analyze-shop.test in both modes. The message is
// unsigned, so DMARC can only pass through that SPF result.
TEST(Analysis, NullSenderSpfCountsForDmarc) {
  std::string src = aligned_src;
  src.replace(0, src.find("\r\n"), "Return-Path: <>");
  auto o = analyse(src);
  const json& r = o.report;
  EXPECT_EQ(r["envelope"]["mail_from_null"], true);
  EXPECT_EQ(r["envelope"]["mail_from_source"], "return_path");
  EXPECT_EQ(r["spf"]["domain"], "mail.analyze-shop.test");
  EXPECT_EQ(r["dmarc"]["result"], "pass") << r["dmarc"].dump(2);
  EXPECT_EQ(r["dmarc"]["rfc7489"]["result"], "pass") << r["dmarc"]["rfc7489"].dump(2);
  EXPECT_EQ(r["decision"]["spf"]["aligned"], true);
  EXPECT_EQ(r["decision"]["spf"]["domain"], "mail.analyze-shop.test");
  EXPECT_EQ(o.exit_code, 0);
}

// A given MAIL FROM that is empty or "<>" is the null reverse-path, not "not given": the Return-Path
// of the message (a real address here) must not be used.
TEST(Analysis, GivenEmptyMailFromIsTheNullPath) {
  for (const char* given : {"", "<>", " < > "}) {
    envelope env;
    env.mail_from = given;
    auto o = analyse(aligned_src, env);
    const json& r = o.report;
    EXPECT_EQ(r["envelope"]["mail_from"], "<>") << given;
    EXPECT_EQ(r["envelope"]["mail_from_null"], true) << given;
    EXPECT_EQ(r["envelope"]["mail_from_source"], "given") << given;
    EXPECT_EQ(r["spf"]["sender"], "postmaster@mail.analyze-shop.test") << given;
    EXPECT_EQ(r["spf"]["null_sender"], true) << given;
    EXPECT_EQ(r["dmarc"]["result"], "pass") << given;
  }
  // Not given: the Return-Path is used, and the path is not null.
  auto o = analyse(aligned_src);
  EXPECT_EQ(o.report["envelope"]["mail_from"], "bounce@analyze-shop.test");
  EXPECT_EQ(o.report["envelope"]["mail_from_null"], false);
  EXPECT_FALSE(o.report["spf"].contains("null_sender"));
}

TEST(Analysis, NullSenderWithoutHeloSaysWhy) {
  envelope env;
  env.ip = "192.0.2.50";
  env.mail_from = "<>";
  std::string src = crlf("From: a@analyze-shop.test\nTo: b@receiver.test\nSubject: x\nDate: Mon, 23 Nov 2026 07:00:00 +0000\n\nbody\n");
  auto o = analyse(src, env);
  EXPECT_EQ(o.report["envelope"]["mail_from_null"], true);
  EXPECT_EQ(o.report["spf"]["result"], "none");
  EXPECT_EQ(o.report["spf"]["reason"], "spf.no_helo") << o.report["spf"].dump(2);
}

TEST(Analysis, RouteCarriesTheHandoffTls) {
  auto o = analyse(aligned_src);
  EXPECT_EQ(o.report["route"]["handoff_tls"], "TLSv1.3") << o.report["route"].dump(2);
  std::string plain = aligned_src;
  auto at = plain.find("with ESMTPS");
  plain.replace(at, std::string("with ESMTPS").size(), "with ESMTP");
  auto using_at = plain.find("\t(using TLSv1.3");
  plain.erase(using_at, plain.find("\r\n", using_at) + 2 - using_at);
  o = analyse(plain);
  EXPECT_EQ(o.report["route"]["handoff_tls"], "none") << o.report["route"].dump(2);
  // No Received field: no hand-off hop, no field.
  o = analyse(crlf("From: a@analyze-shop.test\nTo: b@receiver.test\nSubject: x\n\nbody\n"));
  EXPECT_FALSE(o.report["route"].contains("handoff_tls"));
}

TEST(Analysis, OfflineSaysSo) {
  auto o = analyse(sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test"), {}, true);
  const json& r = o.report;
  EXPECT_EQ(r["spf"]["reason"], "dns.offline");
  EXPECT_EQ(r["spf"]["result"], "none");
  EXPECT_EQ(r["dkim"][0]["reason"], "dns.offline");
  EXPECT_EQ(r["dmarc"]["reason"], "dns.offline");
  EXPECT_EQ(r["iprev"]["reason"], "dns.offline");
  EXPECT_EQ(r["summary"]["headline_code"], "summary.dns.offline");
  EXPECT_EQ(r["decision"]["dmarc"], "none");
  EXPECT_EQ(o.exit_code, 1);
}

TEST(Analysis, NoClientIp) {
  std::string src = crlf("From: a@analyze-shop.test\nTo: b@receiver.test\nSubject: x\nDate: Mon, 23 Nov 2026 07:00:00 +0000\n\nbody\n");
  auto o = analyse(src);
  EXPECT_EQ(o.report["spf"]["reason"], "spf.no_client_ip");
  EXPECT_EQ(o.report["spf"]["helo"]["reason"], "spf.no_client_ip");
  EXPECT_EQ(o.report["dmarc"]["result"], "fail");
  EXPECT_EQ(o.report["summary"]["headline_code"], "summary.fail.nothing_passes");
}

// "From: news@analyze-shop.test <ceo@bank.test>": SPF passes for analyze-shop.test, but the phrase is not
// the author. The Author Domain is the angle-addr's (no DMARC record there), never the phrase's.
TEST(Analysis, AddressInDisplayNameIsNotTheAuthor) {
  std::string src = aligned_src;
  auto at = src.find("From: Analyze Shop <news@analyze-shop.test>");
  ASSERT_NE(at, std::string::npos);
  src.replace(at, 44, "From: news@analyze-shop.test <ceo@bank.test>");
  auto o = analyse(src);
  const json& r = o.report;
  EXPECT_EQ(r["author_domain"], "bank.test") << r.dump(2).substr(0, 2000);
  EXPECT_NE(r["dmarc"]["result"], "pass") << r["dmarc"].dump(2);
  EXPECT_EQ(r["spoofing"]["level"], "danger");
  bool flagged = false;
  for (const auto& i : r["spoofing"]["indicators"]) flagged = flagged || i["code"] == "spoofing.display_name.address";
  EXPECT_TRUE(flagged);
}

// RFC 9989 §4.4: several mailboxes in one domain are judged as that domain; in several domains DMARC
// is not applied (permerror here, docs/decisions.md) and the spoofing indicators say why.
TEST(Analysis, SeveralFromMailboxes) {
  std::string one_domain = aligned_src;
  auto at = one_domain.find("From: Analyze Shop <news@analyze-shop.test>");
  ASSERT_NE(at, std::string::npos);
  one_domain.replace(at, 44, "From: news@analyze-shop.test, Sales <sales@analyze-shop.test>\r\nSender: news@analyze-shop.test");
  auto o = analyse(sign(one_domain, "analyze-test-key.pem", "analyze-shop.test"));
  EXPECT_EQ(o.report["author_domain"], "analyze-shop.test");
  EXPECT_EQ(o.report["dmarc"]["result"], "pass") << o.report["dmarc"].dump(2);

  std::string two_domains = aligned_src;
  two_domains.replace(at, 44, "From: news@analyze-shop.test, ceo@bank.test\r\nSender: news@analyze-shop.test");
  o = analyse(sign(two_domains, "analyze-test-key.pem", "analyze-shop.test"));
  EXPECT_EQ(o.report["dmarc"]["result"], "permerror") << o.report["dmarc"].dump(2);
  EXPECT_EQ(o.report["dmarc"]["reason"], "dmarc.permerror.author.multiple_addresses");
  bool flagged = false;
  for (const auto& i : o.report["spoofing"]["indicators"]) flagged = flagged || i["code"] == "spoofing.from.multiple_domains";
  EXPECT_TRUE(flagged) << o.report["spoofing"].dump(2);
}

// The judged parts (check states, bulk-sender verdicts, spoofing, summary, decision) are made when the
// result is read, not in each DNS round: a reader between rounds (the page) sees them judged from the
// evaluation before, and a report read only at the end is the same as one read after every round.
TEST(Analysis, ResultIsJudgedFromTheLatestEvaluation) {
  const std::string msg = sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test");
  auto run = [&](bool read_every_round) {
    auto a = analysis::create(msg, {}, 1795000100);
    EXPECT_TRUE(a.ok());
    if (read_every_round) {
      EXPECT_EQ(a->result().dmarc_state, analyzer::check_state::dns_incomplete);
      EXPECT_EQ(a->result().summary.headline_code, "summary.dns.incomplete");
    }
    for (int guard = 0; !a->pending().empty() && guard < 20; ++guard) {
      std::vector<dns::answer> answers;
      for (const auto& q : a->pending()) answers.push_back(zones().resolve(q));
      a->supply(answers);
      if (read_every_round) (void)a->result();
    }
    EXPECT_EQ(a->result().dmarc_state, analyzer::check_state::done);
    EXPECT_EQ(a->result().summary.headline_code, "summary.pass.both");
    return authlens::report::to_json(*a);
  };
  EXPECT_EQ(run(true), run(false));
}

// The report value without the providers' verdicts (the CLI's text view prints those from the typed
// result) is the whole report less bulk_sender.providers.
TEST(Analysis, ReportPartsLeaveOutOnlyTheProviders) {
  auto a = analysis::create(sign(aligned_src, "analyze-test-key.pem", "analyze-shop.test"), {}, 1795000100);
  ASSERT_TRUE(a.ok());
  while (!a->pending().empty()) {
    std::vector<dns::answer> answers;
    for (const auto& q : a->pending()) answers.push_back(zones().resolve(q));
    a->supply(answers);
  }
  json whole = authlens::report::analysis_to_json(*a);
  json lean = authlens::report::analysis_to_json(*a, {.bulk_providers = false});
  ASSERT_FALSE(whole["bulk_sender"]["providers"].empty());
  whole["bulk_sender"].erase("providers");
  EXPECT_EQ(whole, lean);
}
