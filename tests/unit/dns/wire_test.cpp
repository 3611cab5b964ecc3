// RFC 1035 §4 codec: hand-built packets, good and malformed.
#include <gtest/gtest.h>

#include "authlens/dns.hpp"
#include "packet.hpp"

namespace authlens::dns {
namespace {

using testing::k_reply;
using testing::packet;

std::span<const std::uint8_t> view(const packet& p) { return {p.b.data(), p.b.size()}; }

// --- build_query --------------------------------------------------------------------------

TEST(DnsWireQuery, ExactBytes) {
  auto q = build_query(make_question("Example.COM.", rr_type::txt), 0x1234);
  const std::vector<std::uint8_t> want = {
      0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,           // header, RD
      7,    'e',  'x',  'a',  'm',  'p',  'l',  'e',  3,    'c',  'o',  'm',  0,      // qname
      0x00, 0x10, 0x00, 0x01,                                                           // TXT IN
      0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};                // OPT 1232
  EXPECT_EQ(q, want);
}

TEST(DnsWireQuery, UdpSizeAndTypeAreEncoded) {
  auto q = build_query(make_question("a.b", rr_type::aaaa), 7, 4096);
  ASSERT_EQ(q.size(), 12u + 5 + 4 + 11);
  EXPECT_EQ(q[12 + 5], 0x00);
  EXPECT_EQ(q[12 + 6], 28);
  EXPECT_EQ(q[q.size() - 8], 0x10);  // 4096 = 0x1000
  EXPECT_EQ(q[q.size() - 7], 0x00);
  // Below the RFC 6891 minimum is raised to 512.
  auto small = build_query(make_question("a.b", rr_type::a), 7, 100);
  EXPECT_EQ(small[small.size() - 8], 0x02);
  EXPECT_EQ(small[small.size() - 7], 0x00);
}

TEST(DnsWireQuery, RoundTripsThroughTheParser) {
  auto bytes = build_query(make_question("_dmarc.example.org", rr_type::txt), 0xbeef);
  auto r = parse_response(bytes);
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_EQ(r->id, 0xbeef);
  EXPECT_FALSE(r->qr);
  EXPECT_TRUE(r->rd);
  ASSERT_TRUE(r->q);
  EXPECT_EQ(r->q->name, "_dmarc.example.org");
  EXPECT_EQ(r->q->type, rr_type::txt);
  EXPECT_TRUE(r->answers.empty());
}

TEST(DnsWireQuery, LabelLimits) {
  const std::string l63(63, 'a'), l64(64, 'a');
  EXPECT_FALSE(build_query(make_question(l63 + ".com", rr_type::a), 1).empty());
  EXPECT_TRUE(build_query(make_question(l64 + ".com", rr_type::a), 1).empty());
  EXPECT_TRUE(build_query(make_question("a..com", rr_type::a), 1).empty());
  EXPECT_TRUE(build_query(make_question(".a.com", rr_type::a), 1).empty());
  // 255 octets in all: four labels of 63 = 4*64 + 1 = 257 (too long); 3*64 + 62 = 254 + 1 = 255 fits.
  const std::string fits = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
  const std::string over = l63 + "." + l63 + "." + l63 + "." + std::string(62, 'b');
  EXPECT_EQ(build_query(make_question(fits, rr_type::a), 1).size(), 12u + 255 + 4 + 11);
  EXPECT_TRUE(build_query(make_question(over, rr_type::a), 1).empty());
}

TEST(DnsWireQuery, RootAndEscapes) {
  auto root = build_query(make_question("", rr_type::ns), 1);
  ASSERT_EQ(root.size(), 12u + 1 + 4 + 11);
  EXPECT_EQ(root[12], 0);
  auto esc = build_query(question{"a\\.b.c\\065", rr_type::a}, 1);
  ASSERT_FALSE(esc.empty());
  const std::vector<std::uint8_t> name(esc.begin() + 12, esc.begin() + 12 + 8);
  EXPECT_EQ(name, (std::vector<std::uint8_t>{3, 'a', '.', 'b', 2, 'c', 'A', 0}));
  EXPECT_TRUE(build_query(question{"abc\\", rr_type::a}, 1).empty());
}

// --- parse_response / to_answer -------------------------------------------------------------

TEST(DnsWireParse, SimpleAWithCompression) {
  packet p;
  p.header(0x4242, k_reply, 1, 2).question("Example.com", 1);
  p.ptr(12).rr_fixed(1, 300, 4).u8(192).u8(0).u8(2).u8(1);
  p.ptr(12).rr_fixed(1, 60, 4).u8(198).u8(51).u8(100).u8(7);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_EQ(r->id, 0x4242);
  EXPECT_TRUE(r->qr && r->rd && r->ra);
  EXPECT_FALSE(r->tc || r->ad || r->partial);
  ASSERT_EQ(r->answers.size(), 2u);
  EXPECT_EQ(r->answers[0].name, "example.com");  // owner normalised
  EXPECT_EQ(r->answers[0].data, "192.0.2.1");
  auto a = to_answer(*r, make_question("example.com", rr_type::a));
  EXPECT_EQ(a.st, status::noerror);
  EXPECT_EQ(a.records, (std::vector<std::string>{"192.0.2.1", "198.51.100.7"}));
  EXPECT_EQ(a.ttl, 60u);
  EXPECT_FALSE(a.authenticated);
}

TEST(DnsWireParse, CompressedNamesInsideRdata) {
  packet p;
  p.header(1, k_reply | 0x20, 1, 3).question("example.com", 15);  // AD set
  // MX 10 mx.<ptr to example.com>
  const std::size_t mx_at = p.pos();
  p.ptr(12).rr_fixed(15, 3600, 2 + 3 + 2).u16(10).name("mx", false).ptr(12);
  // MX 20 <ptr to mx.example.com>, whose own suffix is a pointer (pointer to a pointer chain).
  p.ptr(12).rr_fixed(15, 3600, 2 + 2).u16(20).ptr(unsigned(mx_at + 2 + 10 + 2));
  // Null MX "0 ."
  p.ptr(12).rr_fixed(15, 3600, 3).u16(0).u8(0);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code << " " << r.err().message;
  auto a = to_answer(*r, make_question("example.com", rr_type::mx));
  EXPECT_EQ(a.records, (std::vector<std::string>{"10 mx.example.com.", "20 mx.example.com.", "0 ."}));
  EXPECT_TRUE(a.authenticated);
}

TEST(DnsWireParse, PresentationOfEachType) {
  packet p;
  p.header(1, k_reply, 1, 6).question("x.test", 255);
  p.rr("x.test", 2, 1, packet::wire_name("NS1.x.test"));
  p.rr("x.test", 12, 1, packet::wire_name("host.example.com"));
  p.rr("x.test", 5, 1, packet::wire_name("alias.test"));
  std::string soa = packet::wire_name("ns.x.test") + packet::wire_name("hostmaster.x.test");
  for (std::uint32_t v : {2026112301u, 7200u, 3600u, 1209600u, 300u}) {
    packet n;
    n.u32(v);
    soa.append(n.b.begin(), n.b.end());
  }
  p.rr("x.test", 6, 1, soa);
  p.rr("x.test", 16, 1, packet::txt_rdata({"v=spf1 ", "-all", ""}));
  p.rr("x.test", 99, 1, packet::txt_rdata({"v=spf1 -all"}));
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  ASSERT_EQ(r->answers.size(), 6u);
  EXPECT_EQ(r->answers[0].data, "ns1.x.test.");
  EXPECT_EQ(r->answers[1].data, "host.example.com.");
  EXPECT_EQ(r->answers[2].data, "alias.test.");
  EXPECT_EQ(r->answers[3].data, "ns.x.test. hostmaster.x.test. 2026112301 7200 3600 1209600 300");
  EXPECT_EQ(r->answers[4].txt, (std::vector<std::string>{"v=spf1 ", "-all", ""}));
  EXPECT_TRUE(r->answers[4].data.empty());
  EXPECT_EQ(r->answers[5].txt, (std::vector<std::string>{"v=spf1 -all"}));
  EXPECT_EQ(r->q->type, static_cast<rr_type>(255));
}

std::string aaaa_text(std::initializer_list<unsigned> groups) {
  packet p;
  p.header(1, k_reply, 1, 1).question("v6.test", 28).ptr(12).rr_fixed(28, 1, 16);
  for (unsigned g : groups) p.u16(g);
  auto r = parse_response(view(p));
  if (!r.ok() || r->answers.size() != 1) return "<error>";
  return r->answers[0].data;
}

TEST(DnsWireParse, AaaaIsRfc5952Canonical) {
  EXPECT_EQ(aaaa_text({0x2001, 0x0db8, 0, 0, 0, 0, 0, 1}), "2001:db8::1");
  EXPECT_EQ(aaaa_text({0x2001, 0xdb8, 0, 1, 0, 0, 0, 1}), "2001:db8:0:1::1");
  EXPECT_EQ(aaaa_text({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}), "2001:db8:0:1:1:1:1:1");  // one zero group stays
  EXPECT_EQ(aaaa_text({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}), "2001:db8::1:0:0:1");    // first of equal runs
  EXPECT_EQ(aaaa_text({0x2001, 0, 0, 1, 0, 0, 0, 1}), "2001:0:0:1::1");            // longest run wins
  EXPECT_EQ(aaaa_text({0, 0, 0, 0, 0, 0, 0, 0}), "::");
  EXPECT_EQ(aaaa_text({0, 0, 0, 0, 0, 0, 0, 1}), "::1");
  EXPECT_EQ(aaaa_text({0xfe80, 0, 0, 0, 0, 0, 0, 0}), "fe80::");
  EXPECT_EQ(aaaa_text({0x2001, 0xDB8, 0xABCD, 0x12, 0, 0, 0, 0}), "2001:db8:abcd:12::");
  EXPECT_EQ(aaaa_text({0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201}), "::ffff:192.0.2.1");
}

TEST(DnsWireParse, CnameChainFollowedInsideTheReply) {
  packet p;
  p.header(1, k_reply, 1, 3).question("www.example.com", 16);
  p.rr("www.example.com", 5, 600, packet::wire_name("a.example.net"));
  p.rr("A.example.net", 5, 100, packet::wire_name("b.example.org"));
  p.rr("b.example.org", 16, 300, packet::txt_rdata({"hello"}));
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  auto a = to_answer(*r, make_question("www.example.com", rr_type::txt));
  EXPECT_EQ(a.st, status::noerror);
  EXPECT_EQ(a.cname_chain, (std::vector<std::string>{"a.example.net", "b.example.org"}));
  ASSERT_EQ(a.txt.size(), 1u);
  EXPECT_EQ(a.txt[0], std::vector<std::string>{"hello"});
  EXPECT_EQ(a.ttl, 100u);  // the smallest TTL of the records used, CNAMEs included
  // Asking for the CNAME itself does not follow it.
  packet c;
  c.header(1, k_reply, 1, 1).question("www.example.com", 5);
  c.rr("www.example.com", 5, 600, packet::wire_name("a.example.net"));
  auto rc = parse_response(view(c));
  ASSERT_TRUE(rc.ok());
  auto ac = to_answer(*rc, make_question("www.example.com", rr_type::cname));
  EXPECT_EQ(ac.records, std::vector<std::string>{"a.example.net."});
  EXPECT_TRUE(ac.cname_chain.empty());
}

TEST(DnsWireParse, CnameChainEndingWithoutDataIsNodata) {
  packet p;
  p.header(1, k_reply, 1, 1).question("www.example.com", 1);
  p.rr("www.example.com", 5, 600, packet::wire_name("elsewhere.example"));
  p.rr("unrelated.example", 1, 600, std::string("\x01\x02\x03\x04", 4));
  p.b[7] = 2;  // ANCOUNT 2
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  auto a = to_answer(*r, make_question("www.example.com", rr_type::a));
  EXPECT_TRUE(a.nodata());
  EXPECT_EQ(a.cname_chain, std::vector<std::string>{"elsewhere.example"});
}

TEST(DnsWireParse, CnameLoopIsServfail) {
  packet p;
  p.header(1, k_reply, 1, 2).question("a.test", 1);
  p.rr("a.test", 5, 60, packet::wire_name("b.test"));
  p.rr("b.test", 5, 60, packet::wire_name("A.TEST"));
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  auto a = to_answer(*r, make_question("a.test", rr_type::a));
  EXPECT_EQ(a.st, status::servfail);
  EXPECT_TRUE(a.records.empty());
}

packet chain_reply(int links) {
  packet p;
  p.header(1, k_reply, 1, unsigned(links) + 1).question("c0.test", 1);
  for (int i = 0; i < links; ++i)
    p.rr("c" + std::to_string(i) + ".test", 5, 60, packet::wire_name("c" + std::to_string(i + 1) + ".test"));
  p.rr("c" + std::to_string(links) + ".test", 1, 60, std::string("\xc0\x00\x02\x01", 4));
  return p;
}

TEST(DnsWireParse, CnameChainIsBounded) {
  auto ok = parse_response(view(chain_reply(8)));
  ASSERT_TRUE(ok.ok());
  auto a = to_answer(*ok, make_question("c0.test", rr_type::a));
  EXPECT_EQ(a.st, status::noerror);
  EXPECT_EQ(a.cname_chain.size(), 8u);
  EXPECT_EQ(a.records, std::vector<std::string>{"192.0.2.1"});
  auto too_long = parse_response(view(chain_reply(9)));
  ASSERT_TRUE(too_long.ok());
  EXPECT_EQ(to_answer(*too_long, make_question("c0.test", rr_type::a)).st, status::servfail);
}

TEST(DnsWireParse, NxdomainAfterCnameStaysNxdomain) {
  packet p;
  p.header(1, 0x8183, 1, 1).question("www.example.com", 1);
  p.rr("www.example.com", 5, 600, packet::wire_name("gone.example.net"));
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  auto a = to_answer(*r, make_question("www.example.com", rr_type::a));
  EXPECT_EQ(a.st, status::nxdomain);
  EXPECT_EQ(a.cname_chain, std::vector<std::string>{"gone.example.net"});
  EXPECT_EQ(a.ttl, 0u);
}

TEST(DnsWireParse, RcodeMapping) {
  auto with_rcode = [](unsigned rcode) {
    packet p;
    p.header(1, 0x8180 | rcode, 1, 0).question("x.test", 16);
    auto r = parse_response(view(p));
    return r.ok() ? to_answer(*r, make_question("x.test", rr_type::txt)) : answer{};
  };
  EXPECT_TRUE(with_rcode(0).nodata());
  EXPECT_EQ(with_rcode(3).st, status::nxdomain);
  EXPECT_EQ(with_rcode(2).st, status::servfail);
  EXPECT_EQ(with_rcode(1).st, status::servfail);
  EXPECT_EQ(with_rcode(5).st, status::servfail);
}

TEST(DnsWireParse, ExtendedRcodeFromOpt) {
  packet p;
  p.header(1, 0x8180, 1, 0, 0, 1).question("x.test", 16);
  p.u8(0).u16(41).u16(1232).u32(0x01000000).u16(0);  // ext-rcode 1 → BADVERS (16)
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_EQ(r->rcode, 16);
  EXPECT_EQ(to_answer(*r, make_question("x.test", rr_type::txt)).st, status::servfail);
}

TEST(DnsWireParse, AuthorityAndAdditionalAreSkipped) {
  packet p;
  p.header(1, 0x8183, 1, 0, 1, 1).question("nope.example.com", 1);
  p.ptr(12 + 5).rr_fixed(6, 900, 0);  // empty SOA rdata in authority: not decoded, not an error
  p.u8(0).u16(41).u16(1232).u32(0).u16(0);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_TRUE(r->answers.empty());
  EXPECT_EQ(r->rcode, 3);
  // …but a record in them that overruns the message is still an error.
  packet bad = p;
  bad.b.resize(bad.b.size() - 3);
  EXPECT_FALSE(parse_response(view(bad)).ok());
}

TEST(DnsWireParse, WrongQuestionIsServfail) {
  packet p;
  p.header(1, k_reply, 1, 1).question("other.example", 1);
  p.ptr(12).rr_fixed(1, 60, 4).u32(0xc0000201);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_answer(*r, make_question("example.com", rr_type::a)).st, status::servfail);
  EXPECT_EQ(to_answer(*r, make_question("other.example", rr_type::aaaa)).st, status::servfail);
  EXPECT_EQ(to_answer(*r, make_question("OTHER.example.", rr_type::a)).st, status::noerror);
  // No question section at all, or not a reply (QR clear): servfail as well.
  packet noq;
  noq.header(1, k_reply, 0, 0);
  auto rn = parse_response(view(noq));
  ASSERT_TRUE(rn.ok());
  EXPECT_FALSE(rn->q);
  EXPECT_EQ(to_answer(*rn, make_question("example.com", rr_type::a)).st, status::servfail);
  packet notreply;
  notreply.header(1, 0x0100, 1, 0).question("example.com", 1);
  auto rq = parse_response(view(notreply));
  ASSERT_TRUE(rq.ok());
  EXPECT_EQ(to_answer(*rq, make_question("example.com", rr_type::a)).st, status::servfail);
}

TEST(DnsWireParse, TtlWithHighBitIsZero) {
  packet p;
  p.header(1, k_reply, 1, 1).question("x.test", 1).ptr(12).rr_fixed(1, 0x80000001u, 4).u32(0x01020304);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->answers[0].ttl, 0u);
  EXPECT_EQ(r->answers[0].data, "1.2.3.4");
}

TEST(DnsWireParse, LabelsWithDotsAndBinaryAreEscaped) {
  packet p;
  p.header(1, k_reply, 1, 1).question("x.test", 1);
  p.u8(3).bytes("a.B").u8(2).bytes(std::string("\x01 ", 2)).ptr(12).rr_fixed(1, 1, 4).u32(1);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_EQ(r->answers[0].name, "a\\.b.\\001\\032.x.test");
  // The escaped form encodes back to the same labels.
  auto q = build_query(question{r->answers[0].name, rr_type::a}, 1);
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q[12], 3);
  EXPECT_EQ(q[14], '.');
  EXPECT_EQ(q[16], 2);
  EXPECT_EQ(q[17], 1);
  EXPECT_EQ(q[18], ' ');
}

// --- malformed input ----------------------------------------------------------------------

std::string error_code(const packet& p) {
  auto r = parse_response(view(p));
  return r.ok() ? "ok" : r.err().code;
}

TEST(DnsWireMalformed, PointerToItselfIsRejected) {
  packet p;
  p.header(1, k_reply, 1, 0).ptr(12).u16(1).u16(1);
  EXPECT_EQ(error_code(p), "dns.wire.bad_pointer");
}

TEST(DnsWireMalformed, PointerBackIntoTheSameNameIsRejected) {
  // "abc" then a pointer to the start of the same name: backwards in the message, but a loop.
  packet p;
  p.header(1, k_reply, 1, 0).u8(3).bytes("abc").ptr(12).u16(1).u16(1);
  EXPECT_EQ(error_code(p), "dns.wire.bad_pointer");
}

TEST(DnsWireMalformed, TwoPointerLoopIsRejected) {
  // The answer owner is a pointer to the next two bytes, which point back to the owner: the
  // first jump goes forward and is refused (every pointer must go strictly backwards).
  packet p;
  p.header(1, k_reply, 1, 1).question("a.b", 1);  // 12..20
  const std::size_t at = p.pos();                 // 21
  p.ptr(unsigned(at + 2)).ptr(unsigned(at));      // forward pointer, then a back pointer
  p.rr_fixed(1, 1, 4).u32(1);
  EXPECT_EQ(error_code(p), "dns.wire.bad_pointer");
}

TEST(DnsWireMalformed, ForwardAndOutOfRangePointers) {
  packet fwd;
  fwd.header(1, k_reply, 1, 0).ptr(16).u16(1).u16(1).u8(1).bytes("a").u8(0);
  EXPECT_EQ(error_code(fwd), "dns.wire.bad_pointer");
  packet out;
  out.header(1, k_reply, 1, 0).ptr(0x3FFF).u16(1).u16(1);
  EXPECT_EQ(error_code(out), "dns.wire.bad_pointer");
  packet half;
  half.header(1, k_reply, 1, 0).u8(0xC0);
  EXPECT_EQ(error_code(half), "dns.wire.truncated");
}

packet pointer_chain(int jumps) {
  // Record 1 (an unknown type, data not decoded) carries a root label followed by pointers, each
  // to the one before: a strictly backwards chain. Record 2's owner points to its last link.
  packet p;
  p.header(1, k_reply, 0, 2);
  p.u8(0).rr_fixed(65280, 1, unsigned(1 + 2 * (jumps - 1)));
  std::size_t prev = p.pos();
  p.u8(0);
  for (int i = 1; i < jumps; ++i) {
    const std::size_t here = p.pos();
    p.ptr(unsigned(prev));
    prev = here;
  }
  p.ptr(unsigned(prev)).rr_fixed(1, 1, 4).u32(1);
  return p;
}

TEST(DnsWireMalformed, LongPointerChainsAreBounded) {
  EXPECT_EQ(error_code(pointer_chain(64)), "ok");
  EXPECT_EQ(error_code(pointer_chain(65)), "dns.wire.pointer_loop");
  EXPECT_EQ(error_code(pointer_chain(2000)), "dns.wire.pointer_loop");
}

TEST(DnsWireMalformed, ExtendedLabelTypesAndLongNames) {
  packet ext;
  ext.header(1, k_reply, 1, 0).u8(0x41).u8(0).u16(1).u16(1);
  EXPECT_EQ(error_code(ext), "dns.wire.bad_label");
  packet longname;
  longname.header(1, k_reply, 1, 0);
  for (int i = 0; i < 4; ++i) longname.u8(63).bytes(std::string(63, 'x'));
  longname.u8(0).u16(1).u16(1);
  EXPECT_EQ(error_code(longname), "dns.wire.name_too_long");
}

TEST(DnsWireMalformed, BadRdata) {
  packet a5;
  a5.header(1, k_reply, 1, 1).question("x.test", 1).ptr(12).rr_fixed(1, 1, 5).u32(1).u8(1);
  EXPECT_EQ(error_code(a5), "dns.wire.bad_rdata");
  packet aaaa;
  aaaa.header(1, k_reply, 1, 1).question("x.test", 28).ptr(12).rr_fixed(28, 1, 4).u32(1);
  EXPECT_EQ(error_code(aaaa), "dns.wire.bad_rdata");
  packet txt;  // a character-string longer than what is left of the rdata
  txt.header(1, k_reply, 1, 1).question("x.test", 16).ptr(12).rr_fixed(16, 1, 3).u8(5).bytes("ab");
  txt.rr("y.test", 1, 1, "abcd");
  txt.b[7] = 2;
  EXPECT_EQ(error_code(txt), "dns.wire.bad_rdata");
  packet mx;  // the MX name runs past its rdata into the next bytes
  mx.header(1, k_reply, 1, 1).question("x.test", 15).ptr(12).rr_fixed(15, 1, 4).u16(10).u8(2).bytes("mx").u8(0);
  EXPECT_EQ(error_code(mx), "dns.wire.bad_rdata");
  packet cname;  // a name followed by extra bytes inside its rdata
  cname.header(1, k_reply, 1, 1).question("x.test", 5).ptr(12).rr_fixed(5, 1, 4).u8(1).bytes("a").u8(0).u8(9);
  EXPECT_EQ(error_code(cname), "dns.wire.bad_rdata");
}

packet good_reply() {
  packet p;
  p.header(9, k_reply, 1, 2).question("example.com", 16);
  p.ptr(12).rr_fixed(16, 300, 12).bytes(packet::txt_rdata({"v=spf1", "-all"}));
  p.ptr(12).rr_fixed(16, 300, 4).bytes(packet::txt_rdata({"abc"}));
  return p;
}

TEST(DnsWireMalformed, EveryTruncationIsAnErrorNeverACrash) {
  const packet full = good_reply();
  ASSERT_TRUE(parse_response(view(full)).ok());
  for (std::size_t n = 0; n < full.b.size(); ++n) {
    std::vector<std::uint8_t> cut(full.b.begin(), full.b.begin() + std::ptrdiff_t(n));
    auto r = parse_response(cut);
    EXPECT_FALSE(r.ok()) << "prefix of " << n << " bytes parsed";
  }
}

TEST(DnsWireMalformed, TruncatedWithTcIsPartialNotAnError) {
  packet p = good_reply();
  p.b[2] |= 0x02;  // TC
  p.b.resize(p.b.size() - 2);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  EXPECT_TRUE(r->tc);
  EXPECT_TRUE(r->partial);
  EXPECT_EQ(r->answers.size(), 1u);  // what parsed is kept
  EXPECT_EQ(to_answer(*r, make_question("example.com", rr_type::txt)).st, status::servfail);
  // TC with everything present: not partial, usable.
  packet whole = good_reply();
  whole.b[2] |= 0x02;
  auto w = parse_response(view(whole));
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w->tc);
  EXPECT_FALSE(w->partial);
  EXPECT_EQ(to_answer(*w, make_question("example.com", rr_type::txt)).txt.size(), 2u);
}

TEST(DnsWireParse, SixtyFourKilobyteTxtSet) {
  // A TCP-sized reply: 50 TXT records of five 255-octet strings each (~64 KB).
  packet p;
  p.header(7, k_reply, 1, 50).question("big.example", 16);
  std::vector<std::vector<std::string>> want;
  for (int i = 0; i < 50; ++i) {
    std::vector<std::string> strings;
    for (int j = 0; j < 5; ++j) strings.push_back(std::string(255, char('a' + (i + j) % 26)));
    strings[0][0] = char('0' + i % 10);
    const std::string rdata = packet::txt_rdata(strings);
    p.ptr(12).rr_fixed(16, unsigned(1000 + i), unsigned(rdata.size())).bytes(rdata);
    want.push_back(std::move(strings));
  }
  ASSERT_GT(p.b.size(), 64000u);
  ASSERT_LE(p.b.size(), 65535u);
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok()) << r.err().code;
  auto a = to_answer(*r, make_question("big.example", rr_type::txt));
  EXPECT_EQ(a.txt, want);
  EXPECT_EQ(a.ttl, 1000u);
}

TEST(DnsWireParse, RecordsOfOtherClassesAreIgnored) {
  packet p;
  p.header(1, k_reply, 1, 1).question("x.test", 16);
  p.ptr(12).u16(16).u16(3).u32(1).u16(4).bytes(packet::txt_rdata({"chs"}));  // class CH
  auto r = parse_response(view(p));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(to_answer(*r, make_question("x.test", rr_type::txt)).nodata());
}

}  // namespace
}  // namespace authlens::dns
