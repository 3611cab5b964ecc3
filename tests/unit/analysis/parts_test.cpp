// The parts of the report judged from the checks' results (analysis/analyzer.hpp): bulk-sender
// readiness, spoofing indicators, recomputed vs claimed, the summary — each typed result read
// through its serialiser (authlens/report.hpp), as the report shows it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>

#include "authlens/authres.hpp"
#include "authlens/psl.hpp"
#include "analysis/analyzer.hpp"
#include "authlens/report.hpp"

namespace az = authlens::analyzer;
namespace rep = authlens::report;
using nlohmann::json;

namespace {

json bulk_json(const az::bulk_inputs& in) { return rep::bulk_sender_to_json(az::bulk_sender(in)); }
json spoofing_json(const az::spoof_inputs& in) { return rep::spoofing_to_json(az::spoofing(in)); }
json compare_json(const az::compare_inputs& in) { return rep::comparison_to_json(az::compare(in)); }
json summary_json(const az::summary_inputs& in) { return rep::summary_to_json(az::summary(in)); }

/// A sender that does everything right.
az::bulk_inputs good_sender() {
  az::bulk_inputs b;
  b.author_domain = "shop.example";
  b.spf_result = "pass";
  b.spf_domain = "shop.example";
  b.dkim.push_back({"shop.example", "pass", 2048, "rsa", true,
                    {"from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"}});
  b.dmarc_result = "pass";
  b.dmarc_record = "v=DMARC1; p=reject";
  b.dmarc_record_domain = "shop.example";
  b.dmarc_policy = "reject";
  b.spf_aligned = true;
  b.dkim_aligned = true;
  b.iprev_result = "pass";
  b.iprev_name = "mail.shop.example";
  b.handoff_ip = "192.0.2.50";
  b.handoff_known = true;
  b.handoff_tls = "TLSv1.3";
  b.from_fields = b.date_fields = b.message_id_fields = 1;
  b.to_fields = b.subject_fields = 1;
  b.list_unsubscribe = {"<https://shop.example/u?x=1>, <mailto:u@shop.example>"};
  b.list_unsubscribe_post = {"List-Unsubscribe=One-Click"};
  return b;
}

const json& item(const json& list, const std::string& id) {
  for (const auto& i : list["items"])
    if (i["id"] == id) return i;
  static const json none = json::object();
  ADD_FAILURE() << "no item " << id;
  return none;
}

bool has_indicator(const json& sp, const std::string& code) {
  for (const auto& i : sp["indicators"])
    if (i["code"] == code) return true;
  return false;
}

}  // namespace

TEST(BulkSender, EverythingPasses) {
  json j = bulk_json(good_sender());
  EXPECT_EQ(j["gmail_yahoo"]["status"], "pass") << j.dump(2);
  EXPECT_EQ(j["gmail_yahoo"]["items"].size(), 8u);
  EXPECT_EQ(j["outlook"]["status"], "pass") << j.dump(2);
  for (const auto& i : j["gmail_yahoo"]["items"]) {
    EXPECT_NE(i["rule"].get<std::string>().find("Gmail sender guidelines, Feb 2024"), std::string::npos);
    EXPECT_FALSE(i["evidence"].get<std::string>().empty());
  }
  EXPECT_NE(item(j["outlook"], "spf.pass")["rule"].get<std::string>().find("Outlook.com"), std::string::npos);
}

TEST(BulkSender, WeakKeyPlainSmtpAndUnsignedUnsubscribe) {
  auto b = good_sender();
  b.dkim[0].key_bits = 768;
  b.handoff_tls = "none";
  json j = bulk_json(b);
  EXPECT_EQ(item(j["gmail_yahoo"], "dkim.pass")["status"], "fail");
  EXPECT_EQ(item(j["gmail_yahoo"], "tls.handoff")["status"], "fail");
  // The unsubscribe fields are in h= of the signature, but it counts only when it passes with a good key…
  // here the signature still "passes" (the verdict is DKIM's), so the item is judged on coverage alone.
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["status"], "pass");

  b = good_sender();
  b.dkim[0].signed_fields = {"from", "to", "subject"};
  j = bulk_json(b);
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["status"], "fail");
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["params"]["dkim_covered"], false);

  b = good_sender();
  b.list_unsubscribe = {"<mailto:u@shop.example>"};
  j = bulk_json(b);
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["params"]["https"], false);
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["status"], "fail");

  b = good_sender();
  b.list_unsubscribe_post = {"List-Unsubscribe=Yes"};
  j = bulk_json(b);
  EXPECT_EQ(item(j["gmail_yahoo"], "unsubscribe.one_click")["params"]["one_click_post"], false);
}

TEST(BulkSender, UnknownWhenDnsOrRouteIsMissing) {
  auto b = good_sender();
  b.spf_state = az::check_state::dns_offline;
  b.dmarc_state = az::check_state::dns_offline;
  b.iprev_state = az::check_state::dns_offline;
  b.handoff_tls.reset();
  json j = bulk_json(b);
  for (const char* id : {"spf.pass", "dmarc.record", "dmarc.aligned_pass", "ptr.fcrdns", "tls.handoff"})
    EXPECT_EQ(item(j["gmail_yahoo"], id)["status"], "unknown") << id;
  EXPECT_EQ(j["gmail_yahoo"]["status"], "unknown");
}

TEST(BulkSender, FormatProblems) {
  auto b = good_sender();
  b.from_fields = 2;
  b.message_id_fields = 0;
  b.author_error = "mime.author.multiple_from_fields";
  json j = bulk_json(b);
  const json& f = item(j["gmail_yahoo"], "format.rfc5322");
  EXPECT_EQ(f["status"], "fail");
  EXPECT_EQ(f["params"]["problems"].size(), 2u) << f.dump();
  // The evidence sentence's code names the first problem; its values say how many and how many more.
  EXPECT_EQ(f["evidence_code"], "format.from_fields.more") << f.dump();
  EXPECT_EQ(f["params"]["n"], 2);
  EXPECT_EQ(f["params"]["more"], 1);
  EXPECT_EQ(item(j["gmail_yahoo"], "dmarc.record")["status"], "fail");
  EXPECT_EQ(item(j["gmail_yahoo"], "dmarc.record")["evidence_code"], "author.unknown");
}

// Every evidence sentence has a code beside it (the faces render the code; the English stays in "evidence"),
// the same in the checklists and in the providers' rules.
TEST(BulkSender, EvidenceCodes) {
  json j = bulk_json(good_sender());
  for (const char* list : {"gmail_yahoo", "outlook"})
    for (const auto& i : j[list]["items"]) {
      EXPECT_TRUE(i.contains("evidence_code")) << i.dump();
    }
  for (const auto& p : j["providers"])
    for (const auto& r : p["rules"])
      if (r.contains("evidence")) {
        EXPECT_TRUE(r.contains("evidence_code")) << r.dump();
      }
  EXPECT_EQ(item(j["gmail_yahoo"], "spf.pass")["evidence_code"], "spf.pass");
  EXPECT_EQ(item(j["gmail_yahoo"], "dkim.pass")["evidence_code"], "dkim.pass_rsa");

  auto b = good_sender();
  b.dmarc_record.clear();
  b.spf_state = az::check_state::dns_offline;
  b.dkim.clear();
  j = bulk_json(b);
  EXPECT_EQ(item(j["gmail_yahoo"], "spf.pass")["evidence_code"], "spf.not_evaluated.dns_offline");
  EXPECT_EQ(item(j["gmail_yahoo"], "dkim.pass")["evidence_code"], "dkim.none");
  const json& rec = item(j["gmail_yahoo"], "dmarc.record");
  EXPECT_EQ(rec["evidence_code"], "dmarc.no_record");
  EXPECT_EQ(rec["params"]["domain"], "shop.example");
}

TEST(Spoofing, EspSenderIsInformationalOnly) {
  az::spoof_inputs in;
  in.from = {{"Shop", "news@shop.example", "shop.example"}};
  in.author_domain = "shop.example";
  in.envelope_from = "b-1@bounce.esp.example";
  in.envelope_domain = "bounce.esp.example";
  in.dkim_domains = {"esp.example"};
  in.dkim_pass_domains = {"esp.example"};
  json j = spoofing_json(in);
  EXPECT_TRUE(has_indicator(j, "spoofing.envelope_from.differs"));
  EXPECT_TRUE(has_indicator(j, "spoofing.dkim.third_party"));
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(j["identities"]["envelope_from"]["org_domain"], "esp.example");
  EXPECT_EQ(j["identities"]["dkim"][0]["same_org_as_from"], false);
}

TEST(Spoofing, DisplayNameCarryingAnotherAddress) {
  az::spoof_inputs in;
  in.from = {{"ceo@bank.example via Support", "x@evil.example", "evil.example"}};
  in.author_domain = "evil.example";
  json j = spoofing_json(in);
  ASSERT_TRUE(has_indicator(j, "spoofing.display_name.address")) << j.dump(2);
  EXPECT_EQ(j["level"], "danger");
  for (const auto& i : j["indicators"])
    if (i["code"] == "spoofing.display_name.address") {
      EXPECT_EQ(i["params"]["shown"], "ceo@bank.example");
      EXPECT_EQ(i["params"]["other_organisation"], true);
    }
  // The display name repeating the real address is normal.
  in.from = {{"x@evil.example", "x@evil.example", "evil.example"}};
  EXPECT_FALSE(has_indicator(spoofing_json(in), "spoofing.display_name.address"));
}

TEST(Spoofing, ControlCharactersInDisplayNameOrSubject) {
  az::spoof_inputs in;
  in.from = {{"Bank of Example\r\n", "x@evil.example", "evil.example"}};
  in.author_domain = "evil.example";
  json j = spoofing_json(in);
  ASSERT_TRUE(has_indicator(j, "spoofing.control_characters")) << j.dump(2);
  EXPECT_EQ(j["level"], "danger");
  for (const auto& i : j["indicators"])
    if (i["code"] == "spoofing.control_characters") {
      EXPECT_EQ(i["params"]["field"], "From display name");
      EXPECT_EQ(i["params"]["shown"], "Bank of Example\\r\\n");
    }
  in.from = {{"Bank of Example", "x@evil.example", "evil.example"}};
  in.subject = std::string("Invoice\0 paid", 13);
  j = spoofing_json(in);
  ASSERT_TRUE(has_indicator(j, "spoofing.control_characters"));
  EXPECT_EQ(j["level"], "warning");
  in.subject = "Invoice\tpaid \xC2\xA0";  // a tab and a no-break space are not hiding anything
  EXPECT_FALSE(has_indicator(spoofing_json(in), "spoofing.control_characters"));
}

TEST(Spoofing, AddressAsDisplayNameIsDanger) {
  // What the mime layer makes of "From: attacker@evil.test <ceo@bank.example>".
  az::spoof_inputs in;
  in.from = {{"attacker@evil.test", "ceo@bank.example", "bank.example"}};
  in.author_domain = "bank.example";
  json j = spoofing_json(in);
  ASSERT_TRUE(has_indicator(j, "spoofing.display_name.address")) << j.dump(2);
  EXPECT_EQ(j["level"], "danger");
  EXPECT_EQ(j["identities"]["header_from"]["domain"], "bank.example");
}

TEST(Spoofing, FromWithSeveralDomains) {
  az::spoof_inputs in;
  in.from = {{"", "ceo@bank.example", "bank.example"}, {"", "me@evil.example", "evil.example"}};
  json j = spoofing_json(in);
  ASSERT_TRUE(has_indicator(j, "spoofing.from.multiple_domains")) << j.dump(2);
  EXPECT_EQ(j["level"], "danger");
  in.from = {{"", "a@bank.example", "bank.example"}, {"", "b@Bank.Example.", "Bank.Example."}};
  in.author_domain = "bank.example";
  EXPECT_FALSE(has_indicator(spoofing_json(in), "spoofing.from.multiple_domains"));
}

TEST(Spoofing, LookalikeDomains) {
  auto cyr = authlens::psl::to_a_label("аpple");  // first letter: CYRILLIC SMALL LETTER A
  ASSERT_TRUE(cyr.ok());
  auto l = az::check_lookalike(*cyr + ".com");
  EXPECT_TRUE(l.punycode);
  EXPECT_EQ(l.unicode, "аpple.com");
  EXPECT_TRUE(l.mixed_scripts);
  EXPECT_TRUE(l.confusable);
  EXPECT_EQ(l.skeleton, "apple.com");

  // Entirely Cyrillic, imitating Latin: one script, still confusable.
  auto all = authlens::psl::to_a_label("рауа");
  ASSERT_TRUE(all.ok());
  l = az::check_lookalike(*all + ".com");
  EXPECT_FALSE(l.mixed_scripts);
  EXPECT_TRUE(l.confusable);
  EXPECT_EQ(l.skeleton, "paya.com");

  // Japanese mixes Han, Hiragana, Katakana and Latin legitimately.
  auto jp = authlens::psl::to_a_label("日本のショップ");
  ASSERT_TRUE(jp.ok());
  l = az::check_lookalike(*jp + ".jp");
  EXPECT_FALSE(l.mixed_scripts);
  EXPECT_FALSE(l.confusable);
  EXPECT_EQ(l.unicode, "日本のショップ.jp");

  az::spoof_inputs in;
  in.from = {{"", "billing@" + *cyr + ".com", *cyr + ".com"}};
  in.author_domain = *cyr + ".com";
  json j = spoofing_json(in);
  EXPECT_TRUE(has_indicator(j, "spoofing.lookalike.punycode"));
  EXPECT_TRUE(has_indicator(j, "spoofing.lookalike.confusable"));
  EXPECT_TRUE(has_indicator(j, "spoofing.lookalike.mixed_scripts"));
  EXPECT_EQ(j["domains"][0]["looks_like"], "apple.com");
}

TEST(Spoofing, AsciiLookalikesBetweenIdentities) {
  az::spoof_inputs in;
  in.from = {{"", "pay@paypa1.example", "paypa1.example"}};
  in.author_domain = "paypa1.example";
  in.reply_to = {{"", "help@paypal.example", "paypal.example"}};
  json j = spoofing_json(in);
  EXPECT_TRUE(has_indicator(j, "spoofing.lookalike.similar_domain")) << j.dump(2);
  EXPECT_TRUE(has_indicator(j, "spoofing.reply_to.differs"));
}

namespace {

az::compare_inputs claimed(const std::string& ar_value) {
  az::compare_inputs c;
  c.fields.push_back(authlens::authres::parse("other.example; spf=fail smtp.mailfrom=x@y.example"));
  c.fields.push_back(authlens::authres::parse(ar_value));
  c.receiver_host = "mx.receiver.example";
  c.receiver_org = "receiver.example";
  c.spf_result = "pass";
  c.spf_ip = "192.0.2.50";
  c.spf_mail_from = "bounce@shop.example";
  c.dmarc_result = "pass";
  c.arc_result = "none";
  return c;
}

const json* find_item(const json& j, const std::string& method) {
  for (const auto& i : j["items"])
    if (i["method"] == method) return &i;
  return nullptr;
}

}  // namespace

TEST(Compare, ChoosesTheReceiversFieldAndAgrees) {
  auto c = claimed("mx.receiver.example; spf=pass smtp.mailfrom=bounce@shop.example; dkim=pass header.d=shop.example "
                   "header.s=s1; dmarc=pass header.from=shop.example");
  c.dkim.push_back({"shop.example", "s1", "pass", "ok", "AbCdEfGh", std::nullopt, "v=DKIM1; p=…"});
  json j = compare_json(c);
  EXPECT_EQ(j["found"], true);
  EXPECT_EQ(j["field_index"], 1);
  EXPECT_EQ(j["chosen_by"], "authserv_id_matches_receiver");
  EXPECT_EQ(j["agree"], true) << j.dump(2);
  EXPECT_EQ(j["items"].size(), 3u);
}

TEST(Compare, ExplainsDifferences) {
  auto c = claimed("mx.receiver.example; spf=pass (mx.receiver.example: domain of bounce@shop.example designates "
                   "203.0.113.9 as permitted sender) smtp.mailfrom=bounce@shop.example; dkim=pass header.d=shop.example "
                   "header.s=s1 header.b=AbCd; dkim=pass header.d=shop.example header.s=old; dmarc=pass; arc=pass");
  c.spf_result = "fail";
  c.dkim.push_back({"shop.example", "s1", "fail", "body_hash_mismatch", "AbCdEfGh", std::nullopt, "v=DKIM1; p=…"});
  c.dkim.push_back({"shop.example", "old", "permerror", "key_not_found", "ZzZz", std::nullopt, ""});
  c.dmarc_result = "fail";
  json j = compare_json(c);
  EXPECT_EQ(j["agree"], false);
  EXPECT_EQ((*find_item(j, "spf"))["code"], "compare.spf.different_ip");
  EXPECT_EQ((*find_item(j, "spf"))["params"]["claimed_ip"], "203.0.113.9");
  std::vector<std::string> dkim_codes;
  for (const auto& i : j["items"])
    if (i["method"] == "dkim") dkim_codes.push_back(i["code"]);
  EXPECT_EQ(dkim_codes, (std::vector<std::string>{"compare.dkim.body_changed", "compare.dkim.key_removed"}));
  EXPECT_EQ((*find_item(j, "dmarc"))["code"], "compare.dmarc.follows_differences");
  EXPECT_EQ((*find_item(j, "arc"))["code"], "compare.arc.differs");
}

TEST(Compare, ExpiredSinceDeliveryAndNotRecomputed) {
  auto c = claimed("mx.receiver.example; dkim=pass header.d=shop.example header.s=s1; dmarc=pass");
  c.dkim.push_back({"shop.example", "s1", "permerror", "sig_expired", "AAAA", 1700000000, "v=DKIM1; p=…"});
  c.dmarc_state = az::check_state::dns_offline;
  json j = compare_json(c);
  EXPECT_EQ((*find_item(j, "dkim"))["code"], "compare.dkim.expired_since_delivery");
  EXPECT_EQ((*find_item(j, "dmarc"))["code"], "compare.not_recomputed");
  EXPECT_TRUE((*find_item(j, "dmarc"))["recomputed"].is_null());
}

TEST(Compare, FallsBackToTheTopmostAndHandlesNone) {
  auto c = claimed("mx.receiver.example; spf=pass");
  c.receiver_host = "mx.elsewhere.example";
  c.receiver_org = "elsewhere.example";
  json j = compare_json(c);
  EXPECT_EQ(j["chosen_by"], "topmost");
  EXPECT_EQ(j["field_index"], 0);
  c.fields.clear();
  j = compare_json(c);
  EXPECT_EQ(j["found"], false);
  EXPECT_TRUE(j["items"].empty());
}

TEST(Summary, Headlines) {
  az::summary_inputs s;
  s.author_domain = "example.com";
  s.dmarc_result = "fail";
  s.dmarc_policy = "reject";
  s.dkim_pass_domains = {"sendgrid.net"};
  s.fix = "Add the CNAME records so the message is signed as example.com.";
  json j = summary_json(s);
  EXPECT_EQ(j["headline_code"], "summary.fail.dkim_not_aligned");
  EXPECT_EQ(j["headline"],
            "DMARC fails (p=reject): the message is signed by sendgrid.net, not by example.com — add the CNAME "
            "records so the message is signed as example.com.");
  EXPECT_EQ(j["params"]["dkim_domain"], "sendgrid.net");

  s = {};
  s.author_domain = "example.com";
  s.dmarc_result = "pass";
  s.dkim_pass_domains = s.dkim_aligned_domains = {"example.com"};
  EXPECT_EQ(summary_json(s)["headline_code"], "summary.pass.dkim");
  s.spf_aligned = true;
  s.spf_domain = "example.com";
  EXPECT_EQ(summary_json(s)["headline_code"], "summary.pass.both");

  s = {};
  s.author_domain = "example.com";
  s.dmarc_result = "none";
  s.dmarc_reason = "dmarc.none.no_record";
  EXPECT_EQ(summary_json(s)["headline_code"], "summary.none.no_record");
  s.dmarc_state = az::check_state::dns_offline;
  EXPECT_EQ(summary_json(s)["headline_code"], "summary.dns.offline");
  s = {};
  s.author_error = "multiple_from";
  s.dmarc_result = "permerror";
  EXPECT_EQ(summary_json(s)["headline_code"], "summary.author_invalid");
}

// The DMARC fix is in params only where it applies: the page shows it whenever it is there.
TEST(Summary, FixOnlyWhereItApplies) {
  az::summary_inputs s;
  s.author_domain = "example.com";
  s.fix_code = "fix.dkim.repair_signature";
  s.fix = "Sign the message with DKIM as example.com.";
  auto has_fix = [](const az::summary_line& l) {
    return l.params.find("fix_code") != nullptr && l.params.find("fix") != nullptr;
  };

  s.dmarc_result = "fail";
  az::summary_line fail = az::summary(s);
  EXPECT_EQ(fail.headline_code, "summary.fail.nothing_passes");
  EXPECT_TRUE(has_fix(fail));
  json j = rep::summary_to_json(fail);
  EXPECT_EQ(j["params"]["fix_code"], "fix.dkim.repair_signature");
  EXPECT_EQ(j["params"]["fix"], "Sign the message with DKIM as example.com.");

  s.dmarc_result = "none";
  s.dmarc_reason = "dmarc.none.no_record";
  EXPECT_TRUE(has_fix(az::summary(s)));  // summary.none.no_record
  s.author_error = "multiple_from";
  EXPECT_TRUE(has_fix(az::summary(s)));  // summary.author_invalid
  s.author_error.clear();

  s.dmarc_result = "pass";
  s.dkim_pass_domains = s.dkim_aligned_domains = {"example.com"};
  az::summary_line pass = az::summary(s);
  EXPECT_EQ(pass.headline_code, "summary.pass.dkim");
  EXPECT_FALSE(has_fix(pass));
  j = rep::summary_to_json(pass);
  EXPECT_FALSE(j["params"].contains("fix_code")) << j.dump();
  EXPECT_FALSE(j["params"].contains("fix")) << j.dump();

  s.dmarc_result = "temperror";
  EXPECT_EQ(az::summary(s).headline_code, "summary.temperror");
  EXPECT_FALSE(has_fix(az::summary(s)));

  for (auto st : {az::check_state::dns_offline, az::check_state::dns_incomplete}) {
    s.dmarc_state = st;
    az::summary_line dns = az::summary(s);
    EXPECT_EQ(dns.headline_code.rfind("summary.dns.", 0), 0u) << dns.headline_code;
    EXPECT_FALSE(has_fix(dns)) << dns.headline_code;
  }
}

// The typed results carry what the report shows.
TEST(Parts, TypedResults) {
  az::bulk_sender_verdicts b = az::bulk_sender(good_sender());
  EXPECT_EQ(b.gmail_yahoo.status, "pass");
  EXPECT_EQ(b.gmail_yahoo.items.size(), 8u);
  EXPECT_EQ(b.gmail_yahoo.passed, 8);
  const az::param_value* bits = b.gmail_yahoo.items[1].params.find("bits");
  ASSERT_NE(bits, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(*bits), 2048);

  az::param_list p;
  p.set("domain", "a.example");
  p.set("domain", std::string("b.example"));  // set() replaces
  ASSERT_EQ(p.items().size(), 1u);
  EXPECT_EQ(std::get<std::string>(p.items()[0].second), "b.example");
  EXPECT_EQ(rep::params_to_json(p), json({{"domain", "b.example"}}));
}
