// ../shared/conformance/dkim-mail-dkim-perl: the Mail::DKIM corpus, judged as an RFC 6376/8301/8463
// verifier. Expected words come from expectations.tsv's dkimpy cross-check column (RFC 6376 defaults,
// minimum key 1024), mapped to RFC 8601 words with RFC 8301 applied (rsa-sha1 → policy; keys under
// 1024 bits → fail). Two documented departures from dkimpy, where the RFC text decides:
//  - i= is dkim-quoted-printable (RFC 6376 §2.11): "jlong@messiah=2Eedu" and "jlong=40messiah.edu" decode to
//    an identity within d=, so good_qp_2/3 proceed to the key (512 bits → fail), not a syntax error;
//  - q= "foo/bar:dns/txt:exam/ple" holds dns/txt and unrecognised methods MUST be ignored (§3.5), so
//    good_83176 is judged on its signature (rsa-sha1 → policy when it verifies).
// DomainKeys-only messages (RFC 4870) must yield no DKIM result.
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "dkim_support.hpp"

using namespace authlens;
using namespace authlens::conformance::dkim_support;

namespace {

std::vector<std::string> split_cross(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') {
      std::string_view rest = std::string_view(s).substr(i + 1);
      if (rest.rfind("pass", 0) == 0 || rest.rfind("fail", 0) == 0 || rest.rfind("error(", 0) == 0) {
        out.push_back(cur);
        cur.clear();
        continue;
      }
    }
    cur += s[i];
  }
  out.push_back(cur);
  return out;
}

std::set<dkim::verdict> expected_for(const std::string& cross, const std::string& meta, const std::string& upstream) {
  using V = dkim::verdict;
  bool sha1 = meta.find("a=rsa-sha1") != std::string::npos;
  if (cross == "pass") return {sha1 ? V::policy : V::pass};
  // Where dkimpy says "fail" but Mail::DKIM calls the key unusable ("invalid": bad key length, no key,
  // empty record), the key-level verdict is permerror.
  if (cross == "fail") return upstream == "invalid" ? std::set<V>{V::permerror} : std::set<V>{V::fail};
  // A key refused for its size or for its flags (t=s with i= ≠ d=) — whichever is checked first.
  if (cross.rfind("error(KeyFormatError: public key too small", 0) == 0 && upstream == "invalid")
    return {V::fail, V::permerror};
  if (cross.rfind("error(DnsErr", 0) == 0) return {V::temperror};
  if (cross.rfind("error(KeyFormatError: public key too small", 0) == 0) return {V::fail};
  if (cross.rfind("error(body hash mismatch", 0) == 0) return {V::fail};
  if (cross.rfind("error(UnknownKeyTypeError", 0) == 0) return {V::fail, V::permerror};
  if (cross.find("foo/bar:dns/txt:exam/ple") != std::string::npos) return {sha1 ? V::policy : V::pass};
  if (cross.find("=2Eedu") != std::string::npos || cross.find("=40messiah") != std::string::npos) return {V::fail};
  return {V::permerror};
}

void load_fake_dns(fake_dns& z, const std::string& text) {
  for (auto line : str::split(text, '\n')) {
    std::string l(str::trim(line));
    if (l.empty() || l[0] == '#' || l[0] == ';') continue;
    auto sp = l.find_first_of(" \t");
    if (sp == std::string::npos) continue;
    std::string owner = l.substr(0, sp), value(str::trim(std::string_view(l).substr(sp)));
    if (value == "NXDOMAIN") z.status(owner, dns::status::nxdomain);
    else if (value == "~~Query timed out~~") z.status(owner, dns::status::timeout);
    else if (value == "~~SERVFAIL~~") z.status(owner, dns::status::servfail);
    else if (value == "\"\"") z.txt(owner, {""});
    else z.txt(owner, {value});
  }
}

}  // namespace

TEST(DkimMailDkimPerl, CorpusAsRfc8301Verifier) {
  const std::string base = dkim_dir() + "/dkim-mail-dkim-perl";
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  load_fake_dns(zone, slurp(base + "/FAKE_DNS.dat"));
  int files = 0, files_ok = 0, sigs = 0, sigs_ok = 0;
  const std::string table = slurp(base + "/expectations.tsv");  // the split views point into it
  for (auto line : str::split(table, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = str::split(line, '\t');
    if (cols.size() < 7) continue;
    std::string file(cols[0]), upstream(cols[1]), meta(cols[4]), cross(str::trim(cols[6]));
    SCOPED_TRACE(file);
    std::string text = slurp(base + "/corpus/" + file);
    ASSERT_FALSE(text.empty());
    auto m = mime::parse(text);
    auto r = run_verify(zone, dkim::view_of(m), 1700000000).result;
    ++files;
    bool ok = true;
    if (cross == "no-DKIM-Signature") {
      ok = r.signatures.empty();
      EXPECT_TRUE(ok);
    } else {
      auto want = split_cross(cross);
      auto metas = str::split(meta, '|');
      EXPECT_EQ(r.signatures.size(), want.size());
      for (std::size_t i = 0; i < want.size() && i < r.signatures.size(); ++i) {
        ++sigs;
        auto exp = expected_for(want[i], i < metas.size() ? std::string(metas[i]) : meta, want.size() == 1 ? upstream : "");
        bool good = exp.count(r.signatures[i].result) > 0;
        sigs_ok += good;
        ok = ok && good;
        EXPECT_TRUE(good) << "signature " << i << ": got " << describe(r.signatures[i]) << "; dkimpy: " << want[i];
      }
      ok = ok && r.signatures.size() == want.size();
    }
    files_ok += ok;
  }
  std::cout << "[ dkim-mail-dkim-perl ] files " << files_ok << "/" << files << ", signatures " << sigs_ok << "/" << sigs
            << "\n";
}

TEST(DkimMailDkimPerl, DirectExpectations) {
  const std::string base = dkim_dir() + "/dkim-mail-dkim-perl";
  if (!file_exists(base + "/SOURCE.md")) GTEST_SKIP() << "conformance folder absent";
  fake_dns zone;
  load_fake_dns(zone, slurp(base + "/FAKE_DNS.dat"));
  auto one = [&](const std::string& f) {
    return run_verify(zone, dkim::view_of(mime::parse(slurp(base + "/corpus/" + f))), 1700000000).result;
  };
  EXPECT_EQ(one("goodkey_ed25519.txt").signatures.at(0).result, dkim::verdict::pass);
  EXPECT_EQ(one("badkey1_ed25519.txt").signatures.at(0).why, dkim::reason::key_bad_data);
  EXPECT_EQ(one("badkey2_ed25519.txt").signatures.at(0).why, dkim::reason::signature_mismatch);
  auto b3 = one("badkey3_ed25519.txt").signatures.at(0);
  EXPECT_EQ(b3.why, dkim::reason::body_hash_mismatch);
  EXPECT_EQ(b3.header_signature, dkim::header_sig_state::valid);
  EXPECT_EQ(one("badkey4_ed25519.txt").signatures.at(0).why, dkim::reason::key_not_found);
  EXPECT_EQ(one("badkey5_ed25519.txt").signatures.at(0).result, dkim::verdict::permerror);
  EXPECT_EQ(one("badkey_14.txt").signatures.at(0).why, dkim::reason::key_unavailable);
  EXPECT_EQ(one("badkey_15.txt").signatures.at(0).why, dkim::reason::key_unavailable);
  EXPECT_EQ(one("ignore_2.txt").signatures.at(0).why, dkim::reason::sig_version);  // v=0.5 (pre-RFC)
  EXPECT_EQ(one("ignore_7.txt").signatures.at(0).why, dkim::reason::sig_expired);
  auto m2 = one("multiple_2.txt");
  ASSERT_EQ(m2.signatures.size(), 4u);
  EXPECT_EQ(m2.signatures[0].why, dkim::reason::sig_canon_unknown);
  EXPECT_EQ(m2.signatures[1].why, dkim::reason::sha1_policy);
  EXPECT_EQ(m2.signatures[1].header_signature, dkim::header_sig_state::valid);
  EXPECT_EQ(m2.signatures[2].result, dkim::verdict::fail);
  EXPECT_EQ(m2.signatures[3].result, dkim::verdict::permerror);
}
