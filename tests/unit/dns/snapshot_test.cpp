// authlens/dns-snapshot/v1: round trips, the DESIGN.md example, and every way a file can be wrong.
#include <gtest/gtest.h>

#include "authlens/dns.hpp"

namespace authlens::dns {
namespace {

answer make(std::string_view name, rr_type t, status st, std::uint32_t ttl = 0) {
  answer a;
  a.q = make_question(name, t);
  a.st = st;
  a.ttl = ttl;
  return a;
}

cache sample() {
  cache c;
  auto spf = make("example.com", rr_type::txt, status::noerror, 300);
  spf.txt = {{"v=spf1 ip4:192.0.2.0/24 ", "-all"}, {"other", ""}};
  c.add(spf);
  c.add(make("_dmarc.example.org", rr_type::txt, status::nxdomain));
  c.add(make("slow.example.net", rr_type::a, status::timeout));
  c.add(make("broken.example.net", rr_type::mx, status::servfail));
  c.add(make("nodata.example.com", rr_type::aaaa, status::noerror, 0));
  auto mx = make("example.com", rr_type::mx, status::noerror, 3600);
  mx.records = {"10 mx1.example.com.", "20 mx2.example.com."};
  mx.authenticated = true;
  c.add(mx);
  auto alias = make("www.example.com", rr_type::aaaa, status::noerror, 60);
  alias.records = {"2001:db8::1"};
  alias.cname_chain = {"cdn.example.net", "edge.example.net"};
  c.add(alias);
  auto ptr = make("1.2.0.192.in-addr.arpa", rr_type::ptr, status::noerror, 86400);
  ptr.records = {"host.example.com."};
  c.add(ptr);
  return c;
}

void expect_same(const answer& x, const answer& y) {
  EXPECT_EQ(x.q, y.q);
  EXPECT_EQ(x.st, y.st);
  EXPECT_EQ(x.ttl, y.ttl);
  EXPECT_EQ(x.txt, y.txt);
  EXPECT_EQ(x.records, y.records);
  EXPECT_EQ(x.cname_chain, y.cname_chain);
  EXPECT_EQ(x.authenticated, y.authenticated);
}

TEST(DnsSnapshot, RoundTripIsIdentical) {
  const cache c = sample();
  const std::string json = to_snapshot_json(c);
  auto back = from_snapshot_json(json);
  ASSERT_TRUE(back.ok()) << back.err().code << ": " << back.err().message;
  EXPECT_EQ(back->size(), c.size());
  for (const answer* a : c.all()) {
    const answer* b = back->find(a->q);
    ASSERT_NE(b, nullptr) << a->q.name;
    expect_same(*a, *b);
  }
  EXPECT_EQ(to_snapshot_json(*back), json);
}

TEST(DnsSnapshot, OutputShape) {
  const std::string json = to_snapshot_json(sample());
  // Schema first, pretty-printed, sorted by name then type number, optional fields only when used.
  EXPECT_EQ(json.rfind("{\n  \"schema\": \"authlens/dns-snapshot/v1\",\n  \"answers\": [", 0), 0u) << json;
  EXPECT_LT(json.find("\"1.2.0.192.in-addr.arpa\""), json.find("\"_dmarc.example.org\""));
  const auto ex = json.find("\"name\": \"example.com\"");
  EXPECT_LT(json.find("\"type\": \"MX\"", ex), json.find("\"type\": \"TXT\"", ex));
  EXPECT_NE(json.find("\"cname\": [\n        \"cdn.example.net\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"ad\": true"), std::string::npos);
  EXPECT_EQ(json.find("\"ad\": false"), std::string::npos);
  // Non-NOERROR answers carry neither ttl nor records.
  const auto nx = json.find("\"_dmarc.example.org\"");
  const auto nx_end = json.find('}', nx);
  EXPECT_EQ(json.substr(nx, nx_end - nx).find("ttl"), std::string::npos);
  EXPECT_EQ(json.back(), '\n');
}

TEST(DnsSnapshot, OrderDoesNotDependOnArrival) {
  cache a, b;
  auto x = make("b.test", rr_type::a, status::nxdomain);
  auto y = make("a.test", rr_type::txt, status::timeout);
  auto z = make("a.test", rr_type::a, status::servfail);
  a.add(x);
  a.add(y);
  a.add(z);
  b.add(z);
  b.add(x);
  b.add(y);
  EXPECT_EQ(to_snapshot_json(a), to_snapshot_json(b));
}

TEST(DnsSnapshot, ReadsTheDesignExample) {
  const char* text = R"({ "schema": "authlens/dns-snapshot/v1",
  "answers": [
    { "name": "example.com", "type": "TXT", "status": "NOERROR", "ttl": 300,
      "records": [["v=spf1 ip4:192.0.2.0/24 ", "-all"]] },
    { "name": "_dmarc.example.org", "type": "TXT", "status": "NXDOMAIN" },
    { "name": "slow.example.net", "type": "A", "status": "TIMEOUT" } ] })";
  auto c = from_snapshot_json(text);
  ASSERT_TRUE(c.ok()) << c.err().message;
  ASSERT_EQ(c->size(), 3u);
  const answer* spf = c->find(make_question("example.com", rr_type::txt));
  ASSERT_NE(spf, nullptr);
  EXPECT_EQ(spf->ttl, 300u);
  EXPECT_EQ(spf->txt, (std::vector<std::vector<std::string>>{{"v=spf1 ip4:192.0.2.0/24 ", "-all"}}));
  EXPECT_EQ(c->find(make_question("_dmarc.example.org", rr_type::txt))->st, status::nxdomain);
  EXPECT_EQ(c->find(make_question("slow.example.net", rr_type::a))->st, status::timeout);
}

TEST(DnsSnapshot, HandWrittenValuesAreNormalised) {
  auto c = from_snapshot_json(R"({"schema":"authlens/dns-snapshot/v1","answers":[
    {"name":"WWW.Example.COM.","type":"aaaa","status":"noerror","records":["2001:DB8:0:0::1"]},
    {"name":"example.com","type":"MX","status":"NOERROR","records":["10 MX.example.com"]},
    {"name":"x.example.com","type":"CNAME","status":"NOERROR","records":["Target.example.com"]},
    {"name":"t.example.com","type":"TXT","status":"NOERROR","records":["one string"]},
    {"name":"d.example.com","type":"A","status":"NOERROR","records":["192.0.2.1"]},
    {"name":"d.example.com","type":"A","status":"NOERROR","records":["192.0.2.2"]}]})");
  ASSERT_TRUE(c.ok()) << c.err().message;
  EXPECT_EQ(c->find(make_question("www.example.com", rr_type::aaaa))->records, std::vector<std::string>{"2001:db8::1"});
  EXPECT_EQ(c->find(make_question("example.com", rr_type::mx))->records,
            std::vector<std::string>{"10 mx.example.com."});
  EXPECT_EQ(c->find(make_question("x.example.com", rr_type::cname))->records,
            std::vector<std::string>{"target.example.com."});
  EXPECT_EQ(c->find(make_question("t.example.com", rr_type::txt))->txt,
            (std::vector<std::vector<std::string>>{{"one string"}}));
  // A question listed twice: the later answer wins.
  EXPECT_EQ(c->find(make_question("d.example.com", rr_type::a))->records, std::vector<std::string>{"192.0.2.2"});
  EXPECT_EQ(c->size(), 5u);
}

struct bad_case {
  const char* json;
  const char* code;
};

TEST(DnsSnapshot, BadInputIsAnErrorValue) {
  const bad_case cases[] = {
      {"", "dns.snapshot.bad_json"},
      {"{", "dns.snapshot.bad_json"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[]} trailing", "dns.snapshot.bad_json"},
      {"[]", "dns.snapshot.schema"},
      {"{\"answers\":[]}", "dns.snapshot.schema"},
      {"{\"schema\":\"authlens/dns-snapshot/v2\",\"answers\":[]}", "dns.snapshot.schema"},
      {"{\"schema\":1,\"answers\":[]}", "dns.snapshot.schema"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\"}", "dns.snapshot.schema"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":{}}", "dns.snapshot.schema"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[1]}", "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"type\":\"A\",\"status\":\"NOERROR\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":5,\"type\":\"A\",\"status\":\"NOERROR\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"CAA\",\"status\":\"NOERROR\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NODATA\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"ttl\":-1}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"ttl\":\"300\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"ttl\":4294967296}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"ttl\":1.5}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"records\":\"192.0.2.1\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"records\":[[\"192.0.2.1\"]]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"records\":[\"999.0.0.1\"]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"TXT\",\"status\":\"NOERROR\","
       "\"records\":[[\"ok\", 5]]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"TXT\",\"status\":\"NOERROR\","
       "\"records\":[{}]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"TXT\",\"status\":\"NXDOMAIN\","
       "\"records\":[[\"x\"]]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"cname\":\"b\"}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"cname\":[1]}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"A\",\"status\":\"NOERROR\","
       "\"ad\":1}]}",
       "dns.snapshot.bad_answer"},
      {"{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"a\",\"type\":\"MX\",\"status\":\"NOERROR\","
       "\"records\":[\"mx.example.com.\"]}]}",
       "dns.snapshot.bad_answer"},
  };
  for (const auto& bc : cases) {
    auto r = from_snapshot_json(bc.json);
    ASSERT_FALSE(r.ok()) << bc.json;
    EXPECT_EQ(r.err().code, bc.code) << bc.json;
    EXPECT_FALSE(r.err().message.empty());
  }
}

TEST(DnsSnapshot, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = "{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto r = from_snapshot_json(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "dns.snapshot.bad_json");
  // Brackets inside strings do not count.
  std::string in_string = "{\"schema\":\"authlens/dns-snapshot/v1\",\"answers\":[{\"name\":\"" +
                          std::string(100, '[') + "\",\"type\":\"A\",\"status\":\"NXDOMAIN\"}]}";
  EXPECT_TRUE(from_snapshot_json(in_string).ok());
}

TEST(DnsSnapshot, InvalidUtf8DoesNotThrow) {
  cache c;
  auto a = make("bin.test", rr_type::txt, status::noerror, 1);
  a.txt = {{std::string("\xff\xfe ok", 5)}};
  c.add(a);
  const std::string json = to_snapshot_json(c);  // must not throw
  auto back = from_snapshot_json(json);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->find(a.q)->txt.size(), 1u);
  EXPECT_NE(back->find(a.q)->txt[0][0].find(" ok"), std::string::npos);
}

TEST(DnsSnapshot, ResolveFromSnapshot) {
  const cache c = sample();
  auto hit = resolve_from_snapshot(c, make_question("Example.COM.", rr_type::mx));
  EXPECT_EQ(hit.st, status::noerror);
  EXPECT_EQ(hit.records.size(), 2u);
  EXPECT_TRUE(hit.authenticated);
  auto timeout = resolve_from_snapshot(c, make_question("slow.example.net", rr_type::a));
  EXPECT_EQ(timeout.st, status::timeout);  // replayed as recorded, not re-decided
  auto miss = resolve_from_snapshot(c, make_question("unrecorded.example", rr_type::txt));
  EXPECT_EQ(miss.st, status::nxdomain);
  EXPECT_EQ(miss.q, make_question("unrecorded.example", rr_type::txt));
  EXPECT_TRUE(miss.records.empty() && miss.txt.empty());
  auto other_type = resolve_from_snapshot(c, make_question("example.com", rr_type::a));
  EXPECT_TRUE(other_type.nodata());  // the name was recorded with other types: it exists (DESIGN.md)
}

}  // namespace
}  // namespace authlens::dns
