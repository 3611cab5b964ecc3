// check_host(): results, identities, limits, hostile policies, sans-I/O rounds, header fields.
#include <gtest/gtest.h>

#include <chrono>

#include "authlens/spf.hpp"
#include "spf_test_zone.hpp"

namespace {

using namespace authlens;
using spf::result_code;
using spf_test::req;
using spf_test::run;
using spf_test::zone;

TEST(SpfCheck, BasicResults) {
  zone z;
  z.spf("example.com", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a:mail.example.com ~all exp=why.example.com");
  z.add("mail.example.com", dns::rr_type::a, "198.51.100.7");
  z.txt("why.example.com", {"%{i} is not one of %{d}'s ", "servers"});
  EXPECT_EQ(run(z, req("192.0.2.9", "u@example.com")).result, result_code::pass);
  EXPECT_EQ(run(z, req("2001:db8::1", "u@example.com")).result, result_code::pass);
  EXPECT_EQ(run(z, req("::ffff:192.0.2.9", "u@example.com")).result, result_code::pass);  // mapped → IPv4
  auto a = run(z, req("198.51.100.7", "u@example.com"));
  EXPECT_EQ(a.result, result_code::pass);
  EXPECT_EQ(a.matched, "a:mail.example.com");
  EXPECT_EQ(a.matched_domain, "example.com");
  EXPECT_EQ(a.rfc_lookups, 1);
  auto s = run(z, req("203.0.113.1", "u@example.com"));
  EXPECT_EQ(s.result, result_code::softfail);
  EXPECT_TRUE(s.explanation.empty());

  z.spf("fail.example", "v=spf1 -all exp=why.example.com");
  auto f = run(z, req("203.0.113.1", "u@fail.example"));
  EXPECT_EQ(f.result, result_code::fail);
  EXPECT_EQ(f.explanation, "203.0.113.1 is not one of fail.example's servers");
  EXPECT_EQ(f.matched, "-all");

  z.spf("noexp.example", "v=spf1 -all exp=missing.example");  // exp= failures are ignored
  auto d = run(z, req("203.0.113.1", "u@noexp.example"));
  EXPECT_EQ(d.result, result_code::fail);
  EXPECT_EQ(d.explanation, "noexp.example does not designate 203.0.113.1 as permitted sender");

  z.spf("neutral.example", "v=spf1 ip4:192.0.2.1");
  EXPECT_EQ(run(z, req("203.0.113.1", "u@neutral.example")).result, result_code::neutral);
  EXPECT_EQ(run(z, req("203.0.113.1", "u@nothing.example")).result, result_code::none);
  z.txt("two.example", {"v=spf1 -all"}).txt("two.example", {"v=spf1 +all"});
  auto two = run(z, req("203.0.113.1", "u@two.example"));
  EXPECT_EQ(two.result, result_code::permerror);
  EXPECT_EQ(two.reason, spf::reason::multiple_records);
  z.txt("split.example", {"v=spf1 ip4:203.0.113.1", " -all"});  // strings joined without separators
  EXPECT_EQ(run(z, req("203.0.113.1", "u@split.example")).result, result_code::pass);
  z.status("down.example", dns::rr_type::txt, dns::status::servfail);
  EXPECT_EQ(run(z, req("203.0.113.1", "u@down.example")).result, result_code::temperror);
}

TEST(SpfCheck, Identities) {
  zone z;
  z.spf("example.com", "v=spf1 -all");
  z.spf("mail.example.org", "v=spf1 +all");
  auto mf = run(z, req("203.0.113.1", "<u@example.com>"));
  EXPECT_EQ(mf.result, result_code::fail);
  EXPECT_EQ(mf.checked, spf::identity::mailfrom);
  EXPECT_EQ(mf.sender, "u@example.com");
  auto empty = run(z, req("203.0.113.1", ""));
  EXPECT_EQ(empty.result, result_code::pass);  // null reverse-path: the HELO identity
  EXPECT_EQ(empty.checked, spf::identity::helo);
  EXPECT_EQ(empty.sender, "postmaster@mail.example.org");
  auto nolocal = run(z, req("203.0.113.1", "@example.com"));
  EXPECT_EQ(nolocal.sender, "postmaster@example.com");
  spf::request h = req("203.0.113.1", "u@example.com");
  h.which = spf::identity::helo;
  EXPECT_EQ(run(z, h).result, result_code::pass);
  EXPECT_EQ(run(z, req("203.0.113.1", "", "[192.0.2.1]")).result, result_code::none);  // literal
  EXPECT_EQ(run(z, req("203.0.113.1", "", "localhost")).result, result_code::none);    // not an FQDN
}

TEST(SpfCheck, IncludeAndRedirect) {
  zone z;
  z.spf("example.com", "v=spf1 include:a.example include:b.example -all");
  z.spf("a.example", "v=spf1 ip4:192.0.2.1 -all");
  z.spf("b.example", "v=spf1 ip4:192.0.2.2 ?all");
  auto p = run(z, req("192.0.2.2", "u@example.com"));
  EXPECT_EQ(p.result, result_code::pass);
  EXPECT_EQ(p.matched, "ip4:192.0.2.2");
  EXPECT_EQ(p.matched_domain, "b.example");
  ASSERT_EQ(p.tree.children.size(), 2u);
  EXPECT_EQ(p.tree.children[0].result, result_code::fail);
  EXPECT_EQ(p.tree.lookup_terms.size(), 2u);
  EXPECT_EQ(run(z, req("192.0.2.3", "u@example.com")).result, result_code::fail);

  z.spf("none.example", "v=spf1 include:nowhere.example -all");
  auto n = run(z, req("192.0.2.3", "u@none.example"));
  EXPECT_EQ(n.result, result_code::permerror);
  EXPECT_EQ(n.reason, spf::reason::include_none);

  z.spf("r.example", "v=spf1 ip4:198.51.100.1 redirect=target.example exp=ignored.example");
  z.spf("target.example", "v=spf1 -all exp=exp.target.example");
  z.txt("exp.target.example", {"go away %{d}"});
  auto r = run(z, req("192.0.2.3", "u@r.example"));
  EXPECT_EQ(r.result, result_code::fail);
  EXPECT_EQ(r.explanation, "go away target.example");  // the redirect target's exp, its %{d}
  z.spf("rn.example", "v=spf1 redirect=nowhere.example");
  EXPECT_EQ(run(z, req("192.0.2.3", "u@rn.example")).reason, spf::reason::redirect_none);
}

TEST(SpfCheck, MxPtrExists) {
  zone z;
  z.spf("example.com", "v=spf1 mx ptr exists:%{ir}.list.example -all");
  z.add("example.com", dns::rr_type::mx, "10 mx1.example.com.").add("example.com", dns::rr_type::mx, "20 mx2.example.com.");
  z.add("mx1.example.com", dns::rr_type::a, "192.0.2.10");
  z.add("mx2.example.com", dns::rr_type::aaaa, "2001:db8::25");
  z.add("11.2.0.192.in-addr.arpa", dns::rr_type::ptr, "host.example.com.");
  z.add("host.example.com", dns::rr_type::a, "192.0.2.11");
  z.add("12.2.0.192.list.example", dns::rr_type::a, "127.0.0.2");
  EXPECT_EQ(run(z, req("192.0.2.10", "u@example.com")).matched, "mx");
  EXPECT_EQ(run(z, req("2001:db8::25", "u@example.com")).matched, "mx");
  EXPECT_EQ(run(z, req("192.0.2.11", "u@example.com")).matched, "ptr");
  EXPECT_EQ(run(z, req("192.0.2.12", "u@example.com")).matched, "exists:%{ir}.list.example");
  EXPECT_EQ(run(z, req("192.0.2.13", "u@example.com")).result, result_code::fail);
  z.status("bad.example", dns::rr_type::a, dns::status::timeout);
  z.spf("t.example", "v=spf1 a:bad.example -all");
  auto t = run(z, req("192.0.2.13", "u@t.example"));
  EXPECT_EQ(t.result, result_code::temperror);
  EXPECT_EQ(t.reason, spf::reason::dns_error);
  // %{p}: the validated name.
  z.spf("p.example", "v=spf1 -all exp=e.p.example");
  z.txt("e.p.example", {"connect from %{p}"});
  EXPECT_EQ(run(z, req("192.0.2.11", "u@p.example")).explanation, "connect from host.example.com");
  EXPECT_EQ(run(z, req("192.0.2.99", "u@p.example")).explanation, "connect from unknown");
}

TEST(SpfCheck, LookupLimitsAreConfigurable) {
  zone z;
  std::string rec = "v=spf1";
  for (int i = 1; i <= 11; ++i) rec += " a:h" + std::to_string(i) + ".example.com";
  z.spf("example.com", rec + " -all");
  for (int i = 1; i <= 11; ++i) z.add("h" + std::to_string(i) + ".example.com", dns::rr_type::a, "10.0.0." + std::to_string(i));
  auto e = run(z, req("192.0.2.1", "u@example.com"));
  EXPECT_EQ(e.result, result_code::permerror);
  EXPECT_EQ(e.reason, spf::reason::too_many_lookups);
  EXPECT_EQ(e.rfc_lookups, 11);
  EXPECT_EQ(run(z, req("10.0.0.10", "u@example.com")).result, result_code::pass);  // the 10th is fine
  spf::options o;
  o.max_dns_terms = 20;
  EXPECT_EQ(run(z, req("192.0.2.1", "u@example.com"), o).result, result_code::fail);
}

// --- hostile policies: each ends in the right error, quickly ---------------------------------

TEST(SpfHostile, IncludeLoop) {
  zone z;
  z.spf("a.example", "v=spf1 include:b.example -all");
  z.spf("b.example", "v=spf1 include:a.example -all");
  z.spf("self.example", "v=spf1 include:self.example redirect=self.example");
  auto e = run(z, req("192.0.2.1", "u@a.example"));
  EXPECT_EQ(e.result, result_code::permerror);
  EXPECT_EQ(e.reason, spf::reason::too_many_lookups);
  EXPECT_EQ(run(z, req("192.0.2.1", "u@self.example")).reason, spf::reason::too_many_lookups);
  EXPECT_LE(z.batches, 8);
}

TEST(SpfHostile, TenThousandAddressMx) {
  zone z;
  z.spf("example.com", "v=spf1 mx -all");
  for (int i = 0; i < 10000; ++i)
    z.add("example.com", dns::rr_type::mx, std::to_string(i) + " mx" + std::to_string(i) + ".example.com.");
  for (int i = 0; i < 10000; ++i) z.add("mx0.example.com", dns::rr_type::a, "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1");
  auto start = std::chrono::steady_clock::now();
  dns::drive_stats st;
  auto e = run(z, req("192.0.2.1", "u@example.com"), {}, &st);
  EXPECT_EQ(e.result, result_code::permerror);
  EXPECT_EQ(e.reason, spf::reason::too_many_mx);
  EXPECT_LE(st.questions, 12);  // TXT, MX and the first ten exchanges only
  // A 10,000-address A RRset is simply compared.
  EXPECT_EQ(run(z, req("10.39.15.1", "u@example.com")).result, result_code::pass);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));  // generous: sanitizer builds
}

TEST(SpfHostile, MacroBomb) {
  zone z;
  std::string rec = "v=spf1";
  for (int i = 0; i < 400; ++i) rec += " exists:%{s}%{s}%{s}%{s}.%{l}.%{d}";
  z.spf("example.com", rec + " -all");
  std::string local(60, 'x');
  auto e = run(z, req("192.0.2.1", local + "@example.com"));
  EXPECT_EQ(e.result, result_code::permerror);  // the 11th exists
  EXPECT_EQ(e.rfc_lookups, 11);
  for (const auto& q : z.asked) EXPECT_LE(q.name.size(), 253u);  // long expansions truncated from the left
  // %{p} everywhere: PTR + ten A lookups at most, per term.
  zone p;
  p.spf("example.com", "v=spf1 exists:%{p}.a.example exists:%{p}.b.example -all");
  for (int i = 0; i < 50; ++i) p.add("1.2.0.192.in-addr.arpa", dns::rr_type::ptr, "h" + std::to_string(i) + ".example.com.");
  auto pe = run(p, req("192.0.2.1", "u@example.com"));
  EXPECT_EQ(pe.result, result_code::fail);
  EXPECT_LE(p.asked.size(), 16u);
}

TEST(SpfHostile, VoidFlood) {
  zone z;
  std::string rec = "v=spf1";
  for (int i = 0; i < 100; ++i) rec += " a:void" + std::to_string(i) + ".example";
  z.spf("example.com", rec + " -all");
  auto e = run(z, req("192.0.2.1", "u@example.com"));
  EXPECT_EQ(e.result, result_code::permerror);
  EXPECT_EQ(e.reason, spf::reason::too_many_void_lookups);
  EXPECT_EQ(e.void_lookups, 3);
  spf::options o;
  o.max_void_lookups = 1000;
  EXPECT_EQ(run(z, req("192.0.2.1", "u@example.com"), o).reason, spf::reason::too_many_lookups);
}

// --- sans-I/O ---------------------------------------------------------------------------------

TEST(SpfRounds, ThreeDeepIncludeTreeTakesFourRounds) {
  zone z;
  // Three siblings, each three levels deep: rounds follow the depth, not the number of lookups.
  z.spf("example.com", "v=spf1 include:a1.example include:b1.example include:c1.example mx -all");
  for (std::string p : {"a", "b", "c"}) {
    z.spf(p + "1.example", "v=spf1 include:" + p + "2.example -all");
    z.spf(p + "2.example", "v=spf1 include:" + p + "3.example -all");
    z.spf(p + "3.example", "v=spf1 ip4:10." + std::to_string(p[0]) + ".0.0/16 -all");
  }
  z.add("example.com", dns::rr_type::mx, "10 mx.example.com.");
  z.add("mx.example.com", dns::rr_type::a, "192.0.2.25");
  dns::drive_stats st;
  auto e = run(z, req("10.99.1.1", "u@example.com"), {}, &st);  // 'c' = 99: the last branch
  EXPECT_EQ(e.result, result_code::pass);
  EXPECT_GE(st.rounds, 3);
  EXPECT_LE(st.rounds, 4);
  EXPECT_EQ(e.matched_domain, "c3.example");
  EXPECT_EQ(e.rfc_lookups, 9);  // three includes per branch

  zone m;  // the mx branch, with every include failing: still 4 rounds
  m.data = z.data;
  dns::drive_stats st2;
  EXPECT_EQ(run(m, req("192.0.2.25", "u@example.com"), {}, &st2).matched, "mx");
  EXPECT_LE(st2.rounds, 4);
}

TEST(SpfRounds, PrefetchDoesNotCount) {
  zone z;
  z.spf("example.com", "v=spf1 include:a.example include:b.example include:c.example -all");
  z.spf("a.example", "v=spf1 ip4:192.0.2.1 -all");
  z.spf("b.example", "v=spf1 a:x.example a:y.example a:z.example -all");
  z.spf("c.example", "v=spf1 -all");
  dns::cache c;
  auto e = spf::evaluate(c, req("192.0.2.1", "u@example.com"), z.resolver());
  EXPECT_EQ(e.result, result_code::pass);
  EXPECT_EQ(e.rfc_lookups, 1);  // b and c were fetched ahead but never evaluated
  EXPECT_EQ(e.void_lookups, 0);
  EXPECT_NE(c.find(dns::make_question("b.example", dns::rr_type::txt)), nullptr);
  ASSERT_EQ(e.tree.children.size(), 1u);

  // One evaluation on an empty cache: done == false, the question pending.
  dns::cache empty;
  dns::lookup_context ctx(empty);
  auto p = spf::check_host(ctx, req("192.0.2.1", "u@example.com"));
  EXPECT_FALSE(p.done);
  ASSERT_EQ(ctx.pending().size(), 1u);
  EXPECT_EQ(ctx.pending()[0].name, "example.com");
}

TEST(SpfFields, ReceivedSpfAndAuthResults) {
  zone z;
  z.spf("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
  auto e = run(z, req("192.0.2.1", "user@example.com"));
  EXPECT_EQ(e.received_spf_field(),
            "Received-SPF: pass (mx.receiver.example: domain of user@example.com designates 192.0.2.1 as permitted "
            "sender) client-ip=192.0.2.1; envelope-from=\"user@example.com\"; helo=mail.example.org; "
            "receiver=mx.receiver.example; identity=mailfrom; mechanism=\"ip4:192.0.2.0/24\";");
  EXPECT_EQ(e.auth_results_fragment(), "spf=pass smtp.mailfrom=user@example.com");
  auto h = run(z, req("203.0.113.5", "", "example.com"));
  EXPECT_EQ(h.auth_results_fragment(), "spf=fail smtp.helo=example.com");
  z.spf("bad.example", "v=spf1 foo:bar");
  auto p = run(z, req("203.0.113.5", "u@bad.example"));
  EXPECT_NE(p.received_spf_field().find("problem="), std::string::npos);
}

}  // namespace
