#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "authlens/base64.hpp"
#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"
#include "../test_data.hpp"

using namespace authlens;

namespace {

crypto::random_fn rng(std::uint64_t seed = 1) {
  auto counter = std::make_shared<std::uint64_t>(seed << 32);
  return [counter](std::span<std::uint8_t> out) {
    std::size_t i = 0;
    while (i < out.size()) {
      auto block = crypto::sha256(std::string_view(reinterpret_cast<const char*>(counter.get()), 8));
      ++*counter;
      for (std::size_t j = 0; j < block.size() && i < out.size(); ++j) out[i++] = block[j];
    }
    return true;
  };
}

const std::string kMessage =
    "From: Alice <alice@mail.example.com>\r\n"
    "To: bob@example.net\r\n"
    "Subject: Hello  there\r\n"
    "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
    "Message-ID: <1@mail.example.com>\r\n"
    "\r\n"
    "Hi Bob,\r\n"
    "  see you   soon.  \r\n"
    "\r\n"
    "\r\n";

struct keys {
  dkim::generated_key rsa, ed, small;
};
const keys& test_keys() {
  static keys k = [] {
    keys out;
    out.rsa = std::move(*dkim::keygen(dkim::key_type::rsa, 2048, "example.com", "rsa", rng(1)));
    out.ed = std::move(*dkim::keygen(dkim::key_type::ed25519, 0, "example.com", "ed", rng(2)));
    auto small = crypto::rsa_generate(512, rng(3));
    out.small.key.type = dkim::key_type::rsa;
    out.small.public_b64 = base64::encode(small->public_spki_der());
    out.small.record = dkim::key_record_text(dkim::key_type::rsa, out.small.public_b64);
    out.small.key.rsa = std::make_shared<crypto::rsa_private_key>(std::move(*small));
    return out;
  }();
  return k;
}

std::string signed_with(const std::string& msg, const dkim::generated_key& k, dkim::sign_options o) {
  auto f = dkim::sign(dkim::view_of_raw(msg), k.key, o, rng(9));
  EXPECT_TRUE(f.ok()) << (f ? "" : f.err().message);
  return f ? *f + msg : msg;
}

std::vector<std::string> str_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto e = s.find("\r\n", pos);
    if (e == std::string::npos) e = s.size();
    out.push_back(s.substr(pos, e - pos));
    pos = e + 2;
  }
  return out;
}

dkim::sign_options opts(const std::string& sel, dkim::algorithm a = dkim::algorithm::rsa_sha256) {
  dkim::sign_options o;
  o.domain = "example.com";
  o.selector = sel;
  o.alg = a;
  return o;
}

dns::answer txt_answer(const std::string& name, std::vector<std::vector<std::string>> recs,
                       dns::status st = dns::status::noerror) {
  dns::answer a;
  a.q = dns::make_question(name, dns::rr_type::txt);
  a.st = st;
  a.txt = std::move(recs);
  return a;
}

dkim::verify_result verify_with(const std::string& msg, const dns::cache& c, std::int64_t now = 1800000000,
                                dkim::memo* m = nullptr) {
  dns::lookup_context ctx(c);
  return dkim::verify(ctx, dkim::view_of_raw(msg), now, {}, m);
}

dns::cache default_cache() {
  dns::cache c;
  c.add(txt_answer("rsa._domainkey.example.com", {dkim::split_txt(test_keys().rsa.record)}));
  c.add(txt_answer("ed._domainkey.example.com", {{test_keys().ed.record}}));
  c.add(txt_answer("small._domainkey.example.com", {{test_keys().small.record}}));
  return c;
}

}  // namespace

// --- tag lists and signature fields ---------------------------------------------------------------

TEST(TagList, Vectors) {
  auto data = test::data_json("dkim/tag_lists.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 8u);
  for (const auto& v : data["vectors"]) {
    const std::string name = v["name"];
    auto t = dkim::parse_tag_list(v["input"].get<std::string>());
    EXPECT_EQ(t.ok, v["ok"].get<bool>()) << name << ": " << t.detail;
    if (v.contains("reason")) { EXPECT_EQ(dkim::to_string(t.why), v["reason"].get<std::string>()) << name; }
    if (!v.contains("tags")) continue;
    EXPECT_EQ(t.tags.size(), v["tags"].size()) << name;
    for (const auto& [tag, value] : v["tags"].items()) {
      const auto* found = t.find(tag);
      ASSERT_NE(found, nullptr) << name << ": " << tag;
      EXPECT_EQ(found->value, value.get<std::string>()) << name << ": " << tag;
    }
  }
}

TEST(Signature, RequiredTagsAndValues) {
  const std::string good = "v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; bh=AAAA; b=AAAA";
  auto p = dkim::parse_signature(good, 0);
  ASSERT_TRUE(p.sig) << p.detail;
  EXPECT_EQ(p.sig->identity, "@example.com");
  EXPECT_EQ(p.sig->key_name(), "sel._domainkey.example.com");
  EXPECT_EQ(p.sig->header_canon, dkim::canon::simple);

  auto data = test::data_json("dkim/signatures.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["vectors"].size(), 13u);
  for (const auto& v : data["vectors"]) {
    const std::string text = v["text"];
    auto r = dkim::parse_signature(text, 0);
    EXPECT_FALSE(r.sig) << text;
    EXPECT_EQ(dkim::to_string(r.why), v["reason"].get<std::string>()) << text;
  }
  auto sub = dkim::parse_signature(good + "; i=joe@Mail.Example.COM; l=10; z=From:a=3Ab|To:c", 0);
  ASSERT_TRUE(sub.sig) << sub.detail;
  EXPECT_EQ(*sub.sig->length, 10u);
  ASSERT_EQ(sub.sig->copied_headers.size(), 2u);
  EXPECT_EQ(sub.sig->copied_headers[0], "From:a:b");
  auto exp = dkim::parse_signature(good + "; x=100", 101);
  EXPECT_EQ(exp.why, dkim::reason::sig_expired);
  auto unk = dkim::parse_signature(good + "; foo=bar", 0);
  ASSERT_TRUE(unk.sig);
  EXPECT_EQ(unk.sig->unknown_tags.at(0).name, "foo");
}

// --- key records ------------------------------------------------------------------------------------

TEST(KeyRecord, Variants) {
  const std::string p = test_keys().rsa.public_b64;
  auto k = dkim::parse_key_record("v=DKIM1; k=rsa; t=y:s; h=sha256; p=" + p);
  ASSERT_TRUE(k.key) << k.detail;
  EXPECT_TRUE(k.key->testing);
  EXPECT_TRUE(k.key->strict);
  EXPECT_EQ(k.key->bits, 2048u);
  EXPECT_EQ(dkim::parse_key_record("p=").why, dkim::reason::key_revoked);
  EXPECT_TRUE(dkim::parse_key_record("v=DKIM1; p=").key->revoked);
  EXPECT_EQ(dkim::parse_key_record("v=DKIM2; p=" + p).why, dkim::reason::key_version);
  EXPECT_EQ(dkim::parse_key_record("k=rsa; v=DKIM1; p=" + p).why, dkim::reason::key_syntax);
  EXPECT_EQ(dkim::parse_key_record("k=dsa; p=" + p).why, dkim::reason::key_type_unknown);
  EXPECT_EQ(dkim::parse_key_record("k=rsa").why, dkim::reason::key_syntax);
  EXPECT_EQ(dkim::parse_key_record("p=AAAA").why, dkim::reason::key_bad_data);
  EXPECT_EQ(dkim::parse_key_record("p=" + p + "; p=" + p).why, dkim::reason::key_syntax);
  EXPECT_EQ(dkim::parse_key_record("k=ed25519; p=" + p).why, dkim::reason::key_bad_data);
  EXPECT_TRUE(dkim::parse_key_record(test_keys().ed.record).key);
}

// --- canonicalisation (RFC 6376 §3.4.5 example) ------------------------------------------------------

namespace {
dkim::canon canon_named(const nlohmann::json& v) { return v["canon"] == "simple" ? dkim::canon::simple : dkim::canon::relaxed; }
}  // namespace

TEST(Canon, Vectors) {
  auto data = test::data_json("dkim/canon.json");
  ASSERT_FALSE(data.is_discarded());
  ASSERT_GE(data["headers"].size(), 3u);
  ASSERT_GE(data["bodies"].size(), 10u);
  ASSERT_GE(data["body_hashes"].size(), 2u);
  for (const auto& v : data["headers"])
    EXPECT_EQ(dkim::canonicalize_header(canon_named(v), v["input"].get<std::string>()), v["expected"].get<std::string>())
        << v["canon"] << " " << v["input"];
  for (const auto& v : data["bodies"])
    EXPECT_EQ(dkim::canonicalize_body(canon_named(v), v["input"].get<std::string>()), v["expected"].get<std::string>())
        << v["canon"] << " " << v["input"];
  for (const auto& v : data["body_hashes"]) {
    ASSERT_EQ(v["alg"], "sha256");
    EXPECT_EQ(base64::encode(dkim::body_hash(canon_named(v), crypto::hash_alg::sha256, v["input"].get<std::string>(), std::nullopt)),
              v["expected"].get<std::string>())
        << v["canon"];
  }
}

TEST(Canon, StreamingEqualsWhole) {
  const std::string body = "a  b\t\r\n\r\n c \r\r\n\r\n\r\n  \r\nend \r\none two  three\t four five \r\n x y\r\n\r\n";
  for (auto c : {dkim::canon::simple, dkim::canon::relaxed})
    for (std::size_t step = 1; step < 6; ++step) {
      dkim::body_canonicalizer bc(c);
      std::string out;
      for (std::size_t i = 0; i < body.size(); i += step) bc.update(std::string_view(body).substr(i, step), out);
      bc.finish(out);
      EXPECT_EQ(out, dkim::canonicalize_body(c, body));
    }
}

// The relaxed canonicaliser judges eight bytes at a time; this checks it against the rule written
// line by line (RFC 6376 §3.4.4: WSP runs become one SP, WSP at line end goes, trailing empty lines go,
// a non-empty body ends in CRLF), over many short bodies of the bytes that matter, each fed whole and
// in pieces (a word may end anywhere: in a run, on a space, between CR and LF).
TEST(Canon, RelaxedBodyEqualsLineByLineRule) {
  auto reference = [](const std::string& body) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    std::string rest;
    for (;;) {
      auto eol = body.find("\r\n", pos);
      if (eol == std::string::npos) {
        rest = body.substr(pos);
        break;
      }
      lines.push_back(body.substr(pos, eol - pos));
      pos = eol + 2;
    }
    if (!rest.empty()) lines.push_back(rest);  // a last line without CRLF gets one
    for (auto& l : lines) {
      std::string o;
      bool ws = false;
      for (char ch : l) {
        if (ch == ' ' || ch == '\t') {
          ws = true;
          continue;
        }
        if (ws) o += ' ';
        ws = false;
        o += ch;
      }
      l = o;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    std::string out;
    for (const auto& l : lines) out += l + "\r\n";
    return out;
  };
  const char alphabet[] = {' ', ' ', ' ', '\t', '\r', '\n', 'a', 'b', 'c', 'd'};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  for (int round = 0; round < 20000; ++round) {
    std::string body;
    std::size_t len = next() % 48;
    for (std::size_t i = 0; i < len; ++i) body += alphabet[next() % sizeof alphabet];
    // Bare LF and CR are content for the canonicaliser (the parser normalises line ends first); the
    // line rule above treats them alike, so the rule holds for every body.
    std::string want = reference(body);
    ASSERT_EQ(dkim::canonicalize_body(dkim::canon::relaxed, body), want) << body;
    std::size_t step = 1 + next() % 11;
    dkim::body_canonicalizer bc(dkim::canon::relaxed);
    std::string out;
    for (std::size_t i = 0; i < body.size(); i += step) bc.update(std::string_view(body).substr(i, step), out);
    bc.finish(out);
    ASSERT_EQ(out, want) << body << " step " << step;
    std::uint64_t total = 0;
    ASSERT_EQ(dkim::body_hash(dkim::canon::relaxed, crypto::hash_alg::sha256, body, std::nullopt, &total),
              crypto::sha256(want));
    ASSERT_EQ(total, want.size());
  }
}

// body_hash hashes simple bodies in place and relaxed ones through the canonicaliser: both must equal
// the hash of canonicalize_body's output cut at l=, whatever the body's ending.
TEST(Canon, BodyHashEqualsHashOfCanonicalBody) {
  const std::string bodies[] = {"", "\r\n", "\r\n\r\n", "x", "x\r\n", "x\r\n\r\n\r\n", "a  b\t\r\n\r\n c \r\r\n",
                                "lone cr\r", "lone lf\n", "lf then crlf\n\r\n", "cr cr lf\r\r\n\r\n", " \t \r\n \r\n"};
  for (const auto& body : bodies)
    for (auto c : {dkim::canon::simple, dkim::canon::relaxed}) {
      std::string canonical = dkim::canonicalize_body(c, body);
      for (std::optional<std::uint64_t> l : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{0},
                                            std::optional<std::uint64_t>{1}, std::optional<std::uint64_t>{3},
                                            std::optional<std::uint64_t>{100}}) {
        std::uint64_t total = 0;
        auto got = dkim::body_hash(c, crypto::hash_alg::sha256, body, l, &total);
        std::string_view cut = std::string_view(canonical).substr(0, l ? std::size_t(*l) : std::string_view::npos);
        EXPECT_EQ(got, crypto::sha256(cut)) << int(c) << " [" << body << "] l=" << (l ? int(*l) : -1);
        EXPECT_EQ(total, canonical.size());
      }
    }
}

// --- verification ------------------------------------------------------------------------------------

TEST(Verify, RoundTripEveryAlgorithmAndCanon) {
  auto c = default_cache();
  for (auto hc : {dkim::canon::simple, dkim::canon::relaxed})
    for (auto bc : {dkim::canon::simple, dkim::canon::relaxed})
      for (auto [sel, alg, key] : {std::tuple{"rsa", dkim::algorithm::rsa_sha256, &test_keys().rsa},
                                   std::tuple{"ed", dkim::algorithm::ed25519_sha256, &test_keys().ed}}) {
        auto o = opts(sel, alg);
        o.header_canon = hc;
        o.body_canon = bc;
        auto r = verify_with(signed_with(kMessage, *key, o), c);
        ASSERT_EQ(r.signatures.size(), 1u);
        const auto& s = r.signatures[0];
        EXPECT_EQ(s.result, dkim::verdict::pass) << sel << " " << s.human << " " << s.detail;
        EXPECT_TRUE(s.author_signature);
        EXPECT_EQ(s.body, dkim::body_hash_state::match);
        EXPECT_TRUE(s.from_oversigned);
        EXPECT_EQ(s.oversigned, std::vector<std::string>{"from"});
        EXPECT_TRUE(s.signed_fields_absent.empty());
        EXPECT_FALSE(s.human.empty());
      }
}

TEST(Verify, AsksForEveryKeyInOneRound) {
  auto msg = signed_with(signed_with(kMessage, test_keys().rsa, opts("rsa")), test_keys().ed,
                         opts("ed", dkim::algorithm::ed25519_sha256));
  dns::cache empty;
  dns::lookup_context ctx(empty);
  auto r = dkim::verify(ctx, dkim::view_of_raw(msg), 1800000000);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(ctx.pending().size(), 2u);
  for (const auto& s : r.signatures) {
    EXPECT_TRUE(s.pending);
    EXPECT_EQ(s.why, dkim::reason::pending);
  }
  // One key missing does not stop the other.
  dns::cache half;
  half.add(txt_answer("ed._domainkey.example.com", {{test_keys().ed.record}}));
  dns::lookup_context ctx2(half);
  auto r2 = dkim::verify(ctx2, dkim::view_of_raw(msg), 1800000000);
  EXPECT_EQ(r2.signatures[0].result, dkim::verdict::pass);
  EXPECT_TRUE(r2.signatures[1].pending);
  EXPECT_EQ(r2.overall(), dkim::verdict::pass);
}

TEST(Verify, DnsOutcomes) {
  auto msg = signed_with(kMessage, test_keys().rsa, opts("rsa"));
  auto run = [&](dns::answer a) {
    dns::cache c;
    c.add(std::move(a));
    return verify_with(msg, c).signatures.at(0);
  };
  const std::string n = "rsa._domainkey.example.com";
  EXPECT_EQ(run(txt_answer(n, {}, dns::status::timeout)).result, dkim::verdict::temperror);
  EXPECT_EQ(run(txt_answer(n, {}, dns::status::servfail)).why, dkim::reason::key_unavailable);
  EXPECT_EQ(run(txt_answer(n, {}, dns::status::nxdomain)).why, dkim::reason::key_not_found);
  EXPECT_EQ(run(txt_answer(n, {})).why, dkim::reason::key_not_found);
  EXPECT_EQ(run(txt_answer(n, {{test_keys().rsa.record}, {"v=spf1 -all"}})).why, dkim::reason::key_multiple_records);
  EXPECT_EQ(run(txt_answer(n, {{"v=DKIM1; p="}})).why, dkim::reason::key_revoked);
  EXPECT_EQ(run(txt_answer(n, {{test_keys().ed.record}})).why, dkim::reason::key_type_mismatch);
  EXPECT_EQ(run(txt_answer(n, {{"h=sha1; " + test_keys().rsa.record.substr(9)}})).why, dkim::reason::key_hash_not_allowed);
  EXPECT_EQ(run(txt_answer(n, {{"s=tlsrpt; p=" + test_keys().rsa.public_b64}})).why, dkim::reason::key_service_not_email);
  auto t = run(txt_answer(n, {{"t=y; p=" + test_keys().rsa.public_b64}}));
  EXPECT_EQ(t.result, dkim::verdict::pass);
  EXPECT_TRUE(t.key_testing);
  auto cn = txt_answer(n, {dkim::split_txt(test_keys().rsa.record)});
  cn.cname_chain = {"rsa.dkim.provider.example"};
  auto viac = run(cn);
  EXPECT_EQ(viac.result, dkim::verdict::pass);
  EXPECT_EQ(viac.cname_chain.at(0), "rsa.dkim.provider.example");
}

TEST(Verify, BodyForensics) {
  auto o = opts("rsa");
  o.body_canon = dkim::canon::simple;
  auto msg = signed_with(kMessage, test_keys().rsa, o);
  // Whitespace-only change: relaxed would have matched.
  std::string ws = msg;
  ws.replace(ws.find("see you   soon."), 15, "see you soon.");
  auto c = default_cache();
  auto s = verify_with(ws, c).signatures.at(0);
  EXPECT_EQ(s.why, dkim::reason::body_hash_mismatch);
  EXPECT_EQ(s.body, dkim::body_hash_state::mismatch);
  EXPECT_EQ(s.header_signature, dkim::header_sig_state::valid);
  EXPECT_FALSE(s.other_canon_matches.value());
  // Trailing whitespace added to a line of a simple-signed body.
  auto simple_msg = signed_with(kMessage, test_keys().rsa, o);
  std::string trailing = simple_msg;
  trailing.replace(trailing.find("Hi Bob,"), 7, "Hi Bob,   ");
  auto s2 = verify_with(trailing, c).signatures.at(0);
  EXPECT_EQ(s2.why, dkim::reason::body_hash_mismatch);
  EXPECT_FALSE(s2.other_canon_matches.value());  // relaxed differs from the simple bh= anyway
  EXPECT_NE(s2.human.find("body"), std::string::npos);
}

TEST(Verify, OtherCanonWouldMatch) {
  // A signer that claims simple but hashed relaxed: the forensics say relaxed would have matched.
  auto o = opts("rsa");
  o.body_canon = dkim::canon::relaxed;
  auto field = *dkim::sign(dkim::view_of_raw(kMessage), test_keys().rsa.key, o, rng());
  const std::string whole = field + kMessage;  // the view points into it
  auto view = dkim::view_of_raw(whole);
  auto bh = dkim::parse_signature(std::string(view.fields[0].raw.substr(15)), 0).sig->bh_text;
  std::string fake = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=rsa; h=from; bh=" + bh +
                     "; b=AAAA\r\n" + kMessage;
  auto c = default_cache();
  auto s = verify_with(fake, c).signatures.at(0);
  EXPECT_EQ(s.why, dkim::reason::body_hash_mismatch);
  EXPECT_TRUE(s.other_canon_matches.value()) << bh << " " << s.body_hash_computed << " " << s.body_canon;
  EXPECT_NE(s.human.find("other canonicalization"), std::string::npos);
}

TEST(Verify, LengthLimit) {
  auto o = opts("rsa");
  o.length = 9;
  auto msg = signed_with(kMessage, test_keys().rsa, o);
  msg += "Appended by an attacker\r\n";
  auto c = default_cache();
  auto s = verify_with(msg, c).signatures.at(0);
  EXPECT_EQ(s.result, dkim::verdict::pass);
  EXPECT_TRUE(s.length_limited);
  EXPECT_EQ(s.signed_body_bytes, 9u);
  EXPECT_GT(s.unsigned_body_bytes, 20u);
}

TEST(Verify, HeadersOnlyNeverFailsOnBody) {
  auto msg = signed_with(kMessage, test_keys().ed, opts("ed", dkim::algorithm::ed25519_sha256));
  std::string headers = msg.substr(0, msg.find("\r\n\r\n") + 2);
  auto c = default_cache();
  auto s = verify_with(headers, c).signatures.at(0);
  EXPECT_EQ(s.result, dkim::verdict::pass);
  EXPECT_EQ(s.body, dkim::body_hash_state::not_provided);
  EXPECT_EQ(s.header_signature, dkim::header_sig_state::valid);
}

TEST(Verify, HeaderTamperingAndDuplicates) {
  auto msg = signed_with(kMessage, test_keys().rsa, opts("rsa"));
  auto c = default_cache();
  std::string subj = msg;
  subj.replace(subj.find("Hello  there"), 12, "Hello there!");
  auto s = verify_with(subj, c).signatures.at(0);
  EXPECT_EQ(s.why, dkim::reason::signature_mismatch);
  EXPECT_EQ(s.body, dkim::body_hash_state::match);
  // A second Subject added above: not covered (Subject is signed once), reported as unsigned duplicate.
  std::string dup = "Subject: Urgent\r\n" + msg;
  auto d = verify_with(dup, c).signatures.at(0);
  EXPECT_EQ(d.result, dkim::verdict::pass);  // bottom-up selection still finds the signed one
  EXPECT_EQ(d.unsigned_duplicates, std::vector<std::string>{"subject"});
  EXPECT_EQ(d.signed_fields_duplicated, std::vector<std::string>{"subject"});
  // Relaxed header canonicalisation tolerates refolding.
  std::string folded = msg;
  folded.replace(folded.find("Subject: Hello  there"), 21, "Subject:  Hello\r\n  there");
  EXPECT_EQ(verify_with(folded, c).signatures.at(0).result, dkim::verdict::pass);
}

// The h= forensics: names compared without case, counted against the message, listed sorted.
TEST(Verify, SignedFieldForensicsSortedAndCaseless) {
  auto o = opts("rsa");
  o.headers = {"Subject", "from", "X-Absent", "To"};  // the signer adds a second "from" (oversigning)
  auto msg = "subject: Urgent\r\n" + signed_with(kMessage, test_keys().rsa, o);
  auto c = default_cache();
  auto s = verify_with(msg, c).signatures.at(0);
  EXPECT_EQ(s.result, dkim::verdict::pass);
  EXPECT_TRUE(s.from_oversigned);
  EXPECT_EQ(s.oversigned, std::vector<std::string>{"from"});
  EXPECT_EQ(s.unsigned_duplicates, std::vector<std::string>{"subject"});
  EXPECT_EQ(s.signed_fields_duplicated, std::vector<std::string>{"subject"});
  EXPECT_EQ(s.signed_fields_absent, std::vector<std::string>{"x-absent"});
}

TEST(Verify, Sha1PolicyAndSmallKeys) {
  auto c = default_cache();
  auto s1 = verify_with(signed_with(kMessage, test_keys().rsa, opts("rsa", dkim::algorithm::rsa_sha1)), c).signatures.at(0);
  EXPECT_EQ(s1.result, dkim::verdict::policy);
  EXPECT_EQ(s1.why, dkim::reason::sha1_policy);
  EXPECT_EQ(s1.header_signature, dkim::header_sig_state::valid);
  auto sm = verify_with(signed_with(kMessage, test_keys().small, opts("small")), c).signatures.at(0);
  EXPECT_EQ(sm.result, dkim::verdict::fail);
  EXPECT_EQ(sm.why, dkim::reason::key_too_small);
  EXPECT_EQ(sm.key_bits, 512u);
  EXPECT_TRUE(sm.key_weak);
}

TEST(Verify, ExpiryAndFutureTimestamps) {
  auto o = opts("rsa");
  o.timestamp = 1000;
  o.expiration = 2000;
  auto msg = signed_with(kMessage, test_keys().rsa, o);
  auto c = default_cache();
  EXPECT_EQ(verify_with(msg, c, 1500).signatures.at(0).result, dkim::verdict::pass);
  auto late = verify_with(msg, c, 2001).signatures.at(0);
  EXPECT_EQ(late.why, dkim::reason::sig_expired);
  EXPECT_EQ(late.result, dkim::verdict::permerror);
  auto early = verify_with(msg, c, 100).signatures.at(0);
  EXPECT_TRUE(early.timestamp_in_future);
  EXPECT_EQ(early.result, dkim::verdict::pass);
}

TEST(Verify, ThirdPartySignature) {
  auto o = opts("rsa");
  o.domain = "esp.example";
  auto msg = signed_with(kMessage, test_keys().rsa, o);
  dns::cache c;
  c.add(txt_answer("rsa._domainkey.esp.example", {{test_keys().rsa.record}}));
  auto s = verify_with(msg, c).signatures.at(0);
  EXPECT_EQ(s.result, dkim::verdict::pass);
  EXPECT_FALSE(s.author_signature);
  EXPECT_EQ(s.from_domain, "mail.example.com");
}

TEST(Verify, MemoComputesEachBodyHashOnce) {
  auto msg = signed_with(signed_with(kMessage, test_keys().rsa, opts("rsa")), test_keys().ed,
                         opts("ed", dkim::algorithm::ed25519_sha256));
  auto c = default_cache();
  dkim::memo m;
  for (int i = 0; i < 3; ++i) {
    auto r = verify_with(msg, c, 1800000000, &m);
    EXPECT_EQ(r.overall(), dkim::verdict::pass);
  }
  EXPECT_EQ(m.body_hash_computations(), 1u);  // same (relaxed, sha256, no l=) for both signatures
}

TEST(Verify, NoSignatureAndTooMany) {
  dns::cache c;
  EXPECT_EQ(verify_with(kMessage, c).overall(), dkim::verdict::none);
  std::string many = kMessage;
  for (int i = 0; i < 10; ++i) many = "DKIM-Signature: garbage\r\n" + many;
  auto r = verify_with(many, c);
  EXPECT_EQ(r.signatures.size(), 10u);
  EXPECT_EQ(r.signatures.back().why, dkim::reason::too_many_signatures);
  EXPECT_EQ(r.signatures.front().result, dkim::verdict::permerror);
}

// --- signing, keys, records ---------------------------------------------------------------------------

TEST(Sign, DefaultHeadersAndErrors) {
  std::string msg = "From: a@example.com\r\nTo: b@example.net\r\nList-Unsubscribe: <https://x.example/u>\r\n"
                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nX-Other: 1\r\n\r\nbody\r\n";
  auto f = dkim::sign(dkim::view_of_raw(msg), test_keys().ed.key, opts("ed", dkim::algorithm::ed25519_sha256), rng());
  ASSERT_TRUE(f.ok());
  EXPECT_NE(f->find("h=from:to:list-unsubscribe:list-unsubscribe-post:from;"), std::string::npos) << *f;
  for (auto line : str_lines(*f)) EXPECT_LE(line.size(), 80u);
  EXPECT_FALSE(dkim::sign(dkim::view_of_raw("To: x@y\r\n\r\n"), test_keys().ed.key, opts("ed", dkim::algorithm::ed25519_sha256), rng()).ok());
  EXPECT_FALSE(dkim::sign(dkim::view_of_raw(msg), test_keys().ed.key, opts("ed"), rng()).ok());  // key/alg mismatch
  auto bad = opts("ed", dkim::algorithm::ed25519_sha256);
  bad.domain = "exa mple.com";
  EXPECT_FALSE(dkim::sign(dkim::view_of_raw(msg), test_keys().ed.key, bad, rng()).ok());
}

TEST(Keygen, RecordsAndSnippets) {
  const auto& k = test_keys().rsa;
  EXPECT_EQ(k.record.rfind("v=DKIM1; k=rsa; p=MIIBIjANBg", 0), 0u);
  ASSERT_EQ(k.strings.size(), 2u);
  EXPECT_EQ(k.strings[0].size(), 255u);
  EXPECT_EQ(k.strings[0] + k.strings[1], k.record);
  EXPECT_NE(k.zone_snippet.find("rsa._domainkey.example.com. 3600 IN TXT ( \"v=DKIM1;"), std::string::npos);
  EXPECT_NE(k.private_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  auto back = dkim::parse_private_key(k.private_pem);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->type, dkim::key_type::rsa);
  auto edback = dkim::parse_private_key(test_keys().ed.private_pem);
  ASSERT_TRUE(edback.ok());
  EXPECT_EQ(edback->type, dkim::key_type::ed25519);
  EXPECT_EQ(test_keys().ed.strings.size(), 1u);
  EXPECT_EQ(dkim::parse_key_record(k.record).key->bits, 2048u);
  EXPECT_FALSE(dkim::keygen(dkim::key_type::rsa, 512, "example.com", "s", rng()).ok());
  EXPECT_EQ(dkim::split_txt(std::string(600, 'a')).size(), 3u);
}

TEST(Names, StableCodes) {
  EXPECT_EQ(dkim::to_string(dkim::verdict::permerror), "permerror");
  EXPECT_EQ(dkim::to_string(dkim::reason::body_hash_mismatch), "body_hash_mismatch");
  EXPECT_EQ(dkim::to_string(dkim::reason::key_revoked), "key_revoked");
  EXPECT_EQ(dkim::to_string(dkim::algorithm::ed25519_sha256), "ed25519-sha256");
  EXPECT_EQ(dkim::to_string(dkim::body_hash_state::not_provided), "not_provided");
}
